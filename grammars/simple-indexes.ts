/**
 * The smaller web index generators, each a parser of its own (docs/sources/web-index-servers.md, the
 * section named in each class): names and types only (Python http.server, Go http.FileServer), or
 * names with a date and a size in a fixed layout (mini_httpd, webfs, http-server, serve-index,
 * Jetty, Tomcat, rclone, Squid's FTP gateway). Each reads one row with a small linear pattern;
 * the name always comes from the href.
 */
import { ParserError, elementFramer, jsonArrayFramer, parseUnixDate, parseUnixMode, wallClockMs, type ParseContext, type ParseSink, type StatResult, type NoFormatOptions } from 'dirlisting';
import {
  IndexParser,
  MONTHS,
  SIZE_RULES,
  firstAnchor,
  attribute,
  cells,
  decodeEntities,
  lineFramer,
  newEntry,
  readSize,
  rfc1123,
  setTime,
  signalScore,
  sizeFromRange,
  textOf,
  type PageState,
} from './html-index.js';

type Signals = readonly (readonly [RegExp | string, number])[];

/** The first link of a row and its entry, or null. */
function linkedEntry(parser: IndexParser, record: string, ctx: ParseContext, state: PageState, raw = false, relativeOnly = false): { entry: StatResult; end: number; inner: string } | null {
  const link = firstAnchor(record);
  if (!link) return null;
  const entry = parser.entryFor(raw ? link.raw : link.href, ctx, state, undefined, relativeOnly);
  return entry ? { entry, end: link.end, inner: link.inner } : null;
}

// ---- Python http.server -------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    python: NoFormatOptions;
    go: NoFormatOptions;
    'mini-httpd': NoFormatOptions;
    webfs: NoFormatOptions;
    'http-server': NoFormatOptions;
    'serve-index': NoFormatOptions;
    'serve-index-json': NoFormatOptions;
    jetty: NoFormatOptions;
    tomcat: NoFormatOptions;
    rclone: NoFormatOptions;
    squid: NoFormatOptions;
  }
}

/**
 * `SimpleHTTPRequestHandler.list_directory`: `<li><a href="HREF">TEXT</a></li>`, `/` on
 * directories, `@` on the text of symlinks (os.path.islink), so those are typed `symlink`.
 */
export class PythonParser extends IndexParser {
  readonly id = 'python';
  override readonly description = 'Python http.server (SimpleHTTPRequestHandler) listings';
  override readonly origins = { contentType: /text\/html/i };
  private static readonly SIGNALS: Signals = [
    [/<title>Directory listing for [^<]*<\/title>/, 0.6],
    [/<h[12]>Directory listing for [^<]*<\/h[12]>\r?\n<hr>\r?\n<ul>/, 0.4],
  ];
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, PythonParser.SIGNALS, ctx, /^SimpleHTTP\//);
  }
  createFramer() {
    return lineFramer();
  }
  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Directory listing for ') ? title.slice(22) : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!/<li>/i.test(record)) return null;
    const row = linkedEntry(this, record, ctx, state);
    if (!row) return null;
    this.dialect(state, sink, 'python');
    if (textOf(row.inner).endsWith('@')) row.entry.type = 'symlink';
    return row.entry;
  }
}

// ---- Go net/http FileServer ------------------------------------------------------------------------------

