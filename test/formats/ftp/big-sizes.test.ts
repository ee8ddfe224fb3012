/**
 * Sizes beyond 2^53 (`18446744073709551615`, a line of lftp's and ftpparse's tests): a double cannot
 * hold them, so `sizeBig` keeps the exact count and `sizePrecision` says how far `size` may be off.
 */
import test from 'ava';
import { parseListing } from '../../../src/index.js';

const MAX_U64 = 18446744073709551615n;

test('unix, mlsd, eplf, dos and macos keep a 64-bit size exact in sizeBig and mark size\'s precision', (t) => {
  const lines: [string, string][] = [
    ['unix', '-rw-r--r-- 1 u g 18446744073709551615 Nov 21  2019 huge'],
    ['mlsd', 'type=file;size=18446744073709551615; huge'],
    ['eplf', '+i1,m825718503,r,s18446744073709551615,\thuge'],
    ['dos', '11-21-19  10:00AM 18446744073709551615 huge'],
    ['macos', '-rw-r--r--        0   18446744073709551615 18446744073709551615 Nov 16  2006 huge'],
  ];
  for (const [format, line] of lines) {
    const listing = parseListing(line, { hint: format, now: Date.UTC(2026, 10, 21) });
    const entry = listing.entries[0];
    if (!entry) return t.fail(`${format}: ${JSON.stringify(listing.skipped)}`);
    t.is(entry.sizeBig, MAX_U64, format);
    t.is(entry.size, 2 ** 64, `${format}: the nearest double`);
    t.is(entry.sizePrecision, 4096, `${format}: doubles are 4096 apart at 2^64`);
    t.true(Math.abs(Number(MAX_U64 - BigInt(entry.size!))) <= entry.sizePrecision! / 2);
    t.is(entry.toJSON().sizeBig, '18446744073709551615', `${format}: JSON has the exact count as text`);
  }
});

test('sizes up to 2^53 stay exact numbers, without sizeBig', (t) => {
  const entry = parseListing('-rw-r--r-- 1 u g 9007199254740991 Nov 21  2019 f', 'unix').entries[0]!;
  t.is(entry.size, Number.MAX_SAFE_INTEGER);
  t.is(entry.sizePrecision, 1);
  t.is(entry.sizeBig, undefined);
  t.false('sizeBig' in entry.toJSON());
  const over = parseListing('-rw-r--r-- 1 u g 9007199254740993 Nov 21  2019 f', 'unix').entries[0]!;
  t.is(over.sizeBig, 9007199254740993n);
  t.is(over.sizePrecision, 2);
});
