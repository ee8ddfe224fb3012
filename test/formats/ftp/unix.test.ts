/**
 * The unix (`ls -l`) format, behaviour by behaviour. Expected values are worked out by hand from
 * POSIX `ls` (XCU "ls", STDOUT section), GNU coreutils `ls` and the year rule in src/time.ts.
 */
import test from 'ava';
import type { YearRule } from '../../../src/index.js';
import { formatTester, iso } from '../../helpers.js';

/** Thursday 2026-11-26 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 26, 12);

const { parse, one } = formatTester('unix', NOW);

/** The wall-clock UTC ISO time of a yearless line parsed at `now`. */
function yearless(date: string, now: number, yearRule?: YearRule): string | undefined {
  return iso(one(`-rw-r--r-- 1 u g 1 ${date} f`, { now, yearRule }));
}

// ---- owner and group --------------------------------------------------------------------------------

test('owner and group columns, or only the owner (ls -o)', (t) => {
  const both = one('-rw-r--r--   1 ftp      staff         512 Jan  2  2019 file.txt');
  t.like(both, { owner: 'ftp', group: 'staff', size: 512, nlink: 1, uid: undefined, gid: undefined });
  const ownerOnly = one('-rw-r--r--   1 ftp           512 Jan  2  2019 file.txt');
  t.like(ownerOnly, { owner: 'ftp', group: undefined, size: 512, name: 'file.txt' });
  const glued = one('-rw-r--r-- 1 ftp 512 Jan  2  2019 file.txt');
  t.like(glued, { owner: 'ftp', group: undefined, size: 512 });
});

test('numeric owner and group also give uid and gid', (t) => {
  t.like(one('-rw-------    1 1001     100           487 Feb 25 19:03 package.json'), {
    owner: '1001',
    group: '100',
    uid: 1001,
    gid: 100,
  });
  t.like(one('-rw-------    1 1001     users         487 Feb 25 19:03 package.json'), { uid: 1001, gid: undefined });
});

test('names with single spaces: "Domain Users", and an owner ended by a run of spaces', (t) => {
  t.like(one('drwx------ 4 maxm Domain Users 512 Oct 2 10:59 .metadata'), { owner: 'maxm', group: 'Domain Users', size: 512 });
  t.like(one('drwxr-xr-x   2 john smith     test group         4096 Mar  2 15:13 zxbox'), {
    owner: 'john smith',
    group: 'test group',
    size: 4096,
  });
  // ls pads the group column, so a device's "major," may follow the group after two spaces.
  t.like(one('crw-rw---- 1 root disk  7,   0 Nov 21  2019 loop0'), { owner: 'root', group: 'disk', major: 7, minor: 0 });
  t.like(parse('----rwxr-x   1 PEP      0  xx        422 Mar 24 14:06 readme'), { entries: [] }, 'three name columns');
});

// ---- mode --------------------------------------------------------------------------------------------

test('type letters', (t) => {
  const types = Object.fromEntries(
    ['-', 'd', 'l', 'b', 'c', 'p', 's', 'f'].map((letter) => [letter, one(`${letter}rw-r--r-- 1 u g 1 Nov 21  2019 x`).type]),
  );
  t.deepEqual(types, {
    '-': 'file',
    d: 'directory',
    l: 'symlink',
    b: 'block-device',
    c: 'char-device',
    p: 'fifo',
    s: 'socket',
    f: 'file',
  });
});

test('s S t T: set-id and sticky bits with and without execute', (t) => {
  // S_IFREG 0o100000; user r w s = 0o400|0o200|0o4100; group r - S = 0o040|0o2000; other r - T = 0o004|0o1000.
  t.is(one('-rwsr-Sr-T 1 u g 0 Nov 21  2019 x').mode, 0o107744);
  // S_IFDIR 0o040000; rwx rwx rwt = 0o777 | 0o1000.
  t.is(one('drwxrwxrwt 7 root root 4096 May 19  2012 tmp').mode, 0o041777);
  // user S = 0o4000 without 0o100; group s = 0o2010; other t = 0o1001.
  t.is(one('-rwSr-sr-t 1 u g 0 Nov 21  2019 x').mode, 0o100000 | 0o4000 | 0o600 | 0o2010 | 0o040 | 0o1001 | 0o004);
});

