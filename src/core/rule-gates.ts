/**
 * Necessary conditions ("gates") for the rule patterns in rules.ts, so a text block that cannot match a pattern is
 * never scanned by it. Most blocks (nav labels, prose about anything) hold none of the few words the patterns need,
 * and one scan for those words is far cheaper than ~70 pattern scans.
 *
 * A gate is a list of clauses; a clause is a list of literal strings, and it holds when the text contains at least
 * one of them. Every clause was written by reading its pattern: each match of the pattern contains one of the
 * clause's strings, character for character (the patterns have no `i` flag, so case is exact too). The rarer clause
 * comes first, since only first clauses are scanned for (see compileGates). A clause that is not truly necessary
 * silently loses detections, so each one lists every way its part of the pattern can match, and clauses that would
 * not filter much are left out rather than squeezed.
 */

export type GateClause = readonly string[];
/** All clauses must hold; an empty gate lets every text through. */
export type Gate = readonly GateClause[];

/**
 * Every character JavaScript's `\s` matches (the test compares this list with `\s` over the whole BMP). Built from
 * code points so the bundle holds no raw U+FEFF or U+2028 for a content-script loader to stumble on.
 */
export const JS_WHITESPACE: readonly string[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
].map((c) => String.fromCharCode(c));

// rules.ts AI_READER where what follows it in the pattern is whitespace or one of , : ; ! - (the vocative forms):
// bare "ai" is too common a substring ("said", "email"), "ai" followed by one of those is not.
const AI_READER_ANY = [
  ...[...JS_WHITESPACE, ',', ':', ';', '!', '-'].map((c) => `ai${c}`),
  'a.i.', 'llm', 'language model', 'agent', 'assistant', 'chatbot', 'gpt', 'claude', 'gemini', 'copilot',
];
// rules.ts AI_READER after a literal space ("you are an llm").
const AI_READER_SPACED = [
  ' ai', ' a.i.', ' llm', ' language model', ' agent', ' assistant', ' chatbot', ' chatgpt', ' gpt', ' claude', ' gemini',
  ' copilot',
];
// rules.ts AI after a literal space ("note to the ai").
const AI_SPACED = [
  ' ai', ' a.i.', ' llm', ' language model', ' assistant', ' chatbot', ' bot', ' agent', ' gpt', ' chatgpt', ' claude',
  ' gemini', ' copilot', ' crawler', ' scraper',
];
const INSTRUCTIONS = [
  'struction', 'prompt', 'direction', 'directive', 'rules', 'guideline', 'command', 'orders', 'context', 'programming',
  'constraints', 'guardrails', 'policies', 'restrictions',
];
const READING = ['reading', 'processing', 'summari', 'parsing', 'browsing', 'visiting', 'analy', 'scanning', 'that read', 'who read'];
const SECRETS = [
  'password', 'passcode', 'credential', 'cookie', 'session ', 'token', 'api key', 'secret', 'private key', 'history',
  'conversation', 'chat log', 'credit card', 'card number', 'ssn', 'social security number', 'one-time ', '2fa code', 'otp',
];
const VERB_ACT = [
  'click', 'buy', 'purchase', 'order', 'transfer', 'wire', 'pay', 'download', 'run', 'execute', 'install', 'visit',
  'navigate to', 'open', 'go to', 'approve', 'authori', 'confirm', 'grant', 'delete', 'subscribe', 'sign up', 'login',
  'log in', 'submit', 'book', 'send',
];
const IGNORE_SPACED = ['ignore ', 'disregard ', 'forget '];
const YOU_ARE = ['you are ', "you're ", 'you re '];
const CHAT_NAMES = ['im_', 'endoftext', 'start_header_id', 'end_header_id', 'eot_id', 'system', 'user', 'assistant'];

