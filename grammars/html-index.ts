/**
 * What every web index style needs (issue 8): reading links, cells and text out of one row of
 * markup in linear time, the entry name from an `href`, the size tables of each server's rounding
 * rule, and a base class that turns one framed row into a `StatResult`.
 *
 * The rules are read from the servers' own source; each is cited at its table row with the section
 * of docs/sources/web-index-servers.md that gives the file and function.
 *
 * Linear time: no regular expression here scans an unbounded run twice. Tags are found with
 * `indexOf`, quoted attribute values with one character scan, and each pattern that is run over
 * attacker text has bounded quantifiers or a single unambiguous path.
 */
import {
  DocumentParser,
  ParserError,
  StatResult,
  percentDecode,
  unescapeBytes,
  tagEnd,
  wallClockMs,
  type EntryType,
  type Frame,
  type Framer,
  type ListingFacts,
  type ParseContext,
  type ParseSink,
} from 'dirlisting';

// ---- entities ------------------------------------------------------------------------------------

/**
 * The named references index pages use (apache/nginx `&lt; &gt; &amp; &quot;`, Caddy `&mdash;`,
 * lighttpd `&nbsp;`, Jetty `&apos;`, Tomcat's U+2013 written as a reference by other generators).
 * An unknown name is left as written, as HTML does for a name it does not know.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', mdash: '\u2014', ndash: '\u2013',
  hellip: '\u2026', copy: '\u00a9', reg: '\u00ae', laquo: '\u00ab', raquo: '\u00bb', middot: '\u00b7',
  AMP: '&', LT: '<', GT: '>', QUOT: '"', shy: '\u00ad', times: '\u00d7', uarr: '\u2191', darr: '\u2193',
};

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9A-Fa-f]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}));?/g;

/** Character and named references decoded; NUL, surrogates and out-of-range numbers become U+FFFD. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name]! : whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

/** Markup with every tag removed (an unclosed `<` keeps the rest as text), entities decoded. */
export function textOf(html: string): string {
  if (!html.includes('<')) return decodeEntities(html);
  let out = '';
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0) break;
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    out += html.slice(at, lt);
    at = gt + 1;
  }
  return decodeEntities(out + html.slice(at));
}

