/**
 * Web index pages of real servers (fixtures/html/<server>-<variant>/, made by
 * fixtures/capture/http/capture-http.mjs) against the fs.lstat() of the directory they listed
 * (expected.json, taken in the same run). Nothing here is derived from dirlisting's output.
 *
 * Each page is parsed as an HTTP client would: its bytes, with the origin of its capture.json (URL,
 * Content-Type and its charset, Server header), `now` from the Date header and, where the server
 * writes local time, the server's TZ as `timeZone`. What a server leaves out is listed per server
 * below with the reason from fixtures/capture/http/README.md; nothing is loosened in general.
 *
 * When DIRLISTING_LIVE_HTML names a folder with the same layout (a fresh run of capture-http.mjs),
 * those captures are checked the same way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PRECISION_MS, type StatResult, detectFormat, parseListing, type ParseOptions } from '../../src/index.js';
import { captureDirs, fixturePath } from '../helpers.js';

interface Truth {
  name: string;
  type: StatResult['type'];
  size: number;
  mtimeMs: number;
  target?: string;
  nameHex?: string;
}

interface Capture {
  server: string;
  variant: string;
  request: { url: string; headers: Record<string, string> };
  response: { contentType: string; server?: string | null; date?: string | null; bodyFile: string };
  capturedAt: string;
  timeZone: string;
}

/** The format (and dialect, where the style has several) each capture must be read as. */
const STYLES: readonly [RegExp, string, string?][] = [
  [/^apache-(?:debian-default|htmltable)/, 'apache', 'apache-table'],
  [/^apache-plain/, 'apache', 'apache-list'],
  [/^apache-xhtml/, 'apache', 'apache-fancy-xhtml'],
  [/^apache-/, 'apache', 'apache-fancy'],
  [/^nginx-html/, 'nginx', 'nginx-html'],
  [/^nginx-jsonp?(?:-|$)/, 'nginx-json'],
  [/^nginx-xml/, 'nginx-xml'],
  [/^lighttpd-/, 'lighttpd', 'lighttpd-html'],
  [/^caddy-html/, 'caddy', 'caddy-html'],
  [/^caddy-json/, 'caddy-json'],
  [/^python-/, 'python'],
  [/^go-/, 'go'],
  [/^rclone-/, 'rclone'],
  [/^tomcat-/, 'tomcat'],
  [/^jetty-/, 'jetty'],
  [/^squid-/, 'squid'],
  [/^webfs-/, 'webfs'],
  [/^mini-httpd-/, 'mini-httpd'],
  [/^serve-index-html/, 'serve-index'],
  [/^serve-index-json/, 'serve-index-json'],
  [/^http-server-/, 'http-server'],
];

/** Servers that write times in the process's local zone (docs/sources/web-index-servers.md). */
const LOCAL_TIME = /^(?:apache|lighttpd|jetty|serve-index|http-server|mini-httpd|nginx-html-(?:exact|human)-localtime)/;

type Hide = (entry: Truth, dir: string) => string | undefined;
const isDot = (e: Truth) => e.name.startsWith('.');
const isLink = (e: Truth) => e.type === 'symlink';
const isDangling = (e: Truth, all: Map<string, Truth>) => isLink(e) && !all.has(e.target!.replace(/\/$/, ''));

/** What each server leaves out, with the reason (fixtures/capture/http/README.md, "What the servers leave out"). */
function hiddenBy(dir: string, all: Map<string, Truth>): Hide {
  const rules: [RegExp, Hide][] = [
    [/^apache-/, (e) => (isDangling(e, all) ? 'apache drops entries whose sub-request fails (a dangling symlink)' : undefined)],
    [/^apache-debian-default/, (e) => (/^\..{2,}/.test(e.name) ? "Debian's IndexIgnore .??*" : undefined)],
    [/^nginx-/, (e) => (isDot(e) ? 'nginx autoindex never lists names starting with a dot' : undefined)],
    [/^lighttpd-(?!html-show-dotfiles)/, (e) => (isDot(e) ? 'lighttpd hides dot-files by default (dir-listing.hide-dotfiles)' : undefined)],
    [/^lighttpd-/, (e) => (isDangling(e, all) ? 'lighttpd does not list a dangling symlink' : undefined)],
    [/^webfs-/, (e) => (isDangling(e, all) ? 'webfs does not list a dangling symlink' : undefined)],
    [/^rclone-html(?!-copy-links)/, (e) => (isLink(e) ? "rclone's local backend skips symlinks without --copy-links" : undefined)],
    [/^rclone-html-copy-links/, (e) => (isDangling(e, all) ? 'rclone --copy-links still skips a dangling link' : undefined)],
    [/^tomcat-html(?!-allow-linking)/, (e) => (isLink(e) ? 'Tomcat hides symlinks with the default allowLinking=false' : undefined)],
    [/^tomcat-html-allow-linking/, (e) => (isDangling(e, all) ? 'Tomcat does not list a dangling symlink' : undefined)],
    [/^serve-index-(?!html-hidden)/, (e) => (isDot(e) ? 'serve-index hides dot-files unless hidden: true' : undefined)],
  ];
  const mine = rules.filter(([pattern]) => pattern.test(dir)).map(([, hide]) => hide);
  return (entry) => {
    for (const hide of mine) {
      const reason = hide(entry, dir);
      if (reason) return reason;
    }
    return undefined;
  };
}

