/**
 * The os2 format (IBM TCP/IP for OS/2 FTP server `LIST`), behaviour by behaviour. Expected values are
 * worked out by hand from the format: the size, the attributes (`A` archive, `R` read-only, `H`
 * hidden, `S` system), `DIR`, `MM-DD-YY HH:MM` and the name; samples from Commons Net
 * OS2FTPEntryParserTest and lftp's FtpListInfo.cc.
 */
import test from 'ava';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { DOS_YEAR_PIVOT, StatResult, detectFormat, formatListing, parseListing } from '../../../src/index.js';
import { fixture, fixturePath, formatTester, iso, assertRoundTrip } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const { parse, one } = formatTester('os2', NOW);

const LISTING = [
  '     0           DIR   12-30-97   12:32  jbrekke',
  '     0           DIR   05-12-97   16:52  Maintenance Desktop',
  '587823    RSA    DIR   01-08-97   13:58  OS2KRNL',
  ' 33280      A          02-09-97   13:49  OS2LDR',
  '149473      A          11-17-98   16:07  POPUPLOG.OS2',
].join('\r\n');

test('the columns: size, attributes, DIR, date, time, name', (t) => {
  const dir = one('     0           DIR   11-28-97   09:42  PC');
  t.like(dir, { name: 'PC', type: 'directory', size: 0, sizePrecision: 1, mode: undefined, facts: undefined, mtimePrecision: 'minute' });
  t.is(iso(dir), '1997-11-28T09:42:00.000Z');
  const file = one('5000000000      A          11-17-98   16:07  POPUPLOG.OS2');
  t.like(file, { name: 'POPUPLOG.OS2', type: 'file', size: 5_000_000_000 });
  t.deepEqual(file.facts, { attributes: 'A' });
  t.is(iso(file), '1998-11-17T16:07:00.000Z');
  const both = one('587823    RSA    DIR   01-08-97   13:58  OS2KRNL');
  t.like(both, { type: 'directory', size: 587823 });
  t.deepEqual(both.facts, { attributes: 'RSA' }, 'attributes and DIR together');
});

test('DIR is never read as attributes, and attributes are never DIR', (t) => {
  t.like(one('0  DIR  01-01-97  10:00  x'), { type: 'directory', facts: undefined });
  t.like(one('0  HS  DIR  01-01-97  10:00  x'), { type: 'directory', facts: { attributes: 'HS' } });
  t.like(one('0  DIRA  01-01-97  10:00  x'), { type: 'file', facts: { attributes: 'DIRA' } });
});

test("lftp's samples: wider columns, no attributes", (t) => {
  const dir = one('                 0          DIR  06-27-96  11:57  PROTOCOL');
  t.like(dir, { name: 'PROTOCOL', type: 'directory', size: 0 });
  t.is(iso(dir), '1996-06-27T11:57:00.000Z');
  const file = one('               169               11-29-94  09:20  SYSLEVEL.MPT');
  t.like(file, { name: 'SYSLEVEL.MPT', type: 'file', size: 169, facts: undefined });
  t.is(iso(file), '1994-11-29T09:20:00.000Z');
});

test('years: four digits as shown; two digits pivot at 70 as DOS listings do', (t) => {
  t.is(DOS_YEAR_PIVOT, 70);
  t.is(iso(one('     0           DIR   05-19-2000 12:56  local')), '2000-05-19T12:56:00.000Z');
  t.is(iso(one('1 A 01-01-69 00:00  a')), '2069-01-01T00:00:00.000Z');
  t.is(iso(one('1 A 01-01-70 00:00  a')), '1970-01-01T00:00:00.000Z');
  t.is(iso(one('1 A 07-01-26 10:00  a', { timeZone: 'Europe/Berlin' })), '2026-07-01T08:00:00.000Z');
});

test('names start after the padding; inner and trailing spaces are kept', (t) => {
  t.is(one('     0           DIR   05-12-97   16:52  Maintenance Desktop').name, 'Maintenance Desktop');
  t.is(one('1 A 01-01-97 10:00   two  spaces ').name, 'two  spaces ');
  t.is(parse('1 A 01-01-97 10:00 a/b').skipped[0]!.reason, "a name cannot contain a path separator: 'a/b'");
});

test('a whole listing', (t) => {
  const listing = parse(LISTING);
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => [e.name, e.type]), [
    ['jbrekke', 'directory'],
    ['Maintenance Desktop', 'directory'],
    ['OS2KRNL', 'directory'],
    ['OS2LDR', 'file'],
    ['POPUPLOG.OS2', 'file'],
  ]);
});

