/**
 * `list` and `stat` over HTTP against a tree on disk served three ways (nginx-style HTML, JSON by
 * content negotiation, WebDAV PROPFIND): entries must match `fs.stat` of the files, requests per
 * directory are counted, and a second `list` of an unchanged directory costs one 304.
 */
import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { ListingClient, RemoteError, type Transport, list, parseListing, stat } from '../../src/index.js';
import { type TreeServerOptions, startTreeServer } from './tree-server.js';
import { floorTo, makeTree, truthOf } from './tree.js';

const TREE = {
  'pub/': '',
  'pub/a.txt': 'hello',
  'pub/b b.bin': 'x'.repeat(3000),
  'pub/ünï.txt': 'unicode name',
  'pub/sub/': '',
  'pub/sub/c.txt': 'c',
  'pub/empty/': '',
  'private/': '',
  'private/x.txt': 'x',
};
const root = makeTree(TREE);
test.after.always(() => rmSync(root, { recursive: true, force: true }));

async function serve(t: import('ava').ExecutionContext, options: TreeServerOptions = {}) {
  const server = await startTreeServer(root, options);
  t.teardown(() => server.close());
  return server;
}

/** Entries as the facts a listing of that style can show: minute (HTML) or second (JSON, WebDAV). */
async function expected(dir: string, unitMs: number) {
  return (await truthOf(join(root, dir))).map((t) => ({ name: t.name, type: t.type, size: t.size, mtimeMs: floorTo(t.mtimeMs, unitMs) }));
}

