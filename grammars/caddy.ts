/**
 * Caddy v2 `file_server browse` (docs/sources/web-index-servers.md, "Caddy v2 file_server browse",
 * read from modules/caddyhttp/fileserver/browse.go, browse.html, browsetplcontext.go):
 * - `caddy` (HTML): `<tr class="file">` rows over several lines, framed as elements. The exact size
 *   is in `data-size` (v2.7+) or `data-order` (v2.6; `-1` for directories); the human text
 *   (`humanize.IBytes`, SIZE_RULES.humanize) is read only when neither is there. The time is
 *   `<time datetime="…Z">`, UTC, seconds.
 * - `caddy-json` (`Accept: application/json`): `[{name, size, url, mod_time (RFC 3339 UTC), mode
 *   (Go fs.FileMode), is_dir, is_symlink}]`. Names of directories end in `/`.
 */
import { ParserError, StatResult, elementFramer, jsonArrayFramer, type FormatOptions, type ParseContext, type ParseSink, type NoFormatOptions } from 'dirlisting';
import { IndexParser, SIZE_RULES, firstAnchor, attribute, cells, hrefTarget, newEntry, readSize, resolveUrl, signalScore, sizeFromRange, textOf, type PageState } from './html-index.js';

const HTML_SIGNALS = [
  [/Served with\s*<a [^>]{0,200}href="https:\/\/caddyserver\.com/, 0.6],
  [/class="sizebar"|data-size="\d/, 0.2],
  [/<tr class="file">/, 0.2],
  [/<time datetime="\s?\d{4}-\d\d-\d\dT/, 0.2],
  [/<span class="go-up">|<span class="name">/, 0.1],
  [/<span class="meta-item"><b>\d+<\/b> (?:director|file)/, 0.3],
  [/<use xlink:href="#(?:folder|file)/, 0.1],
] as const;

const RFC3339 = /^\s*(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)\s*$/;

/** An RFC 3339 time to ms and precision (fractions below a millisecond are truncated). */
export function rfc3339(text: string): { ms: number; precision: 'second' | 'millisecond' } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number(m[1]) < 100) return undefined;
  if (m[8] !== 'Z') {
    const sign = m[8]![0] === '-' ? -1 : 1;
    ms -= sign * (Number(m[8]!.slice(1, 3)) * 60 + Number(m[8]!.slice(4, 6))) * 60_000;
  }
  if (m[7] === undefined) return { ms, precision: 'second' };
  return { ms: ms + Number(m[7].padEnd(3, '0').slice(0, 3)), precision: 'millisecond' };
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    caddy: NoFormatOptions;
    'caddy-json': NoFormatOptions;
  }
}

export class CaddyParser extends IndexParser {
  readonly id = 'caddy';
  override readonly description = 'Caddy file_server browse HTML';
  override readonly origins = { contentType: /text\/html/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, HTML_SIGNALS, ctx, /^Caddy\b/i);
  }

  createFramer() {
    return elementFramer('tr', { ignoreCase: true });
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const link = firstAnchor(record);
    if (!link) return null;
    const entry = this.entryFor(link.href, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'caddy-html');
    for (const cell of cells(record)) {
      const exact = attribute(cell.tag, 'data-size') ?? attribute(cell.tag, 'data-order');
      if (exact !== undefined && /^\d{1,20}$/.test(exact) && entry.type !== 'directory') {
        entry.size = Number(exact);
        entry.sizePrecision = 1;
      } else if (/\bclass="size"/.test(cell.tag) && entry.size === undefined && entry.type !== 'directory') {
        const range = readSize(textOf(cell.inner).replace(/^[\s\u21b1\u00a0]+/, ''), SIZE_RULES.humanize);
        if (range) sizeFromRange(entry, range);
      }
      const time = /<time\b[^>]{0,200}>/i.exec(cell.inner);
      const datetime = time ? attribute(time[0], 'datetime') : undefined;
      if (datetime !== undefined) {
        const t = rfc3339(datetime);
        if (!t) throw new ParserError(`not an RFC 3339 time: '${datetime}'`);
        entry.mtimeMs = t.ms;
        entry.mtimePrecision = t.precision;
      }
    }
    return entry;
  }
}