/** `dirList`: `<pre>` of `<a href="HREF">TEXT</a>` lines, `/` on directories; no size, no date. */
export class GoParser extends IndexParser {
  readonly id = 'go';
  override readonly description = 'Go net/http FileServer listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(
      sample,
      [
        [/^(?:<!doctype html>\n<meta name="viewport" content="width=device-width">\n(?:<meta [^>\n]{0,200}>\n)?)?<pre>\n(?:<a href="[^"\n]{0,4096}">[^\n]{0,4096}<\/a>\n)*(?:<\/pre>|<a )/, 0.9],
        // The same page as an HTML parser re-serializes it (cheerio's `$.html()`, for parseCheerio).
        [/^(?:<!DOCTYPE html>)?<html><head>(?:<meta name="viewport" content="width=device-width">(?:<meta [^>\n]{0,200}>)?)?<\/head><body><pre>\n?<a href="/, 0.8],
      ],
      ctx,
    );
  }
  createFramer() {
    return lineFramer();
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    // A row is a line that is one link; the first may follow `<pre>` on its line (a re-serialized page).
    if (!/^(?:[^\n<]*(?:<[^\n<]*)*<pre>)?<a href=/.test(record)) return null;
    // Go (1.19) writes the escaped path into the href without HTML-escaping it (fs.go dirList), so
    // `&lt;` there is the name's own text: the href is read as written (fixtures/html/go-html).
    const row = linkedEntry(this, record, ctx, state, true);
    if (!row) return null;
    this.dialect(state, sink, 'go');
    return row.entry;
  }
}

// ---- mini_httpd ------------------------------------------------------------------------------------------

const MINI_TAIL = /^\s+(\d\d)([A-Z][a-z]{2})(\d{4}) (\d\d):(\d\d)\s+(\d{1,20})\s*$/;

/**
 * mini_httpd `do_dir()`: `<A HREF="ENC">NAME (32 columns)</A>    DDMonYYYY HH:MM    SIZE`, local
 * time, the `lstat` size; no directory marker, so entries are typed `unknown`.
 */
export class MiniHttpdParser extends IndexParser {
  readonly id = 'mini-httpd';
  override readonly description = 'mini_httpd (ACME Labs) listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(
      sample,
      [
        [/<h4>Index of [^<]*<\/h4>/i, 0.5],
        [/<\/a>\s+\d\d[A-Z][a-z]{2}\d{4} \d\d:\d\d\s+\d+\r?\n/i, 0.4],
        [/mini_httpd/, 0.2],
      ],
      ctx,
      /^mini_httpd/,
    );
  }
  createFramer() {
    return lineFramer();
  }
  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Index of ') ? title.slice(9) : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const link = firstAnchor(record);
    if (!link || /^[a-z]+:/i.test(link.href)) return null;
    const m = MINI_TAIL.exec(record.slice(link.end));
    if (!m) return null;
    const entry = this.entryFor(link.href, ctx, state, 'unknown');
    if (!entry) return null;
    this.dialect(state, sink, 'mini-httpd');
    const month = MONTHS[m[2]!];
    if (!month) throw new ParserError(`unknown month '${m[2]}'`);
    setTime(entry, ctx, false, Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]));
    entry.size = Number(m[6]);
    entry.sizePrecision = 1;
    return entry;
  }
}

// ---- webfs -----------------------------------------------------------------------------------------------

const WEBFS_ROW = /^([-dlcbps=][-rwxsStT]{9}) +(\S+) +(\S+) +([A-Z][a-z]{2} \d\d (?: \d{4}|\d\d:\d\d)) +(&lt;DIR&gt;|--|\d{1,20} +(?:B|kB|MB|GB|TB))  /;
const WEBFS_UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * webfs `ls()`: an `ls -l`-like `<pre>`: mode, user, group, `%b %d %H:%M` / `%b %d  %Y` in GMT
 * (six-month rule), sizes `N  B` exact below 9 KiB, then truncated kB/MB/GB/TB (SIZE_RULES.truncate).
 */
