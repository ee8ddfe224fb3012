/**
 * The third execution of a line grammar (src/grammar.ts): a char-code scanner generated from the
 * declared rules as JavaScript source and compiled once with `new Function`. It reads the same
 * captures as the sticky regex, but builds no match array: capture offsets go into two reused
 * Int32Arrays and only the captured substrings are sliced, into one reused array.
 *
 * How it runs, and why it gives the regex's captures:
 *
 * - Tokens match as parsimmon's `stickyToken` does: the regex fragment's own first match at the
 *   position, never given back (the author rule of grammar.ts makes giving back useless). Inside a
 *   token, quantifiers are greedy and possessive and alternatives are tried in order; that equals
 *   backtracking only when no choice inside the token could have gone another way, so a fragment is
 *   compiled only if every variable-length part is followed by something it cannot start with
 *   (disjoint first-character sets) and every inner alternation is either the token's tail or has
 *   options with disjoint first characters. Anything else (lookarounds, anchors, back-references,
 *   lazy quantifiers, `\b`, unicode property escapes, overlapping choices) is refused with a reason.
 * - Rules (`seq`, `alt`, `opt`, `lazy`, `capture`) backtrack as the regex does, in continuation-passing
 *   style like the parsimmon execution: each choice point is a function given its continuation, and
 *   runs of tokens without a choice between them become one straight-line function. Captures are
 *   written while a successful match unwinds, so a failed option leaves nothing behind.
 * - `lazy` loops iterate instead of recursing (a 1 MiB line does not grow the stack); their item
 *   must be a straight run of tokens without captures, or the grammar is refused.
 * - Every line has a budget of choice-point calls, linear in its length. A line that spends it
 *   is handed back (`BUDGET`) and the caller matches it with the regex, so the scanner adds at most
 *   linear work to any line, whatever the grammar.
 *
 * A grammar the generator refuses keeps the regex (`CompiledGrammar.scanner` is undefined and
 * `scannerRefusal` says why). Equality with the regex and parsimmon is checked by fast-check
 * properties over every built-in grammar (test/engine/grammar.test.ts).
 */
import type { Rule } from './grammar.js';

/** What `scan` returns when a line spent its budget: match it with the regex instead. */
export const BUDGET = -2;

export interface Scanner {
  /**
   * Matches one whole line starting at `pos` of `text` (the line must end with `\n` in `text`): the
   * offset after its `\r?\n` terminator, -1 if the grammar does not match the line, or `BUDGET`.
   * On success `match` holds the capture offsets; nothing is sliced until asked for.
   */
  scan(text: string, pos: number): number;
  /**
   * Matches `line` (no terminator) as a whole, as `matchLine` does: true on a match (`match` then
   * reads the line's captures), false for no match, or `BUDGET`.
   */
  matchLine(line: string): boolean | typeof BUDGET;
  /** The last match's captures as offsets (reused by every call). */
  readonly match: ScanMatch;
  /**
   * The last match's captures as strings, in a reused array: index 0 the whole match (with its
   * terminator after `scan`, as the sticky regex gives it), then one slot per capture.
   */
  captures(): (string | undefined)[];
  /** The generated source, for reading and tests. */
  readonly source: string;
}

/**
 * What a format's meaning reads from a matched line: a capture by its index as a string, or as the
 * number its leading digits spell, without caring whether a regex match array or a scanner's offsets
 * hold it. Reading a number from offsets slices nothing.
 */
export interface CaptureReader {
  /** Whether the capture took part in the match. */
  has(group: number): boolean;
  /** The capture's text, or undefined. */
  str(group: number): string | undefined;
  /**
   * The capture's text as one shared string for a short value a listing repeats (owner, group,
   * mode, month): a line whose text was seen lately costs no new string, and the entries share it.
   */
  interned(group: number): string | undefined;
  /** `toInt` of the capture (digits up to the first other character; NaN if it did not take part or is empty). */
  int(group: number): number;
  /** The capture's length (0 if it did not take part). */
  len(group: number): number;
  /** The code unit at `index` of the capture (NaN past its end). */
  code(group: number, index: number): number;
  /** The whole match (index 0). */
  whole(): string;
  /** Every capture as a string, as a regex match array gives them (for rarely taken paths). */
  array(): ArrayLike<string | undefined>;
}

