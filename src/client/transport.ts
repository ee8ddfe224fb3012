/**
 * The seam between the remote-tree client and the ways of reaching a tree. The HTTP/WebDAV transport
 * is built in; FTP (through basic-ftp, an optional peer dependency) and rsync (through the `rsync`
 * binary) implement the same interface, so `list`, `stat`, `walk`, `remoteFs` and `download` work
 * over every one of them alike.
 */
import type { Listing, ParseOptions, StatResult } from '../index.js';

/** Settings every request of a transport honours. */
export interface TransportRequestOptions {
  /** Aborts the request; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned with a `RemoteError` of code `ETIMEDOUT`. */
  timeout?: number;
  /** Parse options passed to the engine (timeZone, locale, yearRule, formatOptions, …). */
  parse?: ParseOptions;
}

export interface TransportListOptions extends TransportRequestOptions {
  /** HTTP only: how to ask for the listing. `auto` takes the most exact answer the server offers. */
  method?: 'auto' | 'get' | 'propfind';
  /**
   * The listing held from before (with its `validators`): the transport asks whether it changed
   * (HTTP If-None-Match / If-Modified-Since, RFC 9110 §13.1) and resolves to this same object when the
   * server says it has not (304).
   */
  cached?: RemoteListing;
}

/** What identifies the version of a listing a server sent (RFC 9110 §8.8), and the request that got it. */
export interface ListingValidators {
  etag?: string;
  /** The `Last-Modified` header as sent. */
  lastModified?: string;
  /** The request method that was answered (`GET`, `PROPFIND`): a revalidation repeats it. */
  method: string;
}

/** A listing as a transport returns it: the engine's `Listing` with where it was read and its version. */
export interface RemoteListing extends Listing {
  /** The URL that was finally listed, after redirects (`…/pub` → `…/pub/`). */
  url?: string;
  /** Present when the server sent a validator, so the listing can be revalidated. */
  validators?: ListingValidators;
}

export interface TransportReadOptions extends TransportRequestOptions {
  /** First byte to read (resuming a download); the transport says whether it honoured it. */
  start?: number;
  /**
   * The validator (an ETag or an HTTP date) of the version the bytes before `start` came from: the
   * server sends the rest only when the file is still that version (HTTP If-Range, RFC 9110 §13.1.5),
   * else the whole file from 0.
   */
  ifRange?: string;
}

/** The bytes of one remote file. */
export interface ReadResult {
  body: AsyncIterable<Uint8Array>;
  /** Where the body starts: `start` when the server honoured it, else 0. */
  start: number;
  /** Total size of the file when the server says it. */
  size?: number;
  /** Modification time when the server says it, with its precision. */
  entry?: StatResult;
}

export interface Transport {
  /** URL schemes served, with the colon, e.g. `['ftp:', 'ftps:']`. */
  readonly protocols: readonly string[];
  /**
   * Lists one directory. Entries carry absolute `url`s (directories end in `/`); the listing's
   * `format` says which parser read it. A URL that names a file should reject with a `RemoteError` `ENOTDIR`.
   */
  list(url: URL, options: TransportListOptions): Promise<RemoteListing>;
  /**
   * Metadata of one path where the protocol has a cheaper answer than the parent's listing (HTTP
   * HEAD, FTP MLST or SIZE/MDTM). `undefined` when it has none; the client then lists the parent.
   */
  stat?(url: URL, options: TransportRequestOptions): Promise<StatResult | undefined>;
  /** Opens a file's bytes. */
  read?(url: URL, options: TransportReadOptions): Promise<ReadResult>;
  /** Releases connections. */
  close(): Promise<void>;
}
