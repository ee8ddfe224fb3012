/**
 * Variants of the DOS / IIS listing: clocks, date layouts and column spacing that Windows servers and
 * embedded devices write. Expected values are worked out by hand from each layout; the round-trip
 * property checks every layout the formatter can write.
 */
import test from 'ava';
import fc from 'fast-check';
import { type EntryType, StatResult } from '../../../src/index.js';
import { DOS_STYLES, type DosStyleName, formatDos } from '../../../grammars/dos.js';
import { formatTester, iso, assertRoundTrip } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);

const { parse, one } = formatTester('dos', NOW);

test('one-digit hours, 12- and 24-hour clocks', (t) => {
  t.is(iso(one('09-13-10  1:05PM       1234 a')), '2010-09-13T13:05:00.000Z');
  t.is(iso(one('09-13-10  9:05AM       1234 a')), '2010-09-13T09:05:00.000Z');
  t.is(iso(one('09-13-10  9:05         1234 a')), '2010-09-13T09:05:00.000Z');
  t.is(iso(one('09-13-10  13:08        1234 a')), '2010-09-13T13:08:00.000Z');
  t.is(iso(one('09-13-10  0:00         1234 a')), '2010-09-13T00:00:00.000Z');
  t.regex(parse('09-13-10  13:08PM        1234 a').skipped[0]!.reason, /hour 13 is not 1-12/);
  t.regex(parse('09-13-10  24:00        1234 a').skipped[0]!.reason, /hour 24/);
});

test('a space before AM/PM', (t) => {
  t.is(iso(one('04-08-14  03:09 PM       1234 readme.txt')), '2014-04-08T15:09:00.000Z');
  t.is(iso(one('04-08-14  12:09 am       1234 readme.txt')), '2014-04-08T00:09:00.000Z');
});

test('YYYY-MM-DD dates', (t) => {
  const dir = one('2010-09-13  13:08       <DIR>          Windows');
  t.like(dir, { name: 'Windows', type: 'directory', size: undefined, mtimePrecision: 'minute' });
  t.is(iso(dir), '2010-09-13T13:08:00.000Z');
  t.is(iso(one('1998-02-28  11:59PM          1 a')), '1998-02-28T23:59:00.000Z');
  t.regex(parse('2010-02-30  13:08  1 a').skipped[0]!.reason, /day 30/);
});

test('MM/DD/YY and MM/DD/YYYY dates', (t) => {
  t.is(iso(one('09/13/10  01:05PM       1234 c.txt')), '2010-09-13T13:05:00.000Z');
  t.is(iso(one('09/13/2010  01:05 PM       1234 c.txt')), '2010-09-13T13:05:00.000Z');
  t.is(iso(one('12/31/99  23:59  <DIR>  old')), '1999-12-31T23:59:00.000Z', 'the two-digit year pivot applies');
  // The separators must agree.
  t.is(parse('09-13/10  01:05PM  1 a').entries.length, 0);
  t.is(parse('09/13-10  01:05PM  1 a').entries.length, 0);
  t.is(parse('2010/09/13  01:05PM  1 a').entries.length, 0);
});

test('single spaces between the columns (embedded devices)', (t) => {
  t.like(one('09-13-10 13:08 <DIR> Windows'), { name: 'Windows', type: 'directory' });
  const file = one('09-13-10 13:08 1234 file name.txt');
  t.like(file, { name: 'file name.txt', type: 'file', size: 1234 });
  t.is(iso(file), '2010-09-13T13:08:00.000Z');
  t.like(one('09-13-10 1:08PM 1,234 x'), { size: 1234 });
});

test('digit-grouped sizes', (t) => {
  t.is(one('09-13-10  13:08      1,234,567 a').size, 1_234_567);
  t.is(one('09-13-10  13:08      1.234.567 a').size, 1_234_567);
  t.is(one('09-13-10  13:08           1234 a').size, 1234);
  t.is(parse('09-13-10  13:08      1,2345 a').entries.length, 0, 'a group has three digits');
});

test('the first bad column is named', (t) => {
  t.is(parse('4-08-14  03:09PM  1 docs').skipped[0]!.reason, 'expected a month MM at column 1 of a dos line');
  t.regex(parse('2010/09/13  13:08  1 docs').skipped[0]!.reason, /^expected "-" at column 5 of a dos line$/);
});

test('formatDos writes each style', (t) => {
  const dir = new StatResult('My Dir', 'directory', 'dos');
  dir.mtimeMs = Date.UTC(1997, 10, 14, 16, 21);
  const file = new StatResult('f.txt', 'file', 'dos');
  file.size = 953;
  file.mtimeMs = Date.UTC(2010, 8, 13, 9, 5);
  const write = (style: DosStyleName) => formatDos([dir, file], { style, now: NOW });
  t.is(write('iis'), '11-14-97  04:21PM       <DIR>          My Dir\n09-13-10  09:05AM                  953 f.txt\n');
  t.is(write('iis-long-date'), '11-14-1997  04:21PM       <DIR>          My Dir\n09-13-2010  09:05AM                  953 f.txt\n');
  t.is(write('24-hour'), '11-14-97  16:21         <DIR>          My Dir\n09-13-10  09:05                    953 f.txt\n');
  t.is(write('slash'), '11/14/1997  04:21 PM       <DIR>          My Dir\n09/13/2010  09:05 AM                  953 f.txt\n');
  t.is(write('iso'), '1997-11-14  16:21         <DIR>          My Dir\n2010-09-13  09:05                    953 f.txt\n');
  t.is(write('compact'), '11-14-97 16:21 <DIR> My Dir\n09-13-10 09:05 953 f.txt\n');
  t.is(formatDos([dir], { now: NOW }), write('iis').split('\n')[0] + '\n', 'iis is the default');
  t.throws(() => formatDos([dir], { style: 'nope' as DosStyleName }), { instanceOf: RangeError, message: /Unknown DOS style 'nope'/ });
});

const entryArb = (now: number) =>
  fc
    .record({
      type: fc.constantFrom<EntryType>('file', 'directory', 'symlink'),
      name: fc.stringMatching(/^[^ \r\n/\\][^\r\n/\\]{0,20}$/).filter((name) => name !== '.' && name !== '..'),
      size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      target: fc.stringMatching(/^[^\r\n[\]]{1,12}$/),
      mtimeMs: fc.oneof(fc.integer({ min: now - 200 * 86_400_000, max: now }), fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 0, 1) })),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.type, 'dos');
      if (r.type === 'file') entry.size = r.size;
      if (r.type === 'symlink') entry.target = r.target;
      entry.mtimeMs = r.mtimeMs;
      return entry;
    });

for (const style of Object.keys(DOS_STYLES) as DosStyleName[]) {
  test(`dos style ${style}: parseListing(formatDos(xs)) gives xs back within the precision`, (t) => {
    assertRoundTrip({
      format: 'dos',
      formatOptions: { style },
      entry: entryArb,
      now: fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2090, 0, 1) }),
      zones: ['UTC', 'America/New_York', 'Asia/Kolkata'],
      fields: ['name', 'type', 'size', 'target'],
      maxEntries: 6,
      numRuns: 200,
    });
    t.pass();
  });
}
