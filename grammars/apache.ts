/**
 * Apache httpd mod_autoindex, every IndexOptions layout (docs/sources/web-index-servers.md, "Apache
 * httpd mod_autoindex", read from modules/generators/mod_autoindex.c `output_directories()`):
 * - `apache-fancy`: FancyIndexing's `<pre>` block (also XHTML, IconsAreLinks, Suppress*, the 2.4 and
 *   the old `UseOldDateFormat` dates), `[ICON ]<a href="HREF">TEXT</a>PAD DATE  SIZE  DESC`;
 * - `apache-table`: HTMLTable, one `<tr>` per entry;
 * - `apache-list`: FancyIndexing off, `<li><a href="HREF"> TEXT</a></li>`.
 * Every layout writes one entry per line, so rows are framed as lines. The name always comes from
 * the href: the text is cut at NameWidth (`longname..>`). The parent row's href is absolute
 * (`make_parent_entry()`), every entry's is relative. Times are the server's local time (minutes);
 * sizes are `apr_strfsize` (SIZE_RULES.apache).
 */
import { ParserError, ServerClock, StatResult, type FormatOptions, type ParseContext, type ParseSink, type NoFormatOptions } from 'dirlisting';
import {
  IndexParser,
  MONTHS,
  MONTH_ABBR,
  SIZE_RULES,
  anchors,
  cells,
  escapeHtml,
  lineFramer,
  readSize,
  setTime,
  signalScore,
  sizeFromRange,
  textOf,
  type PageState,
} from './html-index.js';

/** The date (2.4 `%Y-%m-%d %H:%M` or `UseOldDateFormat` `%d-%b-%Y %H:%M`), then the size, then the rest. */
const AFTER_NAME =
  /^\s*(?:(?:(\d{4})-(\d\d)-(\d\d)|(\d\d)-([A-Z][a-z]{2})-(\d{4})) (\d\d):(\d\d))?\s*(?:(-|\d{1,4}(?:\.\d)?[KMGTPE]?)(?=\s|$))?\s*([^]*)$/;
const DATE_CELL = /^\s*(?:(\d{4})-(\d\d)-(\d\d)|(\d\d)-([A-Z][a-z]{2})-(\d{4})) (\d\d):(\d\d)\s*$/;

const SIGNALS = [
  // "Index of" alone is not Apache (Memstore, http-server and others use it): below the floor.
  [/<title>Index of [^<]*<\/title>/i, 0.15],
  [/<h1(?: id="indextitle")?>Index of /, 0.1],
  ['?C=N;O=D', 0.3],
  ['?C=M;O=A', 0.1],
  [/alt="\[(?:PARENTDIR|DIR|TXT|ICO|   )\]"/, 0.2],
  ['/icons/blank.gif', 0.1],
  ['<address>Apache', 0.3],
  [/<h1>Index of [^<]*<\/h1>\n<ul><li><a href=/, 0.6],
] as const;

declare module 'dirlisting' {
  interface FormatOptionsMap {
    apache: NoFormatOptions;
  }
}

