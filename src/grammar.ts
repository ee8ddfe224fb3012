/**
 * A line grammar is declared once with these combinators and runs two ways:
 *
 * - `fast`: compiled to one sticky regular expression with indexed groups, walked over the whole
 *   listing text with `lastIndex` (no per-line strings, no `split`);
 * - `diagnose`: compiled to a parsimmon parser for lines the fast path rejects, which names what was
 *   expected and where ("expected a month name at column 43").
 *
 * Both produce the same capture array, so a format's meaning (captures -> StatResult) is written
 * once. The parsimmon parser is compiled in continuation-passing style so that `opt`, `alt` and
 * `lazy` backtrack exactly as the regular expression does; a fast-check property keeps the two in
 * agreement (test/grammar.test.ts).
 *
 * Rule for authors, which keeps every grammar linear-time and the two executions equal: a token's
 * pattern must never match a prefix of what may follow it (e.g. `[^ ]+` before ` +`), so giving back
 * characters from a token can never help. Tokens must not match `\r` or `\n`.
 */
import P from 'parsimmon';
import { generateScanner, type Scanner, UnsupportedConstruct } from './scanner.js';

export { ArrayCaptures, BUDGET, type CaptureReader, intAt, internAt, ScanMatch, type Scanner } from './scanner.js';

export type Rule =
  | { readonly kind: 'token'; readonly pattern: string; readonly expected: string }
  | { readonly kind: 'seq'; readonly items: readonly Rule[] }
  | { readonly kind: 'alt'; readonly options: readonly Rule[] }
  | { readonly kind: 'opt'; readonly item: Rule }
  | { readonly kind: 'lazy'; readonly item: Rule }
  | { readonly kind: 'capture'; readonly name: string; readonly item: Rule };

/** A terminal: a regular expression fragment without groups, and what a reader would call it. */
export function token(pattern: string, expected: string): Rule {
  if (/\((?!\?:)/.test(pattern.replace(/\\./g, ''))) throw new Error(`token ${expected}: use (?:) groups only`);
  return { kind: 'token', pattern, expected };
}

/** A literal string. */
export function text(value: string, expected = JSON.stringify(value)): Rule {
  return token(value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), expected);
}

export function seq(...items: (Rule | string)[]): Rule {
  return { kind: 'seq', items: items.map((item) => (typeof item === 'string' ? text(item) : item)) };
}

/** The first option that lets the whole line match (as regex alternation, not PEG ordered choice). */
export function alt(...options: Rule[]): Rule {
  return { kind: 'alt', options };
}

export function opt(...items: (Rule | string)[]): Rule {
  return { kind: 'opt', item: seq(...items) };
}

/** As few repetitions as let the rest of the line match (regex `(?:…)*?`). */
export function lazy(...items: (Rule | string)[]): Rule {
  return { kind: 'lazy', item: seq(...items) };
}

/** Names what a rule matched; the name becomes an index into the capture array. */
export function capture(name: string, item: Rule | string): Rule {
  return { kind: 'capture', name, item: typeof item === 'string' ? text(item) : item };
}

/** What one line yields: index 0 is the whole line, then one slot per capture (undefined if unmatched). */
export type Captures = ArrayLike<string | undefined>;

export type Diagnosis = { ok: true; captures: Captures } | { ok: false; column: number; expected: string[] };

export interface CompiledGrammar {
  /** Sticky; matches one whole line including its `\r?\n` terminator. */
  readonly fast: RegExp;
  /** Same language as `fast`, for one line without its terminator. */
  readonly matchLine: RegExp;
  /** Capture name -> index in `Captures`. */
  readonly groups: Readonly<Record<string, number>>;
  /** Parses one line (without terminator) with parsimmon, reporting the furthest failure. */
  diagnose(line: string): Diagnosis;
  /** The rules the grammar was compiled from (optional, so a hand-made CompiledGrammar still types). */
  readonly rule?: Rule;
  /**
   * The char-code scanner generated from the same rules (src/scanner.ts), compiled on first use:
   * the regex's captures without its match array. `undefined` when the generator refuses a construct
   * of this grammar (`scannerRefusal` says which); the regex then stays the fast path.
   */
  readonly scanner?: Scanner | undefined;
  /** Why this grammar has no scanner, or undefined. */
  readonly scannerRefusal?: string | undefined;
}

