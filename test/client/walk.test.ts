/**
 * `walk` over a tree on disk served as nginx-style HTML: what it yields is compared with a
 * breadth-first walk of the disk (symlinks reported, not followed); duplicates (symlink loops,
 * `..` and escaped spellings, case variants, redirects to a visited directory) are listed once;
 * depth, concurrency, filter and abort bounds are observed at the server.
 */
import { rmSync } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { ListingClient, RemoteError, type WalkEntry, walk } from '../../src/index.js';
import { type TreeServerOptions, startTreeServer } from './tree-server.js';
import { makeTree } from './tree.js';

const root = makeTree({
  'top/': '',
  'top/a.txt': 'a',
  'top/d1/': '',
  'top/d1/b.txt': 'bb',
  'top/d1/d2/': '',
  'top/d1/d2/c.txt': 'ccc',
  'top/d1/d2/loop@': '..',
  'top/d1/d2/self@': '.',
  'top/d3/': '',
  'top/d3/e e.txt': 'eeeee',
  'top/d3/alias/': '',
  'top/d3/d4/': '',
  'top/d3/d4/d5/': '',
  'top/d3/d4/d5/deep.txt': 'deep',
  'forbidden-side/': '',
});
test.after.always(() => rmSync(root, { recursive: true, force: true }));

interface Seen {
  path: string;
  depth: number;
  type: string;
  size?: number;
}

/** Breadth-first walk of the disk: names sorted (as the server lists them), symlinks yielded, not entered. */
async function diskWalk(start: string, skip: (path: string) => boolean = () => false): Promise<Seen[]> {
  const out: Seen[] = [];
  let level = [''];
  for (let depth = 1; level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const name of (await readdir(join(start, dir))).sort()) {
        const path = dir ? `${dir}/${name}` : name;
        if (skip(path)) continue;
        const link = await lstat(join(start, path));
        const target = await stat(join(start, path));
        out.push(target.isDirectory() ? { path, depth, type: 'directory' } : { path, depth, type: 'file', size: target.size });
        if (target.isDirectory() && !link.isSymbolicLink()) next.push(path);
      }
    }
    level = next;
  }
  return out;
}

function seen(entries: WalkEntry[]): Seen[] {
  return entries.map(({ path, depth, entry }) => (entry.type === 'directory' ? { path, depth, type: 'directory' } : { path, depth, type: entry.type, size: entry.size! }));
}

async function collect(iterator: AsyncIterable<WalkEntry>): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of iterator) out.push(entry);
  return out;
}

async function serve(t: import('ava').ExecutionContext, options: TreeServerOptions = {}) {
  const server = await startTreeServer(root, options);
  t.teardown(() => server.close());
  return server;
}

/** How many times each directory was listed (GET of a path ending in `/`). */
function listingsPerPath(requests: { method: string; url: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) if (r.method === 'GET' && r.url.endsWith('/')) counts.set(r.url, (counts.get(r.url) ?? 0) + 1);
  return counts;
}

test('walk yields every entry breadth-first, as the disk has it; symlink loops are yielded, not entered', async (t) => {
  const server = await serve(t);
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get' }));
  t.deepEqual(seen(entries), await diskWalk(join(root, 'top')));
  for (const e of entries) t.is(e.url, new URL(`${server.url}/top/${e.path.split('/').map(encodeURIComponent).join('/')}${e.entry.type === 'directory' ? '/' : ''}`).href);
  // The loop and self links were listed once (to find they repeat an ancestor), never below.
  t.false(server.requests.some((r) => r.url.includes('/loop/loop/') || r.url.includes('/self/self/')));
  t.true([...listingsPerPath(server.requests).values()].every((n) => n === 1));
});

test('spellings of one directory (escapes, `x/../`, absolute) and a redirect to a visited one are listed once', async (t) => {
  const server = await serve(t, {
    extraRows: { '/top/': ['%64%31/', 'd3/../d1/', '/top/d1/', '../top/d3/', '../'] },
    redirects: { '/top/d3/alias/': '/top/d1/' },
  });
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get' }));
  const listed = listingsPerPath(server.requests);
  // Once walked, and once more at the end of alias/'s redirect: that answer is how the walk learns
  // alias/ is d1/, after which nothing of it is yielded again.
  t.is(listed.get('/top/d1/'), 2);
  t.is(listed.get('/top/d3/'), 1);
  t.is(listed.get('/top/%64%31/'), undefined);
  t.is(listed.get('/'), undefined, 'above the start is never listed');
  t.is(listed.get('/top/d3/alias/'), 1);
  // d1's children appear once, under d1.
  t.deepEqual(
    entries.filter((e) => e.path.endsWith('b.txt')).map((e) => e.path),
    ['d1/b.txt'],
  );
});