test('ACL and attribute marks + . @ are accepted after the mode', (t) => {
  for (const mark of ['+', '.', '@']) {
    const entry = one(`-rw-r--r--${mark}  1 u g 10 Nov 21  2019 x`);
    t.like(entry, { mode: 0o100644, nlink: 1, size: 10, name: 'x' }, mark);
  }
  t.like(one('drwxr-x---+1464 chrism   chrism     41472 Feb 25 13:17 20090225'), { nlink: 1464, owner: 'chrism' }, 'a wide link count touching the mark');
  t.like(parse('-rw-r--r--1 u g 10 Nov 21  2019 x'), { entries: [] }, 'without a mark the mode needs a space');
});

test('modes one letter short are read with a last "-" (basic-ftp #193)', (t) => {
  t.is(one('drw-r--rw   1     root     root         0 Apr 21 19:31 Directory1').mode, 0o040646);
});

// ---- size and devices -------------------------------------------------------------------------------

test('block and character devices show major, minor and no size', (t) => {
  const c = one('crw-r----- 1 root kmem 1,   2 Jan 30 11:42 kmem');
  t.like(c, { type: 'char-device', major: 1, minor: 2, size: undefined });
  t.like(one('brw-rw----   1 root     disk       8,   0 Nov 21  2019 sda'), { type: 'block-device', major: 8, minor: 0 });
  t.like(one('crw-------   1 root     sys      109,767 Jul  2  2004 pci@1c,600000:devctl'), { major: 109, minor: 767 });
});

test('sizes beyond 2^32 are exact', (t) => {
  t.like(one('-rwxr-xr-x   2 user     group      5000000000 Mar  2  2015 big'), { size: 5_000_000_000, sizePrecision: 1 });
});

// ---- decoration ---------------------------------------------------------------------------------------

test('"total N" lines, ".", ".." and blank lines are neither entries nor skipped', (t) => {
  const listing = parse(
    [
      'total 1234',
      'drwxr-xr-x  11 u g 374 Dec 11 21:24 .',
      'drwxr-xr-x  38 u g 1292 Dec 11 14:31 ..',
      '',
      '-rw-r--r--   1 u g 1057 Dec 11 14:35 LICENSE.txt',
      'insgesamt 8',
      'total 1.2M',
    ].join('\n'),
  );
  t.deepEqual(listing.entries.map((entry) => entry.name), ['LICENSE.txt']);
  t.deepEqual(listing.skipped, []);
});

// ---- dates --------------------------------------------------------------------------------------------

test('Mon DD HH:MM, by default (proftpd\'s rule): the earliest such date not older than 180 days', (t) => {
  const entry = one('-rw-r--r-- 1 u g 1 Nov 21 10:00 f');
  t.is(iso(entry), '2026-11-21T10:00:00.000Z');
  t.is(entry.mtimePrecision, 'minute');
  t.is(yearless('Nov 26 12:00', NOW), '2026-11-26T12:00:00.000Z', 'now itself');
  // now - 180 days = 2026-05-30T12:00Z.
  t.is(yearless('May 30 12:00', NOW), '2026-05-30T12:00:00.000Z', '180 days ago');
  t.is(yearless('May 30 11:59', NOW), '2027-05-30T11:59:00.000Z', 'older would have shown its year');
  t.is(yearless('Dec 25 00:00', NOW), '2026-12-25T00:00:00.000Z', 'a month ahead: the future');
  t.is(yearless('Jan  2 03:04', NOW), '2027-01-02T03:04:00.000Z');
});

test('Mon DD HH:MM with the commons-net rule: last year when more than one day in the future', (t) => {
  // now = 2026-11-26T12:00Z; now + 1 day = 2026-11-27T12:00.
  t.is(yearless('Nov 27 12:00', NOW, 'commons-net'), '2026-11-27T12:00:00.000Z', 'exactly one day ahead: clock skew');
  t.is(yearless('Nov 27 12:01', NOW, 'commons-net'), '2025-11-27T12:01:00.000Z');
  t.is(yearless('Dec 25 00:00', NOW, 'commons-net'), '2025-12-25T00:00:00.000Z');
  t.is(yearless('Jan  2 03:04', NOW, 'commons-net'), '2026-01-02T03:04:00.000Z');
});