/**
 * Compiles a grammar. With `restrictionOf`, `root` is a smaller grammar for the common shape of the
 * lines of that (full) grammar, built from the same rules (`GrammarLineParser.fastGrammars`): it may
 * capture only names the full grammar has, and its `groups` lists every name of the full grammar,
 * in the same order, those it does not capture at an index past its captures (always `undefined`).
 * So one `build` reads either grammar's captures by name.
 */
export function compileGrammar(root: Rule, restrictionOf?: CompiledGrammar): CompiledGrammar {
  const own: Record<string, number> = {};
  const grammar = compileRule(root, own);
  if (restrictionOf === undefined) return grammar;
  const width = Object.keys(own).length + 1;
  const groups: Record<string, number> = {};
  for (const name of Object.keys(restrictionOf.groups)) groups[name] = own[name] ?? width;
  for (const name of Object.keys(own)) {
    if (!(name in restrictionOf.groups)) throw new Error(`capture ${name} is not in the grammar this one restricts`);
  }
  // The scanner numbers captures as the regex does (`own`); names it lacks read index `width`,
  // which its capture array leaves undefined, as the regex's match array does.
  return Object.create(grammar, { groups: { value: groups, enumerable: true } }) as CompiledGrammar;
}

/** Scanners by rule, so a grammar compiled twice from the same rules (and its restriction's copy) shares one. */
const SCANNERS = new WeakMap<Rule, { scanner: Scanner | undefined; refusal: string | undefined }>();

function scannerOf(root: Rule, groups: Readonly<Record<string, number>>, width: number): { scanner: Scanner | undefined; refusal: string | undefined } {
  let built = SCANNERS.get(root);
  if (built === undefined) {
    try {
      built = { scanner: generateScanner(root, groups, width), refusal: undefined };
    } catch (error) {
      // A construct the generator does not compile, or a runtime without `new Function` (a CSP):
      // the regex stays the fast path for this grammar.
      if (!(error instanceof UnsupportedConstruct) && !(error instanceof EvalError)) throw error;
      built = { scanner: undefined, refusal: error.message };
    }
    SCANNERS.set(root, built);
  }
  return built;
}

function compileRule(root: Rule, groups: Record<string, number>): CompiledGrammar {
  let count = 0;
  const toRegex = (rule: Rule): string => {
    switch (rule.kind) {
      case 'token':
        return `(?:${rule.pattern})`;
      case 'seq':
        return rule.items.map(toRegex).join('');
      case 'alt':
        return `(?:${rule.options.map(toRegex).join('|')})`;
      case 'opt':
        return `(?:${toRegex(rule.item)})?`;
      case 'lazy':
        return `(?:${toRegex(rule.item)})*?`;
      case 'capture': {
        if (rule.name in groups) throw new Error(`capture ${rule.name} declared twice`);
        groups[rule.name] = ++count;
        return `(${toRegex(rule.item)})`;
      }
    }
  };
  const body = toRegex(root);
  const fast = new RegExp(`${body}\\r?\\n`, 'y');
  const matchLine = new RegExp(`^${body}$`);
  const parser = toParsimmon(root, groups, Infinity);
  // A lazy region (e.g. a group name with spaces) can stretch to the end of any bad line, so its
  // furthest failure says little. Errors are reported on the typical shape: one repetition at most.
  const typical = toParsimmon(root, groups, 1);
  const width = count + 1;
  let built: { scanner: Scanner | undefined; refusal: string | undefined } | undefined;

  return {
    fast,
    matchLine,
    groups,
    rule: root,
    get scanner(): Scanner | undefined {
      return (built ??= scannerOf(root, groups, width)).scanner;
    },
    get scannerRefusal(): string | undefined {
      return (built ??= scannerOf(root, groups, width)).refusal;
    },
    diagnose(line: string): Diagnosis {
      // parsimmon caches line/column indexes in a plain object keyed by the whole input
      // (lineColumnIndex[input] in its makeLineColumnIndex): a line that names an Object.prototype
      // member ('__proto__', 'constructor') would write into that prototype. Such a line is one word,
      // so a NUL after it moves no failure but the one at its end, which the column is clamped to.
      const input = line in PLAIN_OBJECT ? `${line}\u0000` : line;
      const result = parser.parse(input);
      if (!result.status) {
        const failure = typical.parse(input);
        const { index, expected } = failure.status ? result : failure;
        // From the offset, not parsimmon's column, which restarts after a `\r` inside the line.
        return { ok: false, column: Math.min(index.offset, line.length) + 1, expected: [...new Set(expected)] };
      }
      const captures: (string | undefined)[] = new Array(width).fill(undefined);
      captures[0] = line;
      const starts: number[] = [];
      for (const [group, offset, isEnd] of result.value) {
        if (isEnd) captures[group] = line.slice(starts[group], offset);
        else starts[group] = offset;
      }
      return { ok: true, captures };
    },
  };
}

