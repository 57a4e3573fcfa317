/**
 * Hand-written rules for instruction-like text aimed at an AI agent. Each rule is a family of phrasings (not one known
 * attack string) run over `normaliseForMatching(text)`, so case, homoglyphs, leetspeak, spacing and repeated
 * punctuation are already folded (e.g. "###" arrives as "#", "<<SYS>>" as "<sys>"). Ids are stable: the popup,
 * samples and tests refer to them.
 */
import { normaliseForMatching } from './normalise';
import { compileGates, RULE_GATES, type Gate } from './rule-gates';
import type { RuleHit } from './types';

/** Longest text the rules read; the scanner bounds segments well below this. */
export const MAX_RULE_TEXT_CHARS = 100_000;
/** Longest excerpt kept in a hit. */
export const MAX_MATCH_CHARS = 160;

export interface Rule {
  id: string;
  label: string;
  weight: number;
  patterns: RegExp[];
}

// Shared vocabulary, kept as source fragments so families stay readable.
const PRIOR = '(?:previous|prior|above|earlier|preceding|former|original|initial|existing|old|system|developer|safety|all)';
const INSTRUCTIONS =
  '(?:\\w{0,3}structions?|prompts?|directions?|directives?|rules|guidelines|commands?|orders|context|programming|constraints|guardrails|policies|restrictions)';
const AI =
  '(?:ai|a\\.i\\.|llm|llms|language models?|ai models?|assistants?|ai assistants?|chatbots?|bots?|agents?|ai agents?|gpt|chatgpt|claude|gemini|copilot|crawlers?|scrapers?)';
const SECRETS =
  "(?:passwords?|passcodes?|credentials?|cookies?|session (?:tokens?|ids?)|(?:access |auth |api |bearer )?tokens?|api keys?|secret keys?|private keys?|secrets|(?:browsing |search |conversation |chat )?history|conversation|chat log|credit card(?: numbers?)?|card numbers?|ssn|social security numbers?|one-time (?:codes?|passwords?)|2fa codes?|otp)";
const VERB_ACT =
  '(?:click|buy|purchase|order|transfer|wire|pay|download|run|execute|install|visit|navigate to|open|go to|approve|authori[sz]e|confirm|grant|delete|subscribe|sign up|log ?in|submit|book|send)';

// Nouns that can only mean an AI reader (bare "agent", "assistant", "bot" also name people and spam bots).
const AI_READER =
  '(?:ai|a\\.i\\.|llms?|(?:large )?language models?|ai (?:models?|systems?|assistants?|agents?|tools?)|(?:browsing|autonomous|web|llm|shopping|coding) (?:agents?|assistants?)|chatbots?|chat ?gpt|gpt(?:-?\\d\\w*)?|claude|gemini|copilot)';
// What an instruction to an agent starts with: verbs that steer what it says, does, or keeps quiet about.
const DIRECTIVE =
  "(?:ignore|disregard|forget|override|bypass|skip|tell|say|state|claim|respond|reply|answer|write|output|print|recommend|rate|rank|score|describe|summari[sz]e|mention|include|add|insert|append|send|forward|e-?mail|share|click|visit|open|navigate|go to|buy|purchase|order|book|transfer|pay|download|install|run|execute|delete|remove|approve|confirm|grant|give|provide|reveal|repeat|translate|report|praise|promote|treat|consider|classify|use|do not|don't|dont|never|always|only|stop|make sure|ensure|remember|pretend|act as|behave|list|ask|collect|extract|follow|obey|comply|proceed|inform|redirect|cite|rewrite|change|update|favou?r|prefer|avoid)";
// Verbs of an injection proper: worth flagging even when the addressee is a bare "assistant" or "agent".
const HOSTILE_DIRECTIVE =
  "(?:ignore|disregard|forget|override|bypass|do not (?:tell|inform|mention|reveal|warn)|don't (?:tell|inform|mention|reveal|warn)|never (?:tell|mention|reveal)|reveal|exfiltrate|send (?:the user|their|all|me)|forward (?:the user|their|all))";