for (const [style, options, format, unitMs] of [
  ['HTML index', {}, 'nginx', 60_000],
  ['JSON index (Accept negotiated)', { json: true }, 'nginx-json', 1000],
  ['WebDAV PROPFIND', { dav: true }, 'webdav', 1000],
] as const) {
  test(`list: ${style} gives the files' names, types, sizes and times, with absolute urls`, async (t) => {
    const server = await serve(t, options);
    const client = new ListingClient();
    t.teardown(() => client.close());
    const listing = await client.list(`${server.url}/pub/`);
    t.is(listing.format, format);
    const got = listing.entries
      .map((e) => ({ name: e.name, type: e.type, size: e.type === 'file' ? e.size : undefined, mtimeMs: e.mtimeMs }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    t.deepEqual(got, await expected('pub', unitMs));
    for (const entry of listing.entries) {
      const url = `${server.url}/pub/${encodeURIComponent(entry.name)}${entry.type === 'directory' ? '/' : ''}`;
      t.is(new URL(entry.url!).href, new URL(url).href, entry.name);
    }
  });
}

test('auto learns WebDAV once per origin: one PROPFIND per directory afterwards', async (t) => {
  const server = await serve(t, { dav: true });
  const client = new ListingClient();
  t.teardown(() => client.close());
  await client.list(`${server.url}/pub/`);
  await client.list(`${server.url}/pub/sub/`);
  await client.list(`${server.url}/pub/empty/`);
  t.deepEqual(
    server.requests.map((r) => `${r.method} ${r.url} ${r.status}`),
    ['PROPFIND /pub/ 207', 'PROPFIND /pub/sub/ 207', 'PROPFIND /pub/empty/ 207'],
  );
  t.is(client.stats.requests, 3);
});

test('auto on a plain web server: the PROPFIND refusal is learned once, then one GET per directory', async (t) => {
  const server = await serve(t);
  const client = new ListingClient();
  t.teardown(() => client.close());
  await client.list(`${server.url}/pub/`);
  await client.list(`${server.url}/pub/sub/`);
  await client.list(`${server.url}/pub/empty/`);
  t.deepEqual(
    server.requests.map((r) => `${r.method} ${r.url} ${r.status}`),
    ['PROPFIND /pub/ 405', 'GET /pub/ 200', 'GET /pub/sub/ 200', 'GET /pub/empty/ 200'],
  );
});

test("the response's bytes reach the engine undecoded, with its charset, Server header and URL", async (t) => {
  const server = await serve(t);
  const listing = await list(`${server.url}/pub/`, { method: 'get' });
  t.true(listing.entries.some((e) => e.name === 'ünï.txt'));
  t.is(listing.charset, 'utf-8');
  t.is(listing.url, `${server.url}/pub/`);
});

test('a directory URL without its slash is followed to it, and entries resolve against the slash', async (t) => {
  const server = await serve(t);
  const listing = await list(`${server.url}/pub/sub`, { method: 'get' });
  t.is(listing.url, `${server.url}/pub/sub/`);
  t.deepEqual(
    listing.entries.map((e) => e.url),
    [`${server.url}/pub/sub/c.txt`],
  );
});

test("method 'get' on a WebDAV server reads the index page; 'propfind' on a plain one is an HttpError 405", async (t) => {
  const dav = await serve(t, { dav: true });
  t.is((await list(`${dav.url}/pub/`, { method: 'get' })).format, 'nginx');
  const plain = await serve(t);
  const error = await t.throwsAsync(list(`${plain.url}/pub/`, { method: 'propfind' }));
  t.like(error, { name: 'HttpError', status: 405, code: 'ERR_HTTP_405' });
});

test('a second list of an unchanged directory after maxAge is a 304 revalidation (If-None-Match)', async (t) => {
  const server = await serve(t);
  const client = new ListingClient({ cache: { maxAge: 0 } });
  t.teardown(() => client.close());
  const first = await client.list(`${server.url}/pub/`, { method: 'get' });
  const second = await client.list(`${server.url}/pub/`, { method: 'get' });
  t.is(second, first);
  t.deepEqual(
    server.requests.map((r) => r.status),
    [200, 304],
  );
  t.is(server.requests[1]!.headers['if-none-match'], (await etagOfIndex(server.url)) ?? 'an ETag');
  t.like(client.stats, { requests: 2, notModified: 1, cacheHits: 0 });
});

/** The ETag the server sends for /pub/ (fetched directly, not through the client). */
async function etagOfIndex(base: string): Promise<string | null> {
  const response = await fetch(`${base}/pub/`);
  await response.arrayBuffer();
  return response.headers.get('etag');
}

test('a changed directory is listed anew after revalidation (200, not 304)', async (t) => {
  const server = await serve(t);
  const client = new ListingClient({ cache: { maxAge: 0 } });
  t.teardown(() => client.close());
  const first = await client.list(`${server.url}/pub/sub/`, { method: 'get' });
  const later = new Date(Date.UTC(2025, 7, 1, 12, 0, 0));
  utimesSync(join(root, 'pub/sub/c.txt'), later, later);
  const second = await client.list(`${server.url}/pub/sub/`, { method: 'get' });
  t.not(second, first);
  t.is(second.entries[0]!.mtimeMs, later.getTime());
  t.is(client.stats.notModified, 0);
});

test('within maxAge the cache answers without a request; fresh, invalidate and clear ask again', async (t) => {
  const server = await serve(t);
  const client = new ListingClient({ cache: { maxAge: 60_000 } });
  t.teardown(() => client.close());
  const url = `${server.url}/pub/`;
  await client.list(url, { method: 'get' });
  await client.list(url, { method: 'get' });
  t.is(server.requests.length, 1);
  t.is(client.stats.cacheHits, 1);
  await client.list(url, { method: 'get', fresh: true });
  t.is(server.requests.length, 2);
  client.invalidate(`${url}a.txt`);
  await client.list(url, { method: 'get' });
  t.is(server.requests.length, 3);
  client.clear();
  await client.list(url, { method: 'get' });
  t.is(server.requests.length, 4);
});

test('the cache keeps at most max listings (least recently used dropped)', async (t) => {
  const server = await serve(t);
  const client = new ListingClient({ cache: { max: 1 } });
  t.teardown(() => client.close());
  await client.list(`${server.url}/pub/`, { method: 'get' });
  await client.list(`${server.url}/pub/sub/`, { method: 'get' });
  await client.list(`${server.url}/pub/`, { method: 'get' });
  t.is(server.requests.length, 3);
  t.is(client.stats.cacheHits, 0);
});

test('stat of a file: HEAD gives size, mtime (second), etag; one request', async (t) => {
  const server = await serve(t);
  const client = new ListingClient();
  t.teardown(() => client.close());
  const got = await client.stat(`${server.url}/pub/b%20b.bin`);
  const [truth] = (await truthOf(join(root, 'pub'))).filter((e) => e.name === 'b b.bin');
  t.like(got, { name: 'b b.bin', type: 'file', size: truth!.size, mtimeMs: floorTo(truth!.mtimeMs, 1000), mtimePrecision: 'second' });
  t.deepEqual(got.source, { type: 'head', size: 'head', mtime: 'head', etag: 'head', contentType: 'head' });
  t.true(got.isFile());
  t.is(server.requests.length, 1);
});

test("stat of a directory: HEAD's redirect to the slash says directory, the parent's listing gives its time", async (t) => {
  const server = await serve(t);
  const got = await stat(`${server.url}/pub/sub`, { method: 'get' });
  const [truth] = (await truthOf(join(root, 'pub'))).filter((e) => e.name === 'sub');
  t.like(got, { name: 'sub', type: 'directory', mtimeMs: floorTo(truth!.mtimeMs, 60_000) });
  t.is(got.source.mtime, 'listing');
  t.true(got.isDirectory());
});

test('stat falls back to the parent listing when HEAD is refused (405), and says so', async (t) => {
  const server = await serve(t, { noHead: true, dav: true });
  const got = await stat(`${server.url}/pub/a.txt`);
  const [truth] = (await truthOf(join(root, 'pub'))).filter((e) => e.name === 'a.txt');
  t.like(got, { type: 'file', size: truth!.size, mtimeMs: floorTo(truth!.mtimeMs, 1000) });
  t.deepEqual(got.source, { type: 'listing', size: 'listing', mtime: 'listing', etag: 'listing' });
});

test('stat: HEAD without Last-Modified says less, the listing adds the time; the exact HEAD size wins', async (t) => {
  const server = await serve(t, { noLastModified: true });
  const got = await stat(`${server.url}/pub/a.txt`);
  const [truth] = (await truthOf(join(root, 'pub'))).filter((e) => e.name === 'a.txt');
  t.like(got, { size: truth!.size, mtimeMs: floorTo(truth!.mtimeMs, 60_000), mtimePrecision: 'minute' });
  t.like(got.source, { size: 'head', mtime: 'listing' });
});

test('stat of a missing path is ENOENT; of a forbidden one EACCES', async (t) => {
  const server = await serve(t, { forbidden: ['/private'] });
  await t.throwsAsync(stat(`${server.url}/pub/nope.txt`), { instanceOf: RemoteError, code: 'ENOENT' } as never);
  await t.throwsAsync(stat(`${server.url}/private/x.txt`), { instanceOf: RemoteError, code: 'EACCES' } as never);
});

test('a listing of a missing directory is ENOENT (HttpError 404)', async (t) => {
  const server = await serve(t);
  const error = await t.throwsAsync(list(`${server.url}/nothing/`));
  t.like(error, { name: 'HttpError', code: 'ENOENT', status: 404 });
});

test('an unknown scheme is ERR_UNSUPPORTED_PROTOCOL; a malformed URL ERR_INVALID_URL', async (t) => {
  await t.throwsAsync(list('gopher://example.invalid/'), { code: 'ERR_UNSUPPORTED_PROTOCOL' } as never);
  await t.throwsAsync(list('not a url'), { code: 'ERR_INVALID_URL' } as never);
});

test('a user-supplied transport serves its scheme, and its entries get absolute urls', async (t) => {
  const calls: string[] = [];
  const memory: Transport = {
    protocols: ['mem:'],
    async list(url) {
      calls.push(url.href);
      return parseListing('-rw-r--r-- 1 u g 12 Nov 21 10:00 note.txt\ndrwxr-xr-x 2 u g 4096 Nov 21 10:00 docs\n', { hint: 'unix', now: Date.UTC(2026, 11, 1) });
    },
    async close() {},
  };
  const client = new ListingClient({ transports: [memory] });
  t.teardown(() => client.close());
  const listing = await client.list('mem://box/data/');
  t.deepEqual(
    listing.entries.map((e) => e.url),
    ['mem://box/data/note.txt', 'mem://box/data/docs/'],
  );
  t.deepEqual(calls, ['mem://box/data/']);
});