export class WebfsParser extends IndexParser {
  readonly id = 'webfs';
  override readonly description = 'webfs (webfsd) listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/<h1>listing: /, 0.4], ['<b>access      user      group     date             size  name</b>', 0.6]], ctx, /^webfs\//);
  }
  createFramer() {
    return lineFramer();
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const m = WEBFS_ROW.exec(record);
    if (!m) return null;
    // webfs escapes nothing for HTML (ls.c): the href is read as written. A file the server cannot
    // read is shown as its bare name, without a link.
    const rest = record.slice(m[0].length).replace(/\r?\n$/, '');
    const row = rest.startsWith('<a ') ? linkedEntry(this, rest, ctx, state, true, true) : rest ? { entry: newEntry(rest, 'file', this.id) } : null;
    if (!row) return null;
    this.dialect(state, sink, 'webfs');
    const { entry } = row;
    const mode = parseUnixMode(m[1]!.replace('=', 's'));
    if (mode) {
      entry.type = mode.type;
      entry.mode = mode.mode;
    }
    entry.owner = m[2];
    entry.group = m[3];
    const time = parseUnixDate(m[4]!, ctx);
    entry.mtimeMs = time.mtimeMs;
    entry.mtimePrecision = time.mtimePrecision;
    const size = /^(\d+) +(\w+)$/.exec(m[5]!);
    if (size) {
      const unit = WEBFS_UNITS[size[2]!]!;
      sizeFromRange(entry, unit === 1 ? SIZE_RULES.exact(Number(size[1]), undefined, 1) : SIZE_RULES.truncate(Number(size[1]), undefined, unit));
    }
    return entry;
  }
}

// ---- http-server (http-party) ----------------------------------------------------------------------------

const HS_DATE = /^(\d\d)-([A-Z][a-z]{2})-(\d{4}) (\d\d):(\d\d)$/;

/**
 * http-server `show-dir`: a `<table>` row per line with `(drwxr-xr-x)` permissions, `DD-Mon-YYYY
 * HH:MM` local time, `sizeToString` sizes (`2B`, `1.2k`, SIZE_RULES.httpServer), and the link.
 */
export class HttpServerParser extends IndexParser {
  readonly id = 'http-server';
  override readonly description = 'http-server (npm) listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/td\.perms \{\}\r?\ntd\.file-size \{/, 0.5], ['td.display-name {', 0.2], [/<td class="perms"><code>\([-d][-rwx?!]{9}\)<\/code><\/td>/, 0.6], ['class="display-name"', 0.3], [/<address>Node\.js /, 0.2]], ctx);
  }
  createFramer() {
    return lineFramer();
  }
  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Index of ') ? title.slice(9) : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!record.includes('class="display-name"')) return null;
    const row = cells(record);
    const name = row.find((c) => attribute(c.tag, 'class') === 'display-name');
    const link = name && firstAnchor(name.inner);
    if (!link) return null;
    const entry = this.entryFor(link.href, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'http-server');
    for (const cell of row) {
      const cls = attribute(cell.tag, 'class');
      const text = textOf(cell.inner).trim();
      if (cls === 'perms') {
        const mode = parseUnixMode(text.replace(/[()]/g, ''));
        if (mode) entry.mode = (mode.mode & 0o777) | (entry.type === 'directory' ? 0o040000 : 0o100000);
      } else if (cls === 'last-modified') {
        const m = HS_DATE.exec(text);
        const month = m && MONTHS[m[2]!];
        if (m && month) setTime(entry, ctx, false, Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]));
      } else if (cls === 'file-size' && text) {
        const range = readSize(text.replace(/\*$/, ''), SIZE_RULES.httpServer);
        if (range) sizeFromRange(entry, range);
      }
    }
    return entry;
  }
}

// ---- serve-index (Express) ------------------------------------------------------------------------------

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d\d):(\d\d)[\s\u202f]?([AP]M)$/;

/** `M/D/YYYY h:mm:ss AM` (en-US `toLocale*String`, U+202F before AM on newer ICU) to fields. */
function usDate(entry: StatResult, ctx: ParseContext, text: string): void {
  const m = US_DATE.exec(text.trim());
  if (!m) return;
  let hour = Number(m[4]) % 12;
  if (m[7] === 'PM') hour += 12;
  setTime(entry, ctx, false, Number(m[3]), Number(m[1]), Number(m[2]), hour, Number(m[5]), Number(m[6]));
}

