/**
 * The generated scanners (src/scanner.ts): token fragments against the regex's own first match, the
 * fallback to the regex for a construct the generator refuses and for a line that spends the scan
 * budget, and `buildFrom` over the scanner's offsets against `build` over the regex's match array.
 * (Agreement of regex, scanner and parsimmon on every built-in grammar: grammar.test.ts.)
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import {
  GrammarLineParser,
  ParseContext,
  ParserError,
  StatResult,
  listParsers,
  parseListing,
  registerParser,
  unregisterParser,
} from '../../src/index.js';
import { type Captures, BUDGET, alt, capture, compileGrammar, internAt, restOfLine, seq, spaces, token, word } from '../../src/grammar.js';
import { fixturePath } from '../helpers.js';

// ---- token fragments -----------------------------------------------------------------------------

/** Fragments a token is made of; random concatenations give quantifiers, classes and alternations. */
const ATOMS = ['a', 'b', '\\d', '[ab]', '[^a ]', '\\s', ' ', '[a-c1]', '(?:ab|a)', '(?:a|b)', '(?:\\d,)', '(?:x|xy|b)', '.', '\\.'];
const QUANTIFIERS = ['', '', '?', '*', '+', '{2}', '{1,3}', '{2,}'];
const patternArb = fc
  .array(fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)), { minLength: 1, maxLength: 4 })
  .chain((parts) =>
    fc.oneof(
      fc.constant(parts.map(([a, q]) => a + q).join('')),
      fc.constant(`${parts.map(([a, q]) => a + q).join('')}|${parts[0]![0]}`),
      fc.constant(`(?:${parts.map(([a, q]) => a + q).join('')})+`),
    ),
  );
const subjectArb = fc.array(fc.constantFrom('a', 'b', 'c', 'x', 'y', '1', '2', ',', ' ', '.', '\t'), { maxLength: 12 }).map((c) => c.join(''));

test('a compiled token takes the regex fragment\'s own first match, or the generator refuses it', (t) => {
  let compiled = 0;
  fc.assert(
    fc.property(patternArb, fc.array(subjectArb, { minLength: 8, maxLength: 8 }), (pattern, subjects) => {
      // `.*` after the token always matches, so the regex takes the token's first match as it stands.
      const grammar = compileGrammar(seq(capture('t', token(pattern, 'x')), capture('rest', token('.*', 'rest'))));
      if (grammar.scanner === undefined) return /possessive|distribute/.test(grammar.scannerRefusal ?? '');
      compiled++;
      const sticky = new RegExp(pattern, 'y');
      for (const subject of subjects) {
        const own = sticky.exec(subject);
        sticky.lastIndex = 0;
        const m = grammar.matchLine.exec(subject);
        const scanned = grammar.scanner.matchLine(subject);
        if ((m === null) !== (scanned === false)) return false;
        if (m === null) continue;
        const captures = grammar.scanner.captures();
        if (captures[1] !== m[1] || captures[2] !== m[2] || own?.[0] !== m[1]) return false;
      }
      return true;
    }),
    { numRuns: 2000 },
  );
  t.true(compiled > 200, `${compiled} patterns compiled`);
});

test('constructs outside the subset are refused with a reason, and the grammar keeps its regex', (t) => {
  for (const [pattern, reason] of [
    ['a{,2}', /no quantifier/],
    ['a\\b', /\\b/],
    ['^a', /anchor/],
    ['a+?', /lazy quantifier/],
    ['\\1', /escape/],
    ['\\p{L}', /escape/],
    ['(?:a|ab)c', /./], // distributed: `ac|abc` at the tail, compiled
  ] as const) {
    const grammar = compileGrammar(seq(capture('t', token(pattern, 'x')), restOfLine('rest')));
    if (pattern === '(?:a|ab)c') {
      t.not(grammar.scanner, undefined, grammar.scannerRefusal);
      continue;
    }
    t.is(grammar.scanner, undefined, pattern);
    t.regex(grammar.scannerRefusal!, reason, pattern);
    t.truthy(grammar.matchLine.exec('a rest') ?? true);
  }
  const captured = compileGrammar(seq(token('x', 'x'), { kind: 'lazy', item: capture('in', token('y', 'y')) }, token('z', 'z')));
  t.regex(captured.scannerRefusal!, /lazy repetition/);
});

