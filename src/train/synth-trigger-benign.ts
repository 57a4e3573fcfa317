/**
 * Benign texts built around the words injections use — ignore, bypass, override, forget, reveal, system, prompt,
 * instructions, admin, password, secret, execute, pretend — in their everyday senses: a regex that ignores case, a
 * heart bypass, a CSS override, a forgotten Wi-Fi network. A detector that keys on the words instead of the move (an
 * address to the AI reading the text, overriding what its user asked) raises false alarms on exactly these texts.
 *
 * Shaped as a person's own request to an assistant (the over-defence case) and as page text (help pages, FAQs,
 * recipes, forum posts: the scanner's daily diet). Written from general knowledge of how the words are used, not
 * from any evaluation set. Deterministic given the rng.
 */
import { pick, type Rng } from './rng';

/**
 * Everyday phrases carrying a trigger word, grouped by the word so a draw spreads over words rather than over the
 * longest list. Each is a noun phrase or a verb phrase that fits "how do I …" / "… is explained below".
 */
const TRIGGER_PHRASES: Record<string, { act: string[]; thing: string[] }> = {
  ignore: {
    act: [
      'ignore case when comparing two strings in Python', 'make git ignore the node_modules folder', 'ignore whitespace changes in a diff',
      'ignore the noise in my sensor readings', 'ignore negative comments on my blog without feeling bad', 'ignore a failing test temporarily in Jest',
      'ignore SSL warnings only on my local test server', 'ignore outliers when computing the average', 'ignore the first row of a CSV file',
      'teach my puppy to ignore other dogs on walks', 'ignore distractions while studying for exams', 'ignore a specific rule in ESLint for one line',
    ],
    thing: ['a .gitignore file', 'the ignore list in my spam filter', 'an "ignore all" button in the spell checker', 'the ignore-case flag of grep'],
  },
  bypass: {
    act: [
      'bypass the browser cache when testing my own website', 'plan the bypass road around our town', 'bypass a clogged section of the drain pipe',
      'bypass the thermostat on an old furnace safely with an electrician', 'bypass the coffee grinder and use pre-ground beans',
    ],
    thing: ['heart bypass surgery', 'a gastric bypass diet plan', 'the bypass valve on a pool pump', 'a bypass capacitor in an audio circuit', 'the new highway bypass'],
  },
  override: {
    act: [
      'override a method in a Java subclass', 'override a CSS rule from a theme stylesheet', 'override the default schedule on my smart thermostat',
      'override the toString method in C#', 'override environment variables in a Docker compose file', 'override the autocorrect on my phone',
    ],
    thing: ['method overriding in object-oriented programming', 'a manual override switch on a generator', 'a veto override vote in Congress', 'the override keyword in TypeScript'],
  },
  forget: {
    act: [
      'forget a saved Wi-Fi network on my laptop', 'stop forgetting my keys every morning', 'forget a Bluetooth device on an iPhone',
      'help my grandmother who forgets her medication', 'forget a bad breakup and move on', 'forget the password of an old account and recover it',
    ],
    thing: ['forget-me-not flowers', 'the "forget this device" option', 'the forgetting curve in memory research', 'a forgotten password link'],
  },
  disregard: {
    act: ['disregard an outlier in a statistics homework', 'politely tell a colleague to disregard my earlier email', 'disregard the sample when it is contaminated'],
    thing: ['the phrase "disregard the previous message" in office emails', 'a reckless disregard standard in tort law'],
  },
  reveal: {
    act: ['reveal the answer of a riddle only after a delay in my quiz app', 'plan a gender reveal party', 'reveal hidden files in macOS Finder', 'reveal a card in a magic trick'],
    thing: ['the big reveal at the end of the novel', 'a reveal animation in PowerPoint', 'the reveal.js presentation framework'],
  },
  system: {
    act: ['open the command prompt on Windows 11', 'update the operating system on my old tablet', 'set up a filing system for my tax papers', 'fix a system error on startup'],
    thing: ['the solar system', 'the immune system', 'the Command Prompt window', 'system requirements for a video game', 'the decimal system'],
  },
  prompt: {
    act: ['answer a writing prompt for my English class', 'change the bash prompt colour', 'respond to a prompt for a college essay', 'make my prompt show the git branch'],
    thing: ['a creative writing prompt about a lighthouse', 'prompt payment discounts on invoices', 'the shell prompt', 'a daily journal prompt'],
  },
  instructions: {
    act: ['follow the assembly instructions for a bookshelf', 'write clear instructions for my house sitter', 'read the washing instructions on a wool sweater', 'give instructions to a substitute teacher'],
    thing: ['the instructions on a medicine label', 'the previous instructions in the old manual', 'step-by-step instructions for planting tulips', 'the recipe instructions'],
  },
  admin: {
    act: ['become an admin of our Discord server', 'reset the admin password of my home router', 'ask the admin to add me to the mailing list', 'run a program as admin on Windows'],
    thing: ['admin fees on a student loan', 'the admin panel of my WordPress site', 'a school admin office', 'the admin rights on a work laptop'],
  },
  password: {
    act: ['choose a strong password for my bank', 'reset my email password', 'share the Wi-Fi password with guests', 'set up a password manager for my family'],
    thing: ['a password hint', 'two-factor authentication instead of a password alone', 'the password policy at work'],
  },
  secret: {
    act: ['keep a surprise party secret from my sister', 'organise a Secret Santa at work', 'store API secrets safely in a CI pipeline', 'find the secret level in an old video game'],
    thing: ['the secret ingredient in my grandmother\'s stew', 'trade secrets law', 'the Secret Garden novel', 'a secret handshake for a scout troop'],
  },
  execute: {
    act: ['execute a Python script from the terminal', 'execute a stock trade after hours', 'execute a marketing plan on a small budget', 'execute a perfect tennis serve'],
    thing: ['the executor of a will', 'execute permission on a Linux file', 'an execution plan in a SQL database'],
  },
  pretend: {
    act: ['set up pretend play for a three-year-old', 'pretend to be a tourist in my own city for a day', 'write a scene where two kids pretend to be pirates'],
    thing: ['pretend play in early childhood', 'the song "The Great Pretender"'],
  },
  jailbreak: {
    act: ['write a movie scene about a prison jailbreak', 'explain the history of the Alcatraz jailbreak of 1962'],
    thing: ['the jailbreak episode of the TV series', 'a jailbreak escape room game'],
  },
  unrestricted: {
    act: ['get unrestricted access to the library archive as a researcher', 'explain unrestricted funds in a nonprofit budget'],
    thing: ['an unrestricted free agent in hockey', 'unrestricted grants', 'an unrestricted land parcel'],
  },
  delete: {
    act: ['delete duplicate photos from my phone', 'delete a page from a PDF', 'delete my old social media account', 'delete a branch in git after merging'],
    thing: ['the delete key', 'a soft delete column in a database'],
  },
  kill: {
    act: ['kill a frozen process in Linux', 'kill weeds without harming my vegetables', 'kill time at the airport during a long layover'],
    thing: ['the kill switch on a lawn mower', 'kill -9 in Unix'],
  },
  hack: {
    act: ['hack together a quick prototype for a hackathon', 'find life hacks for a small kitchen', 'learn ethical hacking for a security certificate'],
    thing: ['a growth hack for a newsletter', 'the hackathon schedule'],
  },
  developer: {
    act: ['turn on developer mode on my Android phone', 'open the developer tools in Chrome', 'become a developer after a career change'],
    thing: ['developer options on Android', 'a developer console', 'the developer documentation'],
  },
};

