/**
 * tar -tv lines of GNU tar, BusyBox tar (format `tar`) and bsdtar (format `bsdtar`), one rule at a
 * time. Expected values come from GNU tar's src/list.c, BusyBox's header_verbose_list.c and
 * libarchive's tar/util.c (docs/sources/rsync-tar.md) and the captures in fixtures/tar/.
 */
import test from 'ava';
import fc from 'fast-check';
import { ServerClock, StatResult, detectFormat, parseListing } from '../../../src/index.js';
import { formatTar, tarEscape } from '../../../grammars/tar.js';
import { formatBsdtar } from '../../../grammars/bsdtar.js';
import { formatTester } from '../../helpers.js';

const NOW = Date.parse('2026-12-01T05:44:03Z');
const gnu = formatTester('tar', NOW);
const bsd = formatTester('bsdtar', NOW);

test('GNU tar: mode, user/group, size, minute date in the zone tar ran in, path and leaf', (t) => {
  const entry = gnu.one('-rw-r--r-- root/root     10239 2022-03-04 05:06 tree/size-10239.bin');
  t.is(entry.path, 'tree/size-10239.bin');
  t.is(entry.name, 'size-10239.bin');
  t.is(entry.size, 10239);
  t.is(entry.owner, 'root');
  t.is(entry.group, 'root');
  t.is(entry.uid, undefined);
  t.is(entry.mode, 0o100644);
  t.is(entry.mtime!.toISOString(), '2022-03-04T05:06:00.000Z');
  t.is(entry.mtimePrecision, 'minute');
  const ny = gnu.one('-rw-r--r-- root/root 42 2031-01-01 22:04:05 tree/x', { timeZone: 'America/New_York' });
  t.is(ny.mtime!.toISOString(), '2031-01-02T03:04:05.000Z');
  t.is(ny.mtimePrecision, 'second');
});

test('GNU tar: directories lose the trailing slash; a `-` member with one is a directory', (t) => {
  const dir = gnu.one('drwxr-xr-x root/root         0 2022-03-04 05:06 tree/sub dir/');
  t.is(dir.path, 'tree/sub dir');
  t.is(dir.name, 'sub dir');
  const dashed = gnu.one('-rwxr-xr-x root/root         0 2022-03-04 05:06 tree/old-style/');
  t.is(dashed.type, 'directory');
  t.is(dashed.mode, 0o40755);
});

test('GNU tar --full-time: fractions, and names after the date padding of the widest date so far', (t) => {
  const listing = gnu.parse(
    [
      // `%-*s ` with datewidth 29 once the nanosecond stamp was printed.
      '-rw-r--r-- u/g 1 2022-03-04 05:06:07.123456789 a',
      `-rw-r--r-- u/g 1 ${'2022-03-04 05:06:07'.padEnd(29)} b`,
      `-rw-r--r-- u/g 1 ${'2022-03-04 05:06:07.5'.padEnd(29)}  c with a leading space`,
    ].join('\n'),
  );
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => [e.name, e.mtime!.toISOString(), e.mtimePrecision]), [
    ['a', '2022-03-04T05:06:07.123Z', 'millisecond'],
    ['b', '2022-03-04T05:06:07.000Z', 'second'],
    [' c with a leading space', '2022-03-04T05:06:07.500Z', 'millisecond'],
  ]);
});

test('GNU tar: --numeric-owner and names that have no passwd entry fill uid/gid', (t) => {
  const entry = gnu.one('-rw-r--r-- 4321/4321         1 2022-03-04 05:06 tree/owner');
  t.is(entry.uid, 4321);
  t.is(entry.gid, 4321);
  t.is(entry.owner, '4321');
});