test('Mon DD HH:MM across New Year', (t) => {
  const now = Date.UTC(2027, 0, 1, 0, 30);
  t.is(yearless('Dec 31 23:59', now), '2026-12-31T23:59:00.000Z', 'yesterday is last year');
  t.is(yearless('Jan  1 23:00', now), '2027-01-01T23:00:00.000Z', '22.5 hours ahead');
  t.is(yearless('Jan  2 01:00', now), '2027-01-02T01:00:00.000Z', '24.5 hours ahead: the future');
  t.is(yearless('Jan  2 01:00', now, 'commons-net'), '2026-01-02T01:00:00.000Z', '24.5 hours ahead: commons-net');
  t.is(yearless('Jan  5 10:00', Date.UTC(2026, 11, 20)), '2027-01-05T10:00:00.000Z', 'next January seen in December');
});

test('Feb 29 without a year: the leap year the rule allows', (t) => {
  t.is(yearless('Feb 29 10:00', Date.UTC(2026, 2, 1, 12), 'commons-net'), '2024-02-29T10:00:00.000Z', '2026 has no Feb 29');
  t.is(yearless('Feb 29 10:00', Date.UTC(2026, 2, 1, 12)), '2028-02-29T10:00:00.000Z', 'proftpd would show 2024 with its year');
  t.is(yearless('Feb 29 10:00', Date.UTC(2028, 2, 1, 12)), '2028-02-29T10:00:00.000Z', 'a leap year');
  // 25 hours ahead in a leap year: last year (2027) has no Feb 29 either (Commons Net NET-444 trap).
  t.is(yearless('Feb 29 13:00', Date.UTC(2028, 1, 28, 12), 'commons-net'), '2024-02-29T13:00:00.000Z');
  t.is(yearless('Feb 29 13:00', Date.UTC(2028, 1, 28, 12)), '2028-02-29T13:00:00.000Z');
});

test('Mon DD  YYYY is a day', (t) => {
  const entry = one('-rw-r--r-- 1 u g 1 Nov 21  2019 f');
  t.is(iso(entry), '2019-11-21T00:00:00.000Z');
  t.is(entry.mtimePrecision, 'day');
  t.is(iso(one('-rw-r--r-- 1 u g 1 Jan 23  2029 f')), '2029-01-23T00:00:00.000Z', 'a shown future year is kept');
});

test('long-iso and full-iso', (t) => {
  const long = one('-rw-r--r-- 1 u g 1 2026-11-21 10:00 f');
  t.is(iso(long), '2026-11-21T10:00:00.000Z');
  t.is(long.mtimePrecision, 'minute');
  const full = one('-rw-r--r-- 1 u g 1 2026-11-21 10:00:00.123456789 +0100 f');
  t.is(iso(full), '2026-11-21T09:00:00.123Z');
  t.is(full.mtimePrecision, 'millisecond');
  const zoned = one('-rw-r--r-- 1 u g 1 2026-11-21 10:00:00.123456789 +0100 f', { timeZone: 'America/New_York' });
  t.is(iso(zoned), '2026-11-21T09:00:00.123Z', 'the explicit offset wins over timeZone');
  t.is(iso(one('-rw-r--r-- 1 u g 1 2026-07-01 10:00:00 -0330 f')), '2026-07-01T13:30:00.000Z');
});

test('timeZone: wall-clock times are Europe/Berlin times', (t) => {
  const berlin = { timeZone: 'Europe/Berlin' };
  t.is(iso(one('-rw-r--r-- 1 u g 1 2026-01-15 10:00 f', berlin)), '2026-01-15T09:00:00.000Z', 'CET = UTC+1');
  t.is(iso(one('-rw-r--r-- 1 u g 1 2026-07-15 10:00 f', berlin)), '2026-07-15T08:00:00.000Z', 'CEST = UTC+2');
  t.is(iso(one('-rw-r--r-- 1 u g 1 Nov 21  2019 f', berlin)), '2019-11-20T23:00:00.000Z', 'a day starts at local midnight');
  // 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST; 02:30 does not exist and moves forward by the gap.
  t.is(iso(one('-rw-r--r-- 1 u g 1 2026-03-29 02:30 f', berlin)), '2026-03-29T01:30:00.000Z');
  // 2026-10-25: 02:30 happens twice (CEST 00:30Z, then CET 01:30Z); the earlier is taken.
  t.is(iso(one('-rw-r--r-- 1 u g 1 2026-10-25 02:30 f', berlin)), '2026-10-25T00:30:00.000Z');
});

