/**
 * The client against a server that misbehaves: every fault ends in a typed error with a `code` (or a
 * bounded retry that succeeds), never a hang, a raw stack or a password in the message.
 */
import { inspect } from 'node:util';
import test from 'ava';
import { HttpError, ListingClient, ListingError, RemoteError, list, redactUrl } from '../../src/index.js';
import { type FaultServer, INDEX_PAGE, endlessPage, okIndex, startFaultServer } from './fault-server.js';

const SECRET = 's3cr3t-pa55';

/** A URL on the server with credentials in it: nothing may print the password. */
function withCredentials(server: FaultServer, path: string): string {
  const url = new URL(path, server.url);
  url.username = 'alice';
  url.password = SECRET;
  return url.href;
}

function assertRedacted(t: import('ava').ExecutionContext, error: unknown): void {
  t.true(error instanceof RemoteError, `a RemoteError, not ${String(error)}`);
  for (const text of [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 5 })]) {
    t.false(text.includes(SECRET), `the password leaked: ${text}`);
  }
}

async function faults(t: import('ava').ExecutionContext, routes: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const server = await startFaultServer(routes);
  t.teardown(() => server.close());
  return server;
}

const GET = { method: 'get' } as const;

test('a slow response is ETIMEDOUT after the timeout', async (t) => {
  const server = await faults(t, {
    '/slow/': (_req, res) => {
      const timer = setTimeout(() => okIndex(_req, res, 1), 5000);
      res.on('close', () => clearTimeout(timer));
    },
  });
  const started = Date.now();
  const error = await t.throwsAsync(list(withCredentials(server, '/slow/'), { ...GET, timeout: 300 }));
  t.like(error, { code: 'ETIMEDOUT' });
  t.true(Date.now() - started < 3000);
  assertRedacted(t, error);
});

test('a body cut short (Content-Length larger than sent) is retried, then ECONNRESET', async (t) => {
  const server = await faults(t, {
    '/cut/': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': INDEX_PAGE.length * 2 });
      res.write(INDEX_PAGE.slice(0, 100), () => res.socket?.destroy());
    },
  });
  const error = await t.throwsAsync(list(withCredentials(server, '/cut/'), { ...GET, retries: 2, retryDelay: 10 }));
  t.like(error, { code: 'ECONNRESET' });
  t.is(server.counts.get('/cut/'), 3);
  assertRedacted(t, error);
});

test('a huge page is ERR_RESPONSE_TOO_LARGE after maxResponseBytes, without reading it all', async (t) => {
  const sent = { bytes: 0 };
  const streaming = await faults(t, { '/huge/': endlessPage(sent) });
  const max = 1024 * 1024;
  const error = await t.throwsAsync(list(withCredentials(streaming, '/huge/'), { ...GET, maxResponseBytes: max }));
  t.like(error, { code: 'ERR_RESPONSE_TOO_LARGE' });
  // What the server could push before the client hung up: the cap plus socket buffers, not a GiB.
  t.true(sent.bytes < 32 * max, `${sent.bytes} bytes sent`);
  assertRedacted(t, error);
});

test('a declared Content-Length over the cap is refused before reading the body', async (t) => {
  const sent = { bytes: 0 };
  const server = await faults(t, { '/big/': endlessPage(sent, 10 * 1024 ** 3) });
  const error = await t.throwsAsync(list(`${server.url}/big/`, { ...GET, maxResponseBytes: 1024 }));
  t.like(error, { code: 'ERR_RESPONSE_TOO_LARGE' });
});

test('a redirect loop is ERR_TOO_MANY_REDIRECTS, caught at the first repeat', async (t) => {
  const server = await faults(t, {
    '/a/': (_req, res) => res.writeHead(302, { location: '/b/' }).end(),
    '/b/': (_req, res) => res.writeHead(301, { location: '/a/' }).end(),
  });
  const error = await t.throwsAsync(list(withCredentials(server, '/a/'), GET));
  t.like(error, { code: 'ERR_TOO_MANY_REDIRECTS' });
  t.is(server.counts.get('/a/'), 1);
  t.is(server.counts.get('/b/'), 1);
  assertRedacted(t, error);
});

test('more redirects than maxRedirects is ERR_TOO_MANY_REDIRECTS', async (t) => {
  const routes: Parameters<typeof startFaultServer>[0] = { '/r5/': okIndex };
  for (let i = 0; i < 5; i++) routes[`/r${i}/`] = (_req, res) => res.writeHead(307, { location: `/r${i + 1}/` }).end();
  const server = await faults(t, routes);
  await t.throwsAsync(list(`${server.url}/r0/`, { ...GET, maxRedirects: 4 }), { code: 'ERR_TOO_MANY_REDIRECTS' } as never);
  const listing = await list(`${server.url}/r0/`, { ...GET, maxRedirects: 5 });
  t.is(listing.entries.length, 2);
});

test('a cross-origin redirect does not carry Authorization or Cookie there; the same origin does', async (t) => {
  const other = await faults(t, { '/landing/': okIndex });
  const server = await faults(t, {
    '/hop/': (_req, res) => res.writeHead(302, { location: '/away/' }).end(),
    '/away/': (_req, res) => res.writeHead(302, { location: `${other.url}/landing/` }).end(),
  });
  const listing = await list(withCredentials(server, '/hop/'), { ...GET, headers: { Cookie: 'session=abc' } });
  t.is(listing.entries.length, 2);
  const expectedAuth = `Basic ${Buffer.from(`alice:${SECRET}`).toString('base64')}`;
  t.deepEqual(
    server.seen.map((s) => [s.path, s.headers.authorization, s.headers.cookie]),
    [
      ['/hop/', expectedAuth, 'session=abc'],
      ['/away/', expectedAuth, 'session=abc'],
    ],
  );
  t.deepEqual(
    other.seen.map((s) => [s.path, s.headers.authorization, s.headers.cookie]),
    [['/landing/', undefined, undefined]],
  );
});

