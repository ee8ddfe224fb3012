/**
 * PROPFIND responses of real WebDAV servers (fixtures/webdav/<server>/, made by
 * fixtures/capture/dav/capture-dav.mjs) against the fs.lstat() of the tree they served
 * (expected.json, taken at capture time). Nothing here is derived from dirlisting's output.
 *
 * Each response is parsed as bytes, as an HTTP client would hand it over, with the request URL as
 * `origin.url` and the response's Content-Type and Server headers as `origin`, and the format is
 * detected. The entries must be exactly the lstat entries the request names (Depth 1: the children;
 * Depth infinity: every descendant, with `path`; Depth 0: none, or the file itself), minus those
 * `hidden` lists with the server's reason. What a server shows differently from lstat is spelled out
 * per server below (capture.json `notes`, fixtures/capture/dav/README.md), never loosened in general.
 *
 * When DIRLISTING_LIVE_WEBDAV names a folder with the same layout (made by re-running
 * `node fixtures/capture/dav/capture-dav.mjs --out DIR` in CI), it is checked the same way.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { type StatResult, parseListing } from '../../src/index.js';
import { fixturePath } from '../helpers.js';

interface Truth {
  path: string;
  name: string;
  type: StatResult['type'];
  size: number;
  mtimeMs: number;
  target?: string;
}

interface Hidden {
  path: string;
  request: string;
  reason: string;
}

interface Request {
  name: string;
  file: string | null;
  listed: string;
  request: { method: string; path: string; headers: Record<string, string> };
  response: { status: number; rawHeaders: string[] };
}

interface Capture {
  server: string;
  address: string;
  requests: Request[];
}

/** What a server shows for an entry where it is not the entry's own lstat. */
interface Quirks {
  /** The lstat the properties come from: the entry's own, or (followed symlinks) its target's. */
  source(truth: Truth, all: Map<string, Truth>): Truth;
  /** The mtime the server shows for a true mtime. */
  mtimeMs(ms: number): number;
  /** The name the server shows. */
  name(name: string): string;
}

const OWN: Quirks = { source: (truth) => truth, mtimeMs: (ms) => ms, name: (name) => name };

const QUIRKS: Record<string, Quirks> = {
  apache: OWN,
  // lighttpd lists a symlink with the link's own lstat (capture.json notes).
  lighttpd: OWN,
  nginx: {
    // nginx stat()s entries: a symlink shows its target (capture.json notes, ngx_http_dav_ext_module.c).
    source: (truth, all) => (truth.type === 'symlink' && truth.target !== undefined ? (all.get(truth.target) ?? truth) : truth),
    // ngx_http_time clamps a time before 1970 to the epoch (capture.json notes: "negative times are clamped").
    mtimeMs: (ms) => Math.max(0, ms),
    name: (name) => name,
  },
  rclone: {
    ...OWN,
    // rclone's local backend encoding: each control character as its Unicode Control Picture
    // (byte c -> U+2400 + c, DEL -> U+2421; expected.json hidden, "RENAMED").
    name: (name) => name.replace(/[\x00-\x1f\x7f]/g, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0))),
  },
};

function quirksFor(server: string): Quirks {
  const base = server.replace(/-(extra|no-dangling|depth-infinity)$/, '');
  const quirks = QUIRKS[base];
  if (!quirks) throw new Error(`no quirks for ${server}`);
  return quirks;
}

/** The DAV type of an lstat type: a collection, or a non-collection resource. */
const davType = (type: StatResult['type']): StatResult['type'] => (type === 'directory' ? 'directory' : 'file');

function header(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}

function captureRoots(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((dirent) => dirent.isDirectory() && existsSync(join(root, dirent.name, 'capture.json')))
    .map((dirent) => join(root, dirent.name));
}

const ROOTS: [string, string][] = [['fixtures', fixturePath('webdav')]];
if (process.env.DIRLISTING_LIVE_WEBDAV) ROOTS.push(['live', process.env.DIRLISTING_LIVE_WEBDAV]);

