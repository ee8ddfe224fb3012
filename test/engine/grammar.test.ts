/**
 * The three executions of every built-in line grammar (sticky regex, generated char-code scanner,
 * parsimmon diagnosis) must accept the same lines and capture the same text: the meaning is written
 * once over captures. Checked for each grammar and each of its `fastGrammars`.
 */
import test from 'ava';
import fc from 'fast-check';
import { GrammarLineParser, formatListing, listParsers, parseListing } from '../../src/index.js';
import { alt, capture, compileGrammar, lazy, opt, seq, token, type CompiledGrammar } from '../../src/grammar.js';
import { normalizeCaptures } from '../helpers.js';

const grammarParsers = listParsers().filter((parser): parser is GrammarLineParser => parser instanceof GrammarLineParser);

/** Pieces real lines are made of, so random sequences often come close to valid lines. */
const PIECES = [
  'drwxr-xr-x', '-rw-r--r--', 'lrwxrwxrwx', 'crw-rw----', '-rwsr-sr-t+', 'brw-r--r--.', 'drw-r--rw',
  ' ', '  ', '   ', '1', '12', '4096', '0, 27', '7,   0', 'root', 'Domain Users', 'ftp', '1001',
  'Nov', 'Mär', 'déc.', 'Jam', '21', ' 5', '10:00', '0:23', '2019', ' 2019', '2026-11-21', '23:59:59.123456789',
  '+0100', '11月', '3日', '2003年', 'name', ' -> ', 'a b', '.', '..', '<DIR>', '<JUNCTION>', '12-05-96',
  '05-26-1995', '05:03PM', '17:03', '1,234,567', '[C:\\x]', 'é', '\t', '\r', ';', 'x'.repeat(40),
];

const lineArb = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((parts) => parts.join(' ')),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

/** Real-looking lines from each formatter, then damaged at a random place. */
function mutatedLine(format: string): fc.Arbitrary<string> {
  const sample = formatListing(parseListing(SAMPLES[format]!, { hint: format, now: NOW }).entries, format, { now: NOW })
    .split('\n')
    .filter(Boolean);
  return fc
    .tuple(fc.constantFrom(...sample), fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES))
    .map(([line, at, cut, insert]) => {
      const position = at % (line.length + 1);
      return line.slice(0, position) + insert + line.slice(position + cut);
    });
}

const NOW = Date.UTC(2026, 10, 21, 12);
const SAMPLES: Record<string, string> = {
  unix: [
    'drwxr-xr-x   2 root     root         4096 Nov 21 10:00 dir one',
    'crw-r-----   1 root     kmem        0, 27 Jan 30  2019 kmem',
    'lrwxrwxrwx   1 1001     1001           4 Mar  2 18:06 ln -> target',
    '-rwsr-sr-t   1 ftp      Domain Users  12 Jun  3  2003  lead',
  ].join('\n'),
  dos: [
    '12-05-96  05:03PM       <DIR>          myDir',
    '11-14-1997  16:21             1,234,567 My File.ini',
  ].join('\n'),
};

/** The scanner's captures of a whole line, as long as the regex's match array; 'BUDGET' if it gave up. */
function scannerCaptures(grammar: CompiledGrammar, line: string): (string | null)[] | null | 'BUDGET' {
  const scanner = grammar.scanner!;
  const result = scanner.matchLine(line);
  if (result === -2) return 'BUDGET';
  if (!result) return null;
  const width = new RegExp(`${grammar.matchLine.source}|`).exec('')!.length;
  return normalizeCaptures(scanner.captures())!.slice(0, width);
}

const grammarsOf = (parser: GrammarLineParser): [string, CompiledGrammar][] => [
  [parser.id, parser.grammar],
  ...parser.fastGrammars.map((grammar, i): [string, CompiledGrammar] => [`${parser.id} fastGrammars[${i}]`, grammar]),
];