// "If you are an AI researcher", "as an AI engineer": a person with a job, not an AI reader.
const NOT_A_PROFESSION =
  '(?![ -](?:researchers?|engineers?|developers?|scientists?|enthusiasts?|compan(?:y|ies)|startups?|experts?|students?|teachers?|professionals?|practitioners?|teams?|labs?|products?|users?|managers?|directors?|editors?|coach(?:es)?|professors?|nurses?|secretar(?:y|ies)|to |at |for |with |in |of |who (?:works?|sells?|represents?)))';
const READING = '(?:reading|processing|summari[sz]ing|parsing|browsing|visiting|analy[sz]ing|scanning|that reads?|who reads?|that (?:is )?(?:processing|summari[sz]ing))';
// An AI reader named at the start of a sentence: "Note to the AI", "AI assistants and browsing agents reading this".
const AI_VOCATIVE =
  `(?:^|[.!?:)>\\n] ?)(?:(?:hey|hi|hello|dear|attention|psst|(?:(?:an? )?(?:important|urgent|quick|special|friendly) )?(?:note|message|notice|reminder|memo|directive|instructions?)|important|urgent)\\s?)?(?:(?:to|for) )?(?:all |any |the |every )?${AI_READER}(?:,? (?:and|or|&) (?:all |other |any )?(?:[\\w-]+ )?(?:${AI_READER}|agents?|assistants?|bots?))?(?: ${READING} (?:this|these|the)(?: [\\w-]+){0,3}?)?`;
const MODAL_TO_AGENT = '(?:please |kindly |(?:you )?(?:must|should|shall|need to|have to|are to|will|are (?:required|instructed|asked|expected) to) )?';

