/**
 * Credentials a URL carried (`ftp://user:pass@host/`, `http://user:pass@host/`) are remembered by
 * `ListingClient` per scheme and host and given back to later URLs of that origin, which never carry
 * them (entry URLs are printed and logged): a walk stays logged in below its start. Observed at the
 * servers: the fake FTP server's USER/PASS commands, and the Authorization header of a small web
 * server that requires Basic auth (RFC 7617) on every path.
 */
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import test from 'ava';
import { ListingClient, type WalkEntry } from '../../src/index.js';
import { FAKE_MTIME, type FakeTree, nodeAt, startFakeFtpServer, treeEntries } from './ftp-fake-server.js';

const TREE: FakeTree = {
  'top.txt': 'top',
  a: { 'one.txt': '1', b: { 'deep.txt': 'deep down' } },
  c: { 'two.txt': '22' },
  'd d': { e: { 'f.txt': 'ffff' } },
};

const USER = 'alice';
/** `@`, `/` and `:` must be percent-encoded in a URL's user info (RFC 3986 §3.2.1) and decoded for PASS. */
const PASSWORD = 'p@ss/w:rd';

function expected(): Array<{ path: string; type: string; size?: number }> {
  return treeEntries(TREE)
    .map((entry) => (entry.type === 'file' ? entry : { path: entry.path, type: entry.type }))
    .sort((x, y) => x.path.localeCompare(y.path));
}

function shape(entries: WalkEntry[]): Array<{ path: string; type: string; size?: number }> {
  return entries
    .map(({ path, entry }) => (entry.type === 'file' ? { path, type: entry.type, size: entry.size! } : { path, type: entry.type }))
    .sort((x, y) => x.path.localeCompare(y.path));
}

async function collect(iterator: AsyncIterable<WalkEntry>): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of iterator) out.push(entry);
  return out;
}

/** No entry URL carries user info: not the user, not the password in any spelling. */
function assertNoCredentials(t: import('ava').ExecutionContext, entries: WalkEntry[]): void {
  for (const { url } of entries) {
    const parsed = new URL(url);
    t.is(parsed.username + parsed.password, '', url);
    t.false(url.includes(PASSWORD) || url.includes(encodeURIComponent(PASSWORD)) || url.includes('p%40ss'), url);
  }
}

// --- FTP ---

test('a walk of ftp://alice:…@host/ logs in as alice on every connection, below the start too', async (t) => {
  // Listings below the root wait for a second login, so the walk opens a connection of its own for
  // URLs that carry no credentials; anonymous (RFC 1635) is refused with 530 by this server.
  let logins = 0;
  let open!: () => void;
  const secondLogin = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, 10_000).unref();
  });
  const server = await startFakeFtpServer({
    tree: TREE,
    users: { [USER]: PASSWORD },
    holdListing: (dir) => (dir === '/' ? undefined : secondLogin),
    onLogin: () => ++logins === 2 && open(),
  });
  const client = new ListingClient({ concurrency: 4 });
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const entries = await collect(client.walk(server.url('/', USER, PASSWORD)));
  t.deepEqual(shape(entries), expected());
  t.true(server.sessions.length >= 2, `${server.sessions.length} sessions`);
  for (const session of server.sessions) {
    t.deepEqual(
      session.commands.filter((line) => /^(USER|PASS) /.test(line)),
      [`USER ${USER}`, `PASS ${PASSWORD}`],
      `session ${session.id}`,
    );
    t.true(session.loggedIn);
  }
  assertNoCredentials(t, entries);
});

test('held credentials go to later URLs of the same scheme and host only; a URL with its own replaces them', async (t) => {
  const users = { [USER]: PASSWORD, bob: 'b0b' };
  const server = await startFakeFtpServer({ tree: TREE, users });
  const other = await startFakeFtpServer({ tree: TREE });
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
    await other.close();
  });
  const userOf = (path: string) => server.sessions.find((session) => session.commands.includes(`CWD ${path}`))?.user;

  await client.list(server.url('/', USER, PASSWORD));
  const a = await client.list(server.url('/a/'));
  t.deepEqual(a.entries.map((entry) => entry.name).sort(), Object.keys(nodeAt(TREE, '/a') as FakeTree).sort());
  t.is(userOf('/a/'), USER);
  // remoteFs and stat take them too.
  t.is(await client.remoteFs(server.url('/c/')).readFile('two.txt', 'utf8'), nodeAt(TREE, '/c/two.txt') as string);
  const stat = await client.stat(server.url('/a/one.txt'));
  t.is(stat.size, 1);
  t.is(stat.mtimeMs, FAKE_MTIME);

  // Another port is another origin (RFC 6454 §4): anonymous there, alice's password never sent.
  await client.list(other.url('/'));
  t.deepEqual(
    other.sessions.map((session) => session.user),
    ['anonymous'],
  );
  t.false(other.commands.some(({ line }) => line.includes(PASSWORD)));

  // bob's URL replaces alice's: the next bare URL is listed as bob.
  await client.list(server.url('/d%20d/', 'bob', 'b0b'));
  await client.list(server.url('/d%20d/e/'));
  t.is(userOf('/d d/e/'), 'bob');
  t.false(server.sessions.some((session) => session.user !== USER && session.user !== 'bob'), 'no anonymous login');
});