test('GNU tar: hard links (facts.hardLink, no size), symlinks, devices, a file called `a -> b`', (t) => {
  const hard = gnu.one('hrw-r--r-- root/root          0 2022-03-04 05:06 tree/hardlink-2 link to tree/hardlink-1');
  t.is(hard.type, 'file');
  t.is(hard.name, 'hardlink-2');
  t.deepEqual(hard.facts, { hardLink: 'tree/hardlink-1' });
  t.is(hard.size, undefined);
  t.is(hard.mode, 0o100644);
  const link = gnu.one('lrwxrwxrwx root/root         0 2022-03-04 05:06 tree/link-to-arrow -> a -> b');
  t.is(link.name, 'link-to-arrow');
  t.is(link.target, 'a -> b');
  const dev = gnu.one('crw-r--r-- root/root     259,65536 2022-03-04 05:06 tree/char-dev');
  t.deepEqual([dev.type, dev.major, dev.minor, dev.size], ['char-device', 259, 65536, undefined]);
  t.is(gnu.one('brw-r--r-- root/root       7,0 2022-03-04 05:06 tree/b').type, 'block-device');
  t.is(gnu.one('prw-r--r-- root/root         0 2022-03-04 05:06 tree/fifo').type, 'fifo');
  const file = gnu.one('-rw-r--r-- root/root             1 2022-03-04 05:06 tree/a -> b');
  t.is(file.name, 'a -> b');
  t.is(file.target, undefined);
});

test('GNU tar escapes: C escapes, \\\\, \\ooo in the C locale; invalid UTF-8 as rawName', (t) => {
  t.is(gnu.one('-rw-r--r-- r/r 1 2022-03-04 05:06 tree/caf\\303\\251-\\303\\251.txt').name, 'café-é.txt');
  t.is(gnu.one('-rw-r--r-- r/r 1 2022-03-04 05:06 tree/new\\nline\\ttab\\177del').name, 'new\nline\ttab\x7fdel');
  t.is(gnu.one('-rw-r--r-- r/r 1 2022-03-04 05:06 tree/back\\\\slash').name, 'back\\slash');
  const listing = gnu.parse('-rw-r--r-- r/r 1 2022-03-04 05:06 tree/latin\\351');
  t.deepEqual([...listing.entries[0]!.rawName!], [...Buffer.from('latin'), 0xe9]);
  t.is(listing.warnings.length, 1);
});

test('GNU tar: --xattrs/--acls mark, -R block numbers, decoration, volume labels', (t) => {
  t.is(gnu.one('-rw-r--r--+ root/root 1 2022-03-04 05:06 tree/acl').mode, 0o100644);
  t.is(gnu.one('-rw-r--r--* root/root 1 2022-03-04 05:06 tree/xattr').name, 'xattr');
  t.is(gnu.one('block 12: -rw-r--r-- root/root 1 2022-03-04 05:06 tree/x').name, 'x');
  const listing = gnu.parse('Vrw-r--r-- root/root 0 2022-03-04 05:06 label--Volume Header--\nblock 40: ** Block of NULs **\n** End of File **\n');
  t.deepEqual(listing.entries, []);
  t.deepEqual(listing.skipped, []);
});

test('GNU tar: dialect gnu where the line shows it', (t) => {
  t.is(gnu.parse('-rw-r--r-- root/root 1 2022-03-04 05:06 tree/x').dialect, 'gnu');
  t.is(gnu.parse('-rw-r--r-- root/root         1 2022-03-04 05:06:07 tree/x').dialect, undefined);
});

test('dialect: BusyBox and GNU tar --full-time told apart by the owner/group/size columns', (t) => {
  t.is(gnu.parse('-rw-r--r-- nobody/nogroup         1 2022-03-04 05:06:07 tree/x').dialect, 'busybox');
  t.is(gnu.parse('-rw-r--r-- nobody/nogroup    1 2022-03-04 05:06:07 tree/x').dialect, 'gnu');
  t.is(gnu.parse('-rw-r--r-- root/root         1 2022-03-04 05:06:07 tree/x').dialect, undefined);
});