/** A scanner's captures: offsets into the text of the last match. */
export class ScanMatch implements CaptureReader {
  text = '';
  start = 0;
  end = 0;
  constructor(
    readonly starts: Int32Array,
    readonly ends: Int32Array,
  ) {}
  has(group: number): boolean {
    return this.ends[group]! >= 0;
  }
  str(group: number): string | undefined {
    const end = this.ends[group]!;
    return end >= 0 ? this.text.slice(this.starts[group], end) : undefined;
  }
  interned(group: number): string | undefined {
    const end = this.ends[group]!;
    return end >= 0 ? internAt(this.text, this.starts[group]!, end) : undefined;
  }
  int(group: number): number {
    const end = this.ends[group]!;
    if (end < 0) return NaN;
    return intAt(this.text, this.starts[group]!, end);
  }
  len(group: number): number {
    const end = this.ends[group]!;
    return end >= 0 ? end - this.starts[group]! : 0;
  }
  code(group: number, index: number): number {
    const end = this.ends[group]!;
    const at = this.starts[group]! + index;
    return end >= 0 && at < end ? this.text.charCodeAt(at) : NaN;
  }
  whole(): string {
    return this.text.slice(this.start, this.end);
  }
  /** Set by the generated scanner: slices every capture into its reused array. */
  array: () => ArrayLike<string | undefined> = () => [];
}

/** Recently seen short strings, by a hash of their code units (direct-mapped: a collision replaces). */
const INTERNED: (string | undefined)[] = new Array(1024).fill(undefined);
/**
 * Up to 12 code units: V8 copies such a slice, while a longer one may point into the whole listing,
 * which this table would then keep alive after the parse.
 */
const MAX_INTERNED_LENGTH = 12;

/** `text.slice(from, to)`, as the string last seen with the same code units when there is one. */
export function internAt(text: string, from: number, to: number): string {
  const length = to - from;
  if (length > MAX_INTERNED_LENGTH) return text.slice(from, to);
  let hash = length;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & 1023;
  const known = INTERNED[slot];
  if (known !== undefined && known.length === length) {
    let i = 0;
    while (i < length && known.charCodeAt(i) === text.charCodeAt(from + i)) i++;
    if (i === length) return known;
  }
  const fresh = length === text.length ? text : text.slice(from, to);
  INTERNED[slot] = fresh;
  return fresh;
}

/** `toInt(text.slice(from, to))` without the slice (grammar.ts `toInt`). */
export function intAt(text: string, from: number, to: number): number {
  const length = to - from;
  if (length > 15 || length === 0) return length === 0 ? NaN : parseInt(text.slice(from, to), 10);
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      if (i === from) return parseInt(text.slice(from, to), 10);
      break;
    }
    value = value * 10 + digit;
  }
  return value;
}

/** A regex match array read through `CaptureReader`; one reused instance per caller. */
export class ArrayCaptures implements CaptureReader {
  m: ArrayLike<string | undefined> = [];
  of(m: ArrayLike<string | undefined>): this {
    this.m = m;
    return this;
  }
  has(group: number): boolean {
    return this.m[group] !== undefined;
  }
  str(group: number): string | undefined {
    return this.m[group];
  }
  /**
   * The capture as it is: the regex already sliced it, and the regex path serves streams and
   * single lines, where sharing it saves no kept memory (measured: interning cost a streamed
   * unix-1m parse ~12%).
   */
  interned(group: number): string | undefined {
    return this.m[group];
  }
  int(group: number): number {
    const text = this.m[group];
    return text === undefined ? NaN : intAt(text, 0, text.length);
  }
  len(group: number): number {
    return this.m[group]?.length ?? 0;
  }
  code(group: number, index: number): number {
    const text = this.m[group];
    return text === undefined ? NaN : text.charCodeAt(index);
  }
  whole(): string {
    return this.m[0]!;
  }
  array(): ArrayLike<string | undefined> {
    return this.m;
  }
}