const PLAIN_OBJECT: object = {};

/** A capture boundary: group index, offset, and whether it is the end. */
type Mark = readonly [number, number, boolean];

function toParsimmon(root: Rule, groups: Readonly<Record<string, number>>, maxRepeats: number): P.Parser<Mark[]> {
  const end: P.Parser<Mark[]> = P.eof.map(() => []);
  const mark = (group: number, isEnd: boolean, next: P.Parser<Mark[]>): P.Parser<Mark[]> =>
    P.seqMap(P.index, next, (index, marks) => [[group, index.offset, isEnd] as Mark, ...marks]);
  const build = (rule: Rule, next: P.Parser<Mark[]>): P.Parser<Mark[]> => {
    switch (rule.kind) {
      case 'token':
        return stickyToken(rule.pattern, rule.expected).then(next);
      case 'seq':
        return rule.items.reduceRight((rest, item) => build(item, rest), next);
      case 'alt':
        return P.alt(...rule.options.map((option) => build(option, next)));
      case 'opt':
        return P.alt(build(rule.item, next), next);
      case 'lazy': {
        if (maxRepeats === 1) return P.alt(next, build(rule.item, next));
        const loop: P.Parser<Mark[]> = P.lazy(() => P.alt(next, build(rule.item, loop)));
        return loop;
      }
      case 'capture': {
        const group = groups[rule.name]!;
        return mark(group, false, build(rule.item, mark(group, true, next)));
      }
    }
  };
  return build(root, end);
}

/** A parsimmon terminal matching at the current offset without slicing the input (P.regexp slices). */
function stickyToken(pattern: string, expected: string): P.Parser<string> {
  const re = new RegExp(pattern, 'y');
  return P((input: string, index: number) => {
    re.lastIndex = index;
    const match = re.exec(input);
    return match ? P.makeSuccess(index + match[0].length, match[0]) : P.makeFailure(index, expected);
  });
}

/**
 * The number a capture that starts with ASCII digits stands for (the digits up to the first other
 * character), exactly as `parseInt(text, 10)` but several times faster on the short, fresh strings
 * a match yields. Anything else (a sign, leading spaces, more than 15 characters) goes to `parseInt`.
 */
export function toInt(text: string): number {
  const length = text.length;
  if (length > 15) return parseInt(text, 10);
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      if (i === 0) return parseInt(text, 10);
      break;
    }
    value = value * 10 + digit;
  }
  return length === 0 ? NaN : value;
}

/** Whether a capture is ASCII digits only (at least one). */
export function isDigits(text: string): boolean {
  const length = text.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Tokens most line formats share. */
export const spaces = token(' +', 'spaces');
export const word = token('[^ \\r\\n]+', 'a word');
export const digits = (expected: string): Rule => token('\\d+', expected);
/** Everything to the end of the line, at least one character. */
export const restOfLine = (expected: string): Rule => token('[^\\r\\n]+', expected);