const dirs = [
  ...captureDirs(fixturePath('html'), 'capture.json').map((dir) => ({ dir, label: 'captured' })),
  ...captureDirs(process.env.DIRLISTING_LIVE_HTML ?? '', 'capture.json').map((dir) => ({ dir, label: 'live' })),
];

/** How a client would parse the capture: its bytes and its origin. */
function load(dir: string): { bytes: Uint8Array; options: ParseOptions; capture: Capture; name: string } {
  const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as Capture;
  const name = dir.split('/').pop()!;
  const bytes = readFileSync(join(dir, capture.response.bodyFile));
  const host = capture.request.headers.Host ?? '127.0.0.1';
  const url = /^[a-z]+:/.test(capture.request.url) ? capture.request.url : `http://${host}${capture.request.url}`;
  const contentType = capture.response.contentType;
  const charset = /charset=([\w.:-]+)/i.exec(contentType)?.[1];
  const options: ParseOptions = {
    origin: {
      contentType,
      url,
      method: 'GET',
      ...(charset && !charset.includes('%') ? { charset } : {}),
      ...(capture.response.server ? { server: capture.response.server } : {}),
    },
    // Jetty sends no Date header: the capture time stands in.
    now: Date.parse(capture.response.date ?? capture.capturedAt),
  };
  if (LOCAL_TIME.test(name)) options.timeZone = capture.timeZone;
  return { bytes, options, capture, name };
}

function styleOf(name: string): [string, string | undefined] | undefined {
  const style = STYLES.find(([pattern]) => pattern.test(name));
  return style ? [style[1], style[2]] : undefined;
}

/**
 * Values a server shows wrongly, per capture and entry, with what the page shows instead: the test
 * checks that dirlisting reads what the page says, and the reason says why it differs from lstat.
 */
const MISREPORTED: readonly { capture: RegExp; name: string; field: 'mtimeMs' | 'size'; shown: number | ((truth: Truth, now: number) => number); reason: string }[] = [
  ...['mtime-2031-01-02', 'mtime-future-3d'].flatMap((name) => [
    {
      capture: /^squid-ftp-gateway$/,
      name,
      field: 'mtimeMs' as const,
      shown: yearless,
      reason: 'pyftpdlib behind Squid shows a future date as `Jan 02 03:04`, without its year (as in the FTP captures): month, day and time are checked, the year cannot be',
    },
    {
      capture: /^webfs-html$/,
      name,
      field: 'mtimeMs' as const,
      shown: yearless,
      reason: 'webfs shows a date less than 180 days before now, which a future date is, as `Jan 02 03:04`, without its year: month, day and time are checked, the year cannot be',
    },
  ]),
  {
    capture: /^jetty-html$/,
    name: 'dangling-link',
    field: 'size',
    shown: 0,
    reason: 'Jetty 9.4 shows a dangling symlink as `0 bytes` (its length is unknown)',
  },
  {
    capture: /^apache-htmltable-sort-mtime-desc$/,
    name: 'mtime-1969-07-20',
    field: 'mtimeMs',
    shown: 0,
    reason: 'sorted by date (?C=M), this Apache 2.4.71 page shows the pre-epoch mtime as 1970-01-01 00:00; unsorted pages of the same run show 1969-07-20 20:17',
  },
  {
    capture: /^nginx-(?!html-(?:exact|human)-localtime)/,
    name: 'mtime-1969-07-20',
    field: 'mtimeMs',
    shown: 0,
    reason: 'nginx 1.22 shows a pre-epoch mtime as the epoch (01-Jan-1970 00:00, Thu, 01 Jan 1970 00:00:00 GMT, 1970-01-01T00:00:00Z)',
  },
  {
    capture: /^nginx-html-(?:exact|human)-localtime$/,
    name: 'mtime-1969-07-20',
    field: 'mtimeMs',
    shown: 5 * 3_600_000,
    reason: 'nginx 1.22 shows a pre-epoch mtime as 01-Jan-1970 00:00, here read in the request-time offset (-05:00)',
  },
];

