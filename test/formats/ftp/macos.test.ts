/**
 * The macos format: classic Mac OS NetPresenz / WebSTAR listings. Expected values are worked out by
 * hand from the format (Commons Net MacOsPeterFTPEntryParser, ftpparse.c's NetPresenz samples): a
 * file shows resource fork, data fork and total sizes; a folder shows `folder` and its item count.
 */
import test from 'ava';
import fc from 'fast-check';
import {
  type EntryType,
  StatResult,
  detectFormat,
  formatListing,
  modeTypeBits,
  parseListing,
} from '../../../src/index.js';
import { formatTester, iso, assertRoundTrip, sameFacts } from '../../helpers.js';

/** Thursday 2026-11-26 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 26, 12);

const { parse, one } = formatTester('macos', NOW);

test('a file: size is the total of both forks, each fork is a fact', (t) => {
  const file = one('-rw-r--r--    0   108215   108215 Sep 27 12:37 name');
  t.like(file, { name: 'name', type: 'file', size: 108215, sizePrecision: 1, mode: 0o100644, mtimePrecision: 'minute' });
  t.deepEqual(file.facts, { resourceFork: '0', dataFork: '108215' });
  t.is(iso(file), '2026-09-27T12:37:00.000Z');
  // No link count, owner or group is shown.
  t.like(file, { nlink: undefined, owner: undefined, group: undefined, uid: undefined, gid: undefined });

  // ftpparse.c: "resource, data, total".
  const sit = one('-------r--         326  1391972  1392298 Nov 22  1995 MegaPhone.sit');
  t.like(sit, { name: 'MegaPhone.sit', type: 'file', size: 1392298, mode: 0o100004, mtimePrecision: 'day' });
  t.deepEqual(sit.facts, { resourceFork: '326', dataFork: '1391972' });
  t.is(iso(sit), '1995-11-22T00:00:00.000Z');
});

test('a folder: the number is its item count, not a size', (t) => {
  const folder = one('drwxrwxr-x               folder        2 May 10  1996 network');
  t.like(folder, { name: 'network', type: 'directory', size: undefined, sizePrecision: undefined, mode: 0o40775 });
  t.deepEqual(folder.facts, { items: '2' });
  t.is(iso(folder), '1996-05-10T00:00:00.000Z');
  t.true(folder.isDirectory());
});

test('names keep their spaces', (t) => {
  t.is(one('-rw-r--r--    78440       49231   127671 Jul 22  2010 Filename with whitespace.jpg').name, 'Filename with whitespace.jpg');
  t.is(one('drwxr-xr-x               folder        0 Jan  4 14:51  lead').name, ' lead');
});

test('a total that is not resource + data is no NetPresenz line, even beyond 2^53', (t) => {
  const bad = parse('-rw-r--r--    100   200   301 Sep 27 12:37 name');
  t.deepEqual(bad.entries, []);
  t.regex(bad.skipped[0]!.reason, /total 301 is not the resource fork 100 plus the data fork 200/);
  // 2^64 - 1 (jlaffaye/ftp's VIDEO_TS.VOB sample) and 1 + (2^64 - 1) are the same double: the sum is checked exactly.
  t.is(one('-rw-r--r--        0   18446744073709551615 18446744073709551615 Nov 16  2006 VIDEO_TS.VOB').size, 2 ** 64);
  t.is(parse('-rw-r--r--        1   18446744073709551615 18446744073709551615 Nov 16  2006 x').entries.length, 0);
});

test('a folder line with a file mode, impossible dates and unknown months are skipped with a reason', (t) => {
  for (const line of [
    '-rw-r--r--               folder        2 May 10  1996 network',
    'drwxr-xr-x               folder        0 Feb 30 14:51 x',
    'drwxr-xr-x               folder        0 Jan  4 25:51 x',
    'drwxr-xr-x               folder        0 Jam  4 14:51 x',
    'drwxr-xr-x    123       folder        0 Jan  4 14:49 Steak',
  ]) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.regex(listing.skipped[0]?.reason ?? '', /\S/, line);
  }
});

test('detection: NetPresenz listings are macos, also with files only; ls listings stay unix', (t) => {
  const netpresenz = [
    'drwxrwxr-x               folder        2 May 10  1996 network',
    '-------r--         326  1391972  1392298 Nov 22  1995 MegaPhone.sit',
  ].join('\r\n');
  t.is(parseListing(netpresenz, { now: NOW }).format, 'macos');
  // Files only: each line is also an `ls -o` line (owner = the data fork); the sums decide, and on a
  // tie macos is registered before unix.
  const files = ['-rw-r--r--    54149       27826    81975 Jul 22  2010 09.jpg', '-rw-r--r--        0      108767   108767 Jul 22  2010 p.jpg'].join('\n');
  t.is(detectFormat(files)[0]!.format, 'macos');
  const ls = ['-rw-r--r-- 1 1000 4096 Nov 21 10:00 a', '-rw-r--r-- 2 root root 4096 Nov 21 10:00 b'].join('\n');
  t.is(detectFormat(ls)[0]!.format, 'unix');
  t.is(detectFormat(netpresenz, { syst: "215 MACOS Peter's Server" })[0]!.format, 'macos');
});

test('formatListing writes NetPresenz columns', (t) => {
  const file = new StatResult('MegaPhone.sit', 'file', 'macos');
  file.mode = 0o100004;
  file.size = 1392298;
  file.facts = { resourceFork: '326' };
  file.mtimeMs = Date.UTC(1995, 10, 22);
  const folder = new StatResult('network', 'directory', 'macos');
  folder.mode = 0o40775;
  folder.facts = { items: '2' };
  folder.mtimeMs = Date.UTC(2026, 10, 21, 10, 0);
  t.is(
    formatListing([file, folder], 'macos', { now: NOW }),
    '-------r--      326     1391972  1392298 Nov 22  1995 MegaPhone.sit\n' +
      'drwxrwxr-x               folder        2 Nov 21 10:00 network\n',
  );
  const link = new StatResult('alias', 'symlink', 'macos');
  t.throws(() => formatListing([link], 'macos'), { instanceOf: RangeError });
});

test('macos: parseListing(formatListing(xs)) gives xs back within the precision', (t) => {
  const entryArb = (now: number) =>
    fc
      .record({
        type: fc.constantFrom<EntryType>('file', 'directory'),
        name: fc.stringMatching(/^[^\r\n/]{1,20}$/).filter((name) => name !== '.' && name !== '..'),
        permissions: fc.integer({ min: 0, max: 0o7777 }),
        size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        resource: fc.nat({ max: 1 << 20 }),
        items: fc.nat({ max: 100_000 }),
        mtimeMs: fc.oneof(fc.integer({ min: now - 200 * 86_400_000, max: now }), fc.integer({ min: Date.UTC(1904, 0, 1), max: Date.UTC(2090, 0, 1) })),
      })
      .map((r) => {
        const entry = new StatResult(r.name, r.type, 'macos');
        entry.mode = modeTypeBits(r.type) | r.permissions;
        if (r.type === 'file') {
          entry.size = r.size;
          entry.sizePrecision = 1;
          entry.facts = { resourceFork: String(Math.min(r.resource, r.size)), dataFork: String(r.size - Math.min(r.resource, r.size)) };
        } else {
          entry.facts = { items: String(r.items) };
        }
        entry.mtimeMs = r.mtimeMs;
        return entry;
      });
  assertRoundTrip({
    format: 'macos',
    entry: entryArb,
    now: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2080, 0, 1) }),
    zones: ['UTC', 'America/Los_Angeles', 'Europe/Paris'],
    fields: ['name', 'type', 'size', 'mode'],
    agrees: sameFacts,
    maxEntries: 6,
    numRuns: 300,
  });
  t.pass();
});
