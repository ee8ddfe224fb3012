/**
 * HTTP and WebDAV over Node's own `fetch`: directory listings by PROPFIND (RFC 4918 §9.1) or by GET of
 * the index page, metadata by HEAD, file bytes by GET with ranges (RFC 9110 §14). Redirects are
 * followed by hand (RFC 9110 §15.4) so they are counted, loops caught and credentials kept to their
 * origin; every response body is read with a running size cap; idempotent requests are retried on
 * 429, 503 and reset connections with backoff honouring `Retry-After` (RFC 9110 §10.2.3).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLE_CHARS, detectFormat } from '../detect.js';
import { ListingSession, UNKNOWN_FORMAT } from '../listing.js';
import type { FormatId, Origin } from '../parser.js';
import { StatResult } from '../stat.js';
import { percentDecode } from '../bytes.js';
import { HttpError, ListingError, RemoteError, redactUrl } from './errors.js';
import { CLIENT_DEFAULTS, type TransportContext } from './options.js';
import { asDirectory, normalizeUrl, pathBytes } from './url.js';
import type {
  ListingValidators,
  ReadResult,
  RemoteListing,
  Transport,
  TransportListOptions,
  TransportReadOptions,
  TransportRequestOptions,
} from './transport.js';

/**
 * The format a response is read with when the request method decides it: a PROPFIND is answered by a
 * multistatus (RFC 4918 §9.1). The one place the client names a format; GET responses are detected.
 */
const FORMAT_OF_METHOD: Readonly<Record<string, FormatId>> = { PROPFIND: 'webdav' };

/** The properties a listing needs (RFC 4918 §15), asked for by name rather than `allprop`. */
const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/>' +
  '<D:getlastmodified/><D:getetag/><D:getcontenttype/><D:creationdate/></D:prop></D:propfind>';

/** `auto` listing GETs prefer a JSON index where the server negotiates one (Caddy's file_server). */
const INDEX_ACCEPT = 'application/json;q=1, text/html;q=0.9, */*;q=0.8';

/** How an origin answers listings, learned from its first directory. */
type OriginKind = 'dav' | 'json' | 'html';

/** RFC 9110 §15.4: the statuses with a `Location` to follow. 303 turns the request into a GET. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** RFC 9110 §9.2.2: only these are retried or re-sent after a redirect unchanged. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PROPFIND', 'OPTIONS']);
/** Statuses worth a retry (RFC 6585 §4 Too Many Requests, RFC 9110 §15.6.4 Service Unavailable). */
const RETRY_STATUSES = new Set([429, 503]);
/** Headers that carry credentials: sent only to the origin the request was made to. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** HEAD answers that say "ask otherwise" rather than "no such file": the parent's listing is asked. */
const HEAD_REFUSED = new Set([400, 405, 501]);

const MAX_RETRY_DELAY = 30_000;

/** A detection this sure is remembered for the origin's later pages; a weaker one is redone per page. */
const LEARN_CONFIDENCE = 0.6;

/**
 * Low-level failures (undici's `cause.code`, libuv's errno names) as the client's codes. A body cut
 * short (`Content-Length` larger than what arrived) is undici's UND_ERR_SOCKET: a reset, for the user.
 */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNRESET: 'ECONNRESET',
  EPIPE: 'ECONNRESET',
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  ECONNREFUSED: 'ECONNREFUSED',
  ENOTFOUND: 'ENOTFOUND',
  EAI_AGAIN: 'ENOTFOUND',
  ETIMEDOUT: 'ETIMEDOUT',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
};
/** Codes after which an idempotent request is sent again. */
const RETRY_CODES = new Set(['ECONNRESET']);

/** The format `StatResult`s made from HEAD answers carry. */
export const HEAD_FORMAT = 'http-head';

interface Exchange {
  response: Response;
  /** The URL that answered, after redirects. */
  url: URL;
}

interface ExchangeOptions {
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * One request's abort signal: the caller's, the client's `close()`, and a timer that `touch()` re-arms
 * (a listing arms it once; a download re-arms it per chunk, so the timeout bounds idleness).
 */
class RequestSignal {
  private readonly timer = new AbortController();
  private handle: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;