/** Thrown by the generator for a construct it does not compile; the grammar then keeps the regex. */
export class UnsupportedConstruct extends Error {}

// ---- token fragments -------------------------------------------------------------------------------

/** A set of UTF-16 code units as sorted, disjoint, non-adjacent inclusive ranges. */
type Ranges = readonly (readonly [number, number])[];

type Node =
  | { readonly t: 'set'; readonly ranges: Ranges }
  | { readonly t: 'seq'; readonly items: readonly Item[] }
  | { readonly t: 'alt'; readonly options: readonly Node[] };

interface Item {
  readonly atom: Node;
  readonly min: number;
  readonly max: number;
}

const MAX_UNIT = 0xffff;

function normalize(ranges: [number, number][]): Ranges {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of ranges) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

function union(...sets: Ranges[]): Ranges {
  return normalize(sets.flatMap((set) => set.map(([a, b]) => [a, b] as [number, number])));
}

function intersects(x: Ranges, y: Ranges): boolean {
  for (const [a, b] of x) for (const [c, d] of y) if (a <= d && c <= b) return true;
  return false;
}

const ch = (c: string): [number, number] => [c.charCodeAt(0), c.charCodeAt(0)];
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = normalize([[48, 57], [65, 90], [95, 95], [97, 122]]);
/** ECMAScript WhiteSpace and LineTerminator (what `\s` matches). */
const SPACE: Ranges = normalize([
  [9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f],
  [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
const DOT: Ranges = complement(normalize([[10, 10], [13, 13], [0x2028, 0x2029]]));

/** Parses a token's regex fragment (no flags) into the subset the scanner compiles. */
function parsePattern(pattern: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new UnsupportedConstruct(`${what} at ${i} of /${pattern}/`);
  };
  const peek = () => pattern[i];

  const escapeSet = (inClass: boolean): Ranges => {
    const c = pattern[i++];
    if (c === undefined) return fail('a trailing backslash');
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 't': return [ch('\t')];
      case 'r': return [ch('\r')];
      case 'n': return [ch('\n')];
      case 'v': return [ch('\v')];
      case 'f': return [ch('\f')];
      case '0':
        if (/[0-9]/.test(pattern[i] ?? '')) return fail('an octal escape');
        return [[0, 0]];
      case 'x': {
        const hex = pattern.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return fail('a \\x escape');
        i += 2;
        const code = parseInt(hex, 16);
        return [[code, code]];
      }
      case 'u': {
        const hex = pattern.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail('a \\u escape');
        i += 4;
        const code = parseInt(hex, 16);
        return [[code, code]];
      }
      case 'b':
        if (inClass) return [[8, 8]];
        return fail('\\b');
      default:
        // Identity escapes of syntax characters and other punctuation; letters and digits mean more.
        if (/[A-Za-z0-9]/.test(c)) return fail(`the escape \\${c}`);
        return [ch(c)];
    }
  };

  const classSet = (): Ranges => {
    // at '[' already consumed
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    const parts: [number, number][] = [];
    let first = true;
    const single = (): { set: Ranges; code?: number } => {
      const c = pattern[i++];
      if (c === undefined) return fail('an unterminated class');
      if (c === '\\') {
        const set = escapeSet(true);
        return set.length === 1 && set[0]![0] === set[0]![1] ? { set, code: set[0]![0] } : { set };
      }
      return { set: [ch(c)], code: c.charCodeAt(0) };
    };
    while (true) {
      if (peek() === undefined) fail('an unterminated class');
      if (peek() === ']' && !first) {
        i++;
        break;
      }
      if (peek() === ']' && first) fail('an empty class');
      first = false;
      const low = single();
      if (peek() === '-' && pattern[i + 1] !== ']' && pattern[i + 1] !== undefined) {
        i++;
        const high = single();
        if (low.code === undefined || high.code === undefined) fail('a class range of a class escape');
        if (low.code! > high.code!) fail('a reversed class range');
        parts.push([low.code!, high.code!]);
      } else {
        for (const [a, b] of low.set) parts.push([a, b]);
      }
    }
    const set = normalize(parts);
    return negate ? complement(set) : set;
  };

  const atom = (): Node => {
    const c = pattern[i];
    switch (c) {
      case '(':
        if (pattern.slice(i, i + 3) !== '(?:') return fail('a group other than (?:)');
        i += 3;
        {
          const inner = alternation();
          if (pattern[i] !== ')') return fail('an unclosed group');
          i++;
          return inner;
        }
      case '[':
        i++;
        return { t: 'set', ranges: classSet() };
      case '.':
        i++;
        return { t: 'set', ranges: DOT };
      case '\\':
        i++;
        return { t: 'set', ranges: escapeSet(false) };
      case '^':
      case '$':
        return fail(`the anchor ${c}`);
      case ')':
      case '|':
      case '*':
      case '+':
      case '?':
      case '{':
      case ']':
      case '}':
        return fail(`'${c}' where an atom was expected`);
      default:
        i++;
        return { t: 'set', ranges: [ch(c!)] };
    }
  };

  const quantifier = (): [number, number] => {
    const c = pattern[i];
    let range: [number, number] = [1, 1];
    if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '?') range = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return fail("a '{' that is no quantifier");
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) fail('a reversed quantifier');
      i += m[0].length;
      if (pattern[i] === '?') fail('a lazy quantifier');
      return [min, max];
    } else return range;
    i++;
    if (pattern[i] === '?') fail('a lazy quantifier');
    return range;
  };

  const sequence = (): Node => {
    const items: Item[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const a = atom();
      const [min, max] = quantifier();
      items.push({ atom: a, min, max });
    }
    return { t: 'seq', items };
  };

  const alternation = (): Node => {
    const options = [sequence()];
    while (pattern[i] === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  };

  const node = alternation();
  if (i !== pattern.length) fail(`unexpected '${pattern[i]}'`);
  return node;
}

