/**
 * rsync --list-only lines, one rule at a time. Expected values come from rsync's source
 * (generator.c list_file_entry, lib/compat.c do_big_num, log.c filtered_fwrite; see
 * docs/sources/rsync-tar.md) and the real captures in fixtures/rsync/.
 */
import test from 'ava';
import fc from 'fast-check';
import { ParserError, ServerClock, StatResult, detectFormat, formatListing, parseListing, parseListingStream } from '../../../src/index.js';
import { formatRsync, rsyncEscape, rsyncSize } from '../../../grammars/rsync.js';
import { formatTester, shownTimeCovers } from '../../helpers.js';

const NOW = Date.parse('2026-12-01T05:43:24Z');
const { parse, one } = formatTester('rsync', NOW);

const line = (size: string, name: string, mode = '-rw-r--r--', date = '2022/03/04 05:06:07') => `${mode} ${size.padStart(14)} ${date} ${name}`;

test('3.1+ default: grouped size, second-precision time in the client zone, name after one space', (t) => {
  const entry = one(line('4,294,967,297', ' leading space.txt'));
  t.is(entry.name, ' leading space.txt');
  t.is(entry.path, ' leading space.txt');
  t.is(entry.type, 'file');
  t.is(entry.size, 4_294_967_297);
  t.is(entry.sizePrecision, 1);
  t.is(entry.mode, 0o100644);
  t.is(entry.mtime!.toISOString(), '2022-03-04T05:06:07.000Z');
  t.is(entry.mtimePrecision, 'second');
  const ny = one(line('1', 'x', undefined, '2022/03/04 00:06:07'), { timeZone: 'America/New_York' });
  t.is(ny.mtime!.toISOString(), '2022-03-04T05:06:07.000Z');
  // A repeated hour takes the earlier instant (Temporal's compatible rule).
  t.is(one(line('1', 'x', undefined, '2026/11/01 01:30:00'), { timeZone: 'America/New_York' }).mtime!.toISOString(), '2026-11-01T05:30:00.000Z');
});

test('sizes: 3.0/--no-h digits, `.` grouping of 3.2.4+ locales, an overflowing column', (t) => {
  t.is(one('drwxrwxr-x        4096 2014/03/25 18:14:57 bar').size, 4096);
  t.is(one(line('1.234.567', 'de')).size, 1_234_567);
  t.is(one('-rw-r--r-- 1,319,413,953,331 2022/03/04 05:06:07 big').size, 1_319_413_953_331);
  for (const bad of ['1,2345', '12,34', '1,234.567']) {
    const listing = parse(line(bad, 'x'));
    t.is(listing.entries.length, 0, bad);
    t.regex(listing.skipped[0]!.reason, /grouped in threes/, bad);
  }
});

test('-h: powers of 1000 with two decimals; sizePrecision one step of the last digit', (t) => {
  const k = one(line('1.02K', 'a'));
  t.is(k.size, 1020);
  t.is(k.sizePrecision, 10);
  const g = one(line('4.29G', 'b'));
  t.is(g.size, 4_290_000_000);
  t.is(g.sizePrecision, 10_000_000);
  t.is(one(line('1.32T', 'c')).size, 1_320_000_000_000);
  t.is(one(line('1.00P', 'c')).size, 1e15);
  t.is(one(line('2500.00P', 'top')).size, 2.5e18); // P is the top unit: the mantissa may pass the base
  t.regex(parse(line('1200.00K', 'x')).skipped[0]!.reason, /more than one 1024/);
  // 3.2.4+ in a locale whose decimal point is a comma.
  t.is(one(line('1,21K', 'd')).size, 1210);
  t.is(parse([line('1.00K', 'x'), line('999', 'y')].join('\n')).dialect, 'human');
});

test('-hh: powers of 1024, told by the listing (1,000–1,023 unit-less, or a mantissa over 1000) or by the caller', (t) => {
  const told = parse([line('1.00K', 'x')].join('\n'), { formatOptions: { rsync: { humanBase: 1024 } } });
  t.is(told.entries[0]!.size, 1024);
  t.is(told.entries[0]!.sizePrecision, 10.24);
  const grouped = parse([line('1,000', 'a'), line('976.56K', 'b')].join('\n'));
  t.is(grouped.entries[1]!.size, Math.round(976.56 * 1024));
  t.is(grouped.dialect, 'human-1024');
  const high = parse([line('1024.00K', 'a'), line('1.00M', 'b')].join('\n'));
  t.is(high.entries[1]!.size, 1024 ** 2);
  t.throws(() => parse(line('1.00K', 'x'), { formatOptions: { rsync: { humanBase: 1023 as never } } } /* a JavaScript caller's mistake */), { instanceOf: RangeError });
});