for (const parser of grammarParsers) for (const [label, grammar] of grammarsOf(parser)) {
  /** The regex, the scanner (where the grammar has one) and parsimmon: one answer, or a description of the disagreement. */
  const agree = (line: string): boolean => {
    const fast = JSON.stringify(normalizeCaptures(grammar.matchLine.exec(line)));
    const diagnosis = grammar.diagnose(line);
    const slow = JSON.stringify(diagnosis.ok ? normalizeCaptures(diagnosis.captures) : null);
    const scanned = grammar.scanner === undefined ? fast : JSON.stringify(scannerCaptures(grammar, line));
    return fast === slow && fast === scanned;
  };

  test(`${label}: regex, scanner and parsimmon agree on random lines`, (t) => {
    t.plan(0);
    fc.assert(fc.property(lineArb, agree), { numRuns: 3000 });
  });

  if (SAMPLES[parser.id]) {
    test(`${label}: regex, scanner and parsimmon agree on damaged real lines`, (t) => {
      fc.assert(fc.property(mutatedLine(parser.id), agree), { numRuns: 3000 });
      t.pass();
    });
  }

  test(`${label}: the sticky fast path and the scanner match exactly what matchLine matches, line by line`, (t) => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 6 }), fc.boolean(), (lines, crlf) => {
        const end = crlf ? '\r\n' : '\n';
        const text = lines.map((line) => `${line.replace(/[\r\n]/g, '')}${end}`).join('');
        let pos = 0;
        for (const line of lines) {
          const clean = line.replace(/[\r\n]/g, '');
          grammar.fast.lastIndex = pos;
          const sticky = grammar.fast.exec(text);
          const whole = grammar.matchLine.exec(clean);
          const expected = JSON.stringify(normalizeCaptures(whole)?.slice(1) ?? null);
          // With CRLF a token that takes `\r` may end the regex's body differently from the bare line.
          if (!crlf && JSON.stringify(normalizeCaptures(sticky)?.slice(1) ?? null) !== expected) return false;
          if (grammar.scanner !== undefined) {
            const next = grammar.scanner.scan(text, pos);
            if (next !== (sticky ? grammar.fast.lastIndex : -1)) return false;
            if (sticky && JSON.stringify(normalizeCaptures(grammar.scanner.captures())!.slice(0, sticky.length)) !== JSON.stringify(normalizeCaptures(sticky))) return false;
          }
          pos += clean.length + end.length;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
    t.pass();
  });
}

test('every built-in line grammar has a scanner but EPLF, whose fact token the generator refuses', (t) => {
  for (const parser of grammarParsers) {
    for (const [label, grammar] of grammarsOf(parser)) {
      if (parser.id === 'eplf') t.regex(grammar.scannerRefusal ?? '', /repetition followed by what it may match/, label);
      else t.not(grammar.scanner, undefined, `${label}: ${grammar.scannerRefusal}`);
    }
  }
});

test('the error names what was expected and where', (t) => {
  const unix = grammarParsers.find((parser) => parser.id === 'unix')!;
  //                    1        10        20        30        40  43
  const line = 'drwxr-xr-x   2 root     root         4096 21 10:00 dir one';
  t.regex(unix.explain(line), /expected .*a month name.* at column 43/);
  t.regex(unix.explain('garbage'), /expected a mode such as drwxr-xr-x at column 1/);
});

test('alt, opt and lazy backtrack in parsimmon and the scanner as they do in the regex', (t) => {
  // `lazy` takes as few words as let a number follow; `opt` gives up its match when the rest needs it.
  const grammar = compileGrammar(
    seq(
      capture('words', seq(token('[a-z]+', 'a word'), lazy(token(' +', 'spaces'), token('[a-z0-9]+', 'a word')))),
      token(' +', 'spaces'),
      opt(capture('first', token('\\d+', 'a number')), token(' +', 'spaces')),
      capture('last', alt(token('\\d+x', 'a number then x'), token('\\d+', 'a number'))),
    ),
  );
  t.not(grammar.scanner, undefined, grammar.scannerRefusal);
  for (const line of ['ab cd 12 34', 'ab 12', 'ab c9 12x', 'ab 1 2 3']) {
    const fast = normalizeCaptures(grammar.matchLine.exec(line));
    const diagnosis = grammar.diagnose(line);
    t.true(diagnosis.ok, line);
    t.is(JSON.stringify(diagnosis.ok ? normalizeCaptures(diagnosis.captures) : null), JSON.stringify(fast), line);
    t.is(JSON.stringify(scannerCaptures(grammar, line)), JSON.stringify(fast), `scanner: ${line}`);
  }
  t.is(JSON.stringify(normalizeCaptures(grammar.matchLine.exec('ab 1 2 3'))?.slice(1)), JSON.stringify(['ab 1', '2', '3']));
});

test('a token with a capturing group is refused at declaration', (t) => {
  t.throws(() => token('(a)', 'a'), { message: /\(\?:\) groups only/ });
});