/**
 * serve-index `html`: `<li><a href="ABSOLUTE" title="NAME"><span class="name">…</span><span
 * class="size">…</span><span class="date">…</span></a></li>`. Directories carry no `/`: their size
 * span is empty (files show the exact bytes, `0` included), and `icon-directory` when icons are on.
 * Dates are the Node process's locale and zone (en-US here), seconds.
 */
export class ServeIndexParser extends IndexParser {
  readonly id = 'serve-index';
  override readonly description = 'serve-index (Express/Connect) HTML listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/<title>listing directory [^<]*<\/title>/, 0.5], [/<ul id="files" class="view-(?:tiles|details)">/, 0.4], ['<input id="search"', 0.1]], ctx);
  }
  createFramer() {
    return elementFramer('li', { ignoreCase: true });
  }
  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('listing directory ') ? title.slice(18) : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const link = firstAnchor(record);
    if (!link) return null;
    const spans = new Map<string, string>();
    for (const m of link.inner.matchAll(/<span class="(name|size|date)">([^<]{0,4096})<\/span>/g)) spans.set(m[1]!, decodeEntities(m[2]!));
    const size = spans.get('size');
    const date = spans.get('date');
    // No size and no date: the stat failed (a dangling link), so nothing says what it is.
    const failed = !size && !date;
    const directory = !failed && (size === '' || /\bicon-directory\b/.test(record.slice(link.start, link.start + 2048)));
    const entry = this.entryFor(link.href, ctx, state, failed ? 'unknown' : directory ? 'directory' : 'file');
    if (!entry) return null;
    this.dialect(state, sink, 'serve-index');
    if (!directory && size !== undefined && /^\d{1,20}$/.test(size)) {
      entry.size = Number(size);
      entry.sizePrecision = 1;
    }
    if (date) usDate(entry, ctx, date);
    return entry;
  }
}

/** serve-index `application/json`: an array of names only (no type, size or date). */
export class ServeIndexJsonParser extends IndexParser {
  readonly id = 'serve-index-json';
  override readonly description = 'serve-index JSON (names only)';
  override readonly origins = { contentType: /json/i };
  detect(sample: string, ctx: ParseContext): number {
    if (!/^\s*\[(?:\]|"(?:[^"\\\n]|\\.){0,4096}"(?:,"|\]\s*$))/.test(sample)) return 0;
    // An array of bare strings is weak evidence, strong only when the response says it is JSON.
    return ctx.origin.contentType !== undefined && /json/i.test(ctx.origin.contentType) ? 0.7 : 0.4;
  }
  createFramer() {
    return jsonArrayFramer();
  }
  override readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    return this.readRow(record, ctx, sink, this.state(ctx));
  }
  readRow(record: string, _ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    let name: unknown;
    try {
      name = JSON.parse(record);
    } catch {
      throw new ParserError('not a JSON string');
    }
    if (typeof name !== 'string') throw new ParserError('not a JSON string');
    this.dialect(state, sink, 'serve-index-json');
    return newEntry(name, 'unknown', this.id);
  }
}

// ---- Jetty ---------------------------------------------------------------------------------------------

const JETTY_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d\d):(\d\d)[\s\u202f]?([AP]M)$/;

/**
 * Jetty `ResourceListing`/`Resource.getListHTML`: `<tr><td class="name"><a href="ABSOLUTE">…`,
 * `lastmodified` in the JVM's locale (MEDIUM, en-US `Mar 4, 2022, 5:06:07 AM`) and zone,
 * `size` as `%,d bytes` (exact, directories too).
 */
