/**
 * The netware format (Novell NetWare NWFTPD `LIST`), behaviour by behaviour. Expected values are
 * worked out by hand from the format: `d`/`-`, the user's trustee rights `[RWCEAFMS]`, the owner, the
 * size, an `ls`-style date and the name; samples from Commons Net NetwareFTPEntryParserTest and
 * ftpparse.c.
 */
import test from 'ava';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { StatResult, detectFormat, formatListing, parseListing } from '../../../src/index.js';
import { fixture, fixturePath, formatTester, iso, assertRoundTrip } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
/**
 * The sample lines come from Commons Net's tests and are read under its year rule (one day of
 * clock skew); the default rule, proftpd's, is tested in year-rules.test.ts.
 */
const { parse, one } = formatTester('netware', NOW, { yearRule: 'commons-net' });

const LISTING = [
  'd [-----F--] SCION_SYS                         512 Apr 13 23:52 SYS',
  'd [----AF--]          0                        512 Feb 22 17:32 _ADMIN',
  '- [RWCEAFMS] rwinston                        19968 Mar 12 15:20 Executive Summary.doc',
  'd [RWCEAFMS] rwinston                          512 Nov 24  2005 Favorites',
].join('\r\n');

test('the columns: type, rights, owner, size, date, name', (t) => {
  const dir = one('d [-W---F--] testUser                        512 Apr 13 23:12 testFile');
  t.like(dir, {
    name: 'testFile',
    type: 'directory',
    size: 512,
    sizePrecision: 1,
    owner: 'testUser',
    group: undefined,
    mode: undefined,
    mtimePrecision: 'minute',
    format: 'netware',
  });
  t.is(iso(dir), '2026-04-13T23:12:00.000Z');
  t.deepEqual(dir.facts, { rights: '-W---F--' });
  const file = one('- [R-CEAFMS] rwinston                        19968 Mar 12 15:20 Document name with spaces.doc');
  t.like(file, { name: 'Document name with spaces.doc', type: 'file', size: 19968, owner: 'rwinston' });
  t.deepEqual(file.facts, { rights: 'R-CEAFMS' }, 'the user may read, not write: kept as shown, no mode invented');
});

test('dates: Mon DD HH:MM infers the year like ls; Mon DD  YYYY is a day', (t) => {
  t.is(iso(one('- [R----F--] a 1 Nov 27 10:00 x')), '2026-11-27T10:00:00.000Z', 'within a day of now: this year');
  t.is(iso(one('- [R----F--] a 1 Nov 28 10:00 x')), '2025-11-28T10:00:00.000Z', 'further ahead: last year');
  const old = one('d [RWCEAFMS] rwinston                          512 Nov 24  2005 Favorites');
  t.is(iso(old), '2005-11-24T00:00:00.000Z');
  t.is(old.mtimePrecision, 'day');
  t.is(iso(one('- [R----F--] a 1 Jun  1 10:00 x', { timeZone: 'Europe/Berlin' })), '2026-06-01T08:00:00.000Z');
});

test('names start at the first character after the padding (ftpparse sample)', (t) => {
  t.like(one('d [R----F--] supervisor            512       Jan 16 18:53    login'), { name: 'login', owner: 'supervisor', size: 512 });
  t.like(one('- [R----F--] rhesus             214059       Oct 20 15:27    cx.exe'), { name: 'cx.exe', size: 214059 });
  t.is(one('- [R----F--] a 1 Oct 20 15:27 two  spaces ').name, 'two  spaces ', 'inner and trailing spaces kept');
});

test('a whole listing', (t) => {
  const listing = parse(LISTING);
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => [e.name, e.type, e.owner]), [
    ['SYS', 'directory', 'SCION_SYS'],
    ['_ADMIN', 'directory', '0'],
    ['Executive Summary.doc', 'file', 'rwinston'],
    ['Favorites', 'directory', 'rwinston'],
  ]);
});