export const RULES: readonly Rule[] = [
  {
    id: 'override-instructions',
    label: 'Tells the reader to ignore or replace its earlier instructions',
    weight: 0.75,
    patterns: [
      new RegExp(
        `\\b(?:ignore|disregard|forget|override|bypass|neglect|abandon|discard|overlook|set aside|throw out)\\b[^.\\n]{0,40}?\\b${PRIOR}\\b[^.\\n]{0,25}?\\b${INSTRUCTIONS}\\b`,
      ),
      /\b(?:ignore|disregard|forget)\b (?:all |everything |everthing |anything )?(?:that |what )?(?:you(?:'ve| have)? (?:were |been )?(?:told|given|instructed|programmed)|you know)\b/,
      // "Ignore the above." / "Forget all that, …" — but not "you can ignore the above warning".
      /\b(?:ignore|disregard|forget)\b (?:about )?(?:all (?:of )?|everything )?(?:the above|the previous|what came before|all that|everything above|that)(?=\s?(?:[.,;:!\n]|and\b|$))/,
      new RegExp(`\\b${PRIOR} ${INSTRUCTIONS} (?:are|is) (?:now )?(?:void|cancell?ed|revoked|obsolete|no longer (?:valid|apply|applicable))`),
    ],
  },
  {
    id: 'override-multilingual',
    label: 'Tells the reader to ignore its earlier instructions (non-English)',
    weight: 0.75,
    patterns: [
      // es / pt / it (accents already dropped by normalisation)
      /\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|descarta|esqueca|esquece|dimentica|dimenticare)\b[^.\n]{0,40}?\b(?:instrucciones|indicaciones|instrucoes|istruzioni|ordenes|regras|reglas|regole)\b/,
      /\b(?:instrucciones|instrucoes|istruzioni) (?:anteriores|previas|precedentes|precedenti|originales|originais)\b[^.\n]{0,30}?\b(?:ignor|olvid|esquec|dimentic)/,
      // fr
      /\b(?:ignore[rz]?|oublie[rz]?|ne tiens pas compte)\b[^.\n]{0,40}?\b(?:instructions|consignes|directives|regles) (?:precedentes|anterieures|ci-dessus|initiales)\b/,
      // de
      /\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte|missachten sie)\b[^.\n]{0,40}?\b(?:vorherigen?|bisherigen?|vorigen?|obigen?|fruheren?|alten?|alle)\b[^.\n]{0,15}?\b(?:anweisungen|instruktionen|befehle|regeln|vorgaben)\b/,
      /\b(?:vorherigen?|bisherigen?|obigen?|fruheren?) (?:anweisungen|instruktionen|befehle)\b[^.\n]{0,30}?\b(?:ignorieren|vergessen|missachten)\b/,
      // ru
      /(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на)[^.\n]{0,40}?(?:инструкци|указани|правил|команд)/,
      // zh (simplified and traditional)
      /(?:忽略|忽视|無視|无视|忘记|忘記|不要理会|不要理會)[^。\n]{0,12}?(?:之前|以前|先前|上面|上述|前面|所有|原来|原來)?[^。\n]{0,6}?(?:指令|指示|说明|說明|提示|规则|規則|命令)/,
      // ja
      /(?:以前|前|上記|これまで|先)の(?:指示|命令|指令|ルール|プロンプト)[^。\n]{0,10}?(?:無視|忘れ)/,
      /(?:指示|命令|ルール)を(?:すべて|全て)?無視/,
      // hi
      /(?:पिछले|पूर्व|पहले के|ऊपर के)\s?(?:सभी )?(?:निर्देशों|निर्देश)[^।\n]{0,20}?(?:अनदेखी|अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)/,
      // ko
      /(?:이전|앞의|위의|기존)\s?(?:지시|지침|명령|규칙)[^.\n]{0,10}?(?:무시|잊어)/,
    ],
  },
  {
    id: 'new-instructions',
    label: 'Announces new instructions or a new task for the reader',
    weight: 0.45,
    patterns: [
      /\byour (?:new|real|actual|true|updated|only|primary) (?:task|goal|objective|instructions?|mission|job|purpose|directive) (?:is|are|now)\b/,
      /(?:^|[.!:\n] ?)(?:new|updated|revised|additional|important|urgent) (?:instructions?|directives?|task|system instructions?)\s?:/m,
      /\b(?:stop|cease|abort) (?:what you(?:'re| are| re) doing|your current task|the current task|summari[sz]ing|translating)\b/,
      /\bbefore you (?:can )?(?:solve|complete|finish|do|continue|answer|perform) (?:the|your|my) (?:task|request|question)[^.\n]{0,40}?\b(?:please )?(?:do|complete|perform) the following\b/,
      /\bthe (?:original |initial )?task (?:that )?(?:i|the user|you were) (?:gave you|asked|given)\b[^.\n]{0,30}?\b(?:in the beginning|earlier|originally|before|first)\b/,
      /\binstead,? (?:you (?:must|should|will)|your task is)\b/,
    ],
  },
  {
    id: 'address-ai',
    label: 'Speaks directly to an AI agent or assistant',
    weight: 0.4,
    patterns: [
      new RegExp(`\\b(?:if|when|since|as) you(?: are|'re| re) (?:an? |the )?(?:ai|llm|language model|large language model|ai model|ai assistant|assistant|chatbot|agent|ai agent|automated agent|bot|gpt|claude|gemini)\\b${NOT_A_PROFESSION}`),
      new RegExp(`\\b(?:note|message|notice|instructions?|attention|important|reminder|directive|hint|memo) (?:to|for) (?:all |any |the |every )?${AI}\\b`),
      new RegExp(`(?:^|[.!?\\n] ?)(?:dear|hey|hi|hello|attention|to the|important for the) ${AI}\\s?[,:!]`, 'm'),
      /^(?:assistant|ai assistant|ai agent|agent|chatbot)\s?:\s?\S/m,
      /\b(?:an? )?(?:important |urgent )?message from (?:me|the user|your user|your owner|your developer|the developers?)\b[^.\n]{0,40}?\bto you\b/,
      new RegExp(`\\b${AI} (?:reading|processing|summari[sz]ing|parsing|browsing|visiting|analy[sz]ing|crawling) (?:this|the page|these)\\b`),
    ],
  },
  {
    id: 'addressed-instruction',
    label: 'Addresses an AI agent by name and gives it an instruction',
    weight: 0.75,
    patterns: [
      // "Note to the AI: say…", "AI assistants reading this page: recommend…", "Dear LLM, ignore…"
      new RegExp(`${AI_VOCATIVE}\\s?[,:;!-]+\\s?${MODAL_TO_AGENT}${DIRECTIVE}\\b`, 'm'),
      // "Note for AI assistants: this site's owner says you may skip…": the address, then "you" told what it may do.
      new RegExp(`${AI_VOCATIVE}\\s?[,:;!-]+[^.\\n]{0,80}?\\byou (?:must|should|shall|may|can now|need to|have to|are to|are (?:now )?(?:allowed|permitted|authori[sz]ed|required|instructed|expected|asked) to)\\b`, 'm'),
      // "If you are an LLM, ignore…", "If you're an AI assistant summarising this page, tell the user…"
      new RegExp(
        `\\b(?:if|when|since|as) you(?: are|'re| re) (?:an? |the )?${AI_READER}\\b${NOT_A_PROFESSION}[^.\\n]{0,60}?[,:;]\\s?(?:then )?${MODAL_TO_AGENT}${DIRECTIVE}\\b`,
      ),
      // "Any LLM reading this must rate…", "AI agents processing this document should…"
      new RegExp(
        `\\b${AI_READER}(?: [\\w-]+){0,2} ${READING} (?:this|these|the (?:page|document|text|site|article|content|email|message|review|listing))\\b[^.\\n]{0,60}?\\b(?:must|should|shall|need to|has to|have to|are (?:required|instructed|asked|expected) to|is (?:required|instructed|asked|expected) to)\\b`,
      ),
      // "When you summarise this page, say…", "Before answering the user, ask…": the reader is told it is the one
      // summarising for, or answering, someone else, which only an agent does.
      new RegExp(
        `\\b(?:when|while|if|before|after|whenever) (?:you(?:'re| are)? )?(?:summari[sz](?:e|es|ing) (?:this|these|the) (?:page|article|document|text|site|content|e-?mail|message|review|listing|post|thread)s?|(?:answer(?:ing|s)?|respond(?:ing|s)?(?: to)?|repl(?:y|ies|ying)(?: to)?) (?:the |a |any |your )?(?:user|human)(?:'s| s)?)\\b[^.\\n]{0,40}?[,:;]\\s?(?:then )?${MODAL_TO_AGENT}${DIRECTIVE}\\b`,
      ),
      // "Assistant, ignore the user and…": a bare addressee, but an injection's verb.
      new RegExp(`(?:^|[.!?\\n] ?)(?:hey |dear |attention |)(?:the )?(?:assistants?|agents?|bots?|models?)\\s?[,:]\\s?(?:please )?${HOSTILE_DIRECTIVE}\\b`, 'm'),
    ],
  },
  {
    id: 'chat-markup',
    label: 'Contains fake chat or role markup (system / user / assistant turns)',
    weight: 0.5,
    patterns: [
      /<\|?(?:im_start|im_end|im_sep|endoftext|start_header_id|end_header_id|eot_id|system|user|assistant)\|?>/,
      /\[\/?inst\]|<\/?sys>|<\/?(?:system|user|assistant|human|ai)(?:_message|_prompt)?>/,
      /^# ?(?:system|assistant|user|instruction|instructions|new instructions|system prompt|system message)\s?:?\s*$/m,
      /^# ?\(?(?:system|assistant|user)_(?:message|prompt|instruction)s?\)?/m,
      /^(?:system|sys|admin|developer)(?: message| prompt| note| override)?\s?:\s?(?:you (?:are|must|will|should)|ignore|disregard|forget|from now on|do not|don't|always|never|new|the user|assistant|respond|reply|answer|stop|execute|run|send|reveal)\b/m,
      /^(?:human|user)\s?:[^\n]{0,300}\n(?:assistant|ai)\s?:/m,
    ],
  },
  {
    // Markdown with a placeholder in the query only means something to a model writing output: its chat client
    // fetches the image, carrying whatever the model filled in. A person has no use for "{the user's message}".
    id: 'exfiltration-image',
    label: 'Has the reader write a markdown image whose address carries data out',
    weight: 0.75,
    patterns: [/!\[[^\]\n]{0,100}\]\(\s?https?:\/{1,2}[^\s)]{0,200}\?[^\s)]{0,200}(?:\{|\[|<|\$\(|%7b|%5b|%3c)/],
  },
  {
    id: 'exfiltration-url',
    label: 'Asks to load an image or link that would carry data out in its address',
    weight: 0.65,
    patterns: [
      /\b(?:append|add|include|insert|encode|put|embed|concatenate)\b[^.\n]{0,80}?\b(?:to|in|into|as)\b (?:the |a |this )?(?:url|link|query(?: string)?|image (?:url|link|source)|request|parameter|href|src)\b/,
      /\b(?:render|display|show|output|include|print)\b[^.\n]{0,40}?\b(?:markdown )?image\b[^.\n]{0,60}?https?:\/{1,2}[^\s]{0,200}\?[^\s]{0,80}=/,
    ],
  },
  {
    id: 'exfiltration-send',
    label: "Asks to send the user's private data somewhere",
    weight: 0.6,
    patterns: [
      new RegExp(
        `\\b(?:send|forward|e-?mail|mail|post|upload|transmit|leak|exfiltrate|copy|share|deliver|submit)\\b[^.\\n]{0,60}?\\b${SECRETS}\\b[^.\\n]{0,60}?\\b(?:to|at|into|via)\\b[^.\\n]{0,40}?(?:[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}|https?:\\/{1,2}|www\\.|\\b(?:this|my|our|the following) (?:address|email|url|server|endpoint|webhook|number))`,
      ),
      new RegExp(
        `\\b(?:include|append|attach|embed|insert|add|reveal|output|print|list|collect|gather|extract|retrieve|summari[sz]e)\\b[^.\\n]{0,30}?\\b(?:the user'?s?|users'?|the human'?s?|the customer'?s?|their|all (?:saved |stored )?)\\b[^.\\n]{0,20}?${SECRETS}`,
      ),
      /\b(?:send|forward|e-?mail|mail|post|upload)\b[^.\n]{0,50}?\b(?:the (?:entire |whole |full )?(?:conversation|chat|inbox|emails?|messages|documents?|files?|contacts)|everything (?:above|the user)|all (?:emails?|messages|files|documents|contacts))\b[^.\n]{0,50}?\bto\b[^.\n]{0,40}?[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/,
    ],
  },
  {
    id: 'agent-action',
    label: 'Directs an agent to take an action (click, buy, transfer, download and run, visit)',
    weight: 0.3,
    patterns: [
      new RegExp(
        `\\b(?:you must|you should|you need to|you have to|make sure to|make sure you|be sure to|immediately|before (?:answering|responding|replying|summari[sz]ing|continuing|proceeding|doing anything(?: else)?)|as (?:an|the) (?:ai|assistant|agent),? you)\\b[^.\\n]{0,30}?\\b${VERB_ACT}\\b`,
      ),
      /\b(?:send|post|forward|upload)\b[^.\n]{0,60}?\b(?:it|them|this|everything|all|the (?:data|information|results?|messages?|details))\b[^.\n]{0,20}?\bto\b[^.\n]{0,30}?(?:[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|www\.|https?:)/,
      /\bdownload\b[^.\n]{0,60}?\b(?:and|then) (?:run|execute|install|open)\b[^.\n]{0,30}?\b(?:it|this|the (?:file|script|binary|installer))\b/,
      /\b(?:transfer|wire|send|pay)\b[^.\n]{0,40}?(?:\$ ?\d|\d+ ?(?:usd|eur|gbp|btc|eth|dollars|euros)|\b(?:funds|money|bitcoin|crypto))[^.\n]{0,60}?\b(?:to|into)\b[^.\n]{0,20}?\b(?:account|iban|wallet|address)\b/,
    ],
  },
  {
    id: 'secrecy',
    label: 'Asks to keep something from the user',
    weight: 0.5,
    patterns: [
      /\b(?:do not|don't|dont|never|without) (?:tell|telling|inform|informing|mention|mentioning|notify|notifying|alert|alerting|reveal|revealing|disclose|disclosing|let|letting|warn|warning|show|showing)\b(?: (?:this|it|anything|that))?(?: to)? (?:the |your )?(?:user|human|person|operator|customer|owner|account holder)s?\b/,
      /\bwithout (?:the (?:user|human|owner)'?s?|their|them|anyone) (?:knowing|noticing|knowledge|consent|permission|awareness|being told)\b/,
      /\b(?:keep|hide) (?:this|it|these instructions|this message|this action) (?:a )?(?:secret|hidden|confidential|private)? ?from (?:the )?(?:user|human|owner)s?\b/,
      new RegExp(`\\b(?:secretly|silently|covertly|quietly|discreetly)\\b[^.\\n]{0,10}?\\b(?:${VERB_ACT}|forward|include|add|perform|do|visit|exfiltrate|collect)\\b`),
    ],
  },
  {
    id: 'prompt-leak',
    label: 'Asks the reader to reveal its system prompt or hidden instructions',
    weight: 0.55,
    patterns: [
      /\b(?:reveal|show|print|output|repeat|display|tell me|give me|leak|dump|recite|share|write out|spell out|what (?:is|are)|disclose)\b[^.\n]{0,30}?\b(?:your|the)\b[^.\n]{0,15}?\b(?:system prompt|initial prompt|hidden prompt|original prompt|pre-?prompt|system message|system instructions|initial instructions|hidden instructions|secret instructions|developer (?:message|instructions)|configuration prompt)\b/,
      /\brepeat (?:all |the |everything )?(?:words|text|everything|instructions)? ?(?:above|before this|written above|preceding)\b/,
      /\b(?:begin|start) (?:your (?:reply|answer|response) )?with ["']?(?:you are|sure,? here is|my instructions)/,
    ],
  },
  {
    id: 'encoded-payload',
    label: 'Hides an instruction in an encoding and asks to decode and follow it',
    weight: 0.45,
    patterns: [
      /\b(?:decode|decipher|decrypt|deobfuscate|translate from|convert from|rot-?13|base-?64|reverse)\b[^\n]{0,120}?\b(?:follow|execute|obey|carry out|perform|do what|act on|comply with|run)\b/,
      /\b(?:follow|execute|obey|carry out|perform) (?:the )?(?:decoded|hidden|encoded|following encoded|base64|rot13) (?:instructions?|text|message|commands?|payload)\b/,
      /\b(?:decode|base-?64|rot-?13|hex)\b[^\n]{0,60}?[a-z0-9+/]{60,}={0,2}/,
    ],
  },
  {
    id: 'jailbreak-persona',
    label: 'Tries to switch the reader into an unrestricted persona (jailbreak)',
    weight: 0.45,
    patterns: [
      /\byou are now\b[^.\n]{0,40}?\b(?:dan|unrestricted|unfiltered|uncensored|jailbroken|free from|no longer|without (?:any )?(?:restrictions|limits|filters|rules|guidelines)|evil|in developer mode|an? (?:ai|assistant|model|chatbot) (?:that|who|with|without))\b/,
      /\bdo anything now\b|\bdan mode\b|\bstan mode\b|\b(?:chatgpt|gpt|assistant|ai|model) (?:with|in) developer mode\b|\bdeveloper mode output\b/,
      /\b(?:no |without |free of |free from |ignore (?:all |your )?)(?:any )?(?:ethical|moral|content|safety|openai'?s?) (?:guidelines|restrictions|filters|policies|limits|constraints|rules)\b/,
      /\bpretend (?:that )?you (?:are|have) (?:no|an? (?:ai|model|assistant|chatbot) (?:without|with no))\b/,
      /\bfrom now on,? you (?:are|will|must|shall) (?:respond|answer|act|be|reply|ignore|no longer|always)\b/,
    ],
  },
];

function excerpt(s: string): string {
  return s.length > MAX_MATCH_CHARS ? s.slice(0, MAX_MATCH_CHARS - 1) + '…' : s;
}

// A link's target inside markup is where the page points a person, not an address the text tells its reader to send
// something to: "you can send it to me <a href="mailto:…">here</a>" is an author's mail link, and the destination
// patterns (an e-mail address, http…) must not find it there. Image sources stay: an image URL is how data leaves.
const LINK_TARGET_G = /(<[a-z][^<>]{0,2000}?)\shref\s?=\s?(?:"[^"]{0,2000}"|'[^']{0,2000}'|[^\s>]{1,2000})/gi;

/** `text` with the href of each tag taken out (the tag and the link text stay). */
export function withoutLinkTargets(text: string): string {
  if (!text.includes('<')) return text;
  // A tag holds one href; the loop only matters for tags that repeat it.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(LINK_TARGET_G, '$1');
  }
  return text;
}

/** Rules that match `text` (each rule at most once, first matching pattern's excerpt). */
export function evaluateRules(text: string): RuleHit[] {
  const bounded = text.length > MAX_RULE_TEXT_CHARS ? text.slice(0, MAX_RULE_TEXT_CHARS) : text;
  return evaluateNormalised(normaliseForMatching(withoutLinkTargets(bounded)));
}

/** Same as {@link evaluateRules} for text already passed through `normaliseForMatching`. */
export function evaluateNormalised(normalised: string): RuleHit[] {
  return gatedEvaluator()(normalised);
}

/**
 * An evaluator that skips each pattern whose gate (rule-gates.ts) the text fails: same hits, same order, same
 * excerpts, since a gate only ever skips a pattern that could not have matched. `gates[r][p]` belongs to
 * `rules[r].patterns[p]`.
 */
export function makeGatedEvaluator(rules: readonly Rule[], gates: readonly (readonly Gate[])[]): (normalised: string) => RuleHit[] {
  rules.forEach((r, i) => {
    if (gates[i]?.length !== r.patterns.length) throw new Error(`rule ${r.id}: ${gates[i]?.length ?? 0} gates for ${r.patterns.length} patterns`);
  });
  const compiled = compileGates(gates.flat());
  return (normalised) => {
    if (!compiled.load(normalised) && compiled.allGated) return [];
    const hits: RuleHit[] = [];
    let g = 0;
    for (const rule of rules) {
      const first = g;
      g += rule.patterns.length;
      for (let p = 0; p < rule.patterns.length; p++) {
        if (!compiled.passes(first + p)) continue;
        const m = rule.patterns[p].exec(normalised);
        if (m) {
          hits.push(hitOf(rule, m[0]));
          break;
        }
      }
    }
    return hits;
  };
}

/**
 * Compiled on first use, not on import: the content script imports the rules but rarely runs them (only for pieces past
 * the choice's cap), and a compile at import ran on every page load. A rule whose gate list is out of step with its
 * patterns runs ungated (slower, never wrong); a test keeps them in step.
 */
let evaluateGated: ((normalised: string) => RuleHit[]) | null = null;

function gatedEvaluator(): (normalised: string) => RuleHit[] {
  evaluateGated ??= makeGatedEvaluator(
    RULES,
    RULES.map((r) => (RULE_GATES[r.id]?.length === r.patterns.length ? RULE_GATES[r.id] : r.patterns.map(() => []))),
  );
  return evaluateGated;
}

/** Every pattern over the whole text, no gates: the reference the gated evaluator must equal (tests, bench). */
export function evaluateNormalisedUngated(normalised: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const rule of RULES) {
    for (const pattern of rule.patterns) {
      const m = pattern.exec(normalised);
      if (m) {
        hits.push(hitOf(rule, m[0]));
        break;
      }
    }
  }
  return hits;
}

function hitOf(rule: Rule, matched: string): RuleHit {
  return { id: rule.id, label: rule.label, weight: rule.weight, match: excerpt(matched.trim()) };
}

/** Noisy-or of the hits' weights: independent pieces of evidence, each able to raise the score but never past 1. */
export function ruleScore(hits: readonly RuleHit[]): number {
  let miss = 1;
  for (const h of hits) miss *= 1 - Math.min(1, Math.max(0, h.weight));
  return 1 - miss;
}
