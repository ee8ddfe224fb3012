/**
 * RsyncTransport against a real rsync daemon (test/servers/rsyncd.mjs) serving a tree whose lstat
 * is the ground truth: modules `tree` (open) and `secret` (auth users + secrets file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { StatResult } from '../../src/index.js';
import { rsyncUrlFromSpec } from 'dirlisting';
import { RsyncTransport } from '../../src/client/rsync.js';
import { assertMatchesTree, lstatChildren, useLiveServers } from './ftp-rsync-live.js';

const servers = useLiveServers(test, 'rsyncd');

/** As lstat says (ftp-rsync-live.ts), and each file's mtime to the second; nothing left out. */
function assertListedExactly(t: ExecutionContext, dir: string, entries: readonly StatResult[]): void {
  assertMatchesTree(t, dir, entries);
  const truth = lstatChildren(dir);
  for (const entry of entries) {
    const stats = truth.get(entry.name);
    if (stats?.isFile()) t.is(entry.mtimeMs, Math.floor(stats.mtimeMs / 1000) * 1000, entry.name);
  }
  t.deepEqual(entries.map((e) => e.name).sort(), [...truth.keys()].sort());
}

test.serial('without rsync on PATH: ERR_MISSING_BINARY saying to install it', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'dirlisting-no-rsync-'));
  const saved = process.env.PATH;
  process.env.PATH = empty; // serial tests run before the others: nothing else spawns meanwhile
  try {
    const error = await t.throwsAsync(new RsyncTransport({}).list(new URL('rsync://127.0.0.1:1/tree/'), {}), { code: 'ERR_MISSING_BINARY' });
    t.regex(String(error), /install rsync/);
  } finally {
    process.env.PATH = saved;
    rmSync(empty, { recursive: true, force: true });
  }
});

test('the daemon root lists its modules', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const root = new URL('/', s.urls.rsync);
  const listing = await new RsyncTransport({}).list(root, {});
  t.is(listing.format, 'rsync-modules');
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.url]),
    [
      ['tree', 'directory', new URL('/tree/', root).href],
      ['secret', 'directory', new URL('/secret/', root).href],
    ],
  );
});

test('a module and a subdirectory are listed as lstat says, with absolute URLs', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const transport = new RsyncTransport({});
  for (const [path, dir] of [
    ['', s.root],
    ['subdir/', join(s.root, 'subdir')],
  ] as const) {
    const url = new URL(path, s.urls.rsync);
    const listing = await transport.list(url, {});
    t.is(listing.format, 'rsync');
    assertListedExactly(t, dir, listing.entries);
    for (const entry of listing.entries) {
      const parsed = new URL(entry.url!);
      t.is(parsed.href.slice(0, url.href.length), url.href, entry.name);
      t.is(decodeURIComponent(parsed.pathname.replace(/\/$/, '').split('/').pop()!), entry.name);
    }
  }
});

test('host::module/path means the rsync:// URL', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const url = new URL(s.urls.rsync!);
  t.is(rsyncUrlFromSpec('example.org::tree/sub dir/')?.href, 'rsync://example.org/tree/sub%20dir/');
  t.is(rsyncUrlFromSpec('me@example.org::')?.href, 'rsync://me@example.org/');
  t.is(rsyncUrlFromSpec('/local/path'), undefined);
  t.is(rsyncUrlFromSpec('https://example.org/'), undefined);
  // The spec has no port: the daemon's port is put back on the URL it gives.
  const fromSpec = rsyncUrlFromSpec(`${url.hostname}::tree/subdir/`)!;
  fromSpec.port = url.port;
  const listing = await new RsyncTransport({}).list(fromSpec, {});
  assertListedExactly(t, join(s.root, 'subdir'), listing.entries);
});

test('a missing path is ENOENT, a file listed as a directory ENOTDIR', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const transport = new RsyncTransport({});
  await t.throwsAsync(transport.list(new URL('no-such-dir/', s.urls.rsync), {}), { code: 'ENOENT' });
  await t.throwsAsync(transport.list(new URL('/no-such-module/', s.urls.rsync), {}), { code: 'ENOENT' });
  await t.throwsAsync(transport.list(new URL('subdir/inner.txt', s.urls.rsync), {}), { code: 'ENOTDIR' });
});

test('the password module: listed with the password, EACCES without it or with a wrong one, never showing it', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const url = new URL(s.urls['rsync-auth']!);
  assertListedExactly(t, s.root, (await new RsyncTransport({}).list(url, {})).entries);
  const auth = { username: url.username, password: decodeURIComponent(url.password) };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  assertListedExactly(t, s.root, (await new RsyncTransport({ auth }).list(bare, {})).entries);
  await t.throwsAsync(new RsyncTransport({}).list(bare, {}), { code: 'EACCES' });
  const wrong = new URL(url.href);
  wrong.password = 'Wrong-Rsync-Secret';
  const error = (await t.throwsAsync(new RsyncTransport({}).list(wrong, {}), { code: 'EACCES' })) as Error & { url?: string };
  for (const text of [String(error), error.stack ?? '', JSON.stringify(error), error.url ?? '']) {
    t.false(text.includes('Wrong-Rsync-Secret'), text);
    t.false(text.includes(auth.password), text);
  }
});

test('stat and read of a file, as lstat and the bytes on disk say', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const transport = new RsyncTransport({});
  const stats = lstatChildren(join(s.root, 'subdir')).get('inner.txt')!;
  const entry = (await transport.stat(new URL('subdir/inner.txt', s.urls.rsync), {}))!;
  t.is(entry.type, 'file');
  t.is(entry.size, stats.size);
  t.is(entry.mtimeMs, Math.floor(stats.mtimeMs / 1000) * 1000);
  t.is(entry.url, new URL('subdir/inner.txt', s.urls.rsync).href);
  const dir = (await transport.stat(new URL('subdir/', s.urls.rsync), {}))!;
  t.is(dir.type, 'directory');
  t.is(dir.name, 'subdir');

  const bytes = readFileSync(join(s.root, 'subdir', 'inner.txt'));
  const read = await transport.read(new URL('subdir/inner.txt', s.urls.rsync), { start: 3 });
  const chunks: Buffer[] = [];
  for await (const chunk of read.body) chunks.push(Buffer.from(chunk));
  t.is(read.start, 3);
  t.is(read.size, bytes.length);
  t.deepEqual(Buffer.concat(chunks), bytes.subarray(3));
});

test('abort kills rsync and rejects with the signal reason', async (t) => {
  const s = servers();
  if (!s) return t.pass();
  const reason = new Error('stop now');
  const controller = new AbortController();
  const pending = new RsyncTransport({}).list(new URL(s.urls.rsync!), { signal: controller.signal });
  controller.abort(reason);
  t.is(await t.throwsAsync(pending), reason);
});
