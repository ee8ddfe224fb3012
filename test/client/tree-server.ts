/**
 * A small web server over a directory on disk, for the client's tests: index pages written here by
 * hand in nginx's autoindex layouts (HTML, or JSON when the request accepts it), WebDAV PROPFIND
 * (Depth 1) when `dav` is on, HEAD/GET of files with Last-Modified, ETag, ranges and If-Range, 304 on
 * If-None-Match. Symlinks are followed as a web server follows them. Every request is recorded.
 * Expected values in tests come from the files (fs.stat), never from this page's parse.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';

export interface TreeServerOptions {
  /** Answer PROPFIND with a multistatus (else 405, as a plain web server). */
  dav?: boolean;
  /** Answer `Accept: application/json` with nginx's JSON index (as Caddy negotiates its own). */
  json?: boolean;
  /** Send an ETag on index pages and honour If-None-Match (default true). */
  etag?: boolean;
  /** Milliseconds to wait before answering each request (to observe concurrency). */
  delay?: number;
  /** Paths (decoded, as requested) answered with a redirect to another path. */
  redirects?: Record<string, string>;
  /** Path prefixes answered 403. */
  forbidden?: string[];
  /** Refuse HEAD with 405. */
  noHead?: boolean;
  /** Send no Last-Modified on files. */
  noLastModified?: boolean;
  /** Ignore Range headers. */
  noRanges?: boolean;
  /** Extra rows in a directory's HTML index (by its path): hrefs as written, e.g. `../d1/`, `%64%31/`. */
  extraRows?: Record<string, string[]>;
  /** Find files whatever the case of the request path (the tree on disk is lowercase), as IIS does. */
  caseInsensitive?: boolean;
  /**
   * With `dav`, answer as nginx 1.22's dav_ext location without autoindex does (observed): member
   * hrefs keep `&` unescaped, PROPFIND of `file/` is the file's own 207 (its href with the slash), and
   * GET/HEAD of a directory's slash form is 403.
   */
  davExt?: boolean;
  /**
   * Redirect a directory asked without its slash as Caddy's file_server does (observed: `308`,
   * `Location: /names/dir with space & #hash?/`): the decoded path plus `/`, non-ASCII as raw UTF-8.
   */
  caddyRedirects?: boolean;
}

export interface RequestRecord {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  status?: number;
}

