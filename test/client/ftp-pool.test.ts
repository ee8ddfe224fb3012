/**
 * The FTP transport through `ListingClient` against the fake server (./ftp-fake-server.ts), no real
 * server needed: the connection pool under a per-address limit (421), listing by CWD then a listing of
 * the working directory, CR/LF/NUL in paths, and reading a directory. Expected values come from the
 * fake server's in-memory tree and its record of commands.
 */
import test from 'ava';
import { ListingClient, RemoteError, type WalkEntry } from '../../src/index.js';
import { type FakeFtpOptions, type FakeFtpServer, type FakeTree, nodeAt, startFakeFtpServer, treeEntries } from './ftp-fake-server.js';

const TREE: FakeTree = {
  'readme.txt': 'hello\n',
  a: { 'one.txt': '1', b: { 'deep.txt': 'deep down' } },
  c: { 'two.txt': '22' },
  d: {},
  'sp ace': { 'f.txt': 'xyz' },
  // pure-ftpd globs a path argument of LIST/MLSD (ls.c): `q?` given as an argument would match `qx`.
  'q?': { 'g.txt': 'gg' },
  qx: { 'decoy.txt': 'not in q?' },
};

/** Directories of the tree, root included: one listing each. */
const DIRECTORIES = 1 + treeEntries(TREE).filter((entry) => entry.type === 'directory').length;

/** A promise opened by `open()`, or by itself after `ms` so a missing event fails an assertion instead of hanging. */
function gate(ms = 10_000): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, ms).unref();
  });
  return { promise, open };
}

async function withServer(
  t: import('ava').ExecutionContext,
  options: Partial<FakeFtpOptions>,
  clientOptions: ConstructorParameters<typeof ListingClient>[0],
  run: (server: FakeFtpServer, client: ListingClient) => Promise<void>,
): Promise<void> {
  const server = await startFakeFtpServer({ tree: TREE, ...options });
  const client = new ListingClient(clientOptions);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  await run(server, client);
}

/** The walk's entries as the tree states them: path, type, size of files. */
function shape(entries: WalkEntry[]): Array<{ path: string; type: string; size?: number }> {
  return entries
    .map(({ path, entry }) => (entry.type === 'file' ? { path, type: entry.type, size: entry.size! } : { path, type: entry.type }))
    .sort((x, y) => x.path.localeCompare(y.path));
}

function expectedTree(): Array<{ path: string; type: string; size?: number }> {
  return treeEntries(TREE)
    .map((entry) => (entry.type === 'file' ? entry : { path: entry.path, type: entry.type }))
    .sort((x, y) => x.path.localeCompare(y.path));
}

async function collect(iterator: AsyncIterable<WalkEntry>): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of iterator) out.push(entry);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RemoteError)) throw new Error(`expected a RemoteError, got ${String(error)}`);
  return error;
}

// --- 1. The pool: one new connection at a time; a 421 while others are open shrinks it to them ---

test('a walk under a two-connection limit (pure-ftpd -C 2, vsftpd max_per_ip=2) completes over the two connections allowed', async (t) => {
  // Listings below the root are held until the server has refused a connection, so the pool (six
  // wanted) is sure to reach the limit while two connections are busy.
  const refusedOnce = gate();
  await withServer(
    t,
    { maxConnections: 2, loginDelay: 20, holdListing: (dir) => (dir === '/' ? undefined : refusedOnce.promise), onRefused: refusedOnce.open },
    { concurrency: 6 },
    async (server, client) => {
      const entries = await collect(client.walk(server.url('/', 'u', 'p')));
      t.deepEqual(shape(entries), expectedTree());
      // RFC 959 §4.2: 421 closes that control connection only; the pool shares the two it has instead
      // of failing, and does not knock again (it shrank to what the server allows).
      t.is(server.refused, 1);
      t.is(server.maxOpen, 2);
      t.is(server.sessions.length, 2);
      t.is(server.maxLoggingIn, 1, 'never two logins in progress at once');
      t.is(server.commands.filter(({ line }) => line === 'MLSD').length, DIRECTORIES, 'each directory listed once');
    },
  );
});

