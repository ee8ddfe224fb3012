/**
 * What the FTP and rsync transports share: the typed error they throw (the shape of the client's
 * `RemoteError`: a Node-style `code`, a redacted `url`), credential redaction, and the absolute URL of
 * a listed entry.
 */
import { type StatResult, percentDecode } from '../index.js';

/** A URL with its user name and password replaced by `***`, for messages and logs. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/\/\/[^/@\s]*@/, '//***@');
  }
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

export interface RemoteErrorOptions {
  url?: string | URL;
  cause?: unknown;
}

/** A failure a user can cause or meet, with an fs-style `code`; never carries a credential. */
export class RemoteError extends Error {
  override name = 'RemoteError';
  readonly code: string;
  /** The URL concerned, redacted. */
  readonly url: string | undefined;

  constructor(code: string, message: string, options: RemoteErrorOptions = {}) {
    const url = options.url === undefined ? undefined : redactUrl(options.url);
    super(url === undefined ? `${code}: ${message}` : `${code}: ${message} (${url})`);
    this.code = code;
    this.url = url;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, url: this.url };
  }
}

/** The URL without user name and password: what listed entries are addressed by. */
export function withoutCredentials(url: URL): URL {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare;
}

/** The listed directory's URL, ending in `/`, without credentials. */
export function directoryUrl(url: URL): URL {
  const dir = withoutCredentials(url);
  if (!dir.pathname.endsWith('/')) dir.pathname += '/';
  dir.search = '';
  dir.hash = '';
  return dir;
}

/**
 * The absolute URL of an entry of the listing of `dir`: the name percent-encoded (its exact bytes
 * when it was not valid in the listing's charset), directories ending in `/`.
 */
export function entryUrl(dir: URL, entry: StatResult): string {
  const segment = entry.rawName
    ? Array.from(entry.rawName, (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    : encodeURIComponent(entry.name);
  return new URL(`${segment}${entry.type === 'directory' ? '/' : ''}`, dir).href;
}

/** The path a URL names, percent-decoded: what FTP commands and rsync arguments take. */
export function decodedPath(url: URL): string {
  return percentDecode(url.pathname);
}

/** Rejects with the signal's reason when it is already aborted (the Transport contract). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