export class JettyParser extends IndexParser {
  readonly id = 'jetty';
  override readonly description = 'Eclipse Jetty directory listings';
  override readonly origins = { contentType: /text\/html|application\/xhtml/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/<title>Directory: [^<]*<\/title>/, 0.3], ['jetty-dir.css', 0.4], ['<table class="listing">', 0.2], ['class="lastmodified"', 0.2]], ctx, /^Jetty\(/);
  }
  createFramer() {
    return elementFramer('tr', { ignoreCase: true });
  }
  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Directory: ') ? title.slice(11) : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!/<td class="name">/.test(record)) return null;
    const row = cells(record);
    const link = firstAnchor(record);
    if (!link || textOf(link.inner).trim() === 'Parent Directory') return null;
    // encodePath escapes `;` but not `&`, and the href is not HTML-escaped: it is read as written.
    const entry = this.entryFor(link.raw, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'jetty');
    for (const cell of row) {
      const cls = attribute(cell.tag, 'class');
      const text = textOf(cell.inner).replace(/\u00a0/g, ' ').trim();
      if (cls === 'lastmodified') {
        const m = JETTY_DATE.exec(text);
        const month = m && MONTHS[m[1]!];
        if (m && month) setTime(entry, ctx, false, Number(m[3]), month, Number(m[2]), (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0), Number(m[5]), Number(m[6]));
      } else if (cls === 'size') {
        const m = /^(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})*) bytes$/.exec(text);
        if (m) {
          entry.size = Number(m[1]!.replace(/\D/g, ''));
          entry.sizePrecision = 1;
        }
      }
    }
    return entry;
  }
}

// ---- Tomcat -------------------------------------------------------------------------------------------

/**
 * Tomcat `DefaultServlet.renderHtml`: `<tr>` rows over several lines (CRLF), an absolute href,
 * `renderSize` (`L.R KiB`, truncating, SIZE_RULES.tomcat; ` kb` before Aug 2023), and an RFC 1123
 * GMT date.
 */
export class TomcatParser extends IndexParser {
  readonly id = 'tomcat';
  override readonly description = 'Apache Tomcat DefaultServlet listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/<title>Directory Listing For \[[^<]*\]<\/title>/, 0.6], ['<hr class="line">', 0.2], [/<h3>Apache Tomcat\//, 0.2], [/<strong>Last Modified<\/strong>/, 0.1]], ctx);
  }
  createFramer() {
    return elementFramer('tr', { ignoreCase: true });
  }
  override pathFromTitle(title: string): string | undefined {
    const m = /^Directory Listing For \[(.*)\]$/.exec(title);
    return m ? m[1] : undefined;
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const row = cells(record);
    const link = firstAnchor(record);
    if (!link || row.length < 3) return null;
    // URLEncoder keeps `&`, and renderHtml does not HTML-escape the href: it is read as written.
    const entry = this.entryFor(link.raw, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'tomcat');
    for (const cell of row.slice(1)) {
      const text = textOf(cell.inner).replace(/\u00a0/g, ' ').trim();
      const size = /^(\d{1,20})\.(\d) (?:KiB|kb)$/.exec(text);
      if (size && entry.type !== 'directory') {
        sizeFromRange(entry, SIZE_RULES.tomcat(Number(size[1]), Number(size[2]), 1024));
        continue;
      }
      const ms = rfc1123(text);
      if (ms !== undefined) {
        entry.mtimeMs = ms;
        entry.mtimePrecision = 'second';
      }
    }
    return entry;
  }
}

// ---- rclone serve http ---------------------------------------------------------------------------------

const GO_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? \+0000 UTC$/;

/**
 * rclone `serve http` (lib/http/templates/index.html): `<tr class="file">` rows, the exact size in
 * `data-order` (`-1` for directories), the time as Go's `time.Time.String()` of the UTC time
 * (`2006-01-02 15:04:05.999999999 +0000 UTC`).
 */
