/**
 * The remote-tree client (issue 10): one `ListingClient` per site keeps its transports (and their
 * connections), the listing cache and the settings; `list`, `stat`, `walk`, `remoteFs` and `download`
 * are built on the transports' `list`/`stat`/`read`. The context-free functions in ./index.ts make a
 * client for one call.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { PRECISION_MS, StatResult, type TimePrecision } from '../stat.js';
import { type DownloadOptions, type DownloadResult, download, downloadIfNewer } from './download.js';
import { RemoteError, redactUrl } from './errors.js';
import { type RemoteFs, createRemoteFs } from './fs.js';
import { HttpTransport } from './http.js';
import { CLIENT_DEFAULTS, type ClientOptions, type ClientStats } from './options.js';
import type { RemoteListing, Transport, TransportRequestOptions } from './transport.js';
import { asDirectory, encodeSegment, normalizeUrl, parentUrl } from './url.js';
import { type WalkEntry, type WalkOptions, walkTree } from './walk.js';

export interface ListOptions {
  /** HTTP: `propfind` (WebDAV), `get` (the index page) or `auto` (WebDAV where the origin speaks it, else GET). */
  method?: 'auto' | 'get' | 'propfind';
  signal?: AbortSignal;
  /** This request's timeout in ms (default: the client's). */
  timeout?: number;
  /** Bypass the cache: ask the server even when a fresh listing is held. */
  fresh?: boolean;
}

/** Where a `RemoteStat` field came from: `head` is the path's own answer (HTTP HEAD, FTP MLST), `listing` its parent's listing. */
export type StatSource = 'head' | 'listing';

/** `stat`'s answer: a `StatResult`, plus which answer each field came from. */
export class RemoteStat extends StatResult {
  /** For `type`, `size`, `mtime`, `etag`, `contentType`: `head` or `listing`, where the field is known. */
  source: { type?: StatSource; size?: StatSource; mtime?: StatSource; etag?: StatSource; contentType?: StatSource } = {};
}

/** Transports loaded on first use, by the module that provides them (written alongside this client). */
const LAZY_TRANSPORTS: Readonly<Record<string, { module: string; export: string }>> = {
  'ftp:': { module: './ftp.js', export: 'FtpTransport' },
  'ftps:': { module: './ftp.js', export: 'FtpTransport' },
  'rsync:': { module: './rsync.js', export: 'RsyncTransport' },
};

interface Held {
  listing: RemoteListing;
  at: number;
}

export class ListingClient {
  readonly stats: ClientStats = { requests: 0, notModified: 0, cacheHits: 0, bytes: 0 };
  readonly options: Readonly<ClientOptions>;
  private readonly transports = new Map<string, Transport | Promise<Transport>>();
  private readonly cache: LRUCache<string, Held> | undefined;
  private readonly maxAge: number;
  private closed = false;
  /** Credentials URLs carried, by scheme and host (see `withCredentials`). */
  private readonly credentials = new Map<string, { username: string; password: string }>();

  constructor(options: ClientOptions = {}) {
    this.options = options;
    const cache = options.cache ?? {};
    this.cache = cache === false ? undefined : new LRUCache<string, Held>({ max: cache.max ?? CLIENT_DEFAULTS.cacheMax });
    this.maxAge = cache === false ? 0 : (cache.maxAge ?? CLIENT_DEFAULTS.cacheMaxAge);
    for (const transport of options.transports ?? []) for (const protocol of transport.protocols) this.transports.set(protocol, transport);
  }

  /** One directory's listing; entries carry absolute `url`s (directories end in `/`). A file's URL rejects with `ENOTDIR`. */
  async list(url: string | URL, options: ListOptions = {}): Promise<RemoteListing> {
    const target = this.withCredentials(toUrl(url));
    const transport = await this.transportFor(target);
    const method = options.method ?? 'auto';
    const key = cacheKey(method, target);
    const held = options.fresh ? undefined : this.cache?.get(key);
    if (held && Date.now() - held.at < this.maxAge) {
      this.stats.cacheHits++;
      return held.listing;
    }
    const listing = await transport.list(target, {
      method,
      ...this.requestOptions(options),
      ...(held?.listing.validators ? { cached: held.listing } : {}),
    });
    if (listing === held?.listing) this.stats.notModified++;
    else completeUrls(listing, target);
    if (this.cache) {
      const fresh: Held = { listing, at: Date.now() };
      this.cache.set(key, fresh);
      if (listing.url !== undefined && listing.url !== target.href) this.cache.set(cacheKey(method, new URL(listing.url)), fresh);
    }
    return listing;
  }

