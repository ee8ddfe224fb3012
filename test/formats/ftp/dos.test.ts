/**
 * The dos format (IIS / Windows FTP "MS-DOS" listing style, `dir`), behaviour by behaviour. Expected
 * values are worked out by hand from the format: `MM-DD-YY[YY]`, a 12- or 24-hour time, a size or a
 * `<DIR>`/`<JUNCTION>` tag, and the name.
 */
import test from 'ava';
import { DOS_YEAR_PIVOT, ParseContext, parseDosDate } from '../../../src/index.js';
import { formatTester, iso } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);

const { parse, one } = formatTester('dos', NOW);

test('MM-DD-YY and MM-DD-YYYY', (t) => {
  const short = one('11-14-97  04:21PM                  953 MYFILE.INI');
  t.like(short, { name: 'MYFILE.INI', type: 'file', size: 953, sizePrecision: 1, mtimePrecision: 'minute' });
  t.is(iso(short), '1997-11-14T16:21:00.000Z');
  t.is(iso(one('05-26-1995  10:57AM               143712 $LDR$')), '1995-05-26T10:57:00.000Z');
  t.is(iso(one('08-07-2015  07:50PM                  718 Post.dat')), '2015-08-07T19:50:00.000Z');
});

test('the two-digit year pivot: 69 is 2069, 70 is 1970', (t) => {
  t.is(DOS_YEAR_PIVOT, 70);
  t.is(iso(one('01-01-69  12:00PM                    1 a')), '2069-01-01T12:00:00.000Z');
  t.is(iso(one('01-01-70  12:00PM                    1 a')), '1970-01-01T12:00:00.000Z');
  t.is(iso(one('07-17-00  02:08PM             12266720 test.exe')), '2000-07-17T14:08:00.000Z');
  t.is(iso(one('12-31-99  11:59PM                    1 a')), '1999-12-31T23:59:00.000Z');
});

test('AM and PM, including 12AM (midnight hour) and 12PM (noon hour)', (t) => {
  t.is(iso(one('05-22-97  12:08AM                  828 a')), '1997-05-22T00:08:00.000Z');
  t.is(iso(one('05-22-97  12:08PM                  828 a')), '1997-05-22T12:08:00.000Z');
  t.is(iso(one('05-22-97  01:00AM                  828 a')), '1997-05-22T01:00:00.000Z');
  t.is(iso(one('05-22-97  11:59PM                  828 a')), '1997-05-22T23:59:00.000Z');
  t.is(iso(one('05-22-97  03:09pm                  828 a')), '1997-05-22T15:09:00.000Z', 'lower case');
  t.is(iso(one('04-08-14  03:09 PM       1234 readme.txt')), '2014-04-08T15:09:00.000Z', 'a space before PM (suppaftp #144)');
  t.is(iso(one('04-08-14  10:30 AM       <DIR> somedir')), '2014-04-08T10:30:00.000Z');
});

test('24-hour times', (t) => {
  t.is(iso(one('12-05-96  17:03         <DIR>          absoft2')), '1996-12-05T17:03:00.000Z');
  t.is(iso(one('05-22-97  00:08                    828 a')), '1997-05-22T00:08:00.000Z');
  t.is(iso(one('05-22-97  8:08                     828 a')), '1997-05-22T08:08:00.000Z', 'one-digit hour');
});

test('<DIR> is a directory without a size', (t) => {
  const dir = one('12-05-96  05:03PM       <DIR>          myDir');
  t.like(dir, { name: 'myDir', type: 'directory', size: undefined, sizePrecision: undefined, mode: undefined });
  t.true(dir.isDirectory());
});

test('<JUNCTION> and <SYMLINKD> are symlinks with the [target] split off (and a <SYMLINK> file link)', (t) => {
  t.like(one('02-15-12  09:49AM    <JUNCTION>     Application Data [C:\\Users\\x\\AppData\\Roaming]'), {
    type: 'symlink',
    name: 'Application Data',
    target: 'C:\\Users\\x\\AppData\\Roaming',
    size: undefined,
  });
  t.like(one('02-15-12  09:49AM    <SYMLINKD>     docs [..\\shared docs]'), { type: 'symlink', name: 'docs', target: '..\\shared docs' });
  t.like(one('02-15-12  09:49AM    <JUNCTION>     plain'), { type: 'symlink', name: 'plain', target: undefined });
  // `dir` shows a file symlink (mklink, no /D) as <SYMLINK>, a directory one as <SYMLINKD>.
  t.like(one('02-15-12  09:49AM    <SYMLINK>      notes.txt [..\\shared\\notes.txt]'), {
    type: 'symlink',
    name: 'notes.txt',
    target: '..\\shared\\notes.txt',
    size: undefined,
  });
  t.like(one('02-15-12  09:49AM                 12 a [b]'), { type: 'file', name: 'a [b]', target: undefined }, 'a file keeps brackets');
});

