/**
 * `rsync://` URLs (and `host::module/path` specs) through the `rsync` program: `rsync --list-only`
 * prints the listing, dirlisting's `rsync` (or, for a daemon's module list, `rsync-modules`) format
 * reads it. rsync runs with `TZ=UTC` and `LC_ALL=C.UTF-8`, so times are UTC and UTF-8 names are
 * printed as they are. A password goes in the `RSYNC_PASSWORD` environment variable, never on the
 * command line.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat as lstatFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Listing, type ParseOptions, type StatResult, parseListing } from '../index.js';
import type { ReadResult, Transport, TransportListOptions, TransportReadOptions, TransportRequestOptions } from './transport.js';
import { RemoteError } from './errors.js';
import type { ClientStats } from './options.js';
import { decodedPath, directoryUrl, entryUrl, throwIfAborted, withoutCredentials } from './transport-util.js';

/** The client options this transport reads (the client's `ClientOptions` is a superset). */
export interface RsyncTransportOptions {
  /** Milliseconds per request: rsync's `--contimeout` and `--timeout`, and a kill after that. */
  timeout?: number;
  /** Credentials when the URL has none. */
  auth?: { username: string; password: string };
  /** The client's counters: each rsync run adds one request. */
  stats?: ClientStats;
  parse?: ParseOptions;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** rsync(1) EXIT VALUES as fs codes. */
const EXIT_CODES: Readonly<Record<number, string>> = {
  1: 'EINVAL', // syntax or usage error
  2: 'EPROTO', // protocol incompatibility
  3: 'ENOENT', // errors selecting input/output files, dirs
  5: 'ECONNREFUSED', // error starting client-server protocol (refined by STDERR_CODES)
  10: 'ECONNREFUSED', // error in socket I/O
  12: 'EPROTO', // error in rsync protocol data stream
  23: 'EIO', // partial transfer due to error (refined by STDERR_CODES)
  24: 'ENOENT', // partial transfer due to vanished source files
  30: 'ETIMEDOUT', // timeout in data send/receive
  35: 'ETIMEDOUT', // timeout waiting for daemon connection
};

/** What rsync's messages say (clientserver.c, flist.c, main.c), more exactly than the exit value. */
const STDERR_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/@ERROR: auth failed/, 'EACCES'],
  [/@ERROR: Unknown module/, 'ENOENT'],
  [/No such file or directory/, 'ENOENT'],
  [/Not a directory/, 'ENOTDIR'],
  [/Permission denied/, 'EACCES'],
  [/Connection refused/, 'ECONNREFUSED'],
];

/**
 * `host::module/path` (or `user@host::module/path`, rsync(1) "ACCESSING VIA RSYNC DAEMON") as the
 * `rsync://` URL it means; `undefined` for anything else.
 */
export function rsyncUrlFromSpec(spec: string): URL | undefined {
  const m = /^(?:([^@/:\s]+)@)?(\[[^\]]+\]|[^:/@\s]+)::(.*)$/s.exec(spec);
  if (!m) return undefined;
  const [, user, host, path] = m;
  const encoded = path!.split('/').map(encodeURIComponent).join('/');
  return new URL(`rsync://${user ? `${encodeURIComponent(user)}@` : ''}${host}/${encoded}`);
}

export class RsyncTransport implements Transport {
  readonly protocols = ['rsync:'] as const;
  private readonly timeout: number;
  /** The stop function of each rsync still running. */
  private readonly running = new Map<ReturnType<typeof spawn>, (why: unknown) => void>();

  constructor(private readonly options: RsyncTransportOptions = {}) {
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  }

  /** A module listing at `rsync://host/`, else the listing of the directory the URL names. */
  async list(url: URL, options: TransportListOptions = {}): Promise<Listing> {
    const dir = directoryUrl(url);
    const modules = decodedPath(url).replace(/^\/+/, '') === '';
    // rsync(1): --no-motd also suppresses the module list, so a module list keeps the MOTD (which
    // the rsync-modules format reads as decoration).
    const args = modules ? ['--list-only', this.target(url, '')] : ['--list-only', '--no-motd', this.target(url, '/')];
    const listing = parseListing(await this.run(url, args, options), {
      ...this.options.parse,
      ...options.parse,
      hint: modules ? 'rsync-modules' : 'rsync',
      timeZone: 'UTC',
      origin: { url: dir.href },
    });
    for (const entry of listing.entries) entry.url = entryUrl(dir, entry);
    return listing;
  }