  constructor(
    private readonly timeout: number,
    readonly caller: AbortSignal | undefined,
    closed: AbortSignal,
  ) {
    this.signal = AbortSignal.any([this.timer.signal, closed, ...(caller ? [caller] : [])]);
    this.touch();
  }

  touch(): void {
    clearTimeout(this.handle);
    this.handle = setTimeout(() => this.timer.abort(), this.timeout);
    this.handle.unref?.();
  }

  done(): void {
    clearTimeout(this.handle);
  }

  /** The error for a failure while this signal is aborted, or undefined when it is not. */
  abortError(url: URL): unknown {
    if (this.caller?.aborted) return this.caller.reason;
    if (this.timer.signal.aborted) return new RemoteError('ETIMEDOUT', `no answer within ${this.timeout} ms`, { url });
    if (this.signal.aborted) return new RemoteError('ERR_CLIENT_CLOSED', 'the client was closed', { url });
    return undefined;
  }
}

export class HttpTransport implements Transport {
  readonly protocols = ['http:', 'https:'] as const;
  private readonly kinds = new Map<string, OriginKind>();
  /** The format each origin's pages of one media type were detected as (see `parse`). */
  private readonly formats = new Map<string, { format: FormatId; confidence: number }>();
  private readonly closing = new AbortController();
  private readonly options: TransportContext;

  constructor(options: TransportContext = {}) {
    this.options = options;
  }

  /** How an origin answers listings, once learned (`dav`, `json` or `html`). */
  originKind(url: URL): OriginKind | undefined {
    return this.kinds.get(url.origin);
  }

  /** One directory's listing; a URL that names a file is `ENOTDIR`, as FTP's and rsync's are. */
  async list(url: URL, options: TransportListOptions): Promise<RemoteListing> {
    try {
      return await this.listDirectory(url, options);
    } catch (error) {
      throw (await this.notADirectory(url, options, error)) ?? error;
    }
  }

  private async listDirectory(url: URL, options: TransportListOptions): Promise<RemoteListing> {
    const method = options.method ?? 'auto';
    const revalidating = options.cached?.validators;
    if (revalidating) return this.listWith(revalidating.method, url, options);
    if (method === 'get') return this.listWith('GET', url, options);
    if (method === 'propfind' || this.kinds.get(url.origin) === 'dav') return this.listWith('PROPFIND', url, options);
    if (this.kinds.has(url.origin)) return this.listWith('GET', url, options);
    // The origin's first directory: a PROPFIND tells whether it speaks WebDAV (207), once per origin;
    // any other answer falls back to GET, whose success teaches the origin's kind.
    return (await this.listWith('PROPFIND', url, options, true)) ?? this.listWith('GET', url, options);
  }

  async stat(url: URL, options: TransportRequestOptions): Promise<StatResult | undefined> {
    return this.attempt('HEAD', options, async (request) => {
      const { response, url: final } = await this.exchange('HEAD', url, { signal: request.signal }, request);
      await response.body?.cancel();
      if (HEAD_REFUSED.has(response.status)) return undefined;
      if (!response.ok) throw httpError(response, url);
      return headEntry(final, response.headers);
    });
  }