test('the `.` line is the listed directory: Listing.self, not an entry (also streamed)', async (t) => {
  const text = [line('4,096', '.', 'drwxr-xr-x'), line('1', 'a')].join('\n');
  const listing = parse(text);
  t.deepEqual(listing.entries.map((e) => e.name), ['a']);
  t.is(listing.self!.type, 'directory');
  t.is(listing.self!.size, 4096);
  const stream = parseListingStream([text.slice(0, 30), text.slice(30)], { now: NOW });
  const names: string[] = [];
  for await (const entry of stream.entries()) names.push(entry.name);
  t.deepEqual(names, ['a']);
  const collected = await parseListingStream([text], { now: NOW }).collect();
  t.is(collected.self!.size, 4096);
  t.is(collected.format, 'rsync');
});

test('-r: paths relative to the transfer root, name the leaf', (t) => {
  const entry = one(line('30', 'subdir/nested/nested-file.txt'));
  t.is(entry.path, 'subdir/nested/nested-file.txt');
  t.is(entry.name, 'nested-file.txt');
});

test('escapes: \\#ooo bytes decoded as UTF-8; invalid bytes become rawName with a warning', (t) => {
  t.is(one(line('19', 'caf\\#303\\#251-\\#303\\#251.txt')).name, 'café-é.txt');
  t.is(one(line('1', 'new\\#012line.txt')).name, 'new\nline.txt');
  t.is(one(line('1', 'literal\\#134#101.txt')).name, 'literal\\#101.txt');
  // A backslash not followed by #ddd is printed raw; TAB and DEL too.
  t.is(one(line('1', 'back\\slash\t\x7f')).name, 'back\\slash\t\x7f');
  const listing = parse(line('1', 'latin\\#351.txt'));
  t.is(listing.entries[0]!.name, 'latin\uFFFD.txt');
  t.deepEqual([...listing.entries[0]!.rawName!], [...Buffer.from('latin'), 0xe9, ...Buffer.from('.txt')]);
  t.is(listing.warnings.length, 1);
});

test('symlinks: the target whose length is the size; regular files keep `->` in the name', (t) => {
  const link = one(line('10', 'link-to-file -> size-1.txt', 'lrwxrwxrwx'));
  t.is(link.name, 'link-to-file');
  t.is(link.target, 'size-1.txt');
  const early = one(line('1', 'a -> b -> c', 'lrwxrwxrwx'));
  t.is(early.name, 'a -> b');
  t.is(early.target, 'c');
  const late = one(line('6', 'a -> b -> c', 'lrwxrwxrwx'));
  t.is(late.name, 'a');
  t.is(late.target, 'b -> c');
  t.is(one(line('7', 'x -> yy', 'lrwxrwxrwx')).target, 'yy'); // no length matches: the first arrow
  t.is(one(line('14', 'dangling-link', 'lrwxrwxrwx')).target, undefined); // without -l: no target
  t.is(one(line('1', 'a -> b')).name, 'a -> b');
});

test('devices, FIFOs and sockets by their mode letter; no device numbers in an rsync listing', (t) => {
  const types = ['brw-r--r--', 'crw-r--r--', 'prw-r--r--', 'srw-rw-rw-', 'crw------T'].map((mode) => one(line('0', 'x', mode)));
  t.deepEqual(types.map((e) => e.type), ['block-device', 'char-device', 'fifo', 'socket', 'char-device']);
  t.is(types[4]!.mode, 0o021000 | 0o600);
  t.true(types.every((e) => e.major === undefined && e.size === 0));
});

test('--atimes: a second date for non-directories, a blank column for directories', (t) => {
  const text = [
    `drwxr-xr-x          4,096 2022/03/04 05:06:07${' '.repeat(20)} .`,
    `drwxr-xr-x          4,096 2022/03/04 05:06:07${' '.repeat(20)}   spaced dir`,
    '-rw-r--r--              2 2022/03/04 05:06:07 2026/12/01 05:43:24  leading-space.txt',
  ].join('\n');
  const listing = parse(text);
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => [e.name, e.facts?.atime]), [
    ['  spaced dir', undefined],
    [' leading-space.txt', '2026-12-01T05:43:24.000Z'],
  ]);
  const bad = parse([text, '-rw-r--r--              2 2022/03/04 05:06:07 no-atime'].join('\n'));
  t.regex(bad.skipped[0]!.reason, /expected an atime/);
});