  /** Without a trailing slash rsync lists the path itself: one line, the entry (no module root). */
  async stat(url: URL, options: TransportRequestOptions = {}): Promise<StatResult | undefined> {
    const path = decodedPath(url).replace(/^\/+|\/+$/g, '');
    if (!path.includes('/')) return undefined;
    const bytes = await this.run(url, ['--list-only', '--no-motd', this.target(url, '')], options);
    const entry = parseListing(bytes, { ...this.options.parse, ...options.parse, hint: 'rsync', timeZone: 'UTC' }).entries[0];
    if (entry) {
      const bare = withoutCredentials(url);
      bare.pathname = bare.pathname.replace(/\/+$/, '') + (entry.type === 'directory' ? '/' : '');
      entry.url = bare.href;
    }
    return entry;
  }

  /**
   * Copies the file into a temporary directory (rsync has no ranged read), then streams it from
   * `start`; the copy is removed once the body is read or dropped.
   */
  async read(url: URL, options: TransportReadOptions = {}): Promise<ReadResult> {
    const scratch = await mkdtemp(join(tmpdir(), 'dirlisting-rsync-'));
    try {
      await this.run(url, ['--no-motd', '--times', this.target(url, ''), `${scratch}/`], options);
      const name = decodedPath(url).replace(/\/+$/, '').split('/').pop()!;
      const file = join(scratch, name);
      // Without --recursive or --dirs, rsync(1) skips a directory source ("skipping directory") and
      // copies nothing: a missing copy after a clean exit is a directory.
      const copied = await lstatFile(file).catch(() => undefined);
      if (copied === undefined) throw new RemoteError('EISDIR', 'is a directory', { url });
      const { size } = copied;
      const start = Math.min(options.start ?? 0, size);
      const body = createReadStream(file, { start });
      body.once('close', () => void rm(scratch, { recursive: true, force: true }));
      return { body, start, size };
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const stop of this.running.values()) stop(new RemoteError('ECANCELED', 'the transport was closed'));
  }

  /** The URL rsync is given: user name kept, password left out, path decoded (rsync takes it raw). */
  private target(url: URL, trailing: '' | '/'): string {
    const path = decodedPath(url).replace(/\/+$/, '');
    const user = url.username ? `${decodeURIComponent(url.username)}@` : this.options.auth ? `${this.options.auth.username}@` : '';
    return `rsync://${user}${url.host}${path}${trailing}`;
  }

  /** Runs rsync with `args`; resolves with its stdout, rejects with a `RemoteError`. */
  private run(url: URL, args: string[], options: TransportRequestOptions): Promise<Uint8Array> {
    throwIfAborted(options.signal);
    const ms = options.timeout ?? this.timeout;
    const seconds = String(Math.max(1, Math.ceil(ms / 1000)));
    const password = url.password ? decodeURIComponent(url.password) : (this.options.auth?.password ?? '');
    const argv = [...(ms > 0 ? [`--contimeout=${seconds}`, `--timeout=${seconds}`] : []), ...args];
    return new Promise((resolve, reject) => {
      // RSYNC_PASSWORD is always set (empty without a password): rsync then never prompts on a tty.
      if (this.options.stats) this.options.stats.requests++;
      const child = spawn('rsync', argv, {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', TZ: 'UTC', LC_ALL: 'C.UTF-8', RSYNC_PASSWORD: password },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      let stderr = '';
      let failure: unknown;
      const stop = (why: unknown) => {
        failure ??= why;
        child.kill('SIGTERM');
      };
      this.running.set(child, stop);
      const onAbort = () => stop(options.signal!.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      // rsync's own timeouts answer first (exit 30/35); this catches a daemon that never answers at all.
      const timer = ms > 0 ? setTimeout(() => stop(new RemoteError('ETIMEDOUT', `rsync gave no answer within ${ms} ms`, { url })), ms + 2000) : undefined;
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 8192) stderr += chunk;
      });
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.running.delete(child);
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        done();
        reject(
          error.code === 'ENOENT'
            ? new RemoteError('ERR_MISSING_BINARY', 'rsync:// URLs need the rsync program on PATH: install rsync (e.g. apt-get install rsync)', { url })
            : new RemoteError(error.code ?? 'ERR_RSYNC', error.message, { url }),
        );
      });
      child.once('close', (status: number | null) => {
        done();
        if (failure !== undefined) return reject(failure);
        if (status === 0) return resolve(Buffer.concat(stdout));
        const code = STDERR_CODES.find(([pattern]) => pattern.test(stderr))?.[1] ?? EXIT_CODES[status ?? -1] ?? `ERR_RSYNC_${status}`;
        const said = stderr.split('\n').find((line) => line.trim() !== '') ?? '';
        reject(new RemoteError(code, `rsync exited with ${status}${said ? `: ${said.trim()}` : ''}`, { url }));
      });
    });
  }
}