/** Per rule id, one gate per pattern, in the order of the rule's `patterns`. */
export const RULE_GATES: Readonly<Record<string, readonly Gate[]>> = {
  'override-instructions': [
    [
      ['ignore', 'disregard', 'forget', 'override', 'bypass', 'neglect', 'abandon', 'discard', 'overlook', 'set aside', 'throw out'],
      INSTRUCTIONS,
    ],
    [IGNORE_SPACED, ['told', 'given', 'instructed', 'programmed', 'you know']],
    [IGNORE_SPACED],
    [['void', 'cancel', 'revoked', 'obsolete', 'no longer'], INSTRUCTIONS],
  ],
  'override-multilingual': [
    [['instrucciones', 'indicaciones', 'instrucoes', 'istruzioni', 'ordenes', 'regras', 'reglas', 'regole']],
    [['instrucciones', 'instrucoes', 'istruzioni']],
    [['precedentes', 'anterieures', 'ci-dessus', 'initiales']],
    [['anweisungen', 'instruktionen', 'befehle', 'regeln', 'vorgaben']],
    [['anweisungen', 'instruktionen', 'befehle']],
    [['инструкци', 'указани', 'правил', 'команд']],
    [['指令', '指示', '说明', '說明', '提示', '规则', '規則', '命令']],
    [['無視', '忘れ']],
    [['無視']],
    [['निर्देश']],
    [['무시', '잊어']],
  ],
  'new-instructions': [
    [['your new ', 'your real ', 'your actual ', 'your true ', 'your updated ', 'your only ', 'your primary ']],
    [['instruction', 'directive', 'task'], ['new ', 'updated ', 'revised ', 'additional ', 'important ', 'urgent ']],
    [['stop ', 'cease ', 'abort '], ['what you', 'current task', 'summari', 'translating']],
    [['before you '], ['the following']],
    [['task '], ['gave you', 'asked', 'given']],
    [['instead']],
  ],
  'address-ai': [
    [YOU_ARE],
    [
      ['note ', 'message ', 'notice ', 'instruction', 'attention ', 'important ', 'reminder ', 'directive ', 'hint ', 'memo '],
      AI_SPACED,
    ],
    [AI_SPACED, ['dear ', 'hey ', 'hi ', 'hello ', 'attention ', 'to the ', 'important for the ']],
    [['assistant', 'agent', 'chatbot']],
    [['message from '], ['to you']],
    [['reading ', 'processing ', 'summari', 'parsing ', 'browsing ', 'visiting ', 'analy', 'crawling ']],
  ],
  'addressed-instruction': [
    [AI_READER_ANY],
    [AI_READER_ANY, ['you must', 'you should', 'you shall', 'you may', 'you can now', 'you need to', 'you have to', 'you are ']],
    [YOU_ARE, AI_READER_SPACED],
    [READING, AI_READER_ANY, ['must', 'should', 'shall', 'need to', 'has to', 'have to', 'required', 'instructed', 'asked', 'expected']],
    [['summari', 'answer', 'respond', 'repl']],
    [
      ['ignore', 'disregard', 'forget', 'override', 'bypass', 'do not ', "don't ", 'never ', 'reveal', 'exfiltrate', 'send ', 'forward '],
      ['assistant', 'agent', 'bot', 'model'],
    ],
  ],
  'chat-markup': [
    [CHAT_NAMES.flatMap((n) => [`<${n}`, `<|${n}`])],
    [['[inst]', '[/inst]', '<sys>', '</sys>', ...['system', 'user', 'assistant', 'human', 'ai'].flatMap((n) => [`<${n}`, `</${n}`])]],
    [['system', 'assistant', 'user', 'instruction', 'new instruction'].flatMap((n) => [`#${n}`, `# ${n}`])],
    [['system_', 'assistant_', 'user_'], ['#']],
    [['sys', 'admin', 'developer']],
    [['\nassistant', '\nai'], ['human', 'user']],
  ],
  'exfiltration-image': [[['!['], ['](' ], ['http']]],
  'exfiltration-url': [
    [
      ['url', 'link', 'query', 'image ', 'request', 'parameter', 'href', 'src'],
      ['append', 'add', 'include', 'insert', 'encode', 'put', 'embed', 'concatenate'],
    ],
    [['image'], ['http'], ['render', 'display', 'show', 'output', 'include', 'print']],
  ],
  'exfiltration-send': [
    [
      SECRETS,
      ['@', 'http', 'www.', 'address', 'email', 'url', 'server', 'endpoint', 'webhook', 'number'],
      ['send', 'forward', 'mail', 'post', 'upload', 'transmit', 'leak', 'exfiltrate', 'copy', 'share', 'deliver', 'submit'],
    ],
    [
      SECRETS,
      ['user', 'human', 'customer', 'their', 'all '],
      ['include', 'append', 'attach', 'embed', 'insert', 'add', 'reveal', 'output', 'print', 'list', 'collect', 'gather', 'extract', 'retrieve', 'summari'],
    ],
    [
      ['@'],
      ['send', 'forward', 'mail', 'post', 'upload'],
      ['conversation', 'chat', 'inbox', 'email', 'messages', 'document', 'file', 'contacts', 'everything '],
    ],
  ],
  'agent-action': [
    [
      [
        'you must', 'you should', 'you need to', 'you have to', 'make sure ', 'be sure to', 'immediately', 'before answering',
        'before responding', 'before replying', 'before summari', 'before continuing', 'before proceeding',
        'before doing anything', 'as an ai', 'as an assistant', 'as an agent', 'as the ai', 'as the assistant', 'as the agent',
      ],
      VERB_ACT,
    ],
    [['@', 'www.', 'http'], ['send', 'post', 'forward', 'upload']],
    [['download'], ['and run', 'and execute', 'and install', 'and open', 'then run', 'then execute', 'then install', 'then open']],
    [
      ['account', 'iban', 'wallet', 'address'],
      ['transfer', 'wire', 'send', 'pay'],
      ['$', 'usd', 'eur', 'gbp', 'btc', 'eth', 'dollars', 'funds', 'money', 'bitcoin', 'crypto'],
    ],
  ],
  secrecy: [
    [['do not ', "don't ", 'dont ', 'never ', 'without '], ['user', 'human', 'person', 'operator', 'customer', 'owner', 'account holder']],
    [['without '], ['knowing', 'noticing', 'knowledge', 'consent', 'permission', 'awareness', 'being told']],
    [['keep ', 'hide '], ['from '], ['user', 'human', 'owner']],
    [['secretly', 'silently', 'covertly', 'quietly', 'discreetly']],
  ],
  'prompt-leak': [
    [
      [
        'prompt', 'system message', 'system instructions', 'initial instructions', 'hidden instructions',
        'secret instructions', 'developer message', 'developer instructions',
      ],
    ],
    [['repeat '], ['above', 'before this', 'preceding']],
    [['begin ', 'start '], ['you are', 'here is', 'my instructions']],
  ],
  'encoded-payload': [
    [
      ['decode', 'decipher', 'decrypt', 'deobfuscate', 'translate from', 'convert from', 'rot13', 'rot-13', 'base64', 'base-64', 'reverse'],
      ['follow', 'execute', 'obey', 'carry out', 'perform', 'do what', 'act on', 'comply with', 'run'],
    ],
    [['decoded', 'hidden', 'encoded', 'base64', 'rot13'], ['follow', 'execute', 'obey', 'carry out', 'perform']],
    [['decode', 'base64', 'base-64', 'rot13', 'rot-13', 'hex']],
  ],
  'jailbreak-persona': [
    [['you are now']],
    [['do anything now', 'dan mode', 'stan mode', 'developer mode']],
    [
      ['guidelines', 'restrictions', 'filters', 'policies', 'limits', 'constraints', 'rules'],
      ['ethical ', 'moral ', 'content ', 'safety ', 'openai'],
    ],
    [['pretend ']],
    [['from now on']],
  ],
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

interface TrieNode {
  next: Map<string, TrieNode>;
  end: boolean;
}

/**
 * One regex matching, at any position, the longest of `anchors` that starts there. Written as a trie (shared
 * prefixes once, greedy optional tails) rather than a flat longest-first alternation, so irregexp follows one branch
 * per character; on the page segments it measured as fast or faster (1.0-3x in paired runs on a busy machine).
 */
function longestAnchorRegExp(anchors: readonly string[]): RegExp {
  const root: TrieNode = { next: new Map(), end: false };
  for (const a of anchors) {
    let n = root;
    for (const ch of a) {
      let c = n.next.get(ch);
      if (!c) n.next.set(ch, (c = { next: new Map(), end: false }));
      n = c;
    }
    n.end = true;
  }
  const source = (n: TrieNode): string =>
    [...n.next.entries()]
      .map(([ch, c]) => {
        if (c.next.size === 0) return escapeRegExp(ch);
        // Greedy: the longer anchor is tried first, the shorter one (c.end) is the fallback.
        return `${escapeRegExp(ch)}(?:${source(c)})${c.end ? '?' : ''}`;
      })
      .join('|');
  return new RegExp(source(root), 'g');
}

/**
 * Gates compiled for one pass per text. A single regex over the anchors of every gate's first clause finds, at each
 * position where one starts, the longest one there; the others starting there are its prefixes, so marking the
 * longest and its anchor prefixes marks exactly the first-clause anchors the text contains. Most texts hold none, and
 * then no gate holds. Later clauses are read only for a gate whose first clause held, with `includes` (cached per
 * text): common words that narrow a gate after its rare first clause ("all ", "from ") would otherwise make the scan
 * stop at nearly every text.
 */
export interface CompiledGates {
  /** Reads `text` for the gates; {@link passes} answers for it until the next call. False: no first-clause anchor. */
  load(text: string): boolean;
  /** Whether gate `g` (index into the list given to {@link compileGates}) holds for the loaded text. */
  passes(g: number): boolean;
  /** Whether every gate has at least one clause (then a text for which load() is false can match nothing). */
  readonly allGated: boolean;
}

const UNKNOWN = 0;
const YES = 1;
const NO = 2;

export function compileGates(gates: readonly Gate[]): CompiledGates {
  const ids = new Map<string, number>();
  const scanned = new Set<string>();
  for (const gate of gates) {
    gate.forEach((clause, c) => {
      // An empty clause would shut its pattern off for good, an empty anchor would let everything through: both are slips.
      if (clause.length === 0 || clause.includes('')) throw new Error(`gate clause ${JSON.stringify(clause)}: empty`);
      for (const a of clause) {
        if (!ids.has(a)) ids.set(a, ids.size);
        if (c === 0) scanned.add(a);
      }
    });
  }
  const anchors = [...ids.keys()];
  const isScanned = Uint8Array.from(anchors, (a) => (scanned.has(a) ? 1 : 0));
  const clauseIds: Int32Array[][] = gates.map((gate) => gate.map((clause) => Int32Array.from(clause, (a) => ids.get(a)!)));
  // For each anchor, every scanned anchor that is a prefix of it (itself included), by looking its prefixes up:
  // comparing every pair was quadratic in the anchors, ~20 ms on each page load when it ran in the content script.
  const scannedAt = new Map<string, number>();
  anchors.forEach((a, j) => {
    if (isScanned[j]) scannedAt.set(a, j);
  });
  const implied: Int32Array[] = anchors.map((a) => {
    const found: number[] = [];
    for (let len = 1; len <= a.length; len++) {
      const j = scannedAt.get(a.slice(0, len));
      if (j !== undefined) found.push(j);
    }
    return Int32Array.from(found.sort((x, y) => x - y));
  });
  const union = longestAnchorRegExp([...scanned]);
  // Per anchor for the loaded text: YES / NO, or UNKNOWN for a later-clause anchor not yet looked up.
  const state = new Uint8Array(anchors.length);
  let loaded = '';
  let anyFound = false;

  const holds = (id: number): boolean => {
    if (state[id] === UNKNOWN) state[id] = loaded.includes(anchors[id]) ? YES : NO;
    return state[id] === YES;
  };

  return {
    allGated: gates.every((g) => g.length > 0),
    load(text: string): boolean {
      loaded = text;
      union.lastIndex = 0;
      let m = union.exec(text);
      anyFound = m !== null;
      if (!anyFound) return false;
      // Scanned anchors start at NO (the scan below finds every one present), the rest at UNKNOWN.
      for (let i = 0; i < state.length; i++) state[i] = isScanned[i] ? NO : UNKNOWN;
      do {
        const id = ids.get(m![0])!;
        if (state[id] !== YES) for (const j of implied[id]) state[j] = YES;
        union.lastIndex = m!.index + 1;
      } while ((m = union.exec(text)) !== null);
      return true;
    },
    passes(g: number): boolean {
      const clauses = clauseIds[g];
      if (clauses.length === 0) return true;
      if (!anyFound) return false;
      for (const clause of clauses) {
        let any = false;
        for (let k = 0; k < clause.length && !any; k++) any = holds(clause[k]);
        if (!any) return false;
      }
      return true;
    },
  };
}