test('the pool opens one control connection at a time, up to its concurrency', async (t) => {
  // Held until three logins happened: each of the three listings needs its own connection.
  const threeLogins = gate();
  let logins = 0;
  await withServer(
    t,
    { loginDelay: 30, holdListing: () => threeLogins.promise, onLogin: () => ++logins === 3 && threeLogins.open() },
    { concurrency: 3 },
    async (server, client) => {
      const listings = await Promise.all(['/a/', '/c/', '/d/', '/sp%20ace/', '/'].map((path) => client.list(server.url(path, 'u', 'p'))));
      t.deepEqual(
        listings.map((listing) => listing.entries.map((entry) => entry.name).sort()),
        ['/a', '/c', '/d', '/sp ace', '/'].map((dir) => Object.keys(nodeAt(TREE, dir) as FakeTree).sort()),
      );
      // pure-ftpd checks a password in seconds: logins one after another, never all at once.
      t.is(server.maxLoggingIn, 1);
      t.is(server.sessions.length, 3, 'five listings over the three connections of the pool');
      t.is(server.maxOpen, 3);
      t.is(server.refused, 0);
    },
  );
});

test('a 421 on the first connection fails the request (nothing to share), and the next request tries again', async (t) => {
  await withServer(t, { maxConnections: 0 }, { concurrency: 4 }, async (server, client) => {
    const first = await rejection(client.list(server.url('/', 'u', 'p')));
    // RFC 959 §4.2: 421 "Service not available, closing control connection" (REPLY_CODES in ftp.ts).
    t.is(first.code, 'ECONNRESET');
    t.regex(first.message, /421/);
    t.is(server.refused, 1, 'no retry loop against a server that refuses every connection');
    // The failed login did not leave the pool marked as connecting (a second request would wait forever).
    const second = await rejection(client.list(server.url('/a/', 'u', 'p')));
    t.is(second.code, 'ECONNRESET');
    t.is(server.refused, 2);
    t.is(server.sessions.length, 0);
  });
});

// --- 2. Listing: CWD to the path, then MLSD or LIST of the working directory ---

/** The commands of the session that listed `path`, from its CWD on. */
function fromCwd(server: FakeFtpServer, path: string): string[] {
  const session = server.sessions.find((s) => s.commands.includes(`CWD ${path}`));
  if (!session) return [];
  return session.commands.slice(session.commands.lastIndexOf(`CWD ${path}`));
}

test('MLSD (FEAT lists MLST): CWD to the directory, then MLSD without an argument', async (t) => {
  await withServer(t, {}, {}, async (server, client) => {
    const listing = await client.list(server.url('/a/b/', 'u', 'p'));
    t.is(listing.format, 'mlsd');
    t.deepEqual(
      listing.entries.map((entry) => [entry.name, entry.type, entry.size]),
      [['deep.txt', 'file', Buffer.byteLength('deep down')]],
    );
    // RFC 3659 §7.8: MLST in FEAT means MLSD; the path goes to CWD (RFC 959 §4.1.1), never to MLSD.
    t.deepEqual(fromCwd(server, '/a/b/'), ['CWD /a/b/', 'EPSV', 'MLSD']);

    // `q?` is a name, not a pattern: the listing is q?'s, not qx's.
    const q = await client.list(server.url('/q%3F/'));
    t.deepEqual(
      q.entries.map((entry) => entry.name),
      Object.keys(nodeAt(TREE, '/q?') as FakeTree),
    );
    t.deepEqual(fromCwd(server, '/q?/'), ['CWD /q?/', 'EPSV', 'MLSD']);
  });
});

test('LIST (no MLST in FEAT, as vsftpd): CWD to the directory, then LIST with no path', async (t) => {
  await withServer(t, { mlst: false }, {}, async (server, client) => {
    const listing = await client.list(server.url('/sp%20ace/', 'u', 'p'));
    t.is(listing.format, 'unix');
    t.deepEqual(
      listing.entries.map((entry) => [entry.name, entry.type, entry.size]),
      [['f.txt', 'file', Buffer.byteLength('xyz')]],
    );
    const commands = fromCwd(server, '/sp ace/');
    t.deepEqual(commands.slice(0, 2), ['CWD /sp ace/', 'EPSV']);
    t.is(commands.length, 3);
    // basic-ftp tries `LIST -a` before `LIST` (Client.js LIST_COMMANDS_DEFAULT): an option, no path.
    t.regex(commands[2]!, /^LIST( -a)?$/);
    t.false(server.commands.some(({ line }) => line.startsWith('MLSD')));
  });
});