let requests = 0;
for (const [label, root] of ROOTS) {
  for (const dir of captureRoots(root)) {
    const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as Capture;
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { entries: Truth[]; hidden: Hidden[] };
    const quirks = quirksFor(capture.server);
    const all = new Map(expected.entries.map((truth) => [truth.path, truth]));
    for (const request of capture.requests) {
      if (request.file === null) continue;
      requests++;
      test(`${label} ${capture.server} ${request.name}`, (t) => {
        const bytes = readFileSync(join(dir, request.file!));
        const raw = request.response.rawHeaders;
        const origin = {
          url: `http://${capture.address}${request.request.path}`,
          contentType: header(raw, 'content-type'),
          server: header(raw, 'server'),
          method: request.request.method,
        };
        const listing = parseListing(bytes, { origin });
        const hinted = parseListing(bytes, { origin, hint: 'webdav' });
        if (request.response.status !== 207) {
          // Error bodies (403/405/404 HTML, 500, lighttpd's <D:error>) are no listing.
          t.not(listing.format, 'webdav', 'an error body is not detected as a multistatus');
          t.is(hinted.entries.length, 0, 'an error body read as webdav gives no entry');
          return;
        }
        t.is(listing.format, 'webdav');
        t.true(listing.confidence >= 0.9);
        t.deepEqual(listing.skipped, [], 'nothing skipped');

        const depth = request.request.headers.Depth;
        const listed = request.listed;
        const hidden = expected.hidden.filter((h) => h.request === request.name).map((h) => h.path);
        const isHidden = (path: string) => hidden.some((h) => path === h || path.startsWith(`${h}/`));
        const under = (path: string) => (listed === '' ? path : path.startsWith(`${listed}/`) ? path.slice(listed.length + 1) : undefined);
        const listedTruth = all.get(listed);
        let want: Truth[];
        if (listedTruth && listedTruth.type !== 'directory') {
          // Depth 0 on a file: the file is the one entry.
          want = [listedTruth];
        } else if (depth === '0') {
          want = [];
        } else {
          want = expected.entries.filter((truth) => {
            const rel = under(truth.path);
            if (rel === undefined || isHidden(truth.path)) return false;
            return depth === 'infinity' || !rel.includes('/');
          });
        }
        // rclone renames control characters (hidden: "RENAMED"): the entry is there under its new name.
        const renamed = expected.hidden.filter((h) => h.request === request.name && /RENAMED/.test(h.reason)).map((h) => all.get(h.path)!);
        want.push(...renamed);

        const key = (truth: Truth) => {
          const rel = listedTruth && listedTruth.type !== 'directory' ? truth.name : under(truth.path)!;
          return rel.split('/').map(quirks.name).join('/');
        };
        const got = new Map(listing.entries.map((entry) => [entry.path ?? entry.name, entry]));
        t.deepEqual([...got.keys()].sort(), want.map(key).sort(), 'the names (paths for Depth infinity)');
        t.is(got.size, listing.entries.length, 'no entry twice');
        for (const truth of want) {
          const entry = got.get(key(truth));
          if (!entry) continue;
          const source = quirks.source(truth, all);
          const what = `${request.name} ${truth.path}`;
          t.is(entry.name, quirks.name(truth.name), `${what}: name is the leaf`);
          if (request.name.includes('propname')) {
            // A propname response names properties without values (RFC 4918 §9.1): the type comes
            // from the href's trailing slash (collections) and nothing else is known.
            t.is(entry.type, source.type === 'directory' ? 'directory' : 'unknown', `${what}: type from the href`);
            t.is(entry.size, undefined);
            t.is(entry.mtimeMs, undefined);
            continue;
          }
          t.is(entry.type, davType(source.type), `${what}: type`);
          if (source.type !== 'directory') t.is(entry.size, source.size, `${what}: size`);
          else if (entry.size !== undefined) t.is(entry.size, source.size, `${what}: a collection's size is its st_size`);
          if (entry.size !== undefined) t.is(entry.sizePrecision, 1);
          if (entry.mtimeMs !== undefined || request.name.includes('allprop') || request.name.includes('nobody')) {
            t.is(entry.mtimeMs, Math.floor(quirks.mtimeMs(source.mtimeMs) / 1000) * 1000, `${what}: mtime to the second`);
            t.is(entry.mtimePrecision, 'second');
          }
          t.true(entry.url?.startsWith(`http://${capture.address}/dav/`), `${what}: url`);
        }
        // The listed collection is the listing's self, not an entry.
        if (!listedTruth || listedTruth.type === 'directory') {
          t.truthy(listing.self, 'self');
          t.is(listing.self?.type, 'directory');
        }
        t.is(hinted.entries.length, listing.entries.length);
      });
    }
  }
}

test('every capture folder was read', (t) => {
  t.true(requests >= 100, `${requests} requests`);
});
