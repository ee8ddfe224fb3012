/**
 * `ftp://` and `ftps://` URLs through basic-ftp (an optional peer dependency, loaded on first use).
 * basic-ftp moves the bytes; dirlisting reads them: the raw MLSD (RFC 3659 §7) or LIST (RFC 959
 * §4.1.3) text is parsed by `parseListing`, with the server's SYST reply and welcome banner as the
 * `origin`, so the format is detected the way it would be for a captured listing.
 *
 * basic-ftp runs one command at a time per control connection, so each origin (scheme, host, port,
 * credentials) gets a small pool of logged-in `Client`s, at most `concurrency` of them.
 */
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import type { Client as BasicFtpClient, FTPResponse } from 'basic-ftp';
import { type Listing, type ParseOptions, StatResult, parseListing, parseMlsxTime } from '../index.js';
import type { ReadResult, Transport, TransportListOptions, TransportReadOptions, TransportRequestOptions } from './transport.js';
import { RemoteError } from './errors.js';
import type { ClientStats } from './options.js';
import { directoryUrl, entryUrl, throwIfAborted, withoutCredentials } from './transport-util.js';
import { pathBytes } from './url.js';

/** The client options this transport reads (the client's `ClientOptions` is a superset). */
export interface FtpTransportOptions {
  /** Milliseconds per request (connect and login included); also basic-ftp's idle timeout. */
  timeout?: number;
  /** Credentials when the URL has none; anonymous otherwise. */
  auth?: { username: string; password: string };
  parse?: ParseOptions;
  /** Control connections per origin. */
  concurrency?: number;
  /** The client's counters: each listing, stat and read adds one request. */
  stats?: ClientStats;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 2;

/**
 * FTP reply codes (RFC 959 §4.2) as fs codes. 550 "file unavailable" covers several causes; the
 * reply text tells them apart where servers say it (`REPLY_TEXT_CODES`).
 */
const REPLY_CODES: Readonly<Record<number, string>> = {
  421: 'ECONNRESET', // service not available, closing control connection
  450: 'EBUSY', // file unavailable (e.g. busy)
  530: 'EACCES', // not logged in
  532: 'EACCES', // need account for storing files
  550: 'ENOENT', // file unavailable (not found, no access)
  553: 'EINVAL', // file name not allowed
};

/** Reply texts that refine a 550: vsftpd, proftpd, pure-ftpd and pyftpdlib wordings. */
const REPLY_TEXT_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/not a directory/i, 'ENOTDIR'],
  [/is a directory|not a (?:plain|regular) file/i, 'EISDIR'],
  [/permission denied|access denied|not allowed|forbidden/i, 'EACCES'],
];

/** basic-ftp's own failures (FtpContext.js), by message, as fs codes. */
const CLIENT_MESSAGE_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Timeout \(/, 'ETIMEDOUT'],
  [/closed connection unexpectedly|sent FIN packet unexpectedly|Socket closed due to transmission error/, 'ECONNRESET'],
];

/** What basic-ftp's `FTPError` carries: the reply code and the reply text. */
interface FtpReplyError {
  code: number;
  message: string;
}

function isReplyError(error: unknown): error is FtpReplyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

/**
 * The URL's path as an FTP pathname, one character per byte: the control connection is written and
 * read as Latin-1 (`CONTROL_ENCODING`), so a name's exact bytes go out whatever charset they are in
 * (RFC 959 and RFC 2640 leave pathnames as bytes; a listing's invalid UTF-8 comes back as `rawName`
 * and its URL as those bytes' escapes). CR, LF and NUL are refused: RFC 959 §4.1.3 ends a command at
 * CRLF, so a decoded `%0D%0A` would smuggle a second command onto the control connection.
 */
function ftpPath(url: URL): string {
  const path = pathBytes(url);
  if (/[\r\n\0]/.test(path)) throw new RemoteError('ERR_INVALID_URL', 'an FTP path may not contain CR, LF or NUL', { url });
  return path;
}

/** basic-ftp's encoding of the control connection and of listings: bytes kept one to a character. */
const CONTROL_ENCODING = 'latin1';

/** Text read over the control connection as the bytes it was. */
function wireBytes(text: string): Buffer {
  return Buffer.from(text, CONTROL_ENCODING);
}

/** Reply text for people: its bytes as UTF-8 (what servers send today, RFC 2640). */
function replyText(text: string): string {
  return wireBytes(text).toString('utf8');
}