export class ApacheParser extends IndexParser {
  readonly id = 'apache';
  override readonly description = 'Apache httpd mod_autoindex pages (FancyIndexing <pre>, HTMLTable, plain list, XHTML)';
  override readonly origins = { contentType: /text\/html|application\/xhtml/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, SIGNALS, ctx, /^Apache\b/i);
  }

  createFramer() {
    return lineFramer();
  }

  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Index of ') ? title.slice(9) : undefined;
  }

  readRow(line: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    // The fancy layout's first row follows the column header and its rule on the same line.
    const rule = line.lastIndexOf('<hr');
    const record = rule >= 0 ? line.slice(line.indexOf('>', rule) + 1) : line;
    const links = anchors(record);
    if (links.length === 0) return null;
    // IconsAreLinks puts the icon in a link of its own: the name link is the first with text.
    const link = links.find((a) => !/^\s*<img\b[^>]*>\s*$/i.test(a.inner)) ?? links[0]!;
    const href = link.href;
    if (href.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return null; // the parent (absolute), mailto: in <address>
    const entry = this.entryFor(href, ctx, state);
    if (!entry) return null;
    // XHTML writes `<img … />`; decided once, from the first row.
    const xhtml = (state.flags.xhtml ??= /<img\b[^>]{0,2048}\/>/.test(record) ? '-xhtml' : '') as string;
    if (/<td\b/i.test(record)) {
      this.dialect(state, sink, `apache-table${xhtml}`);
      // Cells after the name cell: date, size, description (each may be suppressed).
      const row = cells(record);
      const at = row.findIndex((cell) => cell.inner.includes(record.slice(link.start, link.end)));
      let sizeSeen = false;
      for (const cell of row.slice(at + 1)) {
        const text = textOf(cell.inner).replace(/\u00a0/g, ' ');
        if (entry.mtimeMs === undefined && !sizeSeen) {
          const d = DATE_CELL.exec(text);
          if (d) {
            this.time(entry, ctx, d);
            continue;
          }
        }
        if (!sizeSeen) {
          const size = text.trim();
          if (size === '-') {
            sizeSeen = true;
            continue;
          }
          const range = size ? readSize(size, SIZE_RULES.apache) : undefined;
          if (range) {
            sizeFromRange(entry, range);
            sizeSeen = true;
            continue;
          }
        }
      }
      return entry;
    }
    if (/<li\b/i.test(record)) {
      this.dialect(state, sink, `apache-list${xhtml}`);
      return entry;
    }
    this.dialect(state, sink, `apache-fancy${xhtml}`);
    const rest = textOf(record.slice(link.end));
    const m = AFTER_NAME.exec(rest);
    if (!m) throw new ParserError('expected a date, a size or the end of the row after the name', undefined, link.end + 1);
    if (m[7] !== undefined) this.time(entry, ctx, m);
    const size = m[9];
    if (size !== undefined && size !== '-') {
      const range = readSize(size, SIZE_RULES.apache);
      if (range) sizeFromRange(entry, range);
    }
    return entry;
  }

  private time(entry: StatResult, ctx: ParseContext, m: RegExpExecArray): void {
    const iso = m[1] !== undefined;
    const month = iso ? Number(m[2]) : MONTHS[m[5]!];
    if (!month) throw new ParserError(`unknown month '${m[5]}'`);
    const year = Number(iso ? m[1] : m[6]);
    const day = Number(iso ? m[3] : m[4]);
    setTime(entry, ctx, false, year, month, day, Number(m[7]), Number(m[8]));
  }

  /**
   * A mod_autoindex page: `style` `fancy` (default) or `table`; `nameWidth` (default 23, as
   * DEFAULT_NAME_WIDTH; `'*'` for NameWidth=*); `oldDate` for UseOldDateFormat; `path` for the title.
   */
  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    const style = options.style === 'table' ? 'table' : 'fancy';
    const path = typeof options.path === 'string' ? options.path : '/';
    const width = options.nameWidth === '*' ? Math.max(5, ...entries.map((e) => textName(e).length)) : Number(options.nameWidth ?? 23);
    const zone = new ServerClock({ timeZone: options.timeZone, now: options.now });
    const clock = (ms: number) => zone.toWallClock(ms);
    const lines: string[] = [];
    lines.push('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">', '<html>', ' <head>', `  <title>Index of ${escapeHtml(path)}</title>`, ' </head>', ' <body>', `<h1>Index of ${escapeHtml(path)}</h1>`);
    const cellsOf = (entry: StatResult) => {
      const name = textName(entry);
      const bytes = Buffer.from(name, 'utf8');
      const shown = bytes.length > width ? `${bytes.subarray(0, width - 3).toString('utf8').replace(/\uFFFD+$/, '')}..>` : name;
      const href = apacheEscapePath(name);
      const date = entry.mtimeMs === undefined ? '                ' : apacheDate(clock(entry.mtimeMs), options.oldDate === true);
      const size = entry.type === 'directory' ? '  - ' : apacheSize(entry.size ?? 0);
      return { shown, href, date, size, pad: ' '.repeat(Math.max(0, width - Buffer.byteLength(shown, 'utf8'))) };
    };
    if (style === 'table') {
      lines.push('  <table>', '   <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th><th><a href="?C=S;O=A">Size</a></th><th><a href="?C=D;O=A">Description</a></th></tr>', '   <tr><th colspan="5"><hr></th></tr>');
      for (const entry of entries) {
        const c = cellsOf(entry);
        const alt = entry.type === 'directory' ? '[DIR]' : '[   ]';
        lines.push(`<tr><td valign="top"><img src="/icons/${entry.type === 'directory' ? 'folder' : 'unknown'}.gif" alt="${alt}"></td><td><a href="${escapeHtml(c.href)}">${escapeHtml(c.shown)}</a>${c.pad}</td><td align="right">${c.date}  </td><td align="right">${c.size}</td><td>&nbsp;</td></tr>`);
      }
      lines.push('   <tr><th colspan="5"><hr></th></tr>', '</table>');
    } else {
      let pre = `<pre><img src="/icons/blank.gif" alt="Icon "> <a href="?C=N;O=D">Name</a>${' '.repeat(Math.max(0, width - 3))}<a href="?C=M;O=A">Last modified</a>      <a href="?C=S;O=A">Size</a>  <a href="?C=D;O=A">Description</a><hr>`;
      for (const entry of entries) {
        const c = cellsOf(entry);
        const alt = entry.type === 'directory' ? '[DIR]' : '[   ]';
        pre += `<img src="/icons/${entry.type === 'directory' ? 'folder' : 'unknown'}.gif" alt="${alt}"> <a href="${escapeHtml(c.href)}">${escapeHtml(c.shown)}</a>${c.pad} ${c.date}  ${c.size}  \n`;
      }
      lines.push(`${pre}<hr></pre>`);
    }
    lines.push('</body></html>', '');
    return lines.join('\n');
  }
}

