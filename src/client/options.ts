/** Settings of a `ListingClient` and of the transports it creates. */
import type { ParseOptions } from '../parser.js';
import type { Transport } from './transport.js';

export interface ClientOptions {
  /** Milliseconds a request may take (for a file's bytes: may stay idle). Default 30000. */
  timeout?: number;
  /** Largest listing or response body read into memory, in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed per request. Default 10. */
  maxRedirects?: number;
  /** Retries of an idempotent request after 429, 503 or a reset connection. Default 3. */
  retries?: number;
  /** Base delay of the exponential backoff in ms (with jitter, capped; `Retry-After` wins up to the cap). Default 500. */
  retryDelay?: number;
  /** Basic credentials; credentials in the URL (`https://user:pass@host/`) work too. Never logged. */
  auth?: { username: string; password: string };
  /** Extra request headers. `Authorization` and `Cookie` among them are dropped on a cross-origin redirect. */
  headers?: Record<string, string>;
  userAgent?: string;
  /** The listing cache (`max` entries, default 1000; `maxAge` ms before revalidation, default 60000), or `false`. */
  cache?: { max?: number; maxAge?: number } | false;
  /** Directories `walk` lists at once. Default 8. */
  concurrency?: number;
  /** Options of the engine for every listing (timeZone, locale, yearRule, …). */
  parse?: ParseOptions;
  /** Transports for more URL schemes (or replacing a built-in one), tried before the built-in ones. */
  transports?: Transport[];
  /** Called for every request a transport sends, with the URL redacted; `status` once answered. */
  onRequest?: (info: { method: string; url: string; status?: number }) => void;
}

/** What a client has done, in numbers (`client.stats`). */
export interface ClientStats {
  /** Requests sent: HTTP requests (each redirect hop and retry counts), FTP listings, stats and reads, rsync runs. */
  requests: number;
  /** Listings a server confirmed unchanged (HTTP 304), so the cached one was reused. */
  notModified: number;
  /** Listings answered from the cache without asking the server. */
  cacheHits: number;
  /** Bytes of listings and responses read (not of downloaded files). */
  bytes: number;
}

export const CLIENT_DEFAULTS = {
  timeout: 30_000,
  maxResponseBytes: 64 * 1024 * 1024,
  maxRedirects: 10,
  retries: 3,
  retryDelay: 500,
  cacheMax: 1000,
  cacheMaxAge: 60_000,
  concurrency: 8,
  userAgent: 'dirlisting',
} as const;

/** What the client hands a transport: its options, and the counters the transport adds to. */
export interface TransportContext extends ClientOptions {
  stats?: ClientStats;
}