/**
 * A time shown as `Mon DD HH:MM` (UTC) without its year: the page cannot say which year, so only what
 * it shows is checked against lstat (month, day, hour, minute); the year dirlisting infers is its
 * year rule's, tested in test/formats/ftp/year-rules.test.ts, not evidence from this server.
 */
function yearless(): number {
  return Number.NaN;
}

/** `MM-DDTHH:MM` of an instant in UTC: what a yearless date shows. */
function withoutYear(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16);
}

/** Servers that show a symlink by its own (lstat) type: not a directory, so no `/`. */
const LINKS_AS_FILES = new Map<RegExp, string>([[/^go-/, "Go's FileServer reads the directory with Readdir (lstat): a link to a directory gets no '/'"]]);

/**
 * Entries whose href names other bytes than the file's (the link would not fetch it): the lstat name
 * (hex) and the bytes the href names, with the reason.
 */
const RENAMED: readonly { capture: RegExp; nameHex: string; shownHex: string; reason: string }[] = [
  {
    capture: /^python-html-non-utf8$/,
    nameHex: Buffer.from('caf\xe9-latin1.txt', 'latin1').toString('hex'),
    shownHex: Buffer.from('caf\xed\xb3\xa9-latin1.txt', 'latin1').toString('hex'),
    reason: "http.server quotes the surrogate-escaped name with errors='surrogatepass': the href holds ED B3 A9, not the byte E9",
  },
];

const SKIP_CAPTURES = new Map<string, string>([
  ['serve-index-text', 'a plain-text list of names: an NLST-like body, not a web index page'],
]);

test('the captures cover at least 14 servers', (t) => {
  const servers = new Set(captureDirs(fixturePath('html'), 'capture.json').map((dir) => dir.split('/').pop()!.split('-html')[0]!.split('-json')[0]!.split('-xml')[0]!.split('-ftp')[0]!.replace(/-(?:fancy|plain|xhtml|olddate|suppress|latin1|iconsarelinks|foldersfirst|namewidth-star|htmltable|debian-default).*$/, '')));
  t.true(servers.size >= 14, [...servers].join(','));
  if (process.env.DIRLISTING_LIVE_HTML) t.true(dirs.some((d) => d.label === 'live'), 'live captures present');
});

for (const { dir, label } of dirs) {
  const name = dir.split('/').pop()!;
  if (SKIP_CAPTURES.has(name)) continue;
  const style = styleOf(name);
  if (!style) continue;
  const [format, dialect] = style;

  test(`${label} ${name}: detectFormat names ${format}`, (t) => {
    const { bytes, options } = load(dir);
    const text = new TextDecoder('latin1').decode(bytes);
    const ranked = detectFormat(text, { origin: options.origin });
    t.is(ranked[0]?.format, format, JSON.stringify(ranked.slice(0, 3)));
    t.true(ranked[0]!.confidence >= 0.6, `confidence ${ranked[0]!.confidence}`);
  });

  test(`${label} ${name}: every entry against lstat`, (t) => {
    const { bytes, options } = load(dir);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { entries: Truth[] };
    const all = new Map(expected.entries.map((e) => [e.name, e]));
    const hide = hiddenBy(name, all);
    const listing = parseListing(bytes, options);
    t.is(listing.format, format);
    if (dialect) t.is(listing.dialect, dialect);
    t.deepEqual(listing.skipped, [], 'nothing skipped');
    const byName = new Map<string, StatResult>();
    for (const entry of listing.entries) {
      t.false(byName.has(entry.name), `duplicate ${entry.name}`);
      byName.set(entry.name, entry);
    }
    const shown = new Set<string>();
    for (const original of expected.entries) {
      const reason = hide(original, name);
      const renamed = RENAMED.find((r) => r.capture.test(name) && r.nameHex === original.nameHex);
      const truth = renamed ? { ...original, nameHex: renamed.shownHex } : original;
      const entry = findEntry(byName, truth);
      if (reason) {
        t.is(entry, undefined, `${truth.name} is hidden (${reason}) but was listed`);
        continue;
      }
      if (!entry) {
        t.fail(`${truth.name} missing`);
        continue;
      }
      shown.add(entry.name);
      const wrong = MISREPORTED.filter((m) => m.capture.test(name) && m.name === truth.name);
      for (const m of wrong) {
        if (m.shown === yearless) t.is(withoutYear(entry.mtimeMs!), withoutYear(truth.mtimeMs), `${truth.name}: ${m.reason}`);
        else t.is(entry[m.field], typeof m.shown === 'number' ? m.shown : m.shown(truth, options.now as number), `${truth.name}: ${m.reason}`);
      }
      checkEntry(t, name, entry, truth, all, new Set(wrong.map((m) => m.field)));
    }
    for (const entry of listing.entries) t.true(shown.has(entry.name), `unexpected entry ${JSON.stringify(entry.name)}`);
  });
}