/** The text Apache shows: the leaf, `/` for directories. */
function textName(entry: StatResult): string {
  return entry.type === 'directory' ? `${entry.name}/` : entry.name;
}

/** `ap_os_escape_path(name, 0)`: alnum and `$-_.+!*'(),:;@&=/~` kept, lowercase hex; `./` before a leading `x:`. */
export function apacheEscapePath(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9$\-_.+!*'(),:;@&=/~]/.test(c) && byte < 0x80 ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  const colon = out.indexOf(':');
  const slash = out.indexOf('/');
  return colon >= 0 && (slash < 0 || colon < slash) ? `./${out}` : out;
}

/** `apr_strfsize`, exactly as APR computes it (docs/sources: worked values). */
export function apacheSize(size: number): string {
  if (size < 0) return '  - ';
  if (size < 973) return `${String(size).padStart(3, ' ')} `;
  const units = 'KMGTPE';
  let u = 0;
  let remain = 0;
  let s = size;
  for (;;) {
    remain = s % 1024;
    s = Math.floor(s / 1024);
    if (s >= 973) {
      u++;
      continue;
    }
    if (s < 9 || (s === 9 && remain < 973)) {
      let d = Math.floor((remain * 5 + 256) / 512);
      if (d >= 10) {
        s++;
        d = 0;
      }
      return `${s}.${d}${units[u]}`;
    }
    if (remain >= 512) s++;
    return `${String(s).padStart(3, ' ')}${units[u]}`;
  }
}

function apacheDate(wall: number, old: boolean): string {
  const d = new Date(wall);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return old
    ? `${p(d.getUTCDate())}-${MONTH_ABBR[d.getUTCMonth()]}-${d.getUTCFullYear()} ${time}`
    : `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${time}`;
}
