/**
 * `remoteFs` against the Node tree server imitating what live servers were seen to send (nginx
 * dav_ext, Caddy's file_server), so each rule that makes them behave like node:fs is held without
 * the real servers. Expected types, names and error codes come from node:fs on the same tree.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { ListingClient, RemoteError, normalizeUrl } from '../../src/index.js';
import { startFaultServer } from './fault-server.js';
import { type TreeServerOptions, startTreeServer } from './tree-server.js';
import { makeTree } from './tree.js';

const SPECIAL_DIR = 'names/dir & #hash?';
const UNICODE_DIR = 'names/ünï %41 #?';
const root = makeTree({
  'names/': '',
  'names/a.txt': 'a',
  [`${SPECIAL_DIR}/`]: '',
  [`${SPECIAL_DIR}/inner.txt`]: 'inner',
  [`${UNICODE_DIR}/`]: '',
  [`${UNICODE_DIR}/u.txt`]: 'u',
});
test.after.always(() => rmSync(root, { recursive: true, force: true }));

async function serve(t: ExecutionContext, options: TreeServerOptions) {
  const server = await startTreeServer(root, options);
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  return { server, client, fs: client.remoteFs(`${server.url}/`) };
}

/** The code node:fs rejects with for the same call on the local tree. */
const localCode = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: NodeJS.ErrnoException) => error.code);

test('normalizeUrl: a reserved character in the path and its escape are one spelling; `/` and its escape are not', (t) => {
  t.is(normalizeUrl('http://h/a&b/c%3Bd/'), normalizeUrl('http://h/a%26b/c;d/'));
  t.not(normalizeUrl('http://h/a%2Fb/'), normalizeUrl('http://h/a/b/'));
});

test('nginx dav_ext: a directory named without its slash, whose slash form is 403 and whose href keeps `&`, is a directory', async (t) => {
  const { fs } = await serve(t, { dav: true, davExt: true });
  t.is((await fs.stat(SPECIAL_DIR)).isDirectory(), statSync(join(root, SPECIAL_DIR)).isDirectory());
  t.true(await fs.exists(SPECIAL_DIR));
});

test("Caddy's 308 to the decoded path plus `/` (`#`, `?`, `%`, raw UTF-8) leads to the directory's slash form", async (t) => {
  const { fs, client, server } = await serve(t, { caddyRedirects: true });
  for (const dir of [SPECIAL_DIR, UNICODE_DIR]) {
    t.is((await fs.stat(dir)).isDirectory(), statSync(join(root, dir)).isDirectory(), dir);
    t.true(await fs.exists(dir), dir);
    const listing = await client.list(new URL(dir.split('/').map(encodeURIComponent).join('/'), `${server.url}/`));
    t.deepEqual(listing.entries.map((entry) => entry.name), readdirSync(join(root, dir)), dir);
  }
  t.true(server.requests.some((request) => request.status === 308));
  t.false(server.requests.some((request) => request.status === 404));
});

for (const [server, options] of [
  ['nginx dav_ext (the file\'s own 207 for `file/`)', { dav: true, davExt: true }],
  ['a WebDAV server answering 404 for `file/`', { dav: true }],
  ['a plain web server', {}],
] as const) {
  test(`readdir of a file is ENOTDIR, as node:fs gives, on ${server}`, async (t) => {
    const { fs } = await serve(t, options);
    await t.throwsAsync(fs.readdir('names/a.txt'), { code: await localCode(fsp.readdir(join(root, 'names/a.txt'))) });
  });

  test(`client.list of a file's URL, with or without its slash, is a RemoteError ENOTDIR on ${server}`, async (t) => {
    const { client, server: tree } = await serve(t, options);
    for (const url of [`${tree.url}/names/a.txt/`, `${tree.url}/names/a.txt`]) {
      await t.throwsAsync(client.list(url), { instanceOf: RemoteError, code: 'ENOTDIR' }, url);
    }
  });
}

test("list of a file's URL refused as Apache mod_dav (400) and lighttpd mod_webdav (403) refuse PROPFIND of `file/` is ENOTDIR", async (t) => {
  const file = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-length': 1, 'last-modified': new Date(0).toUTCString() });
    res.end('x');
  };
  const refuse = (status: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status);
    res.end();
  };
  const server = await startFaultServer({ '/apache.txt': file, '/apache.txt/': refuse(400), '/lighttpd.txt': file, '/lighttpd.txt/': refuse(403), '/forbidden/': refuse(403) });
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  for (const name of ['apache.txt', 'lighttpd.txt']) {
    await t.throwsAsync(client.list(`${server.url}/${name}/`, { method: 'propfind' }), { code: 'ENOTDIR' }, name);
  }
  // A refused directory stays refused: its URL without the slash is no file.
  await t.throwsAsync(client.list(`${server.url}/forbidden/`, { method: 'propfind' }), { code: 'EACCES' });
});

test('readFile of a directory whose slash form is 403 (nginx dav_ext, no index) is EISDIR, as node:fs gives', async (t) => {
  const { fs } = await serve(t, { dav: true, davExt: true });
  await t.throwsAsync(fs.readFile('names'), { code: await localCode(fsp.readFile(join(root, 'names'))) });
  await t.throwsAsync(fs.createReadStream('names').toArray(), { code: 'EISDIR' });
});