test('the auth option is sent as Basic credentials', async (t) => {
  const server = await faults(t, { '/ok/': okIndex });
  await list(`${server.url}/ok/`, { ...GET, auth: { username: 'bob', password: 'pw' } });
  t.is(server.seen[0]!.headers.authorization, `Basic ${Buffer.from('bob:pw').toString('base64')}`);
});

test('a 500 is an HttpError with status 500, not retried', async (t) => {
  const server = await faults(t, { '/err/': (_req, res) => res.writeHead(500).end('boom') });
  const error = await t.throwsAsync(list(withCredentials(server, '/err/'), GET));
  t.true(error instanceof HttpError);
  t.like(error, { status: 500, code: 'ERR_HTTP_500' });
  t.is(server.counts.get('/err/'), 1);
  assertRedacted(t, error);
});

test('429 with Retry-After: 1 is retried after at least a second and then succeeds', async (t) => {
  const server = await faults(t, {
    '/busy/': (req, res, count) => (count === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : okIndex(req, res, count)),
  });
  const started = Date.now();
  const listing = await list(`${server.url}/busy/`, { ...GET, retryDelay: 10 });
  t.true(Date.now() - started >= 1000, `${Date.now() - started} ms`);
  t.is(listing.entries.length, 2);
  t.is(server.counts.get('/busy/'), 2);
});

test('503 is retried with backoff, at most `retries` times, then an HttpError 503', async (t) => {
  const server = await faults(t, { '/down/': (_req, res) => res.writeHead(503).end() });
  const error = await t.throwsAsync(list(`${server.url}/down/`, { ...GET, retries: 2, retryDelay: 5 }));
  t.like(error, { status: 503 });
  t.is(server.counts.get('/down/'), 3);
});

test('a reset connection is retried, then ECONNRESET', async (t) => {
  const server = await faults(t, { '/reset/': (req) => req.socket.destroy() });
  const client = new ListingClient({ retries: 3, retryDelay: 5 });
  t.teardown(() => client.close());
  const error = await t.throwsAsync(client.list(withCredentials(server, '/reset/'), GET));
  t.like(error, { code: 'ECONNRESET' });
  t.is(server.counts.get('/reset/'), 4);
  t.is(client.stats.requests, 0, 'no request was answered');
  assertRedacted(t, error);
});

test('a reset once, then an answer: the retry succeeds', async (t) => {
  const server = await faults(t, { '/flaky/': (req, res, count) => (count === 1 ? req.socket.destroy() : okIndex(req, res, count)) });
  const listing = await list(`${server.url}/flaky/`, { ...GET, retryDelay: 5 });
  t.is(listing.entries.length, 2);
});

test('404 is ENOENT, 403 EACCES, both HttpErrors with redacted URLs', async (t) => {
  const server = await faults(t, { '/forbidden/': (_req, res) => res.writeHead(403).end() });
  const missing = await t.throwsAsync(list(withCredentials(server, '/missing/'), GET));
  t.like(missing, { code: 'ENOENT', status: 404, url: redactUrl(withCredentials(server, '/missing/')) });
  assertRedacted(t, missing);
  const forbidden = await t.throwsAsync(list(withCredentials(server, '/forbidden/'), GET));
  t.like(forbidden, { code: 'EACCES', status: 403 });
});

test('a page no format recognizes is a ListingError with the detection scores', async (t) => {
  const server = await faults(t, { '/blob/': (_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2, 3, 255, 254])) });
  const error = await t.throwsAsync(list(withCredentials(server, '/blob/'), GET));
  t.true(error instanceof ListingError);
  t.like(error, { code: 'ERR_UNRECOGNIZED_LISTING' });
  t.true(Array.isArray((error as ListingError).detections));
  assertRedacted(t, error);
});

test('an aborted signal rejects with its reason, at once', async (t) => {
  const server = await faults(t, {
    '/hang/': (_req, res) => {
      const timer = setTimeout(() => res.end(), 10_000);
      res.on('close', () => clearTimeout(timer));
    },
  });
  const controller = new AbortController();
  const reason = new Error('user gave up');
  setTimeout(() => controller.abort(reason), 100);
  const error = await t.throwsAsync(list(`${server.url}/hang/`, { ...GET, signal: controller.signal }));
  t.is(error, reason);
});

test('redactUrl hides the password and the user name', (t) => {
  t.is(redactUrl('https://alice:pw@example.com/a?b'), 'https://***:***@example.com/a?b');
  t.is(redactUrl('https://example.com/a'), 'https://example.com/a');
});

test('onRequest sees every request with the URL redacted', async (t) => {
  const server = await faults(t, { '/ok/': okIndex, '/go/': (_req, res) => res.writeHead(301, { location: '/ok/' }).end() });
  const seen: string[] = [];
  await list(withCredentials(server, '/go/'), { ...GET, onRequest: (info) => seen.push(`${info.method} ${info.url} ${info.status ?? '-'}`) });
  const base = `http://127.0.0.1:${new URL(server.url).port}`;
  t.deepEqual(seen, [`GET ${base}/go/ -`, `GET ${base}/go/ 301`, `GET ${base}/ok/ -`, `GET ${base}/ok/ 200`]);
});