  /**
   * Metadata of one path: the transport's own answer (HTTP HEAD) and, when that is refused or says
   * less, the parent's listing; where both state a field, the more precise value wins (`source` says
   * which). A missing path is `ENOENT`, a forbidden one `EACCES` unless its parent's listing shows it.
   */
  async stat(url: string | URL, options: ListOptions = {}): Promise<RemoteStat> {
    const target = this.withCredentials(toUrl(url));
    const transport = await this.transportFor(target);
    let head: StatResult | undefined;
    let refusal: unknown;
    try {
      head = await transport.stat?.(target, this.requestOptions(options));
    } catch (error) {
      if (!(error instanceof RemoteError && error.code === 'EACCES')) throw error;
      refusal = error;
    }
    const complete = head !== undefined && head.mtimeMs !== undefined && (head.type === 'directory' || head.size !== undefined);
    let listed: StatResult | undefined;
    if (!complete) {
      try {
        listed = await this.fromParent(head?.url ? new URL(head.url) : target, options);
      } catch (error) {
        if (head === undefined) throw refusal ?? error;
      }
    }
    if (head === undefined && listed === undefined) throw refusal ?? new RemoteError('ENOENT', 'not found in its directory', { url: target });
    return combineStat(head, listed);
  }

  /** Every entry below `url`, breadth-first (see `WalkOptions`). */
  walk(url: string | URL, options: WalkOptions = {}): AsyncIterableIterator<WalkEntry> {
    return walkTree(this, toUrl(url), { concurrency: this.options.concurrency ?? CLIENT_DEFAULTS.concurrency, ...options });
  }

  /** An `fs.promises`-like view of the tree at `url`. */
  remoteFs(url: string | URL): RemoteFs {
    return createRemoteFs(this, asDirectory(this.withCredentials(toUrl(url))));
  }

  download(url: string | URL, destPath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    return download(this, this.withCredentials(toUrl(url)), destPath, options);
  }

  downloadIfNewer(url: string | URL, destPath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    return downloadIfNewer(this, this.withCredentials(toUrl(url)), destPath, options);
  }

  /** Forgets the listing of `url` and of its parent (which shows it), as ftputil's cache does. */
  invalidate(url: string | URL): void {
    const target = toUrl(url);
    const parent = parentUrl(target);
    const keys = new Set([normalizeUrl(target), normalizeUrl(asDirectory(target)), ...(parent ? [normalizeUrl(parent)] : [])]);
    for (const key of [...(this.cache?.keys() ?? [])]) if (keys.has(key.slice(key.lastIndexOf(' ') + 1))) this.cache!.delete(key);
  }

  clear(): void {
    this.cache?.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cache?.clear();
    const transports = await Promise.allSettled(new Set(this.transports.values()));
    this.transports.clear();
    await Promise.all(transports.map((settled) => (settled.status === 'fulfilled' ? settled.value.close() : undefined)));
  }

  /**
   * `url` with the credentials an earlier URL of its scheme and host carried. Entry URLs never carry
   * credentials (they are printed and logged), so without this a walk of `ftp://user:pass@host/`
   * would log in anonymously one level down. A URL with its own credentials replaces the held ones.
   */
  withCredentials(url: URL): URL {
    const key = `${url.protocol}//${url.host}`;
    if (url.username !== '' || url.password !== '') {
      this.credentials.set(key, { username: url.username, password: url.password });
      return url;
    }
    const held = this.credentials.get(key);
    if (held === undefined) return url;
    const copy = new URL(url.href);
    copy.username = held.username;
    copy.password = held.password;
    return copy;
  }

  /** The transport for a URL's scheme: a user-supplied one, HTTP, or FTP/rsync loaded on first use. */
  async transportFor(url: URL): Promise<Transport> {
    if (this.closed) throw new RemoteError('ERR_CLIENT_CLOSED', 'the client was closed', { url });
    let transport = this.transports.get(url.protocol);
    if (transport === undefined) {
      transport = this.createTransport(url);
      this.transports.set(url.protocol, transport);
      // A scheme whose module is missing may be asked again later (and fail again, not hang).
      transport.catch(() => this.transports.delete(url.protocol));
    }
    return transport;
  }

  /** Options every transport request gets from the call and the client. */
  requestOptions(options: { signal?: AbortSignal | undefined; timeout?: number | undefined }): TransportRequestOptions {
    const request: TransportRequestOptions = {};
    if (options.signal) request.signal = options.signal;
    const timeout = options.timeout ?? this.options.timeout;
    if (timeout !== undefined) request.timeout = timeout;
    if (this.options.parse) request.parse = this.options.parse;
    return request;
  }