test('--crtimes: told from --atimes by a directory line, whose crtime is shown; both columns together', (t) => {
  const crtimes = parse([
    'drwxr-xr-x          4,096 2022/03/04 05:06:07 2021/01/01 00:00:00 .',
    '-rw-r--r--              2 2022/03/04 05:06:07 2021/01/02 00:00:00 f',
  ].join('\n'));
  t.deepEqual(crtimes.entries.map((e) => e.facts), [{ crtime: '2021-01-02T00:00:00.000Z' }]);
  const both = parse([
    `drwxr-xr-x          4,096 2022/03/04 05:06:07${' '.repeat(20)} 2021/01/01 00:00:00 .`,
    '-rw-r--r--              2 2022/03/04 05:06:07 2026/12/01 05:43:24 2021/01/02 00:00:00 f',
  ].join('\n'));
  t.deepEqual(both.entries.map((e) => e.facts), [{ atime: '2026-12-01T05:43:24.000Z', crtime: '2021-01-02T00:00:00.000Z' }]);
  t.is(both.self!.facts?.crtime, '2021-01-01T00:00:00.000Z');
});

test('decoration: MOTD before the first entry when detected, -v lines; reasons otherwise', (t) => {
  const motd = ['welcome to the mirror', 'second line', '', line('4,096', '.', 'drwxr-xr-x'), line('1', 'a')].join('\n');
  const detected = parseListing(motd, { now: NOW });
  t.is(detected.format, 'rsync');
  t.deepEqual(detected.skipped, []);
  t.deepEqual(detected.entries.map((e) => e.name), ['a']);
  // With a hint nothing vouches for the MOTD: reported, with the reason.
  t.is(parse(motd).skipped.length, 2);
  const verbose = ['receiving incremental file list', line('1', 'a'), '', 'sent 20 bytes  received 2,125 bytes  4,290.00 bytes/sec', 'total size is 1,328,714,636,715  speedup is 619,447,499.87'].join('\n');
  t.deepEqual(parse(verbose).skipped, []);
  const missing = parse(`${'*missing'.padEnd(45)} gone.txt`);
  t.regex(missing.skipped[0]!.reason, /'gone.txt' is missing on the sender/);
  t.is(parse(line('1', 'x', undefined, '(time out of range)')).entries[0]!.mtimeMs, undefined);
  t.regex(parse(line('1', 'x', undefined, '2022/02/30 00:00:00')).skipped[0]!.reason, /does not exist/);
  t.throws(() => parse(line('1,2', 'x'), { strict: true }), { instanceOf: ParserError });
});

test('detection: rsync lines with MOTD score high; ls -l and tar lines do not read', (t) => {
  t.is(detectFormat([line('1', 'a'), line('2', 'b')].join('\n'))[0]!.format, 'rsync');
  const rsync = detectFormat('-rw-r--r--   1 ftp ftp  1 Nov 21 10:00 a\n').find((d) => d.format === 'rsync')!;
  t.is(rsync.confidence, 0);
  const tar = detectFormat('-rw-r--r-- root/root 1 2022-03-04 05:06 tree/a\n').find((d) => d.format === 'rsync')!;
  t.is(tar.confidence, 0);
});

test('rsyncSize follows do_big_num at every level and unit boundary', (t) => {
  t.is(rsyncSize(1_048_575, 3), '1024.00K');
  t.is(rsyncSize(999_999, 2), '1000.00K');
  t.is(rsyncSize(1023, 3), '1,023');
  t.is(rsyncSize(999, 2), '999');
  t.is(rsyncSize(4_294_967_297, 1), '4,294,967,297');
  t.is(rsyncSize(4_294_967_297, 0), '4294967297');
  t.is(rsyncSize(1234, 1, '.'), '1.234');
  t.is(rsyncSize(1024 ** 5 * 3, 3), '3.00P');
  t.is(rsyncEscape('a\\#123\n\tb', undefined), 'a\\#134#123\\#012\tb');
  t.is(rsyncEscape('é', undefined, true), '\\#303\\#251');
});

// ---- round trips ------------------------------------------------------------------------------------

