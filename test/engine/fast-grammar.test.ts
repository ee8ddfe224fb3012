/**
 * `GrammarLineParser.fastGrammars`: the smaller "common shape" grammars tried before a format's full
 * grammar on the fast path. Each must be a restriction of the full grammar: whenever it matches a
 * line, the full grammar matches it too, with the same text in every named capture, and `build`
 * gives an identical entry (or the same error) from either match. Checked on random lines, damaged
 * real lines, generated lines of every shape the formats know, and the captured server listings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { GrammarLineParser, ParseContext, ParserError, type StatResult, listParsers } from '../../src/index.js';
import { compileGrammar, capture, seq, token, type CompiledGrammar } from '../../src/grammar.js';
import { fixturePath } from '../helpers.js';

const NOW = Date.UTC(2026, 10, 21, 12);

const withFast = listParsers().filter(
  (parser): parser is GrammarLineParser => parser instanceof GrammarLineParser && parser.fastGrammars.length > 0,
);

/** An entry with its fields in order (shape included), or the error a line gives. */
function outcome(run: () => StatResult | null): string {
  try {
    const entry = run();
    return JSON.stringify(entry === null ? null : Object.entries(entry));
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
    return `ParserError: ${error.reason}`;
  }
}

/** Whether `fast` is a faithful restriction of the parser's grammar on this line. */
function agrees(parser: GrammarLineParser, fast: CompiledGrammar, line: string, timeZone?: string): boolean {
  const common = fast.matchLine.exec(line);
  if (common === null) return true;
  const full = parser.grammar.matchLine.exec(line);
  if (full === null) return false;
  for (const [name, index] of Object.entries(parser.grammar.groups)) {
    if (common[fast.groups[name]!] !== full[index]) return false;
  }
  const ctx = () => new ParseContext({ now: NOW, timeZone });
  return outcome(() => parser.build(common, ctx(), fast.groups)) === outcome(() => parser.build(full, ctx(), parser.grammar.groups));
}

// ---- lines -------------------------------------------------------------------------------------

const PIECES = [
  'drwxr-xr-x', '-rw-r--r--', 'lrwxrwxrwx', 'crw-rw----', '-rwsr-sr-t+', 'brw-r--r--.', 'drw-r--rw', '-rw-r--r--@',
  ' ', '  ', '   ', '1', '12', '4096', '0, 27', '7,   0', 'root', 'Domain Users', 'ftp', '1001', '213-', '211 ',
  'Nov', 'Mär', 'déc.', 'Jam', 'Feb', '21', ' 5', '29', '31', '10:00', '0:23', '24:00', '2019', ' 2019', '2026-11-21',
  '23:59:59.123456789', '+0100', '11月', '3日', '2003年', '02 Mar', 'name', ' -> ', 'a b', '.', '..', '/', 'dir/',
  '<DIR>', '<JUNCTION>', '<SYMLINKD>', '12-05-96', '05-26-1995', '02/29/2024', '2010-09-13', '13-45-99', '05:03PM',
  '05:03 pm', '13:03AM', '17:03', '1,234,567', '1.234', '[C:\\x]', 'é', '\t', ';', 'x'.repeat(40),
];

const pieceLine = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((parts) => parts.join(' ')),
  fc.string({ maxLength: 120 }).map(clean),
);

function clean(line: string): string {
  return line.replace(/[\r\n]/g, '');
}

const pad = (width: number) => fc.integer({ min: 1, max: width }).map((n) => ' '.repeat(n));
const num = (max: number) => fc.integer({ min: 0, max }).map(String);
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const nameArb = fc.oneof(
  fc.constantFrom('file.txt', 'dir one', ' lead', 'a -> b', 'x/', 'y/z', '.', '..', 'Ünïcödé 文件', 'a [C:\\x]', 'n'),
  fc.string({ minLength: 1, maxLength: 20 }).map(clean).filter((s) => s.length > 0),
);
const userArb = fc.oneof(fc.constantFrom('root', 'ftp', '1001', '0', 'www-data', 'Domain Users', 'john smith', '12a'), num(99999));

