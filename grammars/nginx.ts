/**
 * nginx ngx_http_autoindex_module: `autoindex_format html` (`nginx`), `json`/`jsonp`
 * (`nginx-json`) and `xml` (`nginx-xml`). Read from src/http/modules/ngx_http_autoindex_module.c
 * (docs/sources/web-index-servers.md, "nginx ngx_http_autoindex_module").
 * - HTML: `<pre>` rows `<a href="HREF">TEXT</a>PAD DD-Mon-YYYY HH:MM SIZE`, one per line (CRLF).
 *   The text is cut at 50 columns (`..&gt;`), so the name comes from the href (URI_COMPONENT
 *   escaping: every name is fully percent-encoded). Times are GMT unless `autoindex_localtime on`,
 *   which adds the server's offset *at request time* to every entry: with a `timeZone`, the offset in
 *   force at `now` is used, not the one at the file's date. Sizes exact, or `exact_size off`'s
 *   whole K/M/G rounded half up (SIZE_RULES.nginx).
 * - JSON: `{ "name", "type": directory|file|other, "mtime": RFC 1123 GMT, "size" (files) }`.
 * - XML: `<directory|file|other mtime="…Z" size="…">NAME</…>`. Both always UTC.
 */
import {
  ParserError,
  StatResult,
  elementFramer,
  jsonArrayFramer,
  wallClockMs,
  type EntryType,
  type FormatOptions,
  type ParseContext,
  type ParseSink,
  type NoFormatOptions,
} from 'dirlisting';
import {
  IndexParser,
  MONTHS,
  MONTH_ABBR,
  SIZE_RULES,
  anchors,
  attribute,
  decodeEntities,
  escapeHtml,
  lineFramer,
  readSize,
  rfc1123,
  signalScore,
  sizeFromRange,
  type PageState,
} from './html-index.js';

const ROW_TAIL = /^ +(\d\d)-([A-Z][a-z]{2})-(\d{4,}) (\d\d):(\d\d) +(-|\d{1,20}[KMG]?)\s*$/;

const HTML_SIGNALS = [
  [/<h1>Index of [^<]*<\/h1><hr><pre><a href="\.\.\/">\.\.\/<\/a>\r?\n/, 0.8],
  [/<title>Index of [^<]*<\/title><\/head>\r?\n<body(?: bgcolor="white")?>/, 0.3],
  [/<\/a> +\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d +(?:-|\d+[KMG]?)\r?\n/, 0.2],
] as const;

const TYPES: Readonly<Record<string, EntryType>> = { directory: 'directory', file: 'file', other: 'unknown' };

declare module 'dirlisting' {
  interface FormatOptionsMap {
    nginx: NoFormatOptions;
    'nginx-json': NoFormatOptions;
    'nginx-xml': NoFormatOptions;
  }
}