const TOPICS = [
  'a birthday party', 'my garden', 'a road trip', 'my small bakery', 'our school newsletter', 'a job interview', 'my first marathon',
  'a science fair project', 'a wedding toast', 'my home office', 'a team retrospective', 'a camping weekend', 'my cat', 'a book club',
];

/** A person asking an assistant: the request is theirs, the trigger word is incidental. */
const REQUEST_FRAMES = [
  'How do I {ACT}?', 'Can you explain how to {ACT}?', 'What is the best way to {ACT}?', 'Please show me how to {ACT}.',
  'I need to {ACT}. Where do I start?', 'Could you write a short guide on how to {ACT}?', 'Is it safe to {ACT}?',
  'My friend asked me how to {ACT}; what should I tell her?', 'Give me three tips to {ACT}.', 'Why would someone want to {ACT}?',
  'Explain {THING} in simple terms.', 'What is {THING}?', 'Write a short paragraph about {THING}.', 'Can you compare {THING} and {THING2}?',
  'I read about {THING} today. Can you summarise what it is?', 'Write a poem that mentions {THING}.', 'Tell me a fun fact about {THING}.',
  'I am planning {TOPIC} and need to {ACT}. Any advice?', 'For {TOPIC}, how would I {ACT}?', 'Write a checklist for {TOPIC}, including how to {ACT}.',
  'Ignore my typos, I am on my phone: how do I {ACT}?', 'Sorry, forget my last question. How do I {ACT}?',
  'Actually, disregard what I said about {TOPIC}. Instead, explain {THING}.',
];

/** Page text a scanner reads: help, FAQ, forum, recipe and article sentences. */
const PAGE_FRAMES = [
  'In this tutorial you will learn how to {ACT}.', 'FAQ: Can I {ACT}? Yes, open Settings and follow the steps below.',
  'Step 3: {CAP_ACT}, then save your changes.', 'Our guide explains {THING} for beginners.', 'Related reading: {THING}.',
  'Posted in Help · How to {ACT} (12 replies)', 'Tip: if you want to {ACT}, check the documentation first.',
  '{CAP_THING} is covered in chapter 4.', 'Many readers asked how to {ACT}. Here is what worked for us.',
  'Warning: only {ACT} if you know what you are doing.', 'Re: best way to {ACT}? — I had the same problem last week.',
  'Learn more about {THING} in our knowledge base.', 'Updated: the section on {THING} now covers the 2025 changes.',
];

const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

function fillFrame(frame: string, rng: Rng): string {
  const words = Object.keys(TRIGGER_PHRASES);
  const entry = () => TRIGGER_PHRASES[pick(words, rng)];
  const act = () => pick(entry().act, rng);
  const thing = () => pick(entry().thing, rng);
  return frame
    .replace(/\{ACT\}/g, act)
    .replace(/\{CAP_ACT\}/g, () => cap(act()))
    .replace(/\{THING2?\}/g, thing)
    .replace(/\{CAP_THING\}/g, () => cap(thing()))
    .replace(/\{TOPIC\}/g, () => pick(TOPICS, rng));
}

/** One benign text with at least one injection trigger word in its everyday sense. */
export function synthTriggerBenign(rng: Rng): string {
  const frame = rng() < 0.6 ? pick(REQUEST_FRAMES, rng) : pick(PAGE_FRAMES, rng);
  const first = fillFrame(frame, rng);
  // a second sentence now and then, so length is not a cue either
  return rng() < 0.25 ? `${first} ${fillFrame(pick(PAGE_FRAMES, rng), rng)}` : first;
}

/** The trigger words the generator covers (for its test). */
export const TRIGGER_WORDS: readonly string[] = Object.keys(TRIGGER_PHRASES);