/** HTML-escapes text for a formatter (`& < > "`; `'` too for attribute safety). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

// ---- tags, links, cells ----------------------------------------------------------------------------

const ATTRIBUTE_CACHE = new Map<string, RegExp>();

/** An attribute's raw value (entities not decoded) from one start tag's text, or undefined. */
export function attribute(tag: string, name: string): string | undefined {
  let pattern = ATTRIBUTE_CACHE.get(name);
  if (!pattern) {
    pattern = new RegExp(`[\\s"'/]${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
    ATTRIBUTE_CACHE.set(name, pattern);
  }
  const m = pattern.exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** One `<a href>` link of a record (a class, so every link has one fixed shape). */
export class Anchor {
  constructor(
    /** The href, entities decoded. */
    readonly href: string,
    /** The href as written (Go 1.19, Tomcat, Jetty and webfs write it without HTML escaping). */
    readonly raw: string,
    /** The link's inner markup. */
    readonly inner: string,
    /** Offsets in the record: the `<a`, and after the `</a>` (or after the start tag if unclosed). */
    readonly start: number,
    readonly end: number,
  ) {}
}

const A_OPEN = /<a[\s>]/gi;
const A_CLOSE = /<\/a\s*>/gi;

/**
 * The `<a href>` links of a record, in order. Each link's end tag is looked for only up to the next
 * `<a`, so a page of unclosed links is read in one pass (linear time).
 */
export function anchors(record: string): Anchor[] {
  const out: Anchor[] = [];
  A_OPEN.lastIndex = 0;
  let m = A_OPEN.exec(record);
  while (m) {
    const lt = m.index;
    const gt = tagEnd(record, lt);
    if (gt < 0) break;
    A_OPEN.lastIndex = gt;
    const next = A_OPEN.exec(record);
    const stop = next ? next.index : record.length;
    const href = attribute(record.slice(lt, gt), 'href');
    const segment = record.slice(gt, stop);
    A_CLOSE.lastIndex = 0;
    const close = A_CLOSE.exec(segment);
    const innerEnd = close ? gt + close.index : gt;
    const end = close ? gt + close.index + close[0].length : gt;
    if (href !== undefined) out.push(new Anchor(decodeEntities(href), href, record.slice(gt, innerEnd), lt, end));
    m = next;
  }
  return out;
}

/**
 * The first link of a record, or undefined. Reads `length`, not `[0]` of a possibly empty array: an
 * index read on an empty array falls through to `Array.prototype`, which another part of a long
 * process (a test feeding `__proto__` names to every format) may have written to.
 */
export function firstAnchor(record: string): Anchor | undefined {
  const links = anchors(record);
  return links.length > 0 ? links[0] : undefined;
}

const CELL = /<t[dh](?=[\s>])/gi;
const ROW_END = /<\/t[dhr]\s*>/gi;

export interface Cell {
  /** The start tag's text. */
  tag: string;
  /** Inner markup up to the next cell or the end of the row. */
  inner: string;
}

/** The `<td>`/`<th>` cells of one `<tr>` record (closing tags optional, as HTML allows). */
export function cells(record: string): Cell[] {
  const out: Cell[] = [];
  CELL.lastIndex = 0;
  let m = CELL.exec(record);
  while (m) {
    const gt = tagEnd(record, m.index);
    if (gt < 0) break;
    const tag = record.slice(m.index, gt);
    CELL.lastIndex = gt;
    const next = CELL.exec(record);
    const stop = next ? next.index : record.length;
    const segment = record.slice(gt, stop);
    ROW_END.lastIndex = 0;
    const close = ROW_END.exec(segment);
    out.push({ tag, inner: close ? segment.slice(0, close.index) : segment });
    m = next;
  }
  return out;
}

// ---- names from hrefs --------------------------------------------------------------------------------

export type HrefTarget =
  /** A child entry: its decoded leaf name and whether the href marks a directory. */
  | { kind: 'child'; name: string; directory: boolean; path: string }
  /** Not an entry: a sort link, the parent, the listed directory itself, a link elsewhere. */
  | { kind: 'none'; why: string }
  /** Looks like an entry but cannot be one (a decoded `/`), with the reason. */
  | { kind: 'bad'; reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):/;

/**
 * The entry an `href` (entities already decoded) names. Only the path is read: `?query` and
 * `#fragment` end it (a sort link `?C=N;O=D` is then empty). A trailing `/` marks a directory; the
 * leaf is the last segment, percent-decoded; `.`, `..` and an empty leaf are not entries. A leaf that
 * decodes to a `/` (`%2F`) cannot be a name and is reported.
 */
export function hrefTarget(href: string, charset?: string, relativeOnly = false): HrefTarget {
  let path = href.trim();
  const hash = path.indexOf('#');
  if (hash >= 0) path = path.slice(0, hash);
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path === '') return { kind: 'none', why: 'a link to the page itself (sort link, fragment)' };
  const scheme = relativeOnly ? null : SCHEME.exec(path);
  if (scheme) {
    const s = scheme[1]!.toLowerCase();
    if (s !== 'http' && s !== 'https' && s !== 'ftp') return { kind: 'none', why: `a ${s}: link` };
    const slashes = path.indexOf('//');
    if (slashes !== s.length + 1) return { kind: 'none', why: 'an opaque URL' };
    const pathStart = path.indexOf('/', slashes + 2);
    path = pathStart < 0 ? '/' : path.slice(pathStart);
  }
  const directory = path.endsWith('/');
  const trimmed = directory ? path.slice(0, -1) : path;
  const leafRaw = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (leafRaw === '' || leafRaw === '.' || leafRaw === '..') return { kind: 'none', why: 'the parent or the listed directory' };
  const name = percentDecode(leafRaw, charset);
  if (name === '.' || name === '..') return { kind: 'none', why: 'the parent or the listed directory' };
  if (name.includes('/')) return { kind: 'bad', reason: `the href names '${name}', which contains '/' (an encoded %2F): not a leaf name` };
  return { kind: 'child', name, directory, path };
}

/** `href` resolved against a base URL, or undefined without a (valid) base. */
export function resolveUrl(href: string, base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

// ---- sizes -------------------------------------------------------------------------------------------

/** A byte interval a shown size stands for: every size in `[lo, hi]` prints the same text. */
export interface SizeRange {
  lo: number;
  hi: number;
}

/** `size` (the middle of the range, rounded) and `sizePrecision` (the range's width; 1 when exact). */
export function sizeFromRange(entry: StatResult, range: SizeRange): void {
  entry.size = Math.round((range.lo + range.hi) / 2);
  entry.sizePrecision = range.hi - range.lo + 1;
}

/** Bytes per unit letter, base 1024 (every server below that prints a letter uses 1024). */
export const UNIT_1024: Readonly<Record<string, number>> = {
  '': 1, B: 1, K: 1024, k: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5, E: 1024 ** 6,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5, EiB: 1024 ** 6,
  kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4,
};

/**
 * Each server's rounding, inverted: the bytes a shown number and unit stand for. One row per rule,
 * from docs/sources/web-index-servers.md (which quotes the function and its worked values).
 * `whole` is the integer part, `tenth` the digit after the point (undefined when none is shown),
 * `unit` the bytes of the unit (1 for a bare byte count).
 */
export type SizeRule = (whole: number, tenth: number | undefined, unit: number) => SizeRange;

const RULES = {
  /** Exact byte counts (nginx exact_size, Caddy `data-size`, rclone, Jetty, mini_httpd, busybox). */
  exact: (whole) => ({ lo: whole, hi: whole }),
  /**
   * Apache `apr_strfsize` (APR strings/apr_strings.c): below 973 bytes exact; `N.d` rounds the
   * remainder half up to tenths of 1024 (`(remain*5+256)/512`), ` NN` rounds half up to a whole unit;
   * the bits below the previous unit are truncated by the shifts, so they widen the range.
   */
  apache: (whole, tenth, unit) => {
    if (unit === 1) return { lo: whole, hi: whole };
    const sub = unit / 1024; // the previous unit, whose remainder is rounded
    if (tenth === undefined) {
      const lo = (whole * 1024 - 512) * sub;
      return { lo: Math.max(0, lo), hi: (whole * 1024 + 511) * sub + sub - 1 };
    }
    const v = whole * 1024 + tenth * 102.4;
    return { lo: Math.max(0, Math.ceil((v - 51.2) * sub)), hi: Math.floor((v + 51.2) * sub) + sub - 1 };
  },
  /**
   * nginx `autoindex_exact_size off` (ngx_http_autoindex_module.c): bytes below 10000 exact; K, M, G
   * round half up to a whole unit computed on the exact byte count.
   */
  nginx: (whole, _tenth, unit) => {
    if (unit === 1) return { lo: whole, hi: whole };
    return { lo: Math.max(0, whole * unit - unit / 2), hi: whole * unit + unit / 2 - 1 };
  },
  /**
   * lighttpd `http_list_directory_sizefmt` (src/mod_dirlisting.c): the digit after the point is
   * `floor(remain/100)` of the remainder in 1/1024 of the unit, capped at 9; 1..99 bytes print
   * `0.1K`; 1000..1023 of a unit print `0.9` of the next.
   */
  lighttpd: (whole, tenth, unit) => {
    const sub = unit / 1024;
    const d = tenth ?? 0;
    if (unit === 1024 && whole === 0 && d === 0) return { lo: 0, hi: 0 };
    if (unit === 1024 && whole === 0 && d === 1) return { lo: 1, hi: 199 };
    if (unit > 1024 && whole === 0 && d === 9) return { lo: 1000 * sub, hi: unit - 1 };
    const lo = (whole * 1024 + d * 100) * sub;
    const hi = d >= 9 ? (whole + 1) * unit - 1 : (whole * 1024 + d * 100 + 100) * sub - 1;
    return { lo, hi };
  },
  /**
   * go-humanize `IBytes` (Caddy's human sizes): one decimal rounded half up below 10 units, a whole
   * unit above (rounded again by `%.0f`); bytes exact.
   */
  humanize: (whole, tenth, unit) => {
    if (unit === 1) return { lo: whole, hi: whole };
    const value = whole + (tenth ?? 0) / 10;
    const half = tenth === undefined ? 0.55 : 0.05;
    return { lo: Math.max(0, Math.ceil((value - half) * unit)), hi: Math.floor((value + half) * unit) };
  },
  /** Tomcat `renderSize`: `size/1024` . `(size%1024)/103` truncated; `0.1` for 1..205 bytes. */
  tomcat: (whole, tenth) => {
    const d = tenth ?? 0;
    if (whole === 0 && d === 0) return { lo: 0, hi: 0 };
    if (whole === 0 && d === 1) return { lo: 1, hi: 205 };
    return { lo: whole * 1024 + d * 103, hi: d >= 9 ? whole * 1024 + 1023 : whole * 1024 + d * 103 + 102 };
  },
  /** http-server `sizeToString`: bytes below 1024 exact; else `toFixed(1)` of the value in units. */
  httpServer: (whole, tenth, unit) => {
    if (unit === 1) return { lo: whole, hi: whole };
    const value = whole + (tenth ?? 0) / 10;
    return { lo: Math.max(0, Math.ceil((value - 0.05) * unit)), hi: Math.floor((value + 0.05) * unit) };
  },
  /** webfs `ls()`: below 9 KiB exact bytes, then `size >> 10`, `>> 20`, … truncated. */
  truncate: (whole, _tenth, unit) => ({ lo: whole * unit, hi: whole * unit + unit - 1 }),
  /** Squid `htmlifyListEntry`: `(size + 1023) >> 10`, a ceiling in KiB. */
  ceilKiB: (whole) => (whole === 0 ? { lo: 0, hi: 0 } : { lo: (whole - 1) * 1024 + 1, hi: whole * 1024 }),
} satisfies Record<string, SizeRule>;

export const SIZE_RULES: { readonly [K in keyof typeof RULES]: SizeRule } = RULES;

const SHOWN_SIZE = /^(\d{1,20})(?:[.,](\d))?\s?([KMGTPEkB]|[KMGTPE]i?B|kB)?$/;

/** Reads a shown size (`1.2K`, ` 17M`, `977 KiB`, `1234`) with a server's rule; undefined if not a size. */
export function readSize(text: string, rule: SizeRule): SizeRange | undefined {
  const m = SHOWN_SIZE.exec(text.trim());
  if (!m) return undefined;
  const unit = UNIT_1024[m[3] ?? ''];
  if (unit === undefined) return undefined;
  return rule(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), unit);
}

// ---- times -------------------------------------------------------------------------------------------

export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};
export const MONTH_ABBR = Object.keys(MONTHS);

/**
 * Sets an entry's time from wall-clock fields: in UTC when the server writes UTC (`utc`), else in
 * the server's zone (`ctx.clock`, the `timeZone` option). Throws a ParserError for an impossible date.
 */
export function setTime(
  entry: StatResult,
  ctx: ParseContext,
  utc: boolean,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second?: number,
  ms?: number,
): void {
  if (utc) {
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && (second ?? 0) < 61)) {
      throw new ParserError(`not a valid date: ${year}-${month}-${day} ${hour}:${minute}`);
    }
    entry.mtimeMs = wallClockMs(year, month, day, hour, minute, second ?? 0, ms ?? 0);
    entry.mtimePrecision = second === undefined ? 'minute' : ms === undefined ? 'second' : 'millisecond';
    return;
  }
  const problem = ctx.clock.shownTimeInto(entry, year, month, day, hour, minute, second, ms);
  if (problem) throw new ParserError(problem);
}