/** Any failure of a request as a `RemoteError` with an fs code and the redacted URL. */
export function ftpError(error: unknown, url: URL): RemoteError {
  if (error instanceof RemoteError) return error;
  if (isReplyError(error)) {
    const message = replyText(error.message);
    const refined = error.code === 550 ? REPLY_TEXT_CODES.find(([pattern]) => pattern.test(message))?.[1] : undefined;
    return new RemoteError(refined ?? REPLY_CODES[error.code] ?? `ERR_FTP_${error.code}`, `FTP reply ${message}`, { url });
  }
  const message = error instanceof Error ? error.message : String(error);
  const nodeCode = (error as { code?: unknown }).code;
  const code = CLIENT_MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? (typeof nodeCode === 'string' ? nodeCode : 'ERR_FTP');
  return new RemoteError(code, message, { url });
}

type BasicFtp = typeof import('basic-ftp');
let basicFtp: Promise<BasicFtp> | undefined;

/** basic-ftp, imported once; its absence is a typed error saying how to install it. */
export function loadBasicFtp(): Promise<BasicFtp> {
  basicFtp ??= import('basic-ftp').catch((error: unknown) => {
    basicFtp = undefined;
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new RemoteError('ERR_MISSING_PEER', 'ftp:// URLs need the optional peer dependency basic-ftp: npm install basic-ftp');
    }
    throw error;
  });
  return basicFtp;
}

/** What a server said about itself once, on the first connection of its pool. */
interface ServerFacts {
  banner: string;
  syst: string | undefined;
  /** RFC 3659 §7.8: the MLST feature means both MLST and MLSD are supported. */
  mlst: boolean;
  /** RFC 3659 §4 SIZE and §3 MDTM. */
  sizeMdtm: boolean;
  /** RFC 3659 §5 REST STREAM: restart offsets for RETR. */
  rest: boolean;
}

/** The logged-in control connections of one origin. */
class Pool {
  readonly idle: BasicFtpClient[] = [];
  readonly busy = new Set<BasicFtpClient>();
  readonly waiting: Array<() => void> = [];
  facts: ServerFacts | undefined;
  /** A login under way: the pool grows one connection at a time (see `lease`). */
  connecting = false;
  /** Connections allowed at once: `concurrency`, lowered to what the server accepts (see `lease`). */
  constructor(public size: number) {}
}

/** A logged-in client of a pool, with the facts of its server. */
interface Lease {
  client: BasicFtpClient;
  facts: ServerFacts;
  pool: Pool;
}

export class FtpTransport implements Transport {
  readonly protocols = ['ftp:', 'ftps:'] as const;
  private readonly pools = new Map<string, Pool>();
  private readonly timeout: number;
  private readonly concurrency: number;