  async read(url: URL, options: TransportReadOptions): Promise<ReadResult> {
    const start = options.start ?? 0;
    const request = new RequestSignal(options.timeout ?? this.timeout, options.signal, this.closing.signal);
    // RFC 9110 §14.2 Range and §13.1.5 If-Range: the rest only if the file is still the version we hold.
    const headers: Record<string, string> = start > 0 ? { range: `bytes=${start}-`, ...(options.ifRange ? { 'if-range': options.ifRange } : {}) } : {};
    try {
      return await this.attempt('GET', options, async () => {
        const { response, url: final } = await this.exchange('GET', url, { headers, signal: request.signal }, request);
        if (response.status !== 200 && response.status !== 206) {
          await response.body?.cancel();
          // Redirected to its slash form, the URL is a directory (as `headEntry` reads it), whatever
          // that form answers: nginx's dav location has no index and says 403.
          if (final.pathname.endsWith('/') && !url.pathname.endsWith('/')) throw new RemoteError('EISDIR', 'the URL is a directory', { url });
          throw httpError(response, url);
        }
        const range = response.status === 206 ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '') : null;
        const from = range ? Number(range[1]) : 0;
        const length = contentLength(response.headers);
        const total = range && range[2] !== '*' ? Number(range[2]) : length === undefined ? undefined : from + length;
        const entry = headEntry(final, response.headers);
        const result: ReadResult = { body: this.body(response, final, request, Infinity, false), start: from, entry };
        if (total !== undefined) result.size = total;
        return result;
      }, request);
    } catch (error) {
      request.done();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  private get timeout(): number {
    return this.options.timeout ?? CLIENT_DEFAULTS.timeout;
  }

  /**
   * A file's URL asked as a directory is refused in each server's way: `file/` is a 404 (nginx,
   * Apache, Caddy), a PROPFIND of it a 400 (Apache mod_dav: "extraneous path components") or a 403
   * (lighttpd mod_webdav), a GET of it the file's bytes (lighttpd), which no format reads. After such a
   * refusal, `ENOTDIR` when HEAD of the URL without its slash says file; else undefined.
   */
  private async notADirectory(url: URL, options: TransportRequestOptions, error: unknown): Promise<RemoteError | undefined> {
    const refused = error instanceof ListingError || (error instanceof HttpError && error.status >= 400 && error.status < 500);
    if (!refused || url.pathname === '/') return undefined;
    const file = new URL(url.href);
    file.pathname = file.pathname.replace(/\/+$/, '');
    const entry = await this.stat(file, options).catch(() => undefined);
    return entry?.type === 'file' ? notADirectoryError(url, error) : undefined;
  }

  /**
   * One listing request and its parse. With `probing`, an answer other than 207 Multi-Status resolves
   * to undefined (the origin does not speak WebDAV there), except those that say nothing about it.
   */
  private listWith(method: string, url: URL, options: TransportListOptions, probing?: false): Promise<RemoteListing>;
  private listWith(method: string, url: URL, options: TransportListOptions, probing: true): Promise<RemoteListing | undefined>;
  private listWith(method: string, url: URL, options: TransportListOptions, probing = false): Promise<RemoteListing | undefined> {
    return this.attempt(method, options, async (request) => {
      const headers: Record<string, string> = {};
      let body: string | undefined;
      if (method === 'PROPFIND') {
        // RFC 4918 §10.2: Depth 1 is the collection and its members.
        headers.depth = '1';
        headers['content-type'] = 'application/xml; charset=utf-8';
        body = PROPFIND_BODY;
      } else if ((options.method ?? 'auto') === 'auto') {
        headers.accept = INDEX_ACCEPT;
      }
      const cached = options.cached;
      if (cached?.validators) {
        // RFC 9110 §13.1.2 / §13.1.3: If-None-Match wins where both are sent.
        if (cached.validators.etag) headers['if-none-match'] = cached.validators.etag;
        if (cached.validators.lastModified) headers['if-modified-since'] = cached.validators.lastModified;
      }
      const { response, url: final } = await this.exchange(method, url, { headers, ...(body === undefined ? {} : { body }), signal: request.signal }, request);
      if (cached && response.status === 304) {
        await response.body?.cancel();
        return cached;
      }
      const answered = method === 'PROPFIND' ? response.status === 207 : response.ok;
      if (!answered) {
        await response.body?.cancel();
        if (probing) return undefined;
        throw httpError(response, url);
      }
      const listing = await this.parse(method, response, final, options, request);
      if (!this.kinds.has(url.origin)) this.kinds.set(url.origin, method === 'PROPFIND' ? 'dav' : isJson(response.headers.get('content-type')) ? 'json' : 'html');
      // RFC 4918 §9.1: the multistatus holds the request URI's own response. When that is not a
      // collection (§15.9: an empty resourcetype), the webdav format gives it as an entry and the URL
      // names a file: nginx dav_ext answers a PROPFIND of `file/` so.
      const own = normalizeUrl(asDirectory(final));
      if (method === 'PROPFIND' && listing.entries.some((entry) => entry.type === 'file' && entry.url !== undefined && normalizeUrl(asDirectory(new URL(entry.url))) === own)) {
        throw notADirectoryError(url);
      }
      listing.url = final.href;
      const validators = validatorsOf(method, response.headers);
      if (validators) listing.validators = validators;
      return listing;
    });
  }

  /**
   * Streams a listing response into the engine: bytes undecoded, the transport's facts as `origin`.
   * The format detected on an origin's first page is remembered for its later pages of the same media
   * type and given as the hint, so a walk detects once per origin, not once per directory. A hinted page
   * that yields no entry is held and detected afresh (a server may style one directory otherwise), so a
   * wrong guess costs a second parse, never an entry.
   */
  private async parse(method: string, response: Response, url: URL, options: TransportListOptions, request: RequestSignal): Promise<RemoteListing> {
    const parse = { ...this.options.parse, ...options.parse };
    const contentType = response.headers.get('content-type') ?? undefined;
    const origin: Origin = { ...parse.origin, url: url.href, method };
    if (contentType !== undefined) origin.contentType = contentType;
    const charset = charsetOf(contentType);
    if (charset !== undefined) origin.charset = charset;
    const server = response.headers.get('server');
    if (server !== null) origin.server = server;
    const date = Date.parse(response.headers.get('date') ?? '');
    const learnedKey = `${url.origin} ${mediaType(contentType)}`;
    const learned = (FORMAT_OF_METHOD[method] ?? parse.hint) === undefined ? this.formats.get(learnedKey) : undefined;
    const hint = FORMAT_OF_METHOD[method] ?? parse.hint ?? learned?.format;
    const sessionOptions = { ...parse, origin, ...(Number.isFinite(date) && parse.now === undefined ? { now: date } : {}) };
    let session = new ListingSession({ ...sessionOptions, ...(hint === undefined ? {} : { hint }) });
    const entries: StatResult[] = [];
    const sample: Uint8Array[] = [];
    let sampled = 0;
    // Under a learned hint, the bytes are kept until the first entry confirms it (flat memory after).
    let unconfirmed: Uint8Array[] | undefined = learned ? [] : undefined;
    for await (const chunk of this.body(response, url, request, this.options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes, true)) {
      if (sampled < SAMPLE_CHARS) {
        sample.push(chunk.subarray(0, SAMPLE_CHARS - sampled));
        sampled += sample[sample.length - 1]!.length;
      }
      unconfirmed?.push(chunk);
      for (const entry of session.write(chunk)) entries.push(entry);
      if (entries.length > 0) unconfirmed = undefined;
    }
    for (const entry of session.end()) entries.push(entry);
    if (unconfirmed && entries.length === 0) {
      this.formats.delete(learnedKey);
      session = new ListingSession(sessionOptions);
      for (const chunk of unconfirmed) for (const entry of session.write(chunk)) entries.push(entry);
      for (const entry of session.end()) entries.push(entry);
    }
    session.rethrow();
    const listing: RemoteListing = session.listing(entries);
    if (listing.format === UNKNOWN_FORMAT) {
      const text = new TextDecoder(listing.charset ?? 'utf-8').decode(Buffer.concat(sample));
      throw new ListingError(url, detectFormat(text, { origin }), contentType);
    }
    if (learned && listing.format === learned.format) listing.confidence = learned.confidence;
    else if (hint === undefined && listing.confidence >= LEARN_CONFIDENCE) this.formats.set(learnedKey, { format: listing.format, confidence: listing.confidence });
    return listing;
  }

  /**
   * Sends a request and follows redirects by hand (RFC 9110 §15.4): at most `maxRedirects`, a URL seen
   * twice is a loop, credentials go only to the origin first asked, and 303 turns into a GET.
   */
  private async exchange(method: string, url: URL, init: ExchangeOptions, request: RequestSignal): Promise<Exchange> {
    const maxRedirects = this.options.maxRedirects ?? CLIENT_DEFAULTS.maxRedirects;
    const credentials = basicAuth(url, this.options.auth);
    const first = withoutCredentials(url);
    const seen = new Set<string>([first.href]);
    let current = first;
    let body = init.body;
    for (let hops = 0; ; hops++) {
      const headers = this.headersFor(current.origin === first.origin, credentials, init.headers);
      this.options.onRequest?.({ method, url: redactUrl(current) });
      let response: Response;
      try {
        response = await fetch(current, { method, headers, redirect: 'manual', signal: init.signal, ...(body === undefined ? {} : { body }) });
      } catch (error) {
        throw this.failure(error, current, request);
      }
      if (this.options.stats) this.options.stats.requests++;
      this.options.onRequest?.({ method, url: redactUrl(current), status: response.status });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) return { response, url: current };
      await response.body?.cancel();
      let next: URL;
      try {
        next = withoutCredentials(slashRedirect(location, current) ?? new URL(location, current));
      } catch {
        throw new RemoteError('ERR_BAD_REDIRECT', `the server redirected to ${JSON.stringify(redactUrl(location))}, which is not a URL`, { url: current });
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RemoteError('ERR_BAD_REDIRECT', `the server redirected to another scheme (${next.protocol})`, { url: current });
      }
      if (seen.has(next.href)) throw new RemoteError('ERR_TOO_MANY_REDIRECTS', `redirect loop back to ${redactUrl(next)}`, { url });
      if (hops + 1 > maxRedirects) throw new RemoteError('ERR_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`, { url });
      seen.add(next.href);
      if (response.status === 303 && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
      }
      current = next;
    }
  }

  private headersFor(sameOrigin: boolean, credentials: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? CLIENT_DEFAULTS.userAgent };
    for (const [name, value] of Object.entries({ ...this.options.headers, ...extra })) {
      const lower = name.toLowerCase();
      if (sameOrigin || !CREDENTIAL_HEADERS.has(lower)) headers[lower] = value;
    }
    if (credentials !== undefined && sameOrigin) headers.authorization = credentials;
    return headers;
  }