test('BusyBox: seconds always, devices with size 0, a hard link kept whole as the name', (t) => {
  const dev = gnu.one('crw-r--r-- root/root         0 2022-03-04 05:06:07 tree/char-dev-1-3');
  t.deepEqual([dev.size, dev.major], [0, undefined]);
  const hard = gnu.one('-rw-r--r-- root/root         0 2022-03-04 05:06:07 tree/hardlink-2 -> tree/hardlink-1');
  t.is(hard.path, 'tree/hardlink-2 -> tree/hardlink-1');
  t.is(hard.target, undefined);
  t.is(gnu.one('-rw-r--r-- nobody/nogroup         1 2022-03-04 05:06:07 tree/owner-nobody').owner, 'nobody');
});

test('bsdtar: ls-like columns, link count 0, a year or a time within half a year either side of now', (t) => {
  const old = bsd.one('-rw-r--r--  0 root   root       42 Jan  2  2031 tree/mtime-2031-01-02');
  t.is(old.mtime!.toISOString(), '2031-01-02T00:00:00.000Z');
  t.is(old.mtimePrecision, 'day');
  t.is(old.nlink, 0);
  t.is(old.path, 'tree/mtime-2031-01-02');
  const future = bsd.one('-rw-r--r--  0 root   root         41 Dec  4 05:44 tree/mtime-future-3d');
  t.is(future.mtime!.toISOString(), '2026-12-04T05:44:00.000Z');
  const past = bsd.one('-rw-r--r--  0 root   root       40 Oct 22 05:44 tree/mtime-now-40d');
  t.is(past.mtime!.toISOString(), '2026-10-22T05:44:00.000Z');
  // Near a new year: January of next year and December of last year by nearness to now.
  const jan = bsd.one('-rw-r--r--  0 u g 1 Jan  5 10:00 x', { now: Date.parse('2026-12-20T00:00:00Z') });
  t.is(jan.mtime!.toISOString(), '2027-01-05T10:00:00.000Z');
  const dec = bsd.one('-rw-r--r--  0 u g 1 Dec 20 10:00 x', { now: Date.parse('2027-01-05T00:00:00Z') });
  t.is(dec.mtime!.toISOString(), '2026-12-20T10:00:00.000Z');
});

test('bsdtar: hard links, devices, numeric owners, ACL mark, escapes', (t) => {
  const hard = bsd.one('hrw-r--r--  0 root   root          0 Mar  4  2022 tree/hardlink-2 link to tree/hardlink-1');
  t.deepEqual([hard.name, hard.facts?.hardLink, hard.size], ['hardlink-2', 'tree/hardlink-1', undefined]);
  const dev = bsd.one('crw-r--r--  0 root   root     259,65536 Mar  4  2022 tree/char-dev-259-65536');
  t.deepEqual([dev.major, dev.minor], [259, 65536]);
  const numeric = bsd.one('-rw-r--r--  0 65534  65534       1 Mar  4  2022 tree/owner-nobody');
  t.deepEqual([numeric.uid, numeric.gid], [65534, 65534]);
  t.is(bsd.one('-rw-r--r--+ 0 root   root       1 Mar  4  2022 tree/acl').mode, 0o100644);
  t.is(bsd.one('-rw-r--r--  0 root   root       1 Mar  4  2022 tree/emoji-\\360\\237\\230\\200.txt').name, 'emoji-😀.txt');
});

test('detection: GNU/BusyBox tar and bsdtar from their captures; ls -l stays unix', (t) => {
  t.is(detectFormat('-rw-r--r-- root/root 1 2022-03-04 05:06 tree/x\n-rw-r--r-- root/root 2 2022-03-04 05:06 tree/y\n')[0]!.format, 'tar');
  t.is(detectFormat('-rw-r--r--  0 root   root       1 Mar  4  2022 tree/x\n')[0]!.format, 'bsdtar');
  const ls = '-rw-r--r--   1 ftp      ftp          1 Nov 21 10:00 a\ndrwxr-xr-x   2 ftp      ftp       4096 Nov 21 10:00 b\n';
  const ranked = detectFormat(ls, { now: NOW });
  t.is(ranked[0]!.format, 'unix');
  t.true(ranked.find((d) => d.format === 'bsdtar')!.confidence < 0.3);
});