test('year inference uses the server zone', (t) => {
  // now = 2026-12-31T23:30Z is already 2027-01-01 00:30 in Berlin, so Dec 31 23:00 is last year's.
  const now = Date.UTC(2026, 11, 31, 23, 30);
  t.is(iso(one('-rw-r--r-- 1 u g 1 Dec 31 23:00 f', { now, timeZone: 'Europe/Berlin' })), '2026-12-31T22:00:00.000Z');
  t.is(iso(one('-rw-r--r-- 1 u g 1 Jan  1 00:15 f', { now, timeZone: 'Europe/Berlin' })), '2026-12-31T23:15:00.000Z');
});

test('Chinese, Japanese and Korean dates, with or without 日', (t) => {
  t.is(iso(one('-rw-rw---- 1 ep1adm sapsys 0 6月 3日 2003年 試験ファイル.csv')), '2003-06-03T00:00:00.000Z');
  t.is(iso(one('-rw-rw---- 1 ep1adm sapsys 0 6月 3 2003 試験ファイル.csv')), '2003-06-03T00:00:00.000Z');
  t.is(iso(one('-rw-rw---- 1 ep1adm sapsys 0 8月 17 20:10 caerrinf')), '2026-08-17T20:10:00.000Z');
  t.is(iso(one('-rw-r--r-- 1 u g 0 11월 21일 10:00 x')), '2026-11-21T10:00:00.000Z');
});

test('impossible dates are skipped with a reason, never dated', (t) => {
  const cases: [string, RegExp][] = [
    ['-rw-r--r-- 1 u g 1 Feb 30  2019 f', /day 30 does not exist in 2019-02/],
    ['-rw-r--r-- 1 u g 1 Nov 21 24:00 f', /hour 24 is not 0-23/],
    ['-rw-r--r-- 1 u g 1 Nov 21 10:60 f', /minute 60 is not 0-59/],
    ['-rw-r--r-- 1 u g 1 Jam 21 10:00 f', /unknown month name 'Jam'/],
    ['-rw-r--r-- 1 u g 1 2026-13-01 10:00 f', /month 13 is not 1-12/],
  ];
  for (const [line, reason] of cases) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.is(listing.skipped.length, 1, line);
    t.regex(listing.skipped[0]!.reason, reason);
  }
});

// ---- names --------------------------------------------------------------------------------------------

test('names keep leading, trailing and repeated spaces', (t) => {
  t.is(one('-rw-r--r-- 1 u g 1 Nov 21  2019  foo bar ').name, ' foo bar ');
  t.is(one('drwxr-xr-x 2 u g 4096 Mar  2 15:13   zxbox').name, '  zxbox');
  t.is(one('drwxr-xr-x 3 u g 3 Dec 02  2009 spaces   dir   name').name, 'spaces   dir   name');
  t.is(one('-rw-r--r-- 1 u g 1 Jan  1  2000 01 1234 foo.mp3').name, '01 1234 foo.mp3', 'digits that look like a day and year');
  t.is(one('-rw-r--r-- 1 u g 1 Mar 17 11:07 test 1999 abc.pdf').name, 'test 1999 abc.pdf');
});

test('name -> target is split only for symlinks', (t) => {
  t.like(one('lrwxrwxrwx 1 root other 7 Jan 25 00:17 bin -> usr/bin'), { type: 'symlink', name: 'bin', target: 'usr/bin' });
  t.like(one('lrwxrwxrwx 1 u g 23 Mar  2  2005 macros'), { type: 'symlink', name: 'macros', target: undefined });
  t.like(one('-rw-r--r-- 1 u g 1 Nov 21  2019 a -> b'), { type: 'file', name: 'a -> b', target: undefined });
  t.like(one('drwxr-xr-x 2 u g 1 Nov 21  2019 os1 -> os2'), { type: 'directory', name: 'os1 -> os2', target: undefined });
  t.like(one('lrwxrwxrwx 1 u g 6 Nov 21  2019 a -> b -> c'), { name: 'a', target: 'b -> c', facts: undefined });
});

test('a symlink name containing " -> ": the size (the target\'s byte length) says where the name ends', (t) => {
  t.like(one('lrwxrwxrwx 1 u g 1 Nov 21  2019 a -> b -> c'), { name: 'a -> b', target: 'c', facts: undefined });
  t.like(one('lrwxrwxrwx 1 u g 11 Oct 13  2019 a -> b -> regular.txt'), { name: 'a -> b', target: 'regular.txt' });
  t.like(one('lrwxrwxrwx 1 u g 16 Oct 13  2019 a -> b -> regular.txt'), { name: 'a', target: 'b -> regular.txt' });
  t.like(one('lrwxrwxrwx 1 u g 8 Oct 13  2019 x -> y -> é -> ü'), { name: 'x -> y', target: 'é -> ü' }, 'bytes, not characters');
  // No split fits the size (a server that shows another size): the first arrow, and the entry says so.
  const unsure = one('lrwxrwxrwx 1 u g 4096 Oct 13  2019 a -> b -> c');
  t.like(unsure, { name: 'a', target: 'b -> c' });
  t.truthy(unsure.facts?.ambiguousLink);
});