  /**
   * Runs one request (with its own timeout) and retries it, if idempotent, after 429/503 or a reset:
   * exponential backoff with full jitter from `retryDelay`, or the server's `Retry-After`, capped.
   */
  private async attempt<T>(method: string, options: TransportRequestOptions, run: (request: RequestSignal) => Promise<T>, shared?: RequestSignal): Promise<T> {
    const retries = IDEMPOTENT.has(method) ? (this.options.retries ?? CLIENT_DEFAULTS.retries) : 0;
    const base = this.options.retryDelay ?? CLIENT_DEFAULTS.retryDelay;
    for (let attempt = 0; ; attempt++) {
      const request = shared ?? new RequestSignal(options.timeout ?? this.timeout, options.signal, this.closing.signal);
      try {
        return await run(request);
      } catch (error) {
        const retryAfter = retryable(error);
        if (retryAfter === undefined || attempt >= retries) throw error;
        const backoff = Math.random() * Math.min(MAX_RETRY_DELAY, base * 2 ** attempt);
        await sleep(Math.min(MAX_RETRY_DELAY, retryAfter ?? backoff), undefined, { signal: AbortSignal.any([this.closing.signal, ...(options.signal ? [options.signal] : [])]) }).catch(() => {
          throw options.signal?.aborted ? options.signal.reason : error;
        });
      } finally {
        if (!shared) request.done();
      }
    }
  }