test("bad lines (Commons Net's bad samples) are skipped with a reason", (t) => {
  const cases: [string, RegExp][] = [
    ['                 DIR   12-30-97   12:32  jbrekke', /^expected a size at column 18 of an? os2 line$|^expected .*a size.* at column 18/],
    ['     0    rsa    DIR   11-25-97   09:42  junk', /at column 11 of an os2 line$/],
    ['     0           dir   05-12-97   16:44  LANGUAGE', /at column 18 of an os2 line$/],
    ['     0           DIR   13-05-97   25:49  MPTN', /^month 13 is not 1-12$/],
    ['     0           DIR   12-05-97   25:49  MPTN', /^hour 25 is not 0-23$/],
    ['587823    RSA    DIR   Jan-08-97   13:58  OS2KRNL', /^expected a month MM at column 24 of an os2 line$/],
    [' 33280      A          1997-02-03  13:49  OS2LDR', /at column 26 of an os2 line$/],
    ['12-05-96  05:03PM       <DIR>          absoft2', /at column 3 of an os2 line$/],
    ['11-14-97  04:21PM                  953 AUDITOR3.INI', /at column 3 of an os2 line$/],
  ];
  for (const [line, reason] of cases) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.is(listing.skipped.length, 1, line);
    t.regex(listing.skipped[0]!.reason, reason, line);
  }
});

test('detection: OS/2 listings are os2, and unix and dos listings stay unix and dos', (t) => {
  t.deepEqual(detectFormat(LISTING)[0], { format: 'os2', confidence: 1 });
  t.is(parseListing(LISTING, { syst: '215 OS/2' }).format, 'os2');
  const servers = readdirSync(fixturePath('ftp'), { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const { name } of servers) {
    const text = fixture(`ftp/${name}/listing.txt`);
    t.is(detectFormat(text)[0]!.format, 'unix', name);
    t.is(detectFormat(text).find((d) => d.format === 'os2')!.confidence, 0, name);
  }
  const dos = detectFormat(fixture('cli/dos.txt'));
  t.is(dos[0]!.format, 'dos');
  t.is(dos.find((d) => d.format === 'os2')!.confidence, 0);
});

test('formatListing writes OS/2 server lines', (t) => {
  const dir = new StatResult('jbrekke', 'directory', 'os2');
  dir.size = 0;
  dir.mtimeMs = Date.UTC(1997, 11, 30, 12, 32);
  const file = new StatResult('POPUPLOG.OS2', 'file', 'os2');
  file.size = 149473;
  file.mtimeMs = Date.UTC(2075, 10, 17, 16, 7);
  file.facts = { attributes: 'A' };
  t.is(
    formatListing([dir, file], 'os2'),
    `${' '.repeat(9)}0${' '.repeat(7)}  DIR   12-30-97   12:32  jbrekke\n` +
      // 2075 is outside the two-digit window (1970-2069), so it is written with four digits.
      `${' '.repeat(4)}149473  ${' '.repeat(4)}A  ${' '.repeat(3)}   11-17-2075   16:07  POPUPLOG.OS2\n`,
  );
  t.throws(() => formatListing([new StatResult(' lead', 'file', 'os2')], 'os2'), { instanceOf: RangeError });
  const dirAttributes = new StatResult('x', 'file', 'os2');
  dirAttributes.facts = { attributes: 'DIR' };
  t.throws(() => formatListing([dirAttributes], 'os2'), { instanceOf: RangeError });
});

// ---- round trip ------------------------------------------------------------------------------------

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const nameArb = fc
  .string({ minLength: 1, maxLength: 30, unit: fc.oneof(fc.constantFrom(' ', 'a', 'Z', '-', '.', 'é', '日'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
  .filter((name) => !/^ |[\r\n/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..');

const entryArb = fc
  .record({
    directory: fc.boolean(),
    name: nameArb,
    size: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    attributes: fc.subarray(['R', 'H', 'S', 'A']).map((letters) => letters.join('')),
    mtimeMs: fc.integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2099, 11, 31) }),
  })
  .map((r) => {
    const entry = new StatResult(r.name, r.directory ? 'directory' : 'file', 'os2');
    entry.size = r.size;
    entry.sizePrecision = 1;
    entry.mtimeMs = r.mtimeMs;
    if (r.attributes) entry.facts = { attributes: r.attributes };
    return entry;
  });

test('fast-check: parseListing(formatListing(xs, "os2"), "os2") gives xs back within a minute', (t) => {
  assertRoundTrip({
    format: 'os2',
    entry: () => entryArb,
    now: NOW,
    zones: ZONES,
    fields: ['name', 'type', 'size'],
    precision: 'minute',
    agrees: (parsed, original) => parsed.facts?.attributes === original.facts?.attributes,
  });
  t.pass();
});