/** `Fri, 04 Mar 2022 05:06:07 GMT` (RFC 1123, nginx JSON, Tomcat) to ms; undefined if not that form. */
export function rfc1123(text: string): number | undefined {
  const m = /^[A-Z][a-z]{2}, (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) GMT$/.exec(text.trim());
  const month = m && MONTHS[m[2]!];
  if (!m || !month) return undefined;
  return wallClockMs(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

// ---- detection ---------------------------------------------------------------------------------------

/** Whether a sample looks like HTML at all (a tag near its start). */
export function looksLikeHtml(sample: string): boolean {
  return /^\s*(?:<!--[^]{0,2000}?-->\s*)?<(?:!doctype|html|head|body|title|meta|pre|h1|table|ul|\?xml)\b/i.test(sample.slice(0, 4096));
}

/**
 * A detection score from signals: each present signal adds its weight, capped at 1; the origin's
 * `Server` header matching adds `serverBonus`. Signals are literal substrings or linear patterns.
 */
export function signalScore(sample: string, signals: readonly (readonly [RegExp | string, number])[], ctx: ParseContext, server?: RegExp): number {
  let score = 0;
  for (const [signal, weight] of signals) {
    if (typeof signal === 'string' ? sample.includes(signal) : signal.test(sample)) score += weight;
  }
  if (score > 0 && server && ctx.origin.server && server.test(ctx.origin.server)) score += 0.2;
  return Math.min(1, score);
}

// ---- framing -----------------------------------------------------------------------------------------

/**
 * Frames each line (up to `\n`) as a record: the servers whose index writes one entry per line
 * (Apache's three layouts, nginx's `<pre>`, lighttpd's rows, Go, mini_httpd, webfs). Lines longer
 * than the parser's `maxRecordChars` are abandoned by the session and reported.
 */
export function lineFramer(): Framer {
  return separatorFramer((text, from) => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? undefined : nl + 1;
  });
}

const BR = /<br\s*\/?>|\n/gi;

/**
 * Frames records ending at `<br>` (or a line end): IIS writes every entry of its `<pre>` on one
 * physical line, each ended by `<br>`.
 */
export function breakFramer(): Framer {
  return separatorFramer((text, from) => {
    BR.lastIndex = from;
    const m = BR.exec(text);
    // A `<br` cut by the chunk boundary: wait for more text rather than read it as text.
    if (!m) return undefined;
    return m.index + m[0].length;
  });
}

const LINK_START = /<a[\s>]/gi;

/**
 * Cuts the document before every `<a` start tag: each record is one link and the text up to the next
 * one (the generic fallback's rows). Linear whatever the nesting: no element stack is kept.
 */
export function linkFramer(): Framer {
  return separatorFramer((text, from) => {
    LINK_START.lastIndex = from + 1;
    const m = LINK_START.exec(text);
    return m ? m.index : undefined;
  });
}

/** A framer cutting after each separator; `find` gives the offset after the next one, or undefined. */
function separatorFramer(find: (text: string, from: number) => number | undefined): Framer {
  let scan = 0;
  let start = -1;
  let abandoned = false;
  return {
    get pending() {
      return start >= 0 || abandoned;
    },
    get abandoned() {
      return abandoned;
    },
    next(text, from, final) {
      if (start < 0 && !abandoned) {
        if (scan < from) scan = from;
        start = scan;
      }
      if (start >= text.length && !abandoned) {
        start = -1;
        return undefined;
      }
      const after = find(text, scan);
      if (after === undefined) {
        // Resume a little before the end: a separator may be cut by the chunk boundary.
        scan = Math.max(scan, text.length - 8);
        if (!final) return undefined;
        scan = text.length;
        if (!final) return undefined;
        if (abandoned) {
          abandoned = false;
          return { start: text.length, end: text.length, abandoned: true };
        }
        const frame: Frame = { start, end: text.length };
        start = -1;
        return frame.end > frame.start ? frame : undefined;
      }
      scan = after;
      if (abandoned) {
        abandoned = false;
        start = -1;
        return { start: scan, end: scan, abandoned: true };
      }
      const frame: Frame = { start, end: after };
      start = -1;
      return frame;
    },
    keepFrom(from) {
      return start >= 0 ? start : Math.max(from, scan);
    },
    abandon() {
      if (start >= 0) {
        start = -1;
        abandoned = true;
      }
    },
    shift(n) {
      scan -= n;
      if (start >= 0) start -= n;
    },
  };
}

/**
 * A new entry. A name whose %XX bytes are not valid UTF-8 (nor in the page's charset) carries them as
 * lone surrogates (`percentDecode`): it is shown with U+FFFD and its exact bytes go to `rawName`, as
 * the engine does for undecodable page bytes (here the page itself may be valid UTF-8).
 */
export function newEntry(name: string, type: EntryType, format: string): StatResult {
  if (!ESCAPED_BYTE.test(name)) return new StatResult(name, type, format);
  const { bytes, display } = unescapeBytes(name);
  const entry = new StatResult(display, type, format);
  entry.rawName = bytes;
  return entry;
}

const ESCAPED_BYTE = /[\uDC80-\uDCFF]/;

// ---- the base class ----------------------------------------------------------------------------------

/** Per-parse state every HTML style keeps. */
export interface PageState {
  /** The page's declared charset (origin, `<meta charset>`), for hrefs' %XX bytes. */
  charset: string | undefined;
  /** `<base href>`, when the page has one. */
  base: string | undefined;
  /** The dialect read, once known. */
  dialect: string | undefined;
  /** Whether `title`/`path` were reported. */
  titled: boolean;
  /** The style's own flags (e.g. Apache's NameWidth truncation seen). */
  flags: Record<string, unknown>;
}

const TITLE = /<title>([^<]{0,4096})<\/title>/i;
const META_CHARSET = /<meta\b[^>]{0,512}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i;
const BASE_HREF = /<base\b[^>]{0,512}?href\s*=\s*["']([^"']{0,2048})["']/i;
const CHARSET_PARAM = /charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})/i;