  /** A response body in chunks, at most `max` bytes (else `ERR_RESPONSE_TOO_LARGE`, unread), errors typed. */
  private async *body(response: Response, url: URL, request: RequestSignal, max: number, counted: boolean): AsyncGenerator<Uint8Array> {
    const declared = contentLength(response.headers);
    if (declared !== undefined && declared > max) {
      await response.body?.cancel();
      throw tooLarge(url, max);
    }
    if (!response.body) return;
    let total = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (counted && this.options.stats) this.options.stats.bytes += chunk.length;
        if (total > max) throw tooLarge(url, max);
        request.touch();
        yield chunk;
      }
    } catch (error) {
      throw error instanceof RemoteError ? error : this.failure(error, url, request);
    } finally {
      request.done();
    }
  }

  /** A fetch or body failure as a typed error: the abort's reason, a timeout, or a network code. */
  private failure(error: unknown, url: URL, request: RequestSignal): unknown {
    const aborted = request.abortError(url);
    if (aborted !== undefined) return aborted;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const low = cause?.code ?? (error as { code?: string }).code;
    const code = (low && NETWORK_CODES[low]) ?? 'ERR_NETWORK';
    const message = cause?.message ?? (error as Error).message ?? String(error);
    return new RemoteError(code, message, { url, cause: error });
  }
}