/** `ls -l` lines of every shape the unix grammar knows, valid or almost. */
const unixLine = fc
  .tuple(
    fc.constantFrom('', '', '', '213-', '212 ', ' ', '  123456    8 ', '42 '),
    fc.constantFrom('-rw-r--r--', 'drwxr-xr-x', 'lrwxrwxrwx', 'crw-rw----', 'brw-r-----', 'prw-r--r--', 'srwxrwxrwx',
      '-rwsr-sr-t', 'drwxr-xr-x+', '-rw-r--r--.', '-rw-r--r--@', 'drw-r--rw', 'erwxrwxrwx', '-rwxrwxrwq', 'Xrw-r--r--'),
    pad(3), num(5000), pad(3), userArb, fc.oneof(fc.constant(''), userArb.map((u) => ` ${u}`), userArb.map((u) => `   ${u}`)),
    pad(8),
    fc.oneof(num(99_999_999_999), fc.tuple(num(255), pad(3), num(255)).map(([a, s, b]) => `${a},${s}${b}`)),
    pad(2),
    fc.oneof(
      fc.tuple(fc.constantFrom('Jan', 'Feb', 'Mar', 'Nov', 'Dec', 'déc.', 'Mär', 'Xyz'), pad(2), fc.integer({ min: 0, max: 32 }),
        fc.oneof(fc.tuple(fc.integer({ min: 0, max: 25 }), two(0, 61)).map(([h, m]) => ` ${String(h).padStart(2)}:${m}`),
          fc.integer({ min: 1970, max: 2038 }).map((y) => `  ${y}`), fc.integer({ min: 1970, max: 2038 }).map((y) => ` ${y} `)))
        .map(([month, gap, day, rest]) => `${month}${gap}${day}${rest}`),
      fc.constantFrom('2026-11-21 10:00', '2026-02-30 10:00', '2026-11-21 10:00:00.5 +0100', '02 Mar 16:27', '11月 21日 10:00',
        '6月 3日 2003年', 'Nov 21 10:00'),
    ),
    nameArb,
  )
  .map((parts) => `${parts.slice(0, -1).join('')} ${parts.at(-1)}`);

/** MS-DOS lines of every layout the dos grammar knows. */
const dosLine = fc
  .tuple(
    fc.oneof(
      fc.tuple(two(0, 13), two(0, 32), fc.oneof(two(0, 99), fc.integer({ min: 1900, max: 2100 }).map(String)))
        .map(([m, d, y]) => `${m}-${d}-${y}`),
      fc.tuple(two(1, 12), two(1, 31), fc.integer({ min: 1990, max: 2030 })).map(([m, d, y]) => `${m}/${d}/${y}`),
      fc.tuple(fc.integer({ min: 1990, max: 2030 }), two(1, 12), two(1, 31)).map(([y, m, d]) => `${y}-${m}-${d}`),
    ),
    pad(3),
    fc.tuple(fc.integer({ min: 0, max: 24 }), two(0, 60), fc.constantFrom('', 'AM', 'PM', ' PM', 'am', 'pM'))
      .map(([h, m, mer]) => `${String(h).padStart(2, '0')}:${m}${mer}`),
    pad(12),
    fc.oneof(fc.constantFrom('<DIR>', '<JUNCTION>', '<SYMLINKD>', '<SYMLINK>', '1,234,567', '1.234.567', '12,34'), num(99_999_999_999)),
    pad(3),
    nameArb,
  )
  .map((parts) => parts.join(''));

const GENERATED: Record<string, fc.Arbitrary<string>> = { unix: unixLine, dos: dosLine };

/** The captured listings of real servers, line by line. */
function realLines(): string[] {
  const lines: string[] = [];
  for (const server of readdirSync(fixturePath('ftp'))) {
    try {
      lines.push(...readFileSync(fixturePath(`ftp/${server}/listing.txt`), 'utf8').split(/\r?\n/));
    } catch {
      // a server directory without a LIST capture
    }
  }
  return lines.filter(Boolean);
}

const REAL = realLines();

// ---- properties --------------------------------------------------------------------------------

test('the formats with a common-shape grammar', (t) => {
  t.deepEqual(withFast.map((parser) => parser.id).sort(), ['dos', 'unix']);
});