test('ls -F marks a directory with a trailing slash; a slash elsewhere is no name', (t) => {
  t.is(one('drwxr-xr-x 2 u g 1 Nov 21  2019 dir/').name, 'dir');
  const listing = parse('-rw-r--r-- 1 u g 1 Nov 21  2019 a/b');
  t.deepEqual(listing.entries, []);
  t.regex(listing.skipped[0]!.reason, /cannot contain '\/'/);
});

test('indented lines (basic-ftp parseListSpec)', (t) => {
  t.like(one('    -rw-r--r--+   1 patrick  staff   1057 Dec 11 14:35 LICENSE.txt'), { name: 'LICENSE.txt', owner: 'patrick', size: 1057 });
});

// ---- month names ---------------------------------------------------------------------------------------

test('month names of de fr es it nl pt sv pl', (t) => {
  const months: [string, number][] = [
    ['Mär', 3], ['Mrz', 3], ['Okt', 10], ['Dez', 12], // de
    ['janv.', 1], ['févr.', 2], ['avr.', 4], ['juil.', 7], ['août', 8], ['déc.', 12], // fr
    ['ene', 1], ['abr', 4], ['ago', 8], ['dic', 12], // es
    ['gen', 1], ['mag', 5], ['giu', 6], ['lug', 7], ['ott', 10], // it
    ['mrt', 3], ['mei', 5], // nl
    ['fev', 2], ['out', 10], // pt
    ['maj', 5], // sv
    ['sty', 1], ['lut', 2], ['kwi', 4], ['cze', 6], ['wrz', 9], ['paź', 10], ['lis', 11], ['gru', 12], // pl
  ];
  for (const [name, month] of months) {
    const entry = one(`-rw-r--r-- 1 u g 1 ${name} 5  2019 f`);
    t.is(iso(entry), `2019-${String(month).padStart(2, '0')}-05T00:00:00.000Z`, name);
  }
});

test('the locale option restricts the month names', (t) => {
  const german = '-rw-r--r-- 1 u g 1 Mär 5  2019 f';
  const english = '-rw-r--r-- 1 u g 1 Mar 5  2019 f';
  t.is(parse(german, { locale: 'de' }).entries.length, 1);
  t.is(parse(german, { locale: 'de-DE' }).entries.length, 1, 'a region is ignored');
  const onlyEnglish = parse(german, { locale: 'en' });
  t.deepEqual(onlyEnglish.entries, []);
  t.regex(onlyEnglish.skipped[0]!.reason, /unknown month name 'Mär'/);
  t.deepEqual(parse(english, { locale: 'de' }).entries, [], "German has no 'Mar'");
  t.is(parse(`${german}\n${english}`, { locale: ['en', 'de'] }).entries.length, 2);
  t.deepEqual(parse('-rw-r--r-- 1 u g 1 dic 5  2019 f', { locale: 'fr' }).entries, []);
  t.throws(() => parse(english, { locale: 'xx' }), { instanceOf: RangeError, message: /Unknown locale 'xx'/ });
});

// ---- errors ---------------------------------------------------------------------------------------------

test('a bad line names what was expected and the column', (t) => {
  //            1        10        20        30        40  43
  const line = 'drwxr-xr-x   2 root     root         4096 21 10:00 dir one';
  const listing = parse(line);
  t.deepEqual(listing.entries, []);
  t.regex(listing.skipped[0]!.reason, /^expected .*a month name.* at column 43 of a unix line$/);
  t.regex(parse('garbage').skipped[0]!.reason, /^expected a mode such as drwxr-xr-x at column 1 of a unix line$/);
  // "abc" starts at column 35, where the size belongs.
  const noSize = '-rw-r--r--   1 root     root      abc Nov 21 10:00 x';
  t.regex(parse(noSize).skipped[0]!.reason, /^expected .*a size.* at column 35 of a unix line$/);
});
