/**
 * Variants of `ls -l` listings that unix reads beyond GNU ls's own output. Expected values are worked
 * out by hand from each variant's definition: AIX day-first dates (Commons Net testParseFieldsOnAIX),
 * localized month names (glibc `%b`, which `ls` and Python's `time.strftime` print), lftp's "year
 * anomaly" (FileSet.cc parse_ls_line), STAT replies (RFC 959 4.1.3, 211/212/213), hostedftp's link
 * count 0 (jlaffaye/ftp parse_test.go) and modes one letter short (basic-ftp #193).
 */
import test from 'ava';
import { detectFormat, parseListing } from '../../../src/index.js';
import { formatTester, iso } from '../../helpers.js';

/** Thursday 2026-11-26 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 26, 12);

/**
 * The sample lines come from Commons Net's tests and are read under its year rule (one day of
 * clock skew); the default rule, proftpd's, is tested in year-rules.test.ts.
 */
const { parse, one } = formatTester('unix', NOW, { yearRule: 'commons-net' });

const line = (date: string, name = 'f') => `-rw-r--r--   1 user     group        1234 ${date} ${name}`;

test('day-first dates (AIX): DD Mon HH:MM and DD Mon  YYYY', (t) => {
  const aix = one('-rw-r-----   1 ravensm  sca          814 02 Mar 16:27 ZMIR2.m');
  t.like(aix, { name: 'ZMIR2.m', owner: 'ravensm', group: 'sca', size: 814, mtimePrecision: 'minute' });
  t.is(iso(aix), '2026-03-02T16:27:00.000Z');
  const old = one(line('02 Mar  2016'));
  t.like(old, { mtimePrecision: 'day' });
  t.is(iso(old), '2016-03-02T00:00:00.000Z');
  t.is(iso(one(line('21 Nov 10:00'))), '2026-11-21T10:00:00.000Z');
  t.is(iso(one(line('28 Nov 10:00'))), '2025-11-28T10:00:00.000Z', 'more than a day ahead: last year');
  t.is(iso(one(line('2 Mär 16:27'))), '2026-03-02T16:27:00.000Z', 'other languages too');
  // Without a group column (ls -o): the number before the date is the size, not a day.
  t.like(one('-rw-r--r-- 1 owner 814 02 Mar 16:27 x'), { owner: 'owner', group: undefined, size: 814 });
  t.regex(parse(line('02 Jam 16:27')).skipped[0]!.reason, /unknown month name 'Jam'/);
  t.regex(parse(line('32 Mar 16:27')).skipped[0]!.reason, /day 32/);
});

test('localized month names as ls and pyftpdlib (time.strftime %b, zero-padded %d) print them', (t) => {
  t.is(iso(one(line('Mär 05 10:00'))), '2026-03-05T10:00:00.000Z', 'de_DE');
  t.is(iso(one(line('déc. 24  2019'))), '2019-12-24T00:00:00.000Z', 'fr_FR, with its dot');
  t.is(iso(one(line('dic 24  2019'))), '2019-12-24T00:00:00.000Z', 'es_ES');
  t.is(iso(one(line('окт 05 10:00'))), '2026-10-05T10:00:00.000Z', 'ru_RU');
  t.is(iso(one(line('mei 05 10:00'))), '2026-05-05T10:00:00.000Z', 'nl_NL');
  t.is(iso(one(line(' 1月 05 10:00'))), '2026-01-05T10:00:00.000Z', 'ja_JP: %b is " 1月"');
});

test("lftp's year anomaly: a left-aligned year takes the name's first space", (t) => {
  const anomaly = one('-rw-r--r--   1 lav      root         4771 Sep 12 1996  install-sh');
  t.like(anomaly, { name: 'install-sh', mtimePrecision: 'day' });
  t.is(iso(anomaly), '1996-09-12T00:00:00.000Z');
  t.is(one(line('Sep  5 1996 ', 'x')).name, 'x', 'one space after a one-digit day');
  t.is(one(line('Sep 5 1996', 'x')).name, 'x', 'single spaces throughout');
  // GNU ls right-aligns the year: the space after it belongs to the name.
  t.is(one(line('Sep 12  1996', ' x')).name, ' x');
  // A time never shifts; a name of one space is kept.
  t.is(one(line('Sep 12 10:00', ' x')).name, ' x');
  t.is(one(line('Sep 12 1996', ' ')).name, ' ');
});

