/**
 * No grammar may take more than linear time: each adversarial line is parsed at 128 KiB and at
 * 1 MiB, and the time must grow about 8×, not 64× (quadratic). The comparison is within one run,
 * against itself, so a slow machine does not matter. It uses this process's CPU time and the best
 * of several runs, so other test files running in parallel do not count. The bound, 16×, also fails
 * a parser of n^1.5 (22.6×); a ratio over it is measured again (up to three times), so noise passes
 * on a second look and growth does not.
 */
import test from 'ava';
import { bestMs } from '../helpers.js';
import fc from 'fast-check';
import { listParsers, parseListing } from '../../src/index.js';

/** Shapes that make backtracking matchers retry: long runs of what a token or a lazy region accepts. */
const ADVERSARIAL: [string, (n: number) => string][] = [
  ['words after the mode (lazy group region)', (n) => `-rw-r--r-- 1 ${'a '.repeat(n / 2)}`],
  ['numbers that could each be a size', (n) => `-rw-r--r-- 1 o ${'1 '.repeat(n / 2)}`],
  ['size and month pairs without a day', (n) => `-rw-r--r-- 1 o ${'1 Nov '.repeat(n / 6)}`],
  ['device numbers without an end', (n) => `crw-r--r-- 1 o g ${'0, '.repeat(n / 3)}`],
  ['a date followed by digits only', (n) => `-rw-r--r-- 1 o g 1 Nov 1 ${'1'.repeat(n)}`],
  ['spaces only', (n) => ' '.repeat(n)],
  ['digits only', (n) => '1'.repeat(n)],
  ['dashes only', (n) => '-'.repeat(n)],
  ['repeated dates', (n) => `-rw-r--r-- 1 o ${'Nov 21 10:00 '.repeat(n / 13)}`],
  ['DOS date then grouped digits', (n) => `12-05-96  05:03PM ${'1,234'.repeat(n / 5)}`],
  ['DOS date then spaces', (n) => `12-05-96  05:03PM${' '.repeat(n)}`],
  ['DOS dates repeated', (n) => '12-05-96  '.repeat(n / 10)],
];

const SMALL = 128 * 1024;
const BOUND = 16;

/** The time of `large` over that of `small`, measured again while over the bound. */
function growth(small: () => void, large: () => void): number {
  small(); // warm up
  let ratio = Infinity;
  // A floor of 0.5 ms keeps timer noise on tiny runs from looking like growth.
  for (let attempt = 0; attempt < 3 && ratio >= BOUND; attempt++) ratio = Math.min(ratio, bestMs(large) / Math.max(0.5, bestMs(small)));
  return ratio;
}
const LARGE = 8 * SMALL;


for (const parser of listParsers()) {
  for (const [shape, make] of ADVERSARIAL) {
    test.serial(`${parser.id}: linear on ${shape}`, (t) => {
      const small = make(SMALL);
      const large = make(LARGE);
      const parse = (line: string) => () => {
        const listing = parseListing(`${line}\n`, { hint: parser.id, now: 0 });
        if (listing.entries.length + listing.skipped.length > 1) throw new Error('one line, one result');
      };
      const ratio = growth(parse(small), parse(large));
      t.true(ratio < BOUND, `1 MiB took ${ratio.toFixed(1)}× the time of 128 KiB`);
    });
  }
}

test.serial('detection on an adversarial listing is linear too', (t) => {
  const listing = (n: number) => `${'-rw-r--r-- 1 o '.concat('1 '.repeat(64))}\n`.repeat(n / 144);
  const small = listing(SMALL);
  const large = listing(LARGE);
  const ratio = growth(() => parseListing(small), () => parseListing(large));
  t.true(ratio < BOUND, `ratio ${ratio.toFixed(1)}`);
});

/** Pieces of real lines; a random few repeated to 1 MiB make shapes nobody thought of. */
const PIECES = ['-rw-r--r-- ', 'd', 'rwx', ' ', '  ', '1', '12 ', '0, ', 'root ', 'Nov ', '21 ', '10:00 ', '2019 ',
  '2026-11-21 ', '10:00:00.5 ', '+0100 ', '11月 ', '3日 ', '->', '12-05-96 ', '05:03PM ', '<DIR> ', '1,234', 'x'];

test.serial('fast-check: random repeated pieces stay linear in every grammar', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...listParsers().map((parser) => parser.id)),
      (parts, hint) => {
        const unit = parts.join('');
        const line = (size: number) => unit.repeat(Math.ceil(size / unit.length));
        const parse = (text: string) => () => parseListing(`${text}\n`, { hint, now: 0 });
        const small = line(SMALL);
        const large = line(LARGE);
        const ratio = growth(parse(small), parse(large));
        if (ratio >= BOUND) t.log(`${hint} ${JSON.stringify(unit)}: ${ratio.toFixed(1)}×`);
        return ratio < BOUND;
      },
    ),
    { numRuns: 30 },
  );
  t.pass();
});