  private async createTransport(url: URL): Promise<Transport> {
    const context = { ...this.options, stats: this.stats };
    if (url.protocol === 'http:' || url.protocol === 'https:') return new HttpTransport(context);
    const lazy = LAZY_TRANSPORTS[url.protocol];
    if (lazy) {
      try {
        const module = (await import(lazy.module)) as Record<string, new (options: ClientOptions) => Transport>;
        const Class = module[lazy.export];
        if (Class) return new Class(context);
      } catch {
        // the module is not there (yet): the scheme is unsupported, as below
      }
    }
    throw new RemoteError('ERR_UNSUPPORTED_PROTOCOL', `no transport for ${url.protocol} URLs`, { url });
  }

  /** The entry for `url` in its parent's listing, or undefined when the listing does not show it. */
  private async fromParent(url: URL, options: ListOptions): Promise<StatResult | undefined> {
    const parent = parentUrl(url);
    if (parent === undefined) return undefined;
    const listing = await this.list(parent, { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeout ? { timeout: options.timeout } : {}) });
    const wanted = normalizeUrl(asDirectory(url));
    return listing.entries.find((entry) => entry.url !== undefined && normalizeUrl(asDirectory(new URL(entry.url))) === wanted);
  }
}

/** A URL from a string or URL, or a `RemoteError` for a user's typo (never a raw TypeError). */
export function toUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    throw new RemoteError('ERR_INVALID_URL', `not a URL: ${JSON.stringify(redactUrl(String(url)))}`);
  }
}

/**
 * A listing is held per method, user and URL: servers show each user their own tree (vsftpd
 * chroot_local_user, pure-ftpd -A), and one user's listing must not answer for another's password.
 */
function cacheKey(method: string, url: URL): string {
  const user = url.username === '' && url.password === '' ? '' : `${url.username}:${createHash('sha256').update(url.password).digest('base64url').slice(0, 16)}`;
  return `${method} ${user} ${normalizeUrl(url)}`;
}

/** Every entry gets an absolute `url` (from its path or name where the format has none); a directory's ends in `/`. */
function completeUrls(listing: RemoteListing, listed: URL): void {
  const base = asDirectory(new URL(listing.url ?? listed.href));
  for (const entry of listing.entries) {
    if (entry.url === undefined) entry.url = new URL((entry.path ?? entry.name).split('/').map(encodeSegment).join('/'), base).href;
    if (entry.type === 'directory' && !entry.url.endsWith('/')) entry.url = asDirectory(new URL(entry.url)).href;
  }
}

/** Milliseconds a value is uncertain by: 0 for exact, the span of its precision otherwise. */
function timeSpan(precision: TimePrecision | undefined): number {
  return precision === undefined ? PRECISION_MS.second : PRECISION_MS[precision];
}

/** HEAD's and the listing's facts as one entry: the listing's as the base, HEAD's where at least as precise. */
export function combineStat(head: StatResult | undefined, listed: StatResult | undefined): RemoteStat {
  const base = (listed ?? head)!;
  const result = Object.assign(new RemoteStat(base.name, base.type, base.format), listed ?? {}) as RemoteStat;
  // A field computed on first read (MLSD `facts`) is no own property for Object.assign to copy.
  if (listed?.facts !== undefined && !Object.hasOwn(result, 'facts')) result.facts = listed.facts;
  result.source = {};
  const from = (source: StatSource, entry: StatResult | undefined) => {
    if (entry === undefined) return;
    const sources = result.source;
    if (entry.size !== undefined && (sources.size === undefined || (entry.sizePrecision ?? 1) <= (result.sizePrecision ?? 1))) {
      result.size = entry.size;
      result.sizePrecision = entry.sizePrecision ?? 1;
      sources.size = source;
    }
    if (entry.mtimeMs !== undefined && (sources.mtime === undefined || timeSpan(entry.mtimePrecision) <= timeSpan(result.mtimePrecision))) {
      result.mtimeMs = entry.mtimeMs;
      result.mtimePrecision = entry.mtimePrecision ?? 'second';
      sources.mtime = source;
    }
    for (const field of ['etag', 'contentType'] as const) {
      if (entry[field] !== undefined) {
        result[field] = entry[field];
        sources[field] = source;
      }
    }
    // HEAD follows symlinks as a web server does: its file/directory is what `stat` reports.
    result.type = entry.type;
    sources.type = source;
    if (entry.url !== undefined) result.url = entry.url;
  };
  from('listing', listed);
  from('head', head);
  return result;
}