test('STAT replies: reply-code prefixes are removed, the framing lines ignored', (t) => {
  const vsftpd = [
    '213-Status follows:',
    '213-drwxr-xr-x    2 ftp      ftp          4096 Nov 21 10:00 pub',
    '213--rw-r--r--    1 ftp      ftp           123 Nov 21 10:00 read me',
    '213 End of status',
  ].join('\r\n');
  const listing = parseListing(vsftpd, { now: NOW });
  t.is(listing.format, 'unix');
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => [e.name, e.type, e.size]), [['pub', 'directory', 4096], ['read me', 'file', 123]]);

  const wuftpd = [
    '211-status of -l:',
    '212 total 8',
    '212 -rw-r--r--   1 ftp ftp 1 Nov 21 10:00 a',
    '211 End of status',
  ].join('\n');
  const second = parse(wuftpd);
  t.deepEqual(second.skipped, []);
  t.deepEqual(second.entries.map((e) => e.name), ['a']);

  // proftpd indents the lines of a multi-line reply.
  const proftpd = ['211-Status of /:', ' drwxr-xr-x   2 ftp      ftp          4096 Nov 21 10:00 pub', '211 End of status'].join('\n');
  t.deepEqual(parse(proftpd).entries.map((e) => e.name), ['pub']);
  t.is(detectFormat(vsftpd)[0]!.format, 'unix');
  // Any other reply line is reported, not silently dropped.
  t.is(parse('213 something else').skipped.length, 1);
});

test('hostedftp: a link count of 0', (t) => {
  t.like(one('-rw-r--r--   0 owner group 1234 Nov 21 10:00 name'), { name: 'name', nlink: 0, size: 1234, owner: 'owner', group: 'group' });
  t.like(one('-r--------   0 user group     65222236 Feb 24 00:39 RegularFile'), { nlink: 0, size: 65222236 });
});

test('a 9-character mode (one permission letter short) is read with a last "-"', (t) => {
  t.like(one('drw-r--rw 1 user group 0 Nov 21 10:00 x'), { type: 'directory', mode: 0o40646 });
  t.like(one('-rwxr-xr- 1 user group 0 Nov 21 10:00 y'), { type: 'file', mode: 0o100754 });
});

test('ls -i and ls -s numbers before the mode are kept in facts (basic-ftp parseListUnix)', (t) => {
  const inode = one('  1234567 -rw-r--r--   1 root root 12 Nov 21 10:00 file');
  t.is(inode.name, 'file');
  t.is(inode.size, 12);
  t.deepEqual(inode.facts, { lsNumbers: '1234567' });
  const both = one('1234567    8 drwxr-xr-x   2 root root 4096 Nov 21 10:00 dir');
  t.true(both.isDirectory());
  t.deepEqual(both.facts, { lsNumbers: '1234567    8' });
});

test('z/OS external links (type letter e) are symlinks (Commons Net UnixFTPEntryParser)', (t) => {
  const link = one('erwxrwxrwx   1 OMVSKERN SYS1 9 Nov 21 10:00 ext -> MVS.DATA');
  t.true(link.isSymbolicLink());
  t.is(link.target, 'MVS.DATA');
});

test('ls -h sizes (1.2K, 12M, 1,5G) read with the precision of the last digit, not rejected', (t) => {
  t.like(one(line('Nov 21  2019').replace('1234', '1.2K')), { size: 1229, sizePrecision: 102.4 });
  t.like(one('-rw-r--r-- 1 u g 12M Nov 21  2019 f'), { size: 12 * 1024 ** 2, sizePrecision: 1024 ** 2 });
  t.like(one('-rw-r--r-- 1 u 1,5G Nov 21  2019 f'), { owner: 'u', group: undefined, size: 1.5 * 1024 ** 3, sizePrecision: 0.1 * 1024 ** 3 });
  t.like(one('-rw-r--r-- 1 u Domain Users 3.4K Nov 21  2019 f'), { group: 'Domain Users', size: 3482 });
  t.like(one('-rw-r--r-- 1 u g 0 Nov 21  2019 f'), { size: 0, sizePrecision: 1 }, 'no unit: exact bytes');
});

test('the ACL/xattr mark after the mode is reported in facts.modeMark', (t) => {
  t.deepEqual(one('drwxr-xr-x+ 2 u g 4096 Nov 21  2019 d').facts, { modeMark: '+' });
  t.deepEqual(one('-rw-r--r--@ 1 u staff 1 Nov 21  2019 f').facts, { modeMark: '@' });
  t.deepEqual(one('-rw-r--r--. 1 u g 1 Nov 21  2019 f').facts, { modeMark: '.' });
  t.deepEqual(one('drwxr-x---+1464 chrism chrism 41 Nov 21  2019 d').facts, { modeMark: '+' }, 'touching the link count');
  t.is(one('-rw-r--r-- 1 u g 1 Nov 21  2019 f').facts, undefined);
});