// The listing cache is keyed by user as well as URL: FTP servers give each user their own `/`
// (vsftpd chroot_local_user, pure-ftpd -A), so a listing fetched as alice must not answer bob's URL,
// and bob's wrong password must reach the server.
test('a listing cached for one user does not answer another user of the same host', async (t) => {
  const server = await startFakeFtpServer({ tree: TREE, users: { [USER]: PASSWORD, bob: 'b0b' } });
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  await client.list(server.url('/', USER, PASSWORD));
  await t.throwsAsync(client.list(server.url('/', 'bob', 'wrong')), { code: 'EACCES' });
});

// --- HTTP Basic auth ---

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx autoindex's page (as tree-server.ts writes it) for one directory of the tree. */
function nginxIndex(path: string, dir: FakeTree): string {
  const d = new Date(FAKE_MTIME);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const rows = Object.entries(dir).map(([name, child]) => {
    const shown = typeof child === 'string' ? name : `${name}/`;
    const href = encodeURIComponent(name) + (typeof child === 'string' ? '' : '/');
    const size = typeof child === 'string' ? String(Buffer.byteLength(child)) : '-';
    return `<a href="${href}">${shown}</a>${' '.repeat(Math.max(1, 51 - shown.length))}${date}${size.padStart(20)}\r\n`;
  });
  return `<html>\r\n<head><title>Index of ${path}</title></head>\r\n<body>\r\n<h1>Index of ${path}</h1><hr><pre><a href="../">../</a>\r\n${rows.join('')}</pre><hr></body>\r\n</html>\r\n`;
}

interface Seen {
  method: string;
  path: string;
  authorized: boolean;
}

/** A web server over the tree that answers 401 (RFC 9110 §11.6.1) to any request without alice's Basic credentials. */
async function startBasicAuthServer(): Promise<{ url(path: string, withCredentials?: boolean): string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const expectedHeader = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    const path = posix.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const authorized = req.headers.authorization === expectedHeader;
    seen.push({ method: req.method ?? '', path, authorized });
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="tree", charset="UTF-8"', 'content-type': 'text/plain' });
      return res.end('authorization required');
    }
    // A plain web server: no WebDAV.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    const node = nodeAt(TREE, path);
    if (node === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    if (typeof node === 'string') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(node) });
      return res.end(req.method === 'HEAD' ? undefined : node);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'nginx/1.26.0' });
    res.end(req.method === 'HEAD' ? undefined : nginxIndex(path.endsWith('/') ? path : `${path}/`, node));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path, withCredentials = false) =>
      `http://${withCredentials ? `${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@` : ''}127.0.0.1:${port}${path}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('a walk of http://alice:…@host/ sends Basic credentials for every directory below the start', async (t) => {
  const server = await startBasicAuthServer();
  const client = new ListingClient({ concurrency: 3 });
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const entries = await collect(client.walk(server.url('/', true)));
  t.deepEqual(shape(entries), expected());
  t.deepEqual(
    server.seen.filter((request) => !request.authorized),
    [],
    'no request went without the credentials',
  );
  const directories = ['/', ...treeEntries(TREE).filter((entry) => entry.type === 'directory').map((entry) => `/${entry.path}/`)];
  const listed = new Set(server.seen.filter((request) => request.method === 'GET').map((request) => (request.path.endsWith('/') ? request.path : `${request.path}/`)));
  t.deepEqual([...listed].sort(), directories.sort());
  assertNoCredentials(t, entries);

  // A later bare URL of the origin gets them as well.
  t.is(await client.remoteFs(server.url('/a/b/')).readFile('deep.txt', 'utf8'), nodeAt(TREE, '/a/b/deep.txt') as string);
  t.true(server.seen.at(-1)!.authorized);
});