// ---- round trips ------------------------------------------------------------------------------------

const segment = fc
  .array(fc.oneof(fc.constantFrom('a', ' ', '\t', '\n', '\\', '\\n', '\x01', '\x7f', 'é', '日', '😀', ' -> ', ' link to ', '-'), fc.string({ minLength: 1, maxLength: 3 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join('').replace(/[/\0\r]/g, '_'))
  .filter((s) => s !== '.' && s !== '..' && !/[\uD800-\uDFFF]/.test(s));
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const mtime = fc.integer({ min: Date.UTC(1970, 0, 1) / 60000, max: Date.UTC(2100, 0, 1) / 60000 }).map((m) => m * 60000);

function member(p: string, kind: string, size: number, mtimeMs: number, owner: string): StatResult {
  const entry = new StatResult(p.slice(p.lastIndexOf('/') + 1), kind as StatResult['type'], 'tar');
  entry.path = p;
  entry.mode = { file: 0o100644, directory: 0o40755, 'char-device': 0o20600 }[kind]!;
  if (kind === 'char-device') {
    entry.major = size % 4096;
    entry.minor = size % 1_000_000;
  } else entry.size = kind === 'directory' ? 0 : size;
  entry.mtimeMs = mtimeMs;
  entry.owner = owner;
  entry.group = owner;
  return entry;
}

const members = fc.array(
  fc.tuple(path, fc.constantFrom('file', 'directory', 'char-device'), fc.integer({ min: 0, max: 2 ** 45 }), mtime, fc.constantFrom('root', 'nobody', '4321', 'a-very-long-user-name')),
  { minLength: 1, maxLength: 8 },
);

test('round trip: GNU tar (default and --full-time, UTF-8 and C locale) and bsdtar', (t) => {
  fc.assert(
    fc.property(members, fc.constantFrom('UTC', 'Europe/Berlin', 'America/St_Johns'), fc.boolean(), fc.constantFrom('gnu', 'gnu-full', 'bsdtar'), (xs, timeZone, cLocale, style) => {
      const written = xs.map(([p, kind, size, ms, owner]) => member(p, kind, size, ms, owner));
      const text =
        style === 'bsdtar' ? formatBsdtar(written, { timeZone, now: NOW, cLocale }) : formatTar(written, { timeZone, now: NOW, cLocale, fullTime: style === 'gnu-full' });
      const listing = parseListing(text, { hint: style === 'bsdtar' ? 'bsdtar' : 'tar', timeZone, now: NOW });
      t.deepEqual(listing.skipped, [], text);
      t.is(listing.entries.length, written.length);
      // Times compare as wall clocks: one in the hour a DST change repeats reads back as the earlier instant.
      const clock = new ServerClock({ timeZone, now: NOW });
      listing.entries.forEach((entry, i) => {
        const x = written[i]!;
        const shown = clock.toWallClock(entry.mtimeMs!);
        const real = clock.toWallClock(x.mtimeMs!);
        t.is(entry.path, x.path);
        t.is(entry.name, x.name);
        t.is(entry.type, x.type);
        t.is(entry.mode, x.mode);
        t.is(entry.size, x.size);
        t.is(entry.major, x.major);
        t.is(entry.owner, x.owner);
        t.true(shown <= real && real - shown < 86_400_000, `${entry.mtime?.toISOString()} ${new Date(x.mtimeMs!).toISOString()}`);
        if (style !== 'bsdtar') t.is(shown, real);
      });
    }),
    { numRuns: 150 },
  );
});

test('tarEscape writes what GNU tar writes', (t) => {
  t.is(tarEscape('a\\b\nc\td\x7f\x01é'), 'a\\\\b\\nc\\td\\177\\001é');
  t.is(tarEscape('é', undefined, true), '\\303\\251');
});