test('on a case-insensitive server a case variant that lists the same is not entered again', async (t) => {
  const server = await serve(t, { caseInsensitive: true, extraRows: { '/top/': ['D1/'] } });
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get' }));
  t.deepEqual(
    entries.filter((e) => e.path.endsWith('b.txt')).map((e) => e.path),
    ['d1/b.txt'],
  );
  t.true(entries.some((e) => e.path === 'D1' && e.depth === 1), 'the variant is an entry of /top/');
  t.false(server.requests.some((r) => r.url.startsWith('/top/D1/d2')));
});

test('maxDepth 1 lists only the start directory', async (t) => {
  const server = await serve(t);
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get', maxDepth: 1 }));
  t.deepEqual(seen(entries), (await diskWalk(join(root, 'top'))).filter((e) => e.depth === 1));
  t.deepEqual([...listingsPerPath(server.requests).keys()], ['/top/']);
});

test('maxDepth 2 stops below the second level', async (t) => {
  const server = await serve(t);
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get', maxDepth: 2 }));
  t.deepEqual(seen(entries), (await diskWalk(join(root, 'top'))).filter((e) => e.depth <= 2));
});

test('concurrency bounds the listings in flight (the server counts them)', async (t) => {
  const wide: Record<string, string> = { 'w/': '' };
  for (let i = 0; i < 12; i++) wide[`w/d${String(i).padStart(2, '0')}/`] = '';
  const tree = makeTree(wide);
  t.teardown(() => rmSync(tree, { recursive: true, force: true }));
  for (const concurrency of [1, 3]) {
    const server = await startTreeServer(tree, { delay: 60 });
    t.teardown(() => server.close());
    const entries = await collect(walk(`${server.url}/w/`, { method: 'get', concurrency }));
    t.is(entries.length, 12);
    t.is(server.maxInFlight, concurrency, `concurrency ${concurrency}`);
  }
});

test('filter: a rejected entry is not yielded and a rejected directory not listed', async (t) => {
  const server = await serve(t);
  const entries = await collect(walk(`${server.url}/top/`, { method: 'get', filter: (e) => e.path !== 'd1' }));
  t.deepEqual(
    seen(entries),
    await diskWalk(join(root, 'top'), (path) => path === 'd1'),
  );
  t.false([...listingsPerPath(server.requests).keys()].some((url) => url.startsWith('/top/d1/')));
});

test('abort: the walk rejects with the reason and lists nothing more', async (t) => {
  const server = await serve(t, { delay: 30 });
  const controller = new AbortController();
  const reason = new Error('enough');
  const got: WalkEntry[] = [];
  const error = await t.throwsAsync(
    (async () => {
      for await (const entry of walk(`${server.url}/top/`, { method: 'get', signal: controller.signal, concurrency: 1 })) {
        got.push(entry);
        if (got.length === 2) controller.abort(reason);
      }
    })(),
  );
  t.is(error, reason);
  const after = server.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.is(server.requests.length, after);
  t.true(after <= 3, `${after} requests`);
});

test('breaking out of walk ends it: no listing is started afterwards', async (t) => {
  const server = await serve(t, { delay: 20 });
  const client = new ListingClient({ concurrency: 1 });
  t.teardown(() => client.close());
  for await (const entry of client.walk(`${server.url}/top/`, { method: 'get' })) if (entry.depth === 1) break;
  const after = server.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.is(server.requests.length, after);
});

test('a directory that cannot be listed throws by default, or is skipped by onError', async (t) => {
  const server = await serve(t, { forbidden: ['/top/d3/'] });
  const error = await t.throwsAsync(collect(walk(`${server.url}/top/`, { method: 'get' })));
  t.true(error instanceof RemoteError);
  t.like(error, { code: 'EACCES' });
  const skipped: string[] = [];
  const entries = await collect(
    walk(`${server.url}/top/`, {
      method: 'get',
      onError: (e, url) => {
        skipped.push(`${e.code} ${new URL(url).pathname}`);
        return 'skip';
      },
    }),
  );
  t.deepEqual(skipped, ['EACCES /top/d3/']);
  t.deepEqual(seen(entries), await diskWalk(join(root, 'top'), (path) => path.startsWith('d3/')));
});

test('onDirectory sees each listed directory once', async (t) => {
  const server = await serve(t);
  const dirs: string[] = [];
  await collect(walk(`${server.url}/top/`, { method: 'get', onDirectory: (url) => dirs.push(new URL(url).pathname) }));
  t.deepEqual(dirs, ['/top/', '/top/d1/', '/top/d3/', '/top/d1/d2/', '/top/d3/alias/', '/top/d3/d4/', '/top/d3/d4/d5/']);
});
