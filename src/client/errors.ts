/**
 * Typed errors of the remote-tree client. Every failure a user can cause or meet (a wrong URL, a
 * missing file, a refusing or misbehaving server) is one of these, with a `code`; the URL in the
 * message and in `url` is redacted (`redactUrl`), so credentials never reach a log.
 */
import type { Detection } from '../detect.js';

/** A URL with its password (and user name) replaced by `***`; anything that is not a URL is left alone. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    return String(url).replace(/\/\/[^/@\s]*@/, '//***@');
  }
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/** Any URL inside a free text (e.g. a low-level error message) redacted the same way. */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/gi, (prefix) => prefix.replace(/\/\/[^/@\s]*@/, '//***@'));
}

export interface RemoteErrorOptions {
  url?: string | URL;
  cause?: unknown;
}

export class RemoteError extends Error {
  override name = 'RemoteError';
  /** A Node-style code: `ENOENT`, `EACCES`, `ETIMEDOUT`, `ERR_TOO_MANY_REDIRECTS`, … */
  readonly code: string;
  /** The URL concerned, redacted. */
  readonly url: string | undefined;

  constructor(code: string, message: string, options: RemoteErrorOptions = {}) {
    const url = options.url === undefined ? undefined : redactUrl(options.url);
    super(redactText(url === undefined ? `${code}: ${message}` : `${code}: ${message} (${url})`), options.cause === undefined ? undefined : { cause: redactCause(options.cause) });
    this.code = code;
    this.url = url;
    if (this.stack) this.stack = redactText(this.stack);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, url: this.url };
  }
}

/**
 * HTTP statuses that mean what an fs code says (RFC 9110 §15.5): the rest are `ERR_HTTP_<status>`.
 */
export const STATUS_CODES: Readonly<Record<number, string>> = {
  401: 'EACCES',
  403: 'EACCES',
  404: 'ENOENT',
  410: 'ENOENT',
};

export class HttpError extends RemoteError {
  override name = 'HttpError';
  /** The server's `Retry-After` in ms, where it sent one (429, 503). */
  retryAfter?: number;
  constructor(
    readonly status: number,
    url: string | URL,
    statusText = '',
  ) {
    super(STATUS_CODES[status] ?? `ERR_HTTP_${status}`, `HTTP ${status}${statusText ? ` ${statusText}` : ''}`, { url });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status };
  }
}

/** A response the engine could not read as a listing; `detections` are the scores detection gave. */
export class ListingError extends RemoteError {
  override name = 'ListingError';
  declare readonly code: 'ERR_UNRECOGNIZED_LISTING';
  constructor(
    url: string | URL,
    readonly detections: Detection[],
    readonly contentType?: string,
  ) {
    const best = detections[0];
    super(
      'ERR_UNRECOGNIZED_LISTING',
      `the response${contentType ? ` (${contentType})` : ''} is not a listing any format recognizes${best ? ` (best guess ${best.format} at ${best.confidence.toFixed(2)})` : ''}`,
      { url },
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), detections: this.detections };
  }
}

/** A low-level cause (undici's errors quote the URL) with URLs in its message redacted. */
function redactCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return cause;
  const copy = new Error(redactText(cause.message));
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  copy.stack = redactText(cause.stack ?? '');
  return copy;
}

/** An error shaped like Node's fs errors (`ENOENT: no such file or directory, stat '/x'`), for `remoteFs`. */
export class RemoteFsError extends RemoteError {
  override name = 'Error';
  readonly errno: number;
  constructor(
    code: keyof typeof FS_MESSAGES,
    readonly syscall: string,
    readonly path: string,
    options: RemoteErrorOptions = {},
  ) {
    super(code, '', options);
    const [errno, text] = FS_MESSAGES[code];
    this.errno = errno;
    this.message = `${code}: ${text}, ${syscall} '${path}'`;
    this.stack = `Error: ${this.message}${this.stack?.slice(this.stack.indexOf('\n')) ?? ''}`;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errno: this.errno, syscall: this.syscall, path: this.path };
  }
}

/** Node's errno (negative, as libuv reports it on Linux) and text for the codes `remoteFs` throws. */
export const FS_MESSAGES = {
  ENOENT: [-2, 'no such file or directory'],
  ENOTDIR: [-20, 'not a directory'],
  EISDIR: [-21, 'illegal operation on a directory'],
  EACCES: [-13, 'permission denied'],
} as const satisfies Record<string, readonly [number, string]>;