  constructor(private readonly options: FtpTransportOptions = {}) {
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  async list(url: URL, options: TransportListOptions = {}): Promise<Listing> {
    const path = ftpPath(url);
    return this.withClient(url, options, async ({ client, facts }) => {
      let raw = '';
      // basic-ftp's list() sends MLSD (when FEAT has MLST), else `LIST -a`, then `LIST`, and hands
      // the data connection's text to `parseList` (Client.js _requestListWithCommand): keep the text.
      client.parseList = (text) => {
        raw = text;
        return [];
      };
      // CWD, then a listing of the working directory: a path given to MLSD or LIST is a glob pattern
      // to some servers (pure-ftpd's ls.c globs it, so `dir?` lists nothing), and LIST of a missing
      // path is an empty listing on others (vsftpd); CWD's 550 tells a missing path or a file.
      try {
        await client.cd(path);
      } catch (error) {
        // CWD of a file is the same 550 as of a missing path on servers whose reply does not say
        // "Not a directory" (vsftpd: "Failed to change directory."); SIZE answers for files only.
        const file = isReplyError(error) && error.code === 550 && !/not a directory/i.test(error.message) && facts.sizeMdtm;
        if (file && (await client.sendIgnoringError(`SIZE ${path.replace(/\/+$/, '')}`)).code === 213) {
          throw new RemoteError('ENOTDIR', 'not a directory', { url });
        }
        throw error;
      }
      await client.list();
      const method = client.availableListCommands[0]!.split(' ')[0]!;
      const dir = directoryUrl(url);
      const listing = parseListing(wireBytes(raw), {
        ...this.options.parse,
        ...options.parse,
        ...(method === 'MLSD' ? { hint: 'mlsd' } : {}),
        origin: { banner: facts.banner, syst: facts.syst, url: dir.href, method },
      });
      for (const entry of listing.entries) entry.url = entryUrl(dir, entry);
      return listing;
    });
  }

  async stat(url: URL, options: TransportRequestOptions = {}): Promise<StatResult | undefined> {
    const path = ftpPath(url);
    return this.withClient(url, options, async ({ client, facts }) => {
      if (facts.mlst) {
        // RFC 3659 §7.2: the entry is the one indented line between `250-` and `250 `.
        const reply = await client.send(`MLST ${path}`);
        const entry = parseListing(wireBytes(reply.message), { ...this.options.parse, ...options.parse, hint: 'mlsd' }).entries[0];
        if (entry) entry.url = entryUrlOf(url, entry);
        return entry;
      }
      if (!facts.sizeMdtm) return undefined;
      // SIZE (RFC 3659 §4) answers for files only; a 550 may be a directory, so the caller lists.
      const size = await client.sendIgnoringError(`SIZE ${path}`);
      if (size.code !== 213) return undefined;
      const mdtm = await client.sendIgnoringError(`MDTM ${path}`);
      const leaf = wireBytes(path.replace(/\/+$/, '').split('/').pop() || path);
      const name = leaf.toString('utf8');
      const entry = new StatResult(name, 'file', 'ftp-size-mdtm');
      if (!Buffer.from(name).equals(leaf)) entry.rawName = leaf;
      entry.size = Number(size.message.slice(4).trim());
      entry.sizePrecision = 1;
      // RFC 3659 §3: MDTM's time-val is UTC, to the second or with a fraction.
      if (mdtm.code === 213) Object.assign(entry, parseMlsxTime(mdtm.message.slice(4).trim()));
      entry.url = entryUrlOf(url, entry);
      return entry;
    });
  }

  async read(url: URL, options: TransportReadOptions = {}): Promise<ReadResult> {
    throwIfAborted(options.signal);
    const path = ftpPath(url);
    const lease = await this.lease(url, options);
    if (this.options.stats) this.options.stats.requests++;
    const { client, facts } = lease;
    const start = facts.rest && options.start ? options.start : 0;
    const body = new PassThrough();
    const stop = this.guard(lease, url, options, false);
    let size: number | undefined;
    let answered = false;
    try {
      if (facts.sizeMdtm) {
        const reply = await client.sendIgnoringError(`SIZE ${path}`);
        if (reply.code === 213) size = Number(reply.message.slice(4).trim());
        // SIZE answers for files only (RFC 3659 §4.2): where it refuses, a CWD that works means a directory.
        else if ((await client.sendIgnoringError(`CWD ${path}`)).code === 250) throw new RemoteError('EISDIR', 'is a directory', { url });
      }
    } catch (error) {
      // A refusal before any transfer (a reply, or EISDIR) leaves the connection usable.
      this.release(lease, !(isReplyError(error) || (error instanceof RemoteError && error.code === 'EISDIR')));
      throw stop(error);
    }
    // RFC 959 RETR, after `REST start` (RFC 3659 §5) when resuming: basic-ftp's downloadTo.
    const download = client.downloadTo(body, path, start).then(
      () => {
        stop();
        this.release(lease, false);
      },
      (error: unknown) => {
        const failure = stop(error);
        this.release(lease, true);
        // Before read() answers, the failure is its rejection; after, the body's error.
        if (answered) body.destroy(failure as Error);
        throw failure;
      },
    );
    // The transfer's first bytes (or its end) before answering, so a missing file rejects here.
    const started = once(body, 'readable').then(() => undefined);
    await Promise.race([started, download]);
    // A transfer that already ended (a small file, or a refusal) has its outcome: wait for it.
    if (body.writableEnded) await download;
    download.catch(() => undefined); // later failures reach the body
    answered = true;
    return { body, start, ...(size === undefined ? {} : { size }) };
  }

  async close(): Promise<void> {
    for (const pool of this.pools.values()) {
      for (const client of [...pool.idle, ...pool.busy]) client.close();
      pool.idle.length = 0;
      pool.busy.clear();
    }
    this.pools.clear();
  }

  /** Runs `work` on a pooled client under the request's timeout and signal. */
  private async withClient<T>(url: URL, options: TransportRequestOptions, work: (lease: Lease) => Promise<T>): Promise<T> {
    throwIfAborted(options.signal);
    const lease = await this.lease(url, options);
    if (this.options.stats) this.options.stats.requests++;
    const stop = this.guard(lease, url, options, true);
    let broken = true;
    try {
      const result = await work(lease);
      broken = false;
      return result;
    } catch (error) {
      // A reply error leaves the connection usable; anything else closed it.
      broken = !isReplyError(error);
      throw stop(error);
    } finally {
      stop();
      this.release(lease, broken);
    }
  }

  /**
   * Closes the client when the signal aborts or (when `deadline`) the timeout passes; returns a
   * function that disarms both and turns an error into what the caller should see: the signal's
   * reason, the timeout, or the mapped FTP error.
   */
  private guard(lease: Lease, url: URL, options: TransportRequestOptions, deadline: boolean): (error?: unknown) => unknown {
    let reason: unknown;
    const fail = (why: unknown) => {
      reason ??= why;
      lease.client.close();
    };
    const onAbort = () => fail(options.signal!.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const ms = options.timeout ?? this.timeout;
    const timer = deadline && ms > 0 ? setTimeout(() => fail(new RemoteError('ETIMEDOUT', `no answer within ${ms} ms`, { url })), ms) : undefined;
    return (error?: unknown) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      return error === undefined ? undefined : (reason ?? ftpError(error, url));
    };
  }

  /** A logged-in client for the URL's origin: an idle one, a new one, or the next one released. */
  private async lease(url: URL, options: TransportRequestOptions): Promise<Lease> {
    const credentials = this.credentials(url);
    const key = `${url.protocol}//${url.host}\n${credentials.user}\n${credentials.password}`;
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = new Pool(this.concurrency)));
    for (;;) {
      const idle = pool.idle.pop();
      if (idle && !idle.closed) {
        pool.busy.add(idle);
        return { client: idle, facts: pool.facts!, pool };
      }
      // One login at a time: a server may take seconds to check a password (pure-ftpd's puredb hashes
      // with libsodium's crypto_pwhash), and eight at once would each wait for all the others.
      if (!idle && pool.busy.size < pool.size && !pool.connecting) break;
      if (!idle) await this.waitForRelease(pool, options.signal);
    }
    pool.connecting = true;
    let Client: BasicFtp['Client'];
    try {
      ({ Client } = await loadBasicFtp());
    } catch (error) {
      pool.connecting = false;
      pool.waiting.shift()?.();
      throw error;
    }
    const ms = options.timeout ?? this.timeout;
    const client = new Client(ms);
    client.ftp.encoding = CONTROL_ENCODING;
    pool.busy.add(client);
    const lease: Lease = { client, facts: pool.facts!, pool };
    const stop = this.guard(lease, url, options, true);
    try {
      const welcome = await client.access({
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        // ftps: is implicit TLS (the TLS handshake first, port 990), as curl reads it; RFC 4217's
        // explicit AUTH TLS on an ftp: control connection is the other way.
        port: Number(url.port) || (url.protocol === 'ftps:' ? 990 : 21),
        secure: url.protocol === 'ftps:' ? 'implicit' : false,
        ...credentials,
      });
      pool.facts ??= await serverFacts(client, welcome);
      lease.facts = pool.facts;
      pool.connecting = false;
      pool.waiting.shift()?.(); // the next waiter may open the next connection
      return lease;
    } catch (error) {
      pool.connecting = false;
      this.release(lease, true);
      const open = pool.busy.size + pool.idle.length;
      if (isReplyError(error) && error.code === 421 && open > 0) {
        // A per-address limit (pure-ftpd -C, vsftpd max_per_ip, proftpd MaxClientsPerHost) refuses one
        // more control connection with 421 (RFC 959 §4.2): share the ones it allowed instead of failing.
        stop();
        pool.size = open;
        return this.lease(url, options);
      }
      throw stop(error);
    } finally {
      stop();
    }
  }

  private waitForRelease(pool: Pool, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        pool.waiting.splice(pool.waiting.indexOf(wake), 1);
        reject(signal!.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pool.waiting.push(wake);
    });
  }

  private release(lease: Lease, broken: boolean): void {
    const { pool, client } = lease;
    if (!pool.busy.delete(client)) return;
    if (broken) client.close();
    else pool.idle.push(client);
    pool.waiting.shift()?.();
  }

  /** The URL's user and password (percent-decoded), else `auth`, else anonymous (RFC 1635). */
  private credentials(url: URL): { user: string; password: string } {
    if (url.username) return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    if (this.options.auth) return { user: this.options.auth.username, password: this.options.auth.password };
    return { user: 'anonymous', password: 'anonymous@' };
  }
}

/** SYST (RFC 959 §4.1.3) and FEAT (RFC 2389) of a freshly logged-in client. */
async function serverFacts(client: BasicFtpClient, welcome: FTPResponse): Promise<ServerFacts> {
  const syst = await client.sendIgnoringError('SYST');
  const features = await client.features();
  return {
    banner: replyText(welcome.message),
    syst: syst.code === 215 ? replyText(syst.message) : undefined,
    mlst: features.has('MLST'),
    sizeMdtm: features.has('SIZE') && features.has('MDTM'),
    rest: features.get('REST')?.toUpperCase() === 'STREAM',
  };
}

/** An entry named by the URL itself (MLST, SIZE/MDTM), addressed without credentials. */
function entryUrlOf(url: URL, entry: StatResult): string {
  const bare = withoutCredentials(url);
  bare.pathname = bare.pathname.replace(/\/+$/, '') + (entry.type === 'directory' ? '/' : '');
  return bare.href;
}