export class RcloneParser extends IndexParser {
  readonly id = 'rclone';
  override readonly description = 'rclone serve http listings';
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [
        // Caddy's template (which rclone's derives from) also has the "goup" class: not a signal here.
        [/Directory listing of \//, 0.3],
        ['<meta name="google" content="notranslate">', 0.3],
        ['id="filter" onkeyup', 0.3],
        ['<size>', 0.3],
        ['download=zip', 0.2],
      ], ctx, /^rclone\//);
  }
  createFramer() {
    return elementFramer('tr', { ignoreCase: true });
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (/class="goup"/.test(record)) return null;
    const link = firstAnchor(record);
    if (!link) return null;
    const entry = this.entryFor(link.href, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'rclone');
    for (const cell of cells(record)) {
      const order = attribute(cell.tag, 'data-order');
      if (order !== undefined && /^\d{1,20}$/.test(order) && entry.type !== 'directory') {
        entry.size = Number(order);
        entry.sizePrecision = 1;
      }
      const time = /<time\b[^>]{0,300}>/i.exec(cell.inner);
      const datetime = time ? attribute(time[0], 'datetime') : undefined;
      const m = datetime === undefined ? null : GO_TIME.exec(decodeEntities(datetime).trim());
      if (m) {
        entry.mtimeMs = wallClockMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0);
        entry.mtimePrecision = m[7] ? 'millisecond' : 'second';
      }
    }
    return entry;
  }
}

// ---- Squid FTP gateway ---------------------------------------------------------------------------------

const SQUID_TYPES: Readonly<Record<string, StatResult['type']>> = { DIR: 'directory', LINK: 'symlink', FILE: 'file' };

/**
 * Squid's FTP gateway (`FtpGateway.cc htmlifyListEntry`): `<tr class="entry">` rows built from the
 * FTP server's LIST: alt `[DIR]`/`[LINK]`/`[FILE]`, the LIST date (`Mar 04  2022`, in the FTP
 * server's zone), the size as `ceil(bytes/1024)` `k` (SIZE_RULES.ceilKiB), a symlink's target after
 * ` -&gt; `.
 */
export class SquidParser extends IndexParser {
  readonly id = 'squid';
  override readonly description = "Squid's FTP gateway listings (ftp:// through the proxy)";
  override readonly origins = { contentType: /text\/html/i };
  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [['id="dirlisting"', 0.4], [/<title>Directory: ftp:\/\//, 0.3], ['squid-internal-static/icons', 0.3], ['<tr class="entry">', 0.2]], ctx, /^squid\//);
  }
  createFramer() {
    return elementFramer('tr', { ignoreCase: true });
  }
  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!/<tr class="entry">/.test(record)) return null;
    const row = cells(record);
    const file = row.find((c) => attribute(c.tag, 'class') === 'filename');
    const link = file && firstAnchor(file.inner);
    if (!link) return null;
    const alt = /alt="\[(\w+)\]/.exec(record)?.[1];
    const entry = this.entryFor(link.href, ctx, state, alt && Object.hasOwn(SQUID_TYPES, alt) ? SQUID_TYPES[alt] : undefined);
    if (!entry) return null;
    this.dialect(state, sink, 'squid');
    for (const cell of row) {
      const cls = attribute(cell.tag, 'class');
      const text = textOf(cell.inner).trim();
      if (cls === 'date' && text) {
        const time = parseUnixDate(text, ctx);
        entry.mtimeMs = time.mtimeMs;
        entry.mtimePrecision = time.mtimePrecision;
      } else if (cls === 'size' && /^\d{1,20}k$/.test(text) && entry.type === 'file') {
        sizeFromRange(entry, SIZE_RULES.ceilKiB(Number(text.slice(0, -1)), undefined, 1024));
      } else if (cls === 'actions' && entry.type === 'symlink') {
        const arrow = cell.inner.indexOf(' -&gt; ');
        if (arrow >= 0) entry.target = textOf(cell.inner.slice(arrow + 7));
      }
    }
    return entry;
  }
}