/**
 * Caddy's file_server redirects a directory asked without its slash to `origReq.URL.Path + "/"`
 * (modules/caddyhttp/fileserver/staticfiles.go, 2.6 to 2.11): the decoded path, so a `Location` of
 * `/a #b?/` (raw UTF-8 for non-ASCII, which fetch hands over as Latin-1) would parse as a path
 * `/a%20`, a query or a fragment. A `Location` whose bytes are exactly the request's decoded path
 * plus `/` is that slash form of the request URL, kept in the request's own escaping.
 */
function slashRedirect(location: string, current: URL): URL | undefined {
  return current.pathname.endsWith('/') || location !== `${pathBytes(current)}/` ? undefined : new URL(`${current.pathname}/`, current);
}

function notADirectoryError(url: URL, cause?: unknown): RemoteError {
  return new RemoteError('ENOTDIR', 'the URL names a file, not a directory', { url, ...(cause === undefined ? {} : { cause }) });
}

/** An error status as an `HttpError`, with the server's `Retry-After` kept for the retry loop. */
function httpError(response: Response, url: URL): HttpError {
  const error = new HttpError(response.status, url, response.statusText);
  const after = retryAfterMs(response.headers.get('retry-after'));
  if (after !== undefined) error.retryAfter = after;
  return error;
}

/** RFC 9110 §10.2.3: `Retry-After` is delay-seconds or an HTTP-date. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** For a retryable failure, the delay the server asked for (or null: back off); else undefined. */
function retryable(error: unknown): number | null | undefined {
  if (error instanceof HttpError) return RETRY_STATUSES.has(error.status) ? (error.retryAfter ?? null) : undefined;
  if (error instanceof RemoteError) return RETRY_CODES.has(error.code) ? null : undefined;
  return undefined;
}

function tooLarge(url: URL, max: number): RemoteError {
  return new RemoteError('ERR_RESPONSE_TOO_LARGE', `the response is larger than ${max} bytes (maxResponseBytes)`, { url });
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

/** `text/html; charset=utf-8` → `text/html`: the key a learned format is kept under. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /\bjson\b/i.test(contentType);
}

function validatorsOf(method: string, headers: Headers): ListingValidators | undefined {
  const etag = headers.get('etag');
  const lastModified = headers.get('last-modified');
  if (etag === null && lastModified === null) return undefined;
  const validators: ListingValidators = { method };
  if (etag !== null) validators.etag = etag;
  if (lastModified !== null) validators.lastModified = lastModified;
  return validators;
}

/**
 * What a HEAD (or GET) answer says about a path: a URL ending in `/` (asked so, or redirected there)
 * is a directory, whose Content-Length and Last-Modified describe its index page, not itself;
 * otherwise a file with `Content-Length` as its size and `Last-Modified` (second precision, RFC 9110
 * §8.8.2) as its mtime.
 */
export function headEntry(url: URL, headers: Headers): StatResult {
  const directory = url.pathname.endsWith('/');
  const segments = url.pathname.split('/').filter(Boolean);
  const name = segments.length ? percentDecode(segments[segments.length - 1]!) : '/';
  const entry = new StatResult(name, directory ? 'directory' : 'file', HEAD_FORMAT);
  entry.url = url.href;
  if (directory) return entry;
  const size = contentLength(headers);
  if (size !== undefined) {
    entry.size = size;
    entry.sizePrecision = 1;
  }
  const modified = Date.parse(headers.get('last-modified') ?? '');
  if (Number.isFinite(modified)) {
    entry.mtimeMs = modified;
    entry.mtimePrecision = 'second';
  }
  const etag = headers.get('etag');
  if (etag !== null) entry.etag = etag;
  const contentType = headers.get('content-type');
  if (contentType !== null) entry.contentType = contentType;
  return entry;
}

/** `Authorization: Basic …` from the URL's user info, else from the `auth` option (RFC 7617). */
function basicAuth(url: URL, auth: { username: string; password: string } | undefined): string | undefined {
  const user = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : auth;
  return user === undefined ? undefined : `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
}

/** fetch refuses URLs with user info; credentials travel in the Authorization header instead. */
function withoutCredentials(url: URL): URL {
  if (!url.username && !url.password) return url;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}
