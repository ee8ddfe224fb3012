/**
 * `remoteFs` against the Node tree server imitating what live servers were seen to send (nginx
 * dav_ext, Caddy's file_server), so each rule that makes them behave like node:fs is held without
 * the real servers. Expected types, names and error codes come from node:fs on the same tree.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { ListingClient, normalizeUrl } from '../../src/index.js';
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