// ---- fallback on the fast path -------------------------------------------------------------------

/** A plugin line format over any grammar: `name size`. */
class PairParser extends GrammarLineParser {
  constructor(
    readonly id: string,
    readonly grammar: ReturnType<typeof compileGrammar>,
  ) {
    super();
  }
  build(m: Captures, _ctx: ParseContext, g: Readonly<Record<string, number>>): StatResult {
    const entry = new StatResult(m[g.name!]!, 'file', this.id);
    entry.size = Number(m[g.size!]);
    return entry;
  }
}

test('a plugin grammar the generator refuses parses through its regex', (t) => {
  // A word boundary in a token: no scanner, the sticky regex is the fast path.
  const grammar = compileGrammar(seq(capture('name', token('[a-z]\\w*\\b', 'a name')), spaces, capture('size', token('\\d+', 'a size'))));
  t.is(grammar.scanner, undefined);
  const parser = new PairParser('pair-refused', grammar);
  registerParser(parser);
  try {
    const listing = parseListing('abc 12\r\n9bc 3\nx 7\n', { hint: 'pair-refused' });
    t.deepEqual(listing.entries.map((e) => [e.name, e.size]), [['abc', 12], ['x', 7]]);
    t.is(listing.skipped.length, 1);
  } finally {
    unregisterParser('pair-refused');
  }
});

test('a line that spends the scan budget is matched by the regex instead, with the same result', (t) => {
  // 14 two-way choices that all match the same `a`: 2^14 paths before a missing `b` fails the line.
  const choices = Array.from({ length: 14 }, () => alt(token('a', 'a'), token('a', 'a')));
  const grammar = compileGrammar(seq(capture('name', seq(...choices)), spaces, capture('size', token('\\d+', 'a size'))));
  t.not(grammar.scanner, undefined, grammar.scannerRefusal);
  t.is(grammar.scanner!.matchLine(`${'a'.repeat(14)} 1`), true);
  t.is(grammar.scanner!.matchLine(`${'a'.repeat(14)} x`), BUDGET);
  const parser = new PairParser('pair-budget', grammar);
  registerParser(parser);
  try {
    const listing = parseListing(`${'a'.repeat(14)} 5\n${'a'.repeat(14)} x\n${'a'.repeat(13)} 6\n`, { hint: 'pair-budget' });
    t.deepEqual(listing.entries.map((e) => [e.name, e.size]), [['a'.repeat(14), 5]]);
    t.is(listing.skipped.length, 2);
  } finally {
    unregisterParser('pair-budget');
  }
});

test('a scanner lazily compiled once per grammar is shared by the grammar and its copies', (t) => {
  const rule = seq(capture('name', word), spaces, capture('size', token('\\d+', 'a size')));
  const full = compileGrammar(rule);
  const again = compileGrammar(rule);
  t.is(full.scanner, again.scanner);
  t.true(full.scanner!.source.includes('charCodeAt'));
});

// ---- buildFrom over offsets vs build over the regex's match array ----------------------------------

const NOW = Date.UTC(2026, 10, 21, 12);
const withBuildFrom = listParsers().filter(
  (parser): parser is GrammarLineParser => parser instanceof GrammarLineParser && parser.buildFrom !== undefined,
);

