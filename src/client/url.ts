/** URLs as the client compares them: one spelling per resource, and the parent/child relations walk needs. */

/** RFC 3986 §2.3: characters that mean the same escaped or not, so they are never escaped in a key. */
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * One spelling of a URL for comparison (RFC 3986 §6.2.2): WHATWG parsing already lowercases the scheme
 * and host, drops the default port and resolves `.`/`..` (also `%2e%2e`); here percent escapes become
 * canonical (unreserved characters decoded, hex uppercase), runs of `/` one `/`, and the user info and
 * fragment go. Case is kept: whether `/Pub` is `/pub` is the server's business (see `walk`).
 *
 * In the path, a reserved character other than `/` and its escape are one spelling too. RFC 3986 §2.2
 * does not make them equivalent in general, but a file server decodes every escape of a segment to
 * find the file (nginx's ngx_http_parse_complex_uri, Apache's ap_unescape_url, Go's URL.Path), while
 * servers write hrefs differently: nginx dav_ext lists `a&b` where the client asks `a%26b`.
 */
export function normalizeUrl(input: URL | string): string {
  const url = new URL(typeof input === 'string' ? input : input.href);
  url.username = '';
  url.password = '';
  url.hash = '';
  url.pathname = url.pathname
    .replace(/\/{2,}/g, '/')
    .replace(/[^A-Za-z0-9\-._~/%]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/%([0-9a-fA-F]{2})/g, canonicalEscape);
  return url.href;
}

function canonicalEscape(_escape: string, hex: string): string {
  const char = String.fromCharCode(parseInt(hex, 16));
  return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
}

/**
 * The URL's path with every escape turned into the byte it stands for, one character per byte (a
 * Latin-1 string): the bytes a server decodes the path to, whatever charset they are in.
 */
export function pathBytes(url: URL): string {
  return url.pathname.replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `url` with a trailing `/` (a directory's URL). */
export function asDirectory(url: URL): URL {
  if (url.pathname.endsWith('/')) return url;
  const copy = new URL(url.href);
  copy.pathname += '/';
  return copy;
}

/** The directory holding `url` (`/a/b` and `/a/b/` → `/a/`), or undefined for the root. */
export function parentUrl(url: URL): URL | undefined {
  if (url.pathname === '/' || url.pathname === '') return undefined;
  const parent = new URL(url.pathname.endsWith('/') ? '..' : '.', url);
  parent.search = '';
  parent.hash = '';
  return parent;
}

/** A path segment as it goes into a URL: everything but unreserved characters escaped. */
export function encodeSegment(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