export interface TreeServer {
  url: string;
  port: number;
  requests: RequestRecord[];
  /** Most requests in progress at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** nginx's `DD-Mon-YYYY HH:MM` in GMT. */
function nginxDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

interface Child {
  name: string;
  stats: Stats;
}

async function children(dir: string): Promise<Child[]> {
  const names = (await readdir(dir)).sort();
  const out: Child[] = [];
  for (const name of names) {
    // A web server follows symlinks; a dangling one is not shown.
    const stats = await stat(join(dir, name)).catch(() => undefined);
    if (stats) out.push({ name, stats });
  }
  return out;
}

function htmlRow(href: string, shown: string, mtimeMs: number, size: string): string {
  return `<a href="${href}">${escapeHtml(shown)}</a>${' '.repeat(Math.max(1, 51 - shown.length))}${nginxDate(mtimeMs)}${size.padStart(20)}\r\n`;
}

function htmlIndex(path: string, items: Child[], extraRows: string[] = []): string {
  const rows = items.map(({ name, stats }) =>
    htmlRow(encodeURIComponent(name) + (stats.isDirectory() ? '/' : ''), stats.isDirectory() ? `${name}/` : name, stats.mtimeMs, stats.isDirectory() ? '-' : String(stats.size)),
  );
  for (const href of extraRows) rows.push(htmlRow(href, href, Date.UTC(2025, 0, 1), '-'));
  const title = escapeHtml(path);
  return `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\r\n${rows.join('')}</pre><hr></body>\r\n</html>\r\n`;
}

function jsonIndex(items: Child[]): string {
  const rows = items.map(({ name, stats }) => {
    const type = stats.isDirectory() ? 'directory' : 'file';
    const size = stats.isDirectory() ? '' : `, "size":${stats.size}`;
    return `{ "name":${JSON.stringify(name)}, "type":"${type}", "mtime":"${new Date(stats.mtimeMs).toUTCString()}"${size} }`;
  });
  return `[\r\n${rows.join(',\r\n')}\r\n]\r\n`;
}

function davResponse(href: string, stats: Stats): string {
  const collection = stats.isDirectory();
  const props = [
    `<D:resourcetype>${collection ? '<D:collection/>' : ''}</D:resourcetype>`,
    `<D:getlastmodified>${new Date(stats.mtimeMs).toUTCString()}</D:getlastmodified>`,
    ...(collection ? [] : [`<D:getcontentlength>${stats.size}</D:getcontentlength>`, `<D:getetag>"${etagOf(stats)}"</D:getetag>`]),
  ];
  return `<D:response><D:href>${escapeHtml(href)}</D:href><D:propstat><D:prop>${props.join('')}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n`;
}

function etagOf(stats: Stats): string {
  return `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
}

function hrefOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export async function startTreeServer(root: string, options: TreeServerOptions = {}): Promise<TreeServer> {
  const requests: RequestRecord[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse, record: RequestRecord) => {
    if (options.delay) await new Promise((resolve) => setTimeout(resolve, options.delay));
    const rawPath = new URL(req.url ?? '/', 'http://x').pathname;
    const requested = posix.normalize(decodeURIComponent(rawPath));
    const path = options.caseInsensitive ? requested.toLowerCase() : requested;
    const send = (status: number, headers: Record<string, string | number> = {}, body?: string) => {
      record.status = status;
      res.writeHead(status, { server: 'nginx/1.26.0', date: new Date().toUTCString(), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const redirect = options.redirects?.[requested];
    if (redirect !== undefined) return send(302, { location: redirect });
    if (options.forbidden?.some((prefix) => path.startsWith(prefix))) return send(403, {}, 'forbidden');
    if (path.split('/').includes('..')) return send(400, {}, 'bad path');
    const file = join(root, path);
    const davExt = options.davExt && req.method === 'PROPFIND';
    // dav_ext finds `file/` (fs.stat would not: ENOTDIR).
    const stats = await stat(davExt ? file.replace(/\/+$/, '') : file).catch(() => undefined);
    if (!stats) return send(404, { 'content-type': 'text/html' }, '<h1>404 Not Found</h1>');
    const isDir = stats.isDirectory();
    if (!isDir && rawPath.endsWith('/') && !davExt) return send(404, {}, 'not found');
    if (req.method === 'PROPFIND') {
      if (!options.dav) return send(405, { allow: 'GET, HEAD' }, 'method not allowed');
      if (isDir && !rawPath.endsWith('/')) return send(301, { location: `${rawPath}/` });
      const self = rawPath;
      const members = isDir && req.headers.depth !== '0' ? await children(file) : [];
      const escape = (name: string) => (davExt ? encodeURIComponent(name).replace(/%26/g, '&') : encodeURIComponent(name));
      const body =
        '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
        davResponse(self, stats) +
        members.map(({ name, stats: s }) => davResponse(self + escape(name) + (s.isDirectory() ? '/' : ''), s)).join('') +
        '</D:multistatus>\n';
      return send(207, { 'content-type': 'application/xml; charset=utf-8' }, body);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, {}, 'method not allowed');
    if (options.noHead && req.method === 'HEAD') return send(405, {}, 'no HEAD');
    if (isDir) {
      if (!rawPath.endsWith('/')) {
        // Node writes header strings as Latin-1: the UTF-8 bytes go out raw, as Go's do.
        if (options.caddyRedirects) return send(308, { location: Buffer.from(`${requested}/`).toString('latin1') });
        return send(301, { location: `${hrefOf(path)}/` });
      }
      if (options.davExt) return send(403, {}, 'forbidden');
      const items = await children(file);
      const json = options.json && /application\/json/.test(req.headers.accept ?? '');
      const body = json ? jsonIndex(items) : htmlIndex(requested, items, options.extraRows?.[requested]);
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      const headers: Record<string, string> = { 'content-type': json ? 'application/json' : 'text/html; charset=utf-8' };
      if (options.etag !== false) {
        headers.etag = etag;
        if (req.headers['if-none-match'] === etag) return send(304, headers);
      }
      return send(200, headers, body);
    }
    const lastModified = new Date(stats.mtimeMs).toUTCString();
    const etag = `"${etagOf(stats)}"`;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', etag, 'accept-ranges': 'bytes' };
    if (!options.noLastModified) headers['last-modified'] = lastModified;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    const rangeApplies = range && !options.noRanges && (ifRange === undefined || ifRange === etag || ifRange === lastModified);
    if (rangeApplies) {
      const start = Number(range[1]);
      if (start >= stats.size) return send(416, { 'content-range': `bytes */${stats.size}` });
      record.status = 206;
      res.writeHead(206, { ...headers, 'content-length': stats.size - start, 'content-range': `bytes ${start}-${stats.size - 1}/${stats.size}` });
      if (req.method === 'HEAD') return res.end();
      return createReadStream(file, { start }).pipe(res);
    }
    record.status = 200;
    res.writeHead(200, { ...headers, 'content-length': stats.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const server: Server = createServer((req, res) => {
    const record: RequestRecord = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    requests.push(record);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    // The request body (PROPFIND's XML) is read and ignored.
    req.resume();
    handle(req, res, record).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
