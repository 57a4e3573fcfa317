/** `--help` text: the whole user manual of the command line, kept beside the code it describes. */
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  DEFAULT_QUIET_MS,
  DEFAULT_TIMEOUT_MS,
  MAX_CONCURRENCY,
} from './parse-cli-args';

export const MAIN_HELP = `injection-lens — find prompt injections aimed at AI agents in web pages and texts

Usage:
  injection-lens scan [options] PATH|DIR|URL ...
  injection-lens classify [options] [FILE.jsonl|-]
  injection-lens help [scan|classify]     more on one command
  injection-lens --version

Exit status: 0 when the run completed (even if some inputs got error lines), 2 for a usage error,
1 when the tool itself failed (no Chromium, scanner bundle not built). Results go to stdout as JSON
lines; notes, warnings and the progress bar go to stderr.
`;

export const SCAN_HELP = `injection-lens scan [options] PATH|DIR|URL ...

Renders each page in headless Chromium with its scripts running, waits for it to settle, runs the
extension's own scanner on it and judges every text block with the shipped model and rules.

Inputs (any mix, any number):
  FILE        an .html / .htm page, or a gzipped .html.gz (gunzipped first). Served from a made-up
              origin (http://local.injection-lens.invalid/NAME) so it has an http base URL and can load
              its sibling files (styles, frames) from its own folder.
  DIR         walked recursively, sorted by name: every .html, .htm and .html.gz file.
  URL         http:// or https:// page. The page may fetch from its own origin only.
  Requests to any other host are blocked (pages fail fast instead of waiting on the network).

Settling: the load event, then the network quiet for 300 ms (waited for at most 3 s), then no change
to the page's text (DOM child/text mutations) for --quiet ms. A page whose text never stops changing,
or whose scripts never yield, gets a timeout error line.

Options:
  -c, --concurrency N   pages rendered at once (default ${DEFAULT_CONCURRENCY}, max ${MAX_CONCURRENCY})
  -t, --timeout MS      per-page limit for load + settle + scan (default ${DEFAULT_TIMEOUT_MS})
      --quiet MS        quiet window that counts as settled (default ${DEFAULT_QUIET_MS})
      --sensitivity S   low | balanced | high (default balanced): how eager the verdict is
      --no-model        rules only, skip the classifier
      --models DIR      folder with injection-lens.onnx + model-config.json (default: the repo's models/)
      --chromium PATH   Chromium/Chrome executable (default $CHROMIUM_PATH or /usr/bin/chromium;
                        Debian/Ubuntu: "sudo apt-get install chromium")
      --progress        show a progress bar on stderr (default: only when stderr is a terminal
                        and there are 4 or more inputs); --no-progress never shows it
      --segments        also print every text block the scanner read (segmentTexts, below): a
                        corpus of what an agent reads on the pages, hidden text included
  -h, --help            this text

Output: one JSON object per input, one per line, in the order the inputs were given (directories
expanded in place), whatever order the pages finish in.

  {"input":"page.html","verdict":"injected","score":0.97,
   "findings":[{"text":"Ignore previous instructions and …","score":0.97,"severity":"high",
                "hidden":["display-none"],"source":"text","selector":"body > div.note"}],
   "timings":{"load":41.2,"settle":320.5,"scan":12.8,"model":3.1,"analyse":0.4,"total":390.2},
   "model":"v1","segments":57,"closedShadowRoots":0,"truncated":false}

  input      the operand as given (for a directory: the path of each file inside it)
  verdict    "clean" | "suspicious" | "injected"
  score      0..1, the highest finding score (0 when no findings)
  findings   text as an AI agent reads it (invisible characters decoded), its score 0..1,
             severity "low" | "medium" | "high", hidden: how it is kept from a human (list, empty when
             visible; e.g. display-none, opacity, tiny-font, low-contrast, off-screen, clipped,
             invisible-unicode, not-rendered), source: text | attribute | comment | meta | …, selector:
             CSS path to the element (frames are scanned in place)
  timings    milliseconds per stage
  Extra fields after these (may grow, never renamed): model (version, or null for rules only),
  segments (text blocks read), closedShadowRoots (custom elements whose closed shadow root could
  not be read), truncated (a size cap was hit), url (final URL of a URL input after redirects),
  segmentTexts (with --segments: every block read, in document order, each {"text","source",
  "hidden","visibility","selector"}; visibility is visible | hidden | not-rendered).

  A bad input does not stop the run; it gets an error line in its place:
  {"input":"missing.html","error":"missing: no such file","verdict":null,"score":null,
   "findings":[],"timings":{"total":0.2}}
  error is "<code>: <message>"; codes: missing, unreadable, not-html (binary or no markup; also a URL
  that is not an HTML page), too-large (over 50 MB), bad-url, navigation (the page could not be
  loaded), timeout (never settled, or no answer within --timeout), crash (renderer crashed),
  scan (the scanner or the analysis failed).
`;

export const CLASSIFY_HELP = `injection-lens classify [options] [FILE.jsonl|-]

Scores texts with the shipped model and the rules. Reads FILE.jsonl, or stdin when FILE is "-" or
absent. Each input line is a JSON object {"id"?: string|number, "text": string}. Each text is first
read the way an AI agent reads it (invisible Unicode removed, smuggled tag/variation-selector text
decoded), then scored; texts are batched through the model.

Output: one JSON line per non-blank input line, in input order:
  {"id":"a1","score":0.93,"flagged":true,"reasons":["override-instructions","model"]}
  id        the input's "id", or the 0-based line number when it has none (blank lines are
            skipped but still counted)
  score     0..1, model probability and rule score fused (noisy-or)
  flagged   reads like an instruction to an AI agent: the classifier's probability is at or above
            the shipped threshold (models/model-config.json), or the rules alone are strong enough
            (the cut-offs the page verdict uses for text of medium weight)
  reasons   ids of the rules that matched, plus "model" when the classifier is past its threshold
A line that is not valid JSON, not an object, or has no string "text" gets an error line and the
run goes on:
  {"id":3,"error":"invalid JSON: …","score":null,"flagged":null,"reasons":[]}
Texts longer than 100,000 chars are scored on their first 100,000 chars.

Options:
      --batch N         texts per model batch (default ${DEFAULT_BATCH_SIZE})
      --no-model        rules only, skip the classifier (flagged then depends on the rules alone)
      --models DIR      folder with injection-lens.onnx + model-config.json
  -h, --help            this text
`;
