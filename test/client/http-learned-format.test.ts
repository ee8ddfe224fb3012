/**
 * The HTTP transport remembers the format an origin's first index page was detected as and hints it
 * for the origin's later pages (src/client/http.ts `parse`). A page styled otherwise on the same origin
 * must still be read right: the expected names are those of the tree the captured pages were served
 * from (each fixture's expected.json, its `lstat`).
 */
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { ListingClient, parseListing } from '../../src/index.js';

/** nginx (ngx_http_autoindex_module skips names starting with '.') and Debian's Apache (IndexIgnore .??*) hide dotfiles. */
const hiddenByServers = (name: string) => !name.startsWith('.');
const FIXTURES = new URL('../../../fixtures/html/', import.meta.url);
const fixture = (name: string) => ({
  page: readFileSync(new URL(`${name}/page.html`, FIXTURES)),
  names: (JSON.parse(readFileSync(new URL(`${name}/expected.json`, FIXTURES), 'utf8')) as { entries: { name: string }[] }).entries.map((e) => e.name).filter(hiddenByServers).sort(),
});
const nginx = fixture('nginx-html-exact-gmt');
const apache = fixture('apache-debian-default');

/** One origin whose directories are styled by different servers: /n1/ and /n2/ nginx, /a/ Apache, /empty/ an nginx page without rows. */
async function mixedOrigin(t: import('ava').ExecutionContext): Promise<string> {
  const emptyNginx = '<html>\r\n<head><title>Index of /empty/</title></head>\r\n<body>\r\n<h1>Index of /empty/</h1><hr><pre><a href="../">../</a>\r\n</pre><hr></body>\r\n</html>\r\n';
  const pages: Record<string, Buffer | string> = { '/n1/': nginx.page, '/n2/': nginx.page, '/a/': apache.page, '/empty/': emptyNginx };
  const server: Server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    if (request.method !== 'GET' || page === undefined) return void response.writeHead(request.method === 'GET' ? 404 : 405).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const names = (listing: { entries: { name: string }[] }) => listing.entries.map((e) => e.name).sort();

test("pages after the origin's first are read with its detected format, and keep its confidence", async (t) => {
  const base = await mixedOrigin(t);
  const client = new ListingClient({ cache: false });
  t.teardown(() => client.close());
  const first = await client.list(`${base}/n1/`, { method: 'get' });
  const second = await client.list(`${base}/n2/`, { method: 'get' });
  t.is(first.format, 'nginx');
  t.deepEqual(names(first), nginx.names);
  t.is(second.format, 'nginx');
  t.is(second.confidence, first.confidence, 'a learned format is as sure as the detection it came from, not a hint of 1');
  t.deepEqual(names(second), nginx.names);
});

test('a page of another style on the same origin is detected afresh, not read as the learned format', async (t) => {
  const base = await mixedOrigin(t);
  const client = new ListingClient({ cache: false });
  t.teardown(() => client.close());
  await client.list(`${base}/n1/`, { method: 'get' });
  const other = await client.list(`${base}/a/`, { method: 'get' });
  t.is(other.format, 'apache');
  // Apache also leaves out the dangling symlink it cannot stat, so the truth here is a fresh detection of the page.
  const detected = parseListing(apache.page, { origin: { contentType: 'text/html; charset=utf-8' } });
  t.deepEqual(names(other), names(detected));
  t.true(other.entries.length > 30);
  // and the origin's nginx pages still read after the switch
  t.deepEqual(names(await client.list(`${base}/n2/`, { method: 'get' })), nginx.names);
});

test('an empty page under a learned format is detected afresh and stays empty', async (t) => {
  const base = await mixedOrigin(t);
  const client = new ListingClient({ cache: false });
  t.teardown(() => client.close());
  await client.list(`${base}/n1/`, { method: 'get' });
  const empty = await client.list(`${base}/empty/`, { method: 'get' });
  t.is(empty.format, 'nginx');
  t.deepEqual(empty.entries, []);
  t.deepEqual(empty.skipped, []);
});