test('sizes grouped with commas or dots', (t) => {
  t.is(one('04-08-14  03:09PM  1,234 readme.txt').size, 1234);
  t.is(one('04-08-14  03:09PM  1,234,567 bigfile.bin').size, 1_234_567);
  t.is(one('04-08-14  03:09PM  1.234.567 bigfile.bin').size, 1_234_567);
  t.is(one('05-22-97  12:08AM                  5000000000 AUTOEXEC.BAK').size, 5_000_000_000);
});

test('names with spaces; leading spaces are column padding', (t) => {
  t.is(one('09-13-10  13:08       <DIR>          My Documents').name, 'My Documents');
  t.is(one('12-03-96  06:38       <DIR>           10 years and under').name, '10 years and under');
  t.is(one('12-03-96  06:38AM     <DIR>          123 abc xyz').name, '123 abc xyz');
  t.is(one('12-03-96  06:38AM                  1 two  spaces ').name, 'two  spaces ', 'inner and trailing spaces kept');
});

test('timeZone: times are the server wall clock', (t) => {
  t.is(iso(one('07-13-98  09:06PM       <DIR>          aix', { timeZone: 'Europe/Berlin' })), '1998-07-13T19:06:00.000Z');
  t.is(iso(one('01-13-98  09:06PM       <DIR>          aix', { timeZone: 'Europe/Berlin' })), '1998-01-13T20:06:00.000Z');
});

test('impossible dates and times are skipped with a reason', (t) => {
  const cases: [string, RegExp][] = [
    ['13-01-20  10:00AM                    1 a', /month 13 is not 1-12/],
    ['34-08-14  03:09PM  <DIR> docs', /month 34 is not 1-12/],
    ['02-30-20  10:00AM                    1 a', /day 30 does not exist in 2020-02/],
    ['02-29-21  10:00AM                    1 a', /day 29 does not exist in 2021-02/],
    ['01-01-20  24:00                      1 a', /hour 24 is not 0-23/],
    ['01-01-20  13:00PM                    1 a', /hour 13 is not 1-12 on a 12-hour clock/],
    ['01-01-20  00:30AM                    1 a', /hour 00 is not 1-12 on a 12-hour clock/],
    ['01-01-20  10:60AM                    1 a', /minute 60 is not 0-59/],
  ];
  for (const [line, reason] of cases) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.is(listing.skipped.length, 1, line);
    t.regex(listing.skipped[0]!.reason, reason, line);
  }
  t.is(one('02-29-20  10:00AM                    1 a').name, 'a', '2020 is a leap year');
});

test('a bad line names what was expected and the column', (t) => {
  // "OMAR" starts at column 20, where the size or tag belongs.
  t.is(parse('04-08-14  03:09PM  OMAR docs').skipped[0]!.reason, 'expected <DIR> or a size at column 20 of a dos line');
  t.regex(parse('4-08-14  03:09PM  1 docs').skipped[0]!.reason, /^expected a month MM at column 1 of a dos line$/);
  t.regex(parse('     0           DIR   05-19-97   12:56  local').skipped[0]!.reason, /at column 1 of a dos line$/, 'an OS/2 line');
});

test('paths are no names', (t) => {
  const listing = parse('04-08-14  03:09PM  1 a\\b');
  t.deepEqual(listing.entries, []);
  t.regex(listing.skipped[0]!.reason, /path separator/);
});

test('parseDosDate reads a date and a time in the server zone', (t) => {
  const ctx = new ParseContext({ timeZone: 'Europe/Berlin' });
  t.deepEqual(parseDosDate('11-14-97', '04:21PM', ctx), { mtimeMs: Date.UTC(1997, 10, 14, 15, 21), mtimePrecision: 'minute' });
  t.deepEqual(parseDosDate('11-14-1997', '16:21', ctx), { mtimeMs: Date.UTC(1997, 10, 14, 15, 21), mtimePrecision: 'minute' });
});