function first(node: Node): Ranges {
  switch (node.t) {
    case 'set':
      return node.ranges;
    case 'alt':
      return union(...node.options.map(first));
    case 'seq': {
      const sets: Ranges[] = [];
      for (const item of node.items) {
        if (item.max === 0) continue;
        sets.push(first(item.atom));
        if (!(item.min === 0 || nullable(item.atom))) break;
      }
      return union(...sets);
    }
  }
}

function nullable(node: Node): boolean {
  switch (node.t) {
    case 'set':
      return false;
    case 'alt':
      return node.options.some(nullable);
    case 'seq':
      return node.items.every((item) => item.min === 0 || nullable(item.atom));
  }
}

/**
 * Refuses a fragment where possessive matching could differ from backtracking: `follow` holds the
 * characters that may come next inside the token (empty at the token's end, where the first match
 * is taken as it is).
 */
function checkDeterministic(node: Node, follow: Ranges, pattern: string): void {
  const refuse = (what: string): never => {
    throw new UnsupportedConstruct(`${what} in /${pattern}/: possessive matching could differ from the regex`);
  };
  switch (node.t) {
    case 'set':
      return;
    case 'alt': {
      if (follow.length > 0) {
        for (let a = 0; a < node.options.length; a++) {
          if (nullable(node.options[a]!)) refuse('an alternative that may match nothing before more of the token');
          for (let b = a + 1; b < node.options.length; b++) {
            if (intersects(first(node.options[a]!), first(node.options[b]!))) refuse('alternatives that may start alike before more of the token');
          }
        }
      }
      for (const option of node.options) checkDeterministic(option, follow, pattern);
      return;
    }
    case 'seq': {
      const items = node.items;
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        // What may follow this item: the rest of the sequence, then `follow` if the rest may be empty.
        const rest: Node = { t: 'seq', items: items.slice(k + 1) };
        const after = nullable(rest) ? union(first(rest), follow) : first(rest);
        const variable = item.min !== item.max;
        if (variable && intersects(first(item.atom), after)) refuse('a repetition followed by what it may match');
        if (item.max > 1 && nullable(item.atom)) refuse('a repetition of what may match nothing');
        const inner = item.max > 1 ? union(first(item.atom), after) : after;
        checkDeterministic(item.atom, inner, pattern);
      }
      return;
    }
  }
}