/**
 * An HTML (or JSON/XML) index style: the framer, the reading of one row and what the page says about
 * itself. Subclasses give `readRow`; `readRecord` handles what is common (the page head, `<base>`).
 */
export abstract class IndexParser extends DocumentParser {
  /** Rows are at most this long (the session reports longer ones); pages' head lines pass through too. */
  override readonly maxRecordChars: number = 1 << 18;

  /** The row's entry, `null` for a row that is no entry (header, parent, decoration). */
  abstract readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null;

  /** The listed path from the page title (`Index of /pub` → `/pub`), or undefined. */
  pathFromTitle(_title: string): string | undefined {
    return undefined;
  }

  state(ctx: ParseContext): PageState {
    return ctx.state(this, () => {
      const declared = ctx.origin.charset ?? (ctx.origin.contentType ? CHARSET_PARAM.exec(ctx.origin.contentType)?.[1] : undefined);
      return { charset: declared, base: undefined, dialect: undefined, titled: false, flags: {} };
    });
  }

  readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    const state = this.state(ctx);
    if (!state.titled && record.includes('<')) this.readHead(record, ctx, sink, state);
    return this.readRow(record, ctx, sink, state);
  }

  override readBetween(text: string, ctx: ParseContext, sink: ParseSink): void {
    const state = this.state(ctx);
    if (!state.titled) this.readHead(text, ctx, sink, state);
  }

  /** `<title>`, `<meta charset>`, `<base href>` from a stretch of the page head. */
  protected readHead(text: string, ctx: ParseContext, sink: ParseSink, state: PageState): void {
    if (state.charset === undefined && /<meta/i.test(text)) state.charset = META_CHARSET.exec(text)?.[1];
    if (state.base === undefined && /<base/i.test(text)) {
      const base = BASE_HREF.exec(text)?.[1];
      if (base !== undefined) state.base = resolveUrl(decodeEntities(base), ctx.baseUrl) ?? decodeEntities(base);
    }
    const title = TITLE.exec(text);
    if (title) {
      state.titled = true;
      const text = decodeEntities(title[1]!.trim());
      const facts: ListingFacts = { title: text };
      const path = this.pathFromTitle(text);
      if (path !== undefined) facts.path = path;
      sink.listing(facts);
    }
  }

  /** Reports the dialect once. */
  protected dialect(state: PageState, sink: ParseSink, dialect: string): void {
    if (state.dialect === dialect) return;
    state.dialect = dialect;
    sink.listing({ dialect });
  }

  /** A new entry for an href, or null when the href names no entry; a ParserError when it cannot be one. */
  /**
   * `relativeOnly`: the server writes every entry's href as a bare (relative) name, so a leading
   * `name:` is part of the name, not a scheme (webfs writes `colon:looks-like-scheme.txt` as is).
   */
  entryFor(href: string, ctx: ParseContext, state: PageState, type?: EntryType, relativeOnly = false): StatResult | null {
    const target = hrefTarget(href, state.charset, relativeOnly);
    if (target.kind === 'none') return null;
    if (target.kind === 'bad') throw new ParserError(target.reason);
    const entry = newEntry(target.name, type ?? (target.directory ? 'directory' : 'file'), this.id);
    const url = resolveUrl(relativeOnly && SCHEME.test(href) ? `./${href}` : href, state.base ?? ctx.baseUrl);
    if (url !== undefined) entry.url = url;
    return entry;
  }
}