const hostileName = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', ' ', '\t', '\n', '\r', '\x01', '\x7f', '\\', '#', '\\#101', '-', '>', ' -> ', 'é', '日', '😀', '.'),
      fc.string({ minLength: 1, maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join('').replace(/[/\0]/g, '_'))
  .filter((name) => name !== '.' && name !== '..' && !/[\uD800-\uDFFF]/.test(name));

const sizes = fc.oneof(
  fc.constantFrom(0, 1, 999, 1000, 1023, 1024, 1025, 999_999, 1_000_000, 1_048_575, 1_048_576, 4_294_967_297, 1_319_413_953_331),
  fc.integer({ min: 0, max: 2 ** 50 }),
);
const mtime = fc.integer({ min: Date.UTC(1901, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => s * 1000);

const entries = fc.array(
  fc.record({ name: hostileName, size: sizes, mtimeMs: mtime, kind: fc.constantFrom('file', 'directory', 'fifo', 'symlink') }),
  { minLength: 1, maxLength: 8 },
).map((xs) => xs.filter((x) => !(x.kind === 'symlink' && x.name.includes(' -> ')))).filter((xs) => xs.length > 0);

function build({ name, size, mtimeMs, kind }: { name: string; size: number; mtimeMs: number; kind: string }): StatResult {
  const entry = new StatResult(name, kind as StatResult['type'], 'rsync');
  entry.size = size;
  entry.mtimeMs = mtimeMs;
  entry.mode = { file: 0o100644, directory: 0o40755, fifo: 0o10600, symlink: 0o120777 }[kind]!;
  return entry;
}

test('round trip: formatRsync then parse gives the entries back within precision, at every human level and zone', (t) => {
  fc.assert(
    fc.property(entries, fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns'), fc.boolean(), (xs, human, timeZone, escape8bit) => {
      const written = xs.map(build);
      const text = formatRsync(written, { human, timeZone, escape8bit, now: NOW });
      const listing = parseListing(text, {
        hint: 'rsync',
        timeZone,
        now: NOW,
        formatOptions: { rsync: { humanBase: human === 3 ? 1024 : 1000 } },
      });
      t.deepEqual(listing.skipped, [], text);
      t.is(listing.entries.length, written.length, JSON.stringify(text));
      const clock = new ServerClock({ timeZone, now: NOW });
      listing.entries.forEach((entry, i) => {
        const x = written[i]!;
        t.is(entry.name, x.name);
        t.is(entry.type, x.type);
        t.is(entry.mode, x.mode);
        // Compared as wall clocks: a time in the hour a DST change repeats reads back as the earlier one.
        t.true(shownTimeCovers(clock, entry, x), `${entry.mtimeMs} shown for ${x.mtimeMs} in ${timeZone}`);
        t.true(Math.abs(entry.size! - x.size!) <= entry.sizePrecision! / 2 + 0.5, `${entry.size} ± ${entry.sizePrecision} vs ${x.size}`);
      });
    }),
    { numRuns: 150 },
  );
});

test('round trip: symlink targets and --atimes columns', (t) => {
  fc.assert(
    fc.property(hostileName, hostileName.filter((target) => !target.includes(' -> ')), mtime, (name, target, atime) => {
      const link = new StatResult(name, 'symlink', 'rsync');
      link.mode = 0o120777;
      link.size = Buffer.byteLength(target);
      link.target = target;
      link.mtimeMs = atime;
      link.facts = { atime: new Date(atime).toISOString() };
      const dir = new StatResult('d', 'directory', 'rsync');
      dir.mode = 0o40755;
      dir.size = 4096;
      dir.mtimeMs = 0;
      const listing = parseListing(formatListing([dir, link], 'rsync', { atimes: true } as never), { hint: 'rsync', now: NOW });
      t.deepEqual(listing.skipped, []);
      const read = listing.entries[1]!;
      t.is(read.name, name);
      t.is(read.target, target);
      t.is(read.facts?.atime, link.facts.atime);
    }),
    { numRuns: 150 },
  );
});

test('round trip: a name that is not valid UTF-8 keeps its bytes (rawName)', (t) => {
  const entry = new StatResult('x\uFFFD', 'file', 'rsync');
  entry.rawName = Uint8Array.from([0x78, 0xff]);
  entry.size = 1;
  entry.mtimeMs = 0;
  entry.mode = 0o100644;
  const text = formatRsync([entry]);
  t.true(text.includes('x\\#377'));
  const listing = parseListing(text, { hint: 'rsync' });
  t.deepEqual([...listing.entries[0]!.rawName!], [0x78, 0xff]);
});