for (const parser of withFast) {
  parser.fastGrammars.forEach((fast, i) => {
    const label = `${parser.id} fastGrammars[${i}]`;

    test(`${label}: its group map lists every capture of the full grammar, in order`, (t) => {
      t.deepEqual(Object.keys(fast.groups), Object.keys(parser.grammar.groups));
    });

    test(`${label}: matches the captured server listings as the full grammar does`, (t) => {
      let matched = 0;
      for (const line of REAL) {
        t.true(agrees(parser, fast, line), line);
        if (fast.matchLine.test(line)) matched++;
      }
      if (parser.id === 'unix') t.true(matched > REAL.length / 2, `${matched} of ${REAL.length}`);
    });

    test(`${label}: fast-check: a restriction of the full grammar on generated ${parser.id} lines`, (t) => {
      const lines = GENERATED[parser.id] ?? pieceLine;
      let matched = 0;
      fc.assert(
        fc.property(lines, fc.constantFrom(undefined, 'Europe/Berlin'), (line, zone) => {
          if (fast.matchLine.test(line)) matched++;
          return agrees(parser, fast, line, zone);
        }),
        { numRuns: 3000 },
      );
      t.true(matched > 100, `only ${matched} generated lines had the common shape`);
    });

    test(`${label}: fast-check: a restriction of the full grammar on random and damaged lines`, (t) => {
      const base = GENERATED[parser.id] ?? pieceLine;
      const damaged = fc
        .tuple(base, fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES))
        .map(([line, at, cut, insert]) => {
          const position = at % (line.length + 1);
          return line.slice(0, position) + insert + line.slice(position + cut);
        });
      fc.assert(fc.property(fc.oneof(pieceLine, damaged), (line) => agrees(parser, fast, line)), { numRuns: 3000 });
      t.pass();
    });

    test(`${label}: the sticky form matches exactly the lines matchLine matches`, (t) => {
      fc.assert(
        fc.property(fc.array(fc.oneof(GENERATED[parser.id] ?? pieceLine, pieceLine), { maxLength: 6 }), fc.boolean(), (lines, crlf) => {
          const text = lines.map((line) => `${line}${crlf ? '\r\n' : '\n'}`).join('');
          let pos = 0;
          for (const line of lines) {
            fast.fast.lastIndex = pos;
            const sticky = fast.fast.exec(text);
            const whole = fast.matchLine.exec(line);
            if (JSON.stringify(sticky && [...sticky].slice(1)) !== JSON.stringify(whole && [...whole].slice(1))) return false;
            pos += line.length + (crlf ? 2 : 1);
          }
          return true;
        }),
        { numRuns: 1000 },
      );
      t.pass();
    });
  });

  test(`${parser.id}: fast-check: whole listings parse the same with and without the common-shape grammars`, (t) => {
    const full: GrammarLineParser = Object.create(parser, { fastGrammars: { value: [] } });
    const run = (p: GrammarLineParser, text: string, keepRaw: boolean) => {
      const ctx = new ParseContext({ now: NOW, keepRaw });
      const entries: string[] = [];
      const skipped: string[] = [];
      const session = p.open(ctx, { entry: (entry) => entries.push(JSON.stringify(Object.entries(entry))), skip: (s) => skipped.push(JSON.stringify(s)), listing: () => {} });
      session.write(text);
      session.end();
      return JSON.stringify([entries, skipped]);
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(GENERATED[parser.id] ?? pieceLine, fc.constantFrom(...REAL)), { maxLength: 30 }), fc.boolean(), (lines, keepRaw) => {
        const text = lines.join('\r\n');
        return run(parser, text, keepRaw) === run(full, text, keepRaw);
      }),
      { numRuns: 300 },
    );
    t.pass();
  });
}

test('a restriction may only capture names of the grammar it restricts; the others read as undefined', (t) => {
  const full = compileGrammar(seq(capture('a', token('a', 'a')), capture('b', token('b?', 'b'))));
  const common = compileGrammar(seq(capture('a', token('a', 'a')), token('b?', 'b')), full);
  t.deepEqual(Object.keys(common.groups), ['a', 'b']);
  t.is(common.matchLine.exec('ab')![common.groups.b!] as string | undefined, undefined);
  t.throws(() => compileGrammar(capture('c', token('c', 'c')), full), { message: /capture c is not in the grammar/ });
});