/** The entry for a truth: by name, or for a name that is not UTF-8 by its exact bytes. */
function findEntry(byName: Map<string, StatResult>, truth: Truth): StatResult | undefined {
  if (truth.nameHex === undefined) return byName.get(truth.name);
  const bytes = Buffer.from(truth.nameHex, 'hex');
  for (const entry of byName.values()) {
    if (entry.rawName && Buffer.from(entry.rawName).equals(bytes)) return entry;
    if (Buffer.from(entry.name, 'latin1').equals(bytes) && !/[^\x00-\xff]/.test(entry.name)) return entry;
  }
  return undefined;
}

function checkEntry(
  t: import('ava').ExecutionContext,
  capture: string,
  entry: StatResult,
  truth: Truth,
  all: Map<string, Truth>,
  misreported: ReadonlySet<string>,
): void {
  // A symlink is shown as what it points to (servers stat the target); a dangling one as a file.
  const target = truth.type === 'symlink' ? all.get(truth.target!.replace(/\/$/, '')) : undefined;
  const linksAsFiles = [...LINKS_AS_FILES.keys()].some((pattern) => pattern.test(capture));
  const shownAs = truth.type === 'symlink' ? (linksAsFiles ? 'file' : (target?.type ?? 'file')) : truth.type;
  // A server that says "symlink" (python's `@`, Squid's [LINK], webfs's `l`) is right too.
  if (entry.type !== 'unknown') t.true(entry.type === shownAs || entry.type === truth.type, `${truth.name}: type ${entry.type} vs ${shownAs}`);
  if (entry.size !== undefined && !misreported.has('size') && !(entry.type === 'directory' && truth.type !== 'symlink' && capture.startsWith('mini-httpd'))) {
    const candidates = [truth.size, target?.size].filter((v): v is number => v !== undefined);
    const ok = candidates.some((size) => Math.abs(entry.size! - size) <= (entry.sizePrecision ?? 1) - 1 + 1e-9 || (entry.sizePrecision ?? 1) === 1 && entry.size === size);
    t.true(ok, `${truth.name}: size ${entry.size} ± ${entry.sizePrecision} vs ${candidates.join(' or ')}`);
  }
  if (entry.mtimeMs !== undefined && !misreported.has('mtimeMs')) {
    const span = PRECISION_MS[entry.mtimePrecision!];
    const candidates = [truth.mtimeMs, target?.mtimeMs].filter((v): v is number => v !== undefined);
    const ok = candidates.some((ms) => ms >= entry.mtimeMs! && ms < entry.mtimeMs! + span);
    t.true(ok, `${truth.name}: mtime ${new Date(entry.mtimeMs).toISOString()} (${entry.mtimePrecision}) vs ${candidates.map((ms) => new Date(ms).toISOString()).join(' or ')}`);
  }
}

test('every capture dir is covered by a style or skipped with a reason', (t) => {
  for (const entry of readdirSync(fixturePath('html'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    t.true(styleOf(entry.name) !== undefined || SKIP_CAPTURES.has(entry.name), entry.name);
  }
});