export class NginxParser extends IndexParser {
  readonly id = 'nginx';
  override readonly description = 'nginx autoindex HTML (exact_size on/off, localtime on/off)';
  override readonly origins = { contentType: /text\/html/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, HTML_SIGNALS, ctx, /^nginx\b/i);
  }

  createFramer() {
    return lineFramer();
  }

  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Index of ') ? title.slice(9) : undefined;
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const links = anchors(record);
    if (links.length !== 1) return null;
    const link = links[0]!;
    const entry = this.entryFor(link.href, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'nginx-html');
    const m = ROW_TAIL.exec(record.slice(link.end));
    if (!m) throw new ParserError('expected DD-Mon-YYYY HH:MM and a size after the name', undefined, link.end + 1);
    const month = MONTHS[m[2]!];
    if (!month) throw new ParserError(`unknown month '${m[2]}'`);
    const wall = wallClockMs(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]));
    // autoindex_localtime adds the offset of the request time to every entry (ngx_gmtime(mtime + gmtoff)).
    entry.mtimeMs = wall - ctx.clock.offsetAt(ctx.clock.nowMs);
    entry.mtimePrecision = 'minute';
    if (m[6] !== '-') {
      const range = readSize(m[6]!, SIZE_RULES.nginx);
      if (range) sizeFromRange(entry, range);
    }
    return entry;
  }

  /** An autoindex page; `exactSize: false` writes `exact_size off` sizes. Times in GMT. */
  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    const path = typeof options.path === 'string' ? options.path : '/';
    let out = `<html>\r\n<head><title>Index of ${escapeHtml(path)}</title></head>\r\n<body>\r\n<h1>Index of ${escapeHtml(path)}</h1><hr><pre><a href="../">../</a>\r\n`;
    for (const entry of entries) {
      const dir = entry.type === 'directory';
      const chars = [...entry.name];
      let text: string;
      let pad = 0;
      if (chars.length > 50) text = `${escapeHtml(chars.slice(0, 47).join(''))}..&gt;`;
      else {
        const shown = dir && chars.length < 50 ? `${entry.name}/` : entry.name;
        text = escapeHtml(shown);
        pad = 50 - [...shown].length;
      }
      const d = new Date(entry.mtimeMs ?? 0);
      const p = (n: number) => String(n).padStart(2, '0');
      const date = `${p(d.getUTCDate())}-${MONTH_ABBR[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
      const size = dir ? (options.exactSize === false ? '      -' : `${' '.repeat(18)}-`) : options.exactSize === false ? nginxHuman(entry.size ?? 0) : String(entry.size ?? 0).padStart(19, ' ');
      out += `<a href="${nginxEscape(entry.name)}${dir ? '/' : ''}">${text}</a>${' '.repeat(pad)} ${date} ${size}\r\n`;
    }
    return `${out}</pre><hr></body>\r\n</html>\r\n`;
  }
}

/** `ngx_escape_uri(NGX_ESCAPE_URI_COMPONENT)`: only `A-Za-z0-9-._~` kept, uppercase hex. */
export function nginxEscape(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const keep = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte === 45 || byte === 46 || byte === 95 || byte === 126;
    out += keep ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `exact_size off`: `%6i%c` with G/M/K rounded half up, bytes below 10000 as ` %6i`. */
export function nginxHuman(size: number): string {
  for (const [unit, letter] of [[2 ** 30, 'G'], [2 ** 20, 'M'], [1024, 'K']] as const) {
    const min = letter === 'K' ? 10000 : unit;
    if (size >= min) {
      const n = Math.floor(size / unit) + ((size % unit) >= (letter === 'K' ? 512 : unit / 2) ? 1 : 0);
      return `${String(n).padStart(6, ' ')}${letter}`;
    }
  }
  return ` ${String(size).padStart(6, ' ')}`;
}

/** JSON text escaping as ngx_escape_json does (`\\`, `"`, controls). */
function jsonName(name: string): string {
  return JSON.stringify(name);
}

const JSON_SIGNALS = [
  [/^\s*(?:\/\* callback \*\/\r?\n[\w.]{1,128}\()?\[\r?\n\{ "name":"/, 0.9],
  [/"type":"(?:directory|file|other)", "mtime":"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT"/, 0.3],
] as const;

export class NginxJsonParser extends IndexParser {
  readonly id = 'nginx-json';
  override readonly description = 'nginx autoindex_format json and jsonp';
  override readonly origins = { contentType: /json|javascript/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, JSON_SIGNALS, ctx, /^nginx\b/i);
  }

  createFramer() {
    return jsonArrayFramer();
  }

  readRow(record: string, _ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    let item: unknown;
    try {
      item = JSON.parse(record);
    } catch {
      throw new ParserError('not a JSON object');
    }
    if (typeof item !== 'object' || item === null) throw new ParserError('not a JSON object');
    const { name, type, mtime, size } = item as Record<string, unknown>;
    if (typeof name !== 'string') throw new ParserError('no "name"');
    this.dialect(state, sink, 'nginx-json');
    const entry = new StatResult(name, typeof type === 'string' && Object.hasOwn(TYPES, type) ? TYPES[type]! : 'unknown', this.id);
    if (typeof size === 'number') {
      entry.size = size;
      entry.sizePrecision = 1;
    }
    if (typeof mtime === 'string') {
      const ms = rfc1123(mtime);
      if (ms === undefined) throw new ParserError(`not an RFC 1123 date: '${mtime}'`);
      entry.mtimeMs = ms;
      entry.mtimePrecision = 'second';
    }
    return entry;
  }

  override readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    return this.readRow(record, ctx, sink, this.state(ctx));
  }

  /** `autoindex_format json` (CRLF between items, `size` on files only, RFC 1123 GMT). */
  override format(entries: readonly StatResult[]): string {
    const items = entries.map((entry) => {
      const type = entry.type === 'directory' ? 'directory' : entry.type === 'file' ? 'file' : 'other';
      const size = type === 'file' ? `, "size":${entry.size ?? 0}` : '';
      return `{ "name":${jsonName(entry.name)}, "type":"${type}", "mtime":"${new Date(entry.mtimeMs ?? 0).toUTCString()}"${size} }`;
    });
    return `[\r\n${items.join(',\r\n')}\r\n]\r\n`;
  }
}

const XML_ITEM = /^<(directory|file|other)\b([^>]*)>([^<]*)<\/\1>$/;

export class NginxXmlParser extends IndexParser {
  readonly id = 'nginx-xml';
  override readonly description = 'nginx autoindex_format xml';
  override readonly origins = { contentType: /xml/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [[/^\s*<\?xml version="1.0"\?>\r?\n<list>\r?\n(?:<(?:directory|file|other) mtime="|<\/list>)/, 0.9]], ctx, /^nginx\b/i);
  }

  createFramer() {
    return elementFramer(['directory', 'file', 'other']);
  }

  override readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    return this.readRow(record, ctx, sink, this.state(ctx));
  }

  readRow(record: string, _ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const m = XML_ITEM.exec(record.trim());
    if (!m) throw new ParserError('expected <directory|file|other mtime="…">NAME</…>');
    this.dialect(state, sink, 'nginx-xml');
    const entry = new StatResult(decodeEntities(m[3]!), TYPES[m[1]!]!, this.id);
    const size = attribute(m[2]!, 'size');
    if (size !== undefined && /^\d{1,20}$/.test(size)) {
      entry.size = Number(size);
      entry.sizePrecision = 1;
    }
    const mtime = attribute(m[2]!, 'mtime');
    const t = mtime === undefined ? null : /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/.exec(mtime);
    if (t) {
      entry.mtimeMs = wallClockMs(Number(t[1]), Number(t[2]), Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6]));
      entry.mtimePrecision = 'second';
    } else if (mtime !== undefined) throw new ParserError(`not an ISO 8601 UTC time: '${mtime}'`);
    return entry;
  }

  /** `autoindex_format xml`. */
  override format(entries: readonly StatResult[]): string {
    let out = '<?xml version="1.0"?>\r\n<list>\r\n';
    for (const entry of entries) {
      const type = entry.type === 'directory' ? 'directory' : entry.type === 'file' ? 'file' : 'other';
      const time = new Date(entry.mtimeMs ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const size = type === 'file' ? ` size="${entry.size ?? 0}"` : '';
      out += `<${type} mtime="${time}"${size}>${escapeHtml(entry.name).replace(/&#39;/g, "'")}</${type}>\r\n`;
    }
    return `${out}</list>\r\n`;
  }
}