test('bad lines are skipped with a reason', (t) => {
  const cases: [string, RegExp][] = [
    ['a [-----F--] SCION_SYS                         512 Apr 13 23:52 SYS', /^expected d or - at column 1 of a netware line$/],
    ['d [----AF--]          0                        512 10-04-2001 _ADMIN', /^expected a month name at column 52 of a netware line$/],
    ['d [WR------] x 512 Apr 13 23:52 SYS', /^expected rights such as RWCEAFMS at column 4 of a netware line$/],
    ['d [R----F--] x 512 Apr 31 23:52 SYS', /^day 31 does not exist in 2026-04$/],
    ['d [R----F--] x 512 Foo 13 23:52 SYS', /^unknown month name 'Foo'$/],
    ['d [R----F--] x 512 Apr 13 23:52 a/b', /path separator/],
  ];
  for (const [line, reason] of cases) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.is(listing.skipped.length, 1, line);
    t.regex(listing.skipped[0]!.reason, reason, line);
  }
});

test('detection: NetWare listings are netware, and unix and dos listings stay unix and dos', (t) => {
  t.deepEqual(detectFormat(LISTING)[0], { format: 'netware', confidence: 1 });
  t.is(parseListing(LISTING, { syst: '215 NETWARE Type: L8' }).format, 'netware');
  const servers = readdirSync(fixturePath('ftp'), { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const { name } of servers) {
    const text = fixture(`ftp/${name}/listing.txt`);
    t.is(detectFormat(text)[0]!.format, 'unix', name);
    t.is(detectFormat(text).find((d) => d.format === 'netware')!.confidence, 0, name);
  }
  t.is(detectFormat(fixture('cli/dos.txt'))[0]!.format, 'dos');
});

test('formatListing writes NWFTPD lines', (t) => {
  const dir = new StatResult('Favorites', 'directory', 'netware');
  dir.size = 512;
  dir.owner = 'rwinston';
  dir.mtimeMs = Date.UTC(2005, 10, 24);
  dir.facts = { rights: 'RWCEAFMS' };
  const file = new StatResult('cx.exe', 'file', 'netware');
  file.size = 214059;
  file.owner = 'rhesus';
  file.mtimeMs = Date.UTC(2026, 9, 20, 15, 27);
  t.is(
    formatListing([dir, file], 'netware', { now: NOW }),
    `d [RWCEAFMS] rwinston${' '.repeat(20)}${' '.repeat(7)}512 Nov 24  2005 Favorites\n` +
      `- [--------] rhesus${' '.repeat(22)}${' '.repeat(4)}214059 Oct 20 15:27 cx.exe\n`,
  );
  t.throws(() => formatListing([new StatResult(' lead', 'file', 'netware')], 'netware'), { instanceOf: RangeError });
  t.throws(() => formatListing([new StatResult('link', 'symlink', 'netware')], 'netware'), { instanceOf: RangeError });
  const badRights = new StatResult('x', 'file', 'netware');
  badRights.facts = { rights: 'RW' };
  t.throws(() => formatListing([badRights], 'netware'), { instanceOf: RangeError });
});

// ---- round trip ------------------------------------------------------------------------------------

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
const right = (letter: string) => fc.constantFrom('-', letter);
const rightsArb = fc.tuple(...[...'RWCEAFMS'].map(right)).map((letters) => letters.join(''));
const nameArb = fc
  .string({ minLength: 1, maxLength: 30, unit: fc.oneof(fc.constantFrom(' ', 'a', 'Z', '-', '.', '[', ']', 'é', '日'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
  .filter((name) => !/^ |[\r\n/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..');

const entryArb = (now: number) =>
  fc
    .record({
      directory: fc.boolean(),
      name: nameArb,
      owner: fc.stringMatching(/^[A-Za-z0-9_.]{1,16}$/),
      size: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      rights: rightsArb,
      mtimeMs: fc.oneof(fc.integer({ min: now - 200 * 86_400_000, max: now }), fc.integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2099, 11, 31) })),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.directory ? 'directory' : 'file', 'netware');
      entry.size = r.size;
      entry.sizePrecision = 1;
      entry.owner = r.owner;
      entry.mtimeMs = r.mtimeMs;
      entry.facts = { rights: r.rights };
      return entry;
    });

test('fast-check: parseListing(formatListing(xs, "netware"), "netware") gives xs back within the precision shown', (t) => {
  assertRoundTrip({
    format: 'netware',
    entry: entryArb,
    now: fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2098, 0, 1) }),
    zones: ZONES,
    fields: ['name', 'type', 'size', 'owner'],
    agrees: (parsed, original) => parsed.facts?.rights === original.facts?.rights,
  });
  t.pass();
});