/**
 * `P(?:A|B)R` as `P(?:AR|BR)`: an alternation followed by more of its sequence becomes the last item,
 * so its options are tried with the rest of the sequence, as the regex backtracks (`<(?:SYMLINKD|SYMLINK)>`).
 */
function distribute(node: Node, budget = { left: 256 }): Node {
  switch (node.t) {
    case 'set':
      return node;
    case 'alt':
      return { t: 'alt', options: node.options.map((option) => distribute(option, budget)) };
    case 'seq': {
      const items = node.items.map((item) => ({ ...item, atom: distribute(item.atom, budget) }));
      const k = items.findIndex((item, index) => index < items.length - 1 && item.atom.t === 'alt' && item.min === 1 && item.max === 1);
      if (k < 0) return { t: 'seq', items };
      const alt = items[k]!.atom as Extract<Node, { t: 'alt' }>;
      const suffix = items.slice(k + 1);
      if ((budget.left -= alt.options.length * suffix.length) < 0) throw new UnsupportedConstruct('an alternation too large to distribute');
      const options = alt.options.map((option) => distribute({ t: 'seq', items: [{ atom: option, min: 1, max: 1 }, ...suffix] }, budget));
      return { t: 'seq', items: [...items.slice(0, k), { atom: { t: 'alt', options }, min: 1, max: 1 }] };
    }
  }
}

/** A JS condition that code unit `c` (a number: the caller checks the bound) is in `ranges`. */
function testOf(ranges: Ranges, c: string): string {
  if (ranges.length === 0) return 'false';
  const holes = complement(ranges);
  const positive = ranges.length <= holes.length;
  const parts = (positive ? ranges : holes).map(([a, b]) => (a === b ? `${c} === ${a}` : b === MAX_UNIT ? `${c} >= ${a}` : a === 0 ? `${c} <= ${b}` : `(${c} >= ${a} && ${c} <= ${b})`));
  if (parts.length === 0) return positive ? 'false' : 'true';
  return positive ? `(${parts.join(' || ')})` : `!(${parts.join(' || ')})`;
}

/** Code that advances `p` over `node` (possessively), running `failure` when it cannot. */
function emitNode(node: Node, failure: string, fresh: () => string): string {
  switch (node.t) {
    case 'set':
      return `if (p < en && (c = str.charCodeAt(p), ${testOf(node.ranges, 'c')})) p++; else ${failure}`;
    case 'seq':
      return node.items.map((item) => emitItem(item, failure, fresh)).join('\n');
    case 'alt': {
      const done = fresh();
      const start = fresh();
      const options = node.options.map((option) => {
        const label = fresh();
        return `${label}: { ${emitNode(option, `{ p = ${start}; break ${label}; }`, fresh)}\nbreak ${done}; }`;
      });
      return `${done}: { const ${start} = p;\n${options.join('\n')}\n${failure} }`;
    }
  }
}