function outcome(run: () => StatResult | null): string {
  try {
    const entry = run();
    // `facts` too, which an MLSD entry reads on demand (no own property).
    const fields = entry === null ? null : [...Object.entries(entry), ['facts', entry.facts]];
    return JSON.stringify(fields, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
    return `ParserError: ${error.reason}`;
  }
}

/** Lines of the captured fixtures, and pieces of them put together. */
const FIXTURE_LINES = ['ftp/vsftpd/listing.txt', 'ftp/proftpd/listing.txt', 'ftp/pure-ftpd/listing.txt', 'ftp/proftpd/mlsd.txt', 'ftp/pure-ftpd/mlsd.txt', 'ftp/pyftpdlib/mlsd.txt']
  .flatMap((file) => {
    try {
      return readFileSync(fixturePath(file), 'utf8').split('\n');
    } catch {
      return [];
    }
  })
  .map((line) => line.replace(/\r$/, ''))
  .filter(Boolean);
const PIECES = ['-rw-r--r--', 'drwxr-xr-x+', 'lrwxrwxrwx', 'crw-rw----', ' ', '  ', '1', '0, 27', 'root', 'Domain Users', '1001',
  'Nov', 'Feb', '29', ' 5', '10:00', '2019', '2026-11-21', 'name', ' -> ', '12-05-96', '05-26-1995', '02/29/2024', '2010-09-13',
  '05:03PM', '13:03AM', '17:03', '<DIR>', '<JUNCTION>', '1,234,567', '1.234', '12345678901234567890', '[C:\\x]',
  'type=file;', 'size=12;', 'modify=20261121100000;', 'UNIX.mode=0644;', 'unique=1;', 'UNIX.uid=0;', 'x'];
const pick = (...options: string[]) => fc.constantFrom(...options);
/** DOS lines of every layout the grammar reads, valid or almost. */
const dosLine = fc
  .tuple(
    pick('12-05-96', '05-26-1995', '02/29/2024', '2010-09-13', '13-45-99', '02-30-21', '12-05-9'),
    pick('  ', ' '),
    pick('05:03PM', '05:03 pm', '13:03AM', '17:03', '0:23', '12:00AM', '9:05'),
    pick('       ', ' '),
    pick('<DIR>', '<JUNCTION>', '<SYMLINKD>', '1,234,567', '1.234', '12', '0', '12345678901234567890', '1,234,567,890,123,456,789'),
    pick('          ', ' '),
    pick('file.txt', 'My File', 'a [C:\\x]', 'x/y', 'a\\b', 'é'),
  )
  .map((parts) => parts.join(''));
const lineArb = fc.oneof(
  dosLine,
  fc.constantFrom(...(FIXTURE_LINES.length ? FIXTURE_LINES : ['x'])),
  fc.array(fc.constantFrom(...PIECES), { minLength: 3, maxLength: 16 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { minLength: 3, maxLength: 16 }).map((parts) => parts.join('')),
);

for (const parser of withBuildFrom) {
  test(`${parser.id}: buildFrom on the scanner's offsets gives the entry build gives on the regex match`, (t) => {
    let matched = 0;
    fc.assert(
      fc.property(lineArb, fc.constantFrom(undefined, 'Europe/Berlin'), (line, timeZone) => {
        for (const grammar of [...parser.fastGrammars, parser.grammar]) {
          const m = grammar.matchLine.exec(line);
          const scanned = grammar.scanner!.matchLine(line);
          if ((m === null) !== (scanned === false)) return false;
          if (m === null) continue;
          matched++;
          const ctx = () => new ParseContext({ now: NOW, timeZone });
          const viaRegex = outcome(() => parser.build(m, ctx(), grammar.groups));
          const viaScanner = outcome(() => parser.buildFrom!(grammar.scanner!.match, ctx(), grammar.groups));
          if (viaRegex !== viaScanner) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    t.true(matched > 100, `${matched} matched lines`);
  });
}

test('unix, dos and mlsd read the fast path through buildFrom', (t) => {
  t.deepEqual(withBuildFrom.map((parser) => parser.id).sort(), ['dos', 'mlsd', 'unix']);
});

test('internAt gives the string last seen with the same code units, and slices longer ones', (t) => {
  const listing = 'root wheel root 0123456789abcdef 0123456789abcdef';
  const first = internAt(listing, 0, 4);
  t.is(first, 'root');
  t.is(internAt(listing, 11, 15), first);
  t.is(internAt(listing, 5, 10), 'wheel');
  // Longer than 12: a plain slice each time (a cached slice could keep a whole listing alive).
  t.is(internAt(listing, 16, 32), '0123456789abcdef');
  t.is(internAt('', 0, 0), '');
});
