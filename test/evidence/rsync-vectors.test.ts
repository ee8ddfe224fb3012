/**
 * The rsync samples of aboutcode-org/purldb (fixtures/vectors/rsync/, SOURCES.md) against their
 * documented expectations (`*.expect.json`); each difference is listed with its reason in
 * fixtures/vectors/rsync/differences.md and checked here to still hold.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { type Listing, formatUnixMode, parseListing } from '../../src/index.js';
import { fixture, fixturePath } from '../helpers.js';

const DIR = 'vectors/rsync/';

interface Expectation {
  path?: string;
  name?: string;
  type?: string;
  mode?: string;
  size?: number;
  mtime?: string;
  module?: string;
}

function load(file: string): { listing: Listing; expect: Expectation[] } {
  const bytes = readFileSync(fixturePath(DIR + file));
  // purldb reads the times as UTC (differences.md).
  const listing = parseListing(new Uint8Array(bytes), { timeZone: 'UTC', now: Date.parse('2014-06-01T00:00:00Z') });
  return { listing, expect: JSON.parse(fixture(`${DIR}${file}.expect.json`)) as Expectation[] };
}

const utc = (mtime: string) => new Date(`${mtime}Z`).toISOString();

test('purldb rsync_wicket.dir (3.0 layout, -r): every entry, the `.` line as the listed directory', (t) => {
  const { listing, expect } = load('purldb-rsync_wicket.dir');
  t.is(listing.format, 'rsync');
  t.deepEqual(listing.skipped, []);
  const [dot, ...rest] = expect;
  t.is(dot!.path, '.');
  t.is(formatUnixMode(listing.self!.type, listing.self!.mode!), dot!.mode ?? "");
  t.is(listing.self!.size, dot!.size);
  t.is(listing.self!.mtime!.toISOString(), utc(dot!.mtime!));
  t.deepEqual(
    listing.entries.map((e) => [e.path, e.name, e.type, formatUnixMode(e.type, e.mode!), e.size, e.mtime!.toISOString()] as unknown[]),
    rest.map((x) => [x.path, x.name, x.type, x.mode, x.size, utc(x.mtime!)] as unknown[]),
  );
});

test('purldb rsync_v3.0.9_protocol30.dir: the same (type, path) list once .svn is dropped', (t) => {
  const { listing, expect } = load('purldb-rsync_v3.0.9_protocol30.dir');
  t.is(listing.self!.type, 'directory');
  const read = listing.entries.filter((e) => e.path !== '.svn').map((e) => [e.type, e.path]);
  t.deepEqual(read, expect.filter((x) => x.path !== '.').map((x) => [x.type, x.path]));
});

test('purldb rsync_v3.1.0_protocol31.dir: difference — the second space before the name belongs to it', (t) => {
  const { listing, expect } = load('purldb-rsync_v3.1.0_protocol31.dir');
  t.deepEqual(listing.skipped, []);
  t.is(listing.self, undefined);
  const read = listing.entries.map((e) => [e.type, e.path]);
  t.deepEqual(read, expect.map((x) => [x.type, ` ${x.path}`]));
});

test('purldb rsync_dev.dir: a /dev tree, every line an entry, one regular file', (t) => {
  const { listing, expect } = load('purldb-rsync_dev.dir');
  t.is(listing.format, 'rsync');
  t.deepEqual(listing.skipped, []);
  const files = listing.entries.filter((e) => e.type === 'file');
  t.deepEqual(
    files.map((e) => [e.path, e.name, e.size, e.mtime!.toISOString()]),
    expect.map((x) => [x.path, x.name, x.size, utc(x.mtime!)]),
  );
  const types = new Set(listing.entries.map((e) => e.type));
  for (const type of ['directory', 'symlink', 'char-device', 'block-device', 'socket'] as const) t.true(types.has(type), type);
  // Symlinks without -l: no target is printed.
  t.true(listing.entries.filter((e) => e.type === 'symlink').every((e) => e.target === undefined));
  // Sticky `T` in crw------T.
  t.is(listing.entries.find((e) => e.path === 'dev/autofs')!.mode! & 0o1000, 0o1000);
});

test('purldb rsync_modules: the module names after the MOTD', (t) => {
  const { listing, expect } = load('purldb-rsync_modules');
  t.is(listing.format, 'rsync-modules');
  t.deepEqual(listing.skipped, []);
  t.deepEqual(listing.entries.map((e) => e.name), expect.map((x) => x.module));
  t.true(listing.entries.every((e) => e.type === 'directory' && typeof e.facts?.comment === 'string'));
});

test('purldb rsync_heanet_sfnet.dir: the ten project files (name, size, date), names with spaces', (t) => {
  const { listing, expect } = load('purldb-rsync_heanet_sfnet.dir');
  t.deepEqual(listing.skipped, []);
  for (const x of expect) {
    const entry = listing.entries.find((e) => e.name === x.name && e.type === 'file');
    t.truthy(entry, x.name);
    t.is(entry!.size, x.size);
    t.is(entry!.mtime!.toISOString(), utc(x.mtime!));
  }
});