function emitItem(item: Item, failure: string, fresh: () => string): string {
  const { atom, min, max } = item;
  if (min === 1 && max === 1) return emitNode(atom, failure, fresh);
  if (max === 0) return '';
  if (atom.t === 'set') {
    const start = fresh();
    const test = testOf(atom.ranges, 'c');
    const limit = max === Infinity ? 'en' : `(p + ${max} < en ? p + ${max} : en)`;
    return `{ const ${start} = p, lim = ${limit}; while (p < lim && (c = str.charCodeAt(p), ${test})) p++;${min > 0 ? ` if (p - ${start} < ${min}) ${failure}` : ''} }`;
  }
  // A repeated group: each iteration is an attempt that leaves `p` where it was when it fails.
  const count = fresh();
  const save = fresh();
  const label = fresh();
  const loop = `for (let ${count} = 0; ${max === Infinity ? '' : `${count} < ${max}`}; ${count}++) {
const ${save} = p;
${label}: { ${emitNode(atom, `{ p = ${save}; break ${label}; }`, fresh)}\ncontinue; }
${min > 0 ? `if (${count} < ${min}) ${failure}\n` : ''}break; }`;
  // A loop that reaches `max` iterations ends through its condition; with min > 0 that is fine too.
  return `{ ${loop} }`;
}

// ---- rules -------------------------------------------------------------------------------------------

/** Every generated function reads the line through locals, not the closure's variables. */
const LOCALS = 'const str = s, en = e; let c = 0;';

/** A rule flattened into a run: tokens and capture marks without choice, and choice points. */
type Element =
  | { readonly k: 'token'; readonly code: string }
  | { readonly k: 'open' | 'close'; readonly group: number }
  | { readonly k: 'choice'; readonly rule: Rule };

/**
 * Generates the scanner of a grammar whose captures are numbered as in `groups`; throws
 * `UnsupportedConstruct` for a grammar it does not compile.
 */