const JSON_SIGNALS = [
  [/^\s*\[\s*(?:\]|\{"name":"(?:[^"\\]|\\.){0,4096}","size":-?\d+,"url":")/, 0.6],
  [/"mod_time":"\d{4}-\d\d-\d\dT[^"]{0,40}","mode":\d+,"is_dir":(?:true|false)/, 0.4],
] as const;

export class CaddyJsonParser extends IndexParser {
  readonly id = 'caddy-json';
  override readonly description = 'Caddy file_server browse JSON (Accept: application/json)';
  override readonly origins = { contentType: /json/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, JSON_SIGNALS, ctx, /^Caddy\b/i);
  }

  createFramer() {
    return jsonArrayFramer();
  }

  override readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    return this.readRow(record, ctx, sink, this.state(ctx));
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(record) as Record<string, unknown>;
    } catch {
      throw new ParserError('not a JSON object');
    }
    if (typeof item !== 'object' || item === null || typeof item.name !== 'string') throw new ParserError('not a Caddy item (no "name")');
    this.dialect(state, sink, 'caddy-json');
    const dir = item.is_dir === true;
    let name = dir && item.name.endsWith('/') ? item.name.slice(0, -1) : item.name;
    // Go's JSON encoder writes invalid UTF-8 as U+FFFD; the url keeps the name's bytes (caddy-json-non-utf8).
    if (name.includes('\uFFFD') && typeof item.url === 'string') {
      const target = hrefTarget(item.url, state.charset);
      if (target.kind === 'child') name = target.name;
    }
    const entry = newEntry(name, dir ? 'directory' : 'file', this.id);
    if (typeof item.size === 'number' && item.size >= 0) {
      entry.size = item.size;
      entry.sizePrecision = 1;
    }
    if (typeof item.mod_time === 'string') {
      const t = rfc3339(item.mod_time);
      if (!t) throw new ParserError(`not an RFC 3339 time: '${item.mod_time}'`);
      entry.mtimeMs = t.ms;
      entry.mtimePrecision = t.precision;
    }
    if (typeof item.mode === 'number') {
      // Go fs.FileMode: permission bits low, type bits high (ModeDir 2^31, ModeSymlink 2^27).
      entry.mode = (item.mode & 0o777) | (dir ? 0o040000 : item.is_symlink === true ? 0 : 0o100000);
      if (entry.mode < 0o1000) entry.mode = undefined;
    }
    if (item.is_symlink === true) entry.facts = { symlink: 'true', ...(typeof item.symlink_path === 'string' ? { target: item.symlink_path } : {}) };
    if (typeof item.url === 'string') {
      const url = resolveUrl(item.url, state.base ?? ctx.baseUrl);
      if (url !== undefined) entry.url = url;
    }
    return entry;
  }

  /** The JSON Caddy's browse writes (one line, a trailing newline). */
  override format(entries: readonly StatResult[], _options: FormatOptions = {}): string {
    const items = entries.map((entry) => {
      const dir = entry.type === 'directory';
      const name = dir ? `${entry.name}/` : entry.name;
      const url = `./${encodeURIComponent(entry.name).replace(/%2F/g, '/')}${dir ? '/' : ''}`;
      const iso = new Date(entry.mtimeMs ?? 0).toISOString().replace('.000Z', 'Z');
      return { name, size: entry.size ?? 0, url, mod_time: iso, mode: (entry.mode ?? (dir ? 0o755 : 0o644)) & 0o777 | (dir ? 2 ** 31 : 0), is_dir: dir, is_symlink: false };
    });
    return `${JSON.stringify(items)}\n`;
  }
}