test('a CWD refused with 550 fails the listing (ENOENT, ENOTDIR by the reply text); the previous directory is not listed instead', async (t) => {
  // One connection: its working directory is /a when the failing listings come.
  await withServer(t, {}, { concurrency: 1 }, async (server, client) => {
    t.true((await client.list(server.url('/a/', 'u', 'p'))).entries.length > 0);
    const missing = await rejection(client.list(server.url('/missing/')));
    t.is(missing.code, 'ENOENT');
    // proftpd's "550 x: Not a directory" (REPLY_TEXT_CODES in ftp.ts).
    const file = await rejection(client.list(server.url('/readme.txt/')));
    t.is(file.code, 'ENOTDIR');
    t.is(server.sessions.length, 1, 'a reply error leaves the connection usable');
    // A bare 550 is asked again with SIZE (vsftpd says only "Failed to change directory."); a reply
    // that says "Not a directory" is not.
    t.deepEqual(fromCwd(server, '/missing/'), ['CWD /missing/', 'SIZE /missing', 'CWD /readme.txt/']);
    t.is(server.commands.filter(({ line }) => line === 'MLSD').length, 1, 'only /a/ was listed');
  });
});

// --- 3. CR, LF and NUL in a path: refused before reaching the control connection ---

const SMUGGLING = ['/a%0D%0ADELE%20readme.txt/', '/a%0ADELE%20readme.txt/', '/a%0DDELE%20readme.txt/', '/a%00DELE%20readme.txt/'];

test('a path with CR, LF or NUL (%0D%0A in the URL) is refused with ERR_INVALID_URL; no command carries it', async (t) => {
  await withServer(t, {}, {}, async (server, client) => {
    for (const path of SMUGGLING) {
      // RFC 959 §4.1.3: a command ends at CRLF, so the decoded path would end CWD and start DELE.
      const listed = await rejection(client.list(server.url(path, 'u', 'p')));
      t.is(listed.code, 'ERR_INVALID_URL', path);
      const stated = await rejection(client.stat(server.url(path.replace(/\/$/, ''))));
      t.is(stated.code, 'ERR_INVALID_URL', path);
    }
    const fs = client.remoteFs(server.url('/'));
    const read = await rejection(fs.readFile('a\r\nDELE readme.txt'));
    t.is(read.code, 'ERR_INVALID_URL');
    t.false(
      server.commands.some(({ line }) => /DELE|^CWD \/a|^MLST \/a|^SIZE \/a|^RETR/.test(line)),
      server.commands.map(({ line }) => line).join(' | '),
    );
  });
});

// The path is checked before a connection is leased: a URL that can never be sent costs no login
// (seconds on pure-ftpd), and an unreachable server still answers ERR_INVALID_URL, not ECONNREFUSED.
test('a URL refused for its path opens no connection', async (t) => {
  await withServer(t, {}, {}, async (server, client) => {
    const listed = await rejection(client.list(server.url(SMUGGLING[0], 'u', 'p')));
    t.is(listed.code, 'ERR_INVALID_URL');
    t.is(server.sessions.length, 0);
  });
});

// --- 4. Reading a directory: SIZE refused and CWD accepted is EISDIR ---

test('readFile of a directory is EISDIR (SIZE refused, CWD 250) and sends no RETR; files and missing paths read as before', async (t) => {
  await withServer(t, {}, {}, async (server, client) => {
    const fs = client.remoteFs(server.url('/', 'u', 'p'));
    const error = await rejection(fs.readFile('/a'));
    t.is(error.code, 'EISDIR');
    t.like(error, { syscall: 'open', path: '/a' });
    // RFC 3659 §4.2: SIZE answers for files only; the CWD that works tells a directory.
    const lines = server.commands.map(({ line }) => line);
    t.true(lines.indexOf('SIZE /a') >= 0 && lines.indexOf('CWD /a') > lines.indexOf('SIZE /a'), lines.join(' | '));
    t.false(lines.some((line) => line.startsWith('RETR')));

    t.is(await fs.readFile('/a/b/deep.txt', 'utf8'), nodeAt(TREE, '/a/b/deep.txt') as string);
    t.true(server.commands.some(({ line }) => line === 'RETR /a/b/deep.txt'));
    const missing = await rejection(fs.readFile('/nope.txt'));
    t.is(missing.code, 'ENOENT');
  });
});

// A SIZE/CWD reply before any transfer leaves the control connection usable: an EISDIR must not cost
// the next request a new login.
test('a read refused as EISDIR before any transfer leaves its connection for the next request', async (t) => {
  await withServer(t, {}, { concurrency: 1 }, async (server, client) => {
    const fs = client.remoteFs(server.url('/', 'u', 'p'));
    t.is((await rejection(fs.readFile('/a'))).code, 'EISDIR');
    await client.list(server.url('/c/'));
    t.is(server.sessions.length, 1);
  });
});