export function generateScanner(root: Rule, groups: Readonly<Record<string, number>>, width: number): Scanner {
  const functions: string[] = [];
  let counter = 0;
  const fresh = () => `v${counter++}`;
  const tokenNodes = new Map<string, Node>();

  /** A token's code, inlined where it is used: advances `p` or returns -1 from the function. */
  const tokenCode = (pattern: string): string => {
    let node = tokenNodes.get(pattern);
    if (node === undefined) {
      node = distribute(parsePattern(pattern));
      checkDeterministic(node, [], pattern);
      tokenNodes.set(pattern, node);
    }
    return `// /${pattern.replace(/\*\//g, '*\\/').replace(/[\r\n]/g, ' ')}/\n${emitNode(node, 'return -1;', fresh)}`;
  };

  const flatten = (rule: Rule, out: Element[]): Element[] => {
    switch (rule.kind) {
      case 'token':
        out.push({ k: 'token', code: tokenCode(rule.pattern) });
        break;
      case 'seq':
        for (const item of rule.items) flatten(item, out);
        break;
      case 'capture': {
        const group = groups[rule.name];
        if (group === undefined) throw new UnsupportedConstruct(`capture ${rule.name} without a group`);
        out.push({ k: 'open', group });
        flatten(rule.item, out);
        out.push({ k: 'close', group });
        break;
      }
      default:
        out.push({ k: 'choice', rule });
    }
    return out;
  };

    /** A function matching a straight run then calling `next`; captures written on success. */
  const straight = (run: readonly Element[], next: string): string => {
    if (run.length === 0) return next;
    const name = `f${functions.length}`;
    const lines: string[] = [];
    const writes: string[] = [];
    for (const element of run) {
      if (element.k === 'token') lines.push(element.code);
      else if (element.k !== 'choice') {
        const local = fresh();
        lines.push(`const ${local} = p;`);
        writes.push(`${element.k === 'open' ? 'S' : 'E'}[${element.group}] = ${local};`);
      }
    }
    const call = writes.length ? `const r = ${next}(p); if (r < 0) return r;\n${writes.join(' ')}\nreturn r;` : `return ${next}(p);`;
    functions.push(`function ${name}(p) {\n${LOCALS}\n${lines.join('\n')}\n${call}\n}`);
    return name;
  };

  const choice = (rule: Rule, next: string): string => {
    const name = `f${functions.length}`;
    functions.push(''); // reserve the slot so names stay unique while options are generated
    const slot = functions.length - 1;
    const guard = 'if (++steps > budget) return -1;';
    let body: string;
    switch (rule.kind) {
      case 'alt': {
        const options = rule.options.map((option) => compile(flatten(option, []), next));
        body = options.map((option, k) => (k < options.length - 1 ? `r = ${option}(p); if (r >= 0 || steps > budget) return r;` : `return ${option}(p);`)).join('\n');
        body = `let r;\n${body}`;
        break;
      }
      case 'opt': {
        const item = compile(flatten(rule.item, []), next);
        body = `const r = ${item}(p); if (r >= 0 || steps > budget) return r;\nreturn ${next}(p);`;
        break;
      }
      case 'lazy': {
        const elements = flatten(rule.item, []);
        if (elements.some((element) => element.k !== 'token')) {
          throw new UnsupportedConstruct('a lazy repetition of anything but tokens (captures or choices inside)');
        }
        const steps = elements.map((element) => (element as { code: string }).code).join('\n');
        body = `${LOCALS}\nfor (;;) {\nconst r = ${next}(p); if (r >= 0 || steps > budget) return r;\nconst q = p;\n${steps}\nif (p === q || ++steps > budget) return -1;\n}`;
        break;
      }
      default:
        throw new UnsupportedConstruct(`a ${rule.kind} rule as a choice`);
    }
    functions[slot] = `function ${name}(p) {\n${guard}\n${body}\n}`;
    return name;
  };

  /** A function matching the elements then calling `next`. */
  const compile = (elements: readonly Element[], next: string): string => {
    let k = next;
    let end = elements.length;
    for (let j = elements.length - 1; j >= -1; j--) {
      if (j >= 0 && elements[j]!.k !== 'choice') continue;
      k = straight(elements.slice(j + 1, end), k);
      if (j >= 0) k = choice((elements[j] as { rule: Rule }).rule, k);
      end = j;
    }
    return k;
  };

  const entry = compile(flatten(root, []), 'done');
  const count = width - 1;
  const slices: string[] = [];
  for (let g = 1; g <= count; g++) slices.push(`C[${g}] = E[${g}] >= 0 ? t.slice(S[${g}], E[${g}]) : undefined;`);

  // S/E have one slot more than the captures: a restriction's names it does not capture read it (-1).
  const source = `"use strict";
let s = '', e = 0, steps = 0, budget = 0, crlf = true;
const S = match.starts, E = match.ends;
const C = new Array(${width + 1}).fill(undefined);
/** The end of the line: \`\\r?\\n\` on the fast path, the end of the string for a single line. */
function done(p) {
  if (p === e) return crlf ? e + 1 : e;
  if (crlf && p === e - 1 && s.charCodeAt(p) === 13) return e + 1;
  return -1;
}
${functions.join('\n')}
function run(pos) {
  ${Array.from({ length: count }, (_, g) => `E[${g + 1}] = -1;`).join(' ')}
  steps = 0;
  budget = 64 + 4 * (e - pos);
  const r = ${entry}(pos);
  if (steps > budget) return ${BUDGET};
  return r;
}
return {
  match,
  scan(text, pos) {
    const nl = text.indexOf('\\n', pos);
    if (nl < 0) return -1;
    s = text; e = nl; crlf = true;
    const r = run(pos);
    s = '';
    if (r >= 0) { match.text = text; match.start = pos; match.end = r; }
    return r;
  },
  matchLine(line) {
    s = line; e = line.length; crlf = false;
    const r = run(0);
    s = '';
    if (r === ${BUDGET}) return r;
    if (r < 0) return false;
    match.text = line; match.start = 0; match.end = line.length;
    return true;
  },
  captures() {
    const t = match.text;
    C[0] = t.slice(match.start, match.end);
${slices.join('\n')}
    return C;
  },
};`;
  const match = new ScanMatch(new Int32Array(width + 1).fill(-1), new Int32Array(width + 1).fill(-1));
  const scanner = new Function('match', source)(match) as Omit<Scanner, 'source'>;
  match.array = () => scanner.captures();
  return Object.assign(scanner, { source });
}
