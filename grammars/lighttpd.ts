/**
 * lighttpd mod_dirlisting HTML (docs/sources/web-index-servers.md, "lighttpd mod_dirlisting", read
 * from src/mod_dirlisting.c): one `<tr>` per line, `<tr class="d">` for directories with a `/` after
 * the link, cells `n` (name), `m` (`%Y-%b-%d %H:%M:%S` in the server's local time), `s` (size:
 * `http_list_directory_sizefmt`, SIZE_RULES.lighttpd, or the exact bytes in `data-value` since
 * 1.4.77, which win), `t` (MIME type or `Directory`). Text is escaped with numeric references
 * (`&#x26;`), hrefs percent-encoded; the name comes from the href.
 */
import { ParserError, type ParseContext, type ParseSink, type StatResult, type NoFormatOptions } from 'dirlisting';
import { IndexParser, MONTHS, SIZE_RULES, firstAnchor, attribute, cells, lineFramer, readSize, setTime, signalScore, sizeFromRange, textOf, type PageState } from './html-index.js';

const DATE = /^\s*(\d{4})-([A-Z][a-z]{2})-(\d\d) (\d\d):(\d\d):(\d\d)\s*$/;

const SIGNALS = [
  [/<h2>Index of [^<]*<\/h2>/, 0.3],
  ['<div class="list">', 0.2],
  ['summary="Directory Listing"', 0.3],
  ['<th class="n">Name</th><th class="m">Last Modified</th>', 0.4],
  ['<div class="foot">lighttpd/', 0.2],
] as const;

declare module 'dirlisting' {
  interface FormatOptionsMap {
    lighttpd: NoFormatOptions;
  }
}

export class LighttpdParser extends IndexParser {
  readonly id = 'lighttpd';
  override readonly description = 'lighttpd mod_dirlisting HTML';
  override readonly origins = { contentType: /text\/html|application\/xhtml/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, SIGNALS, ctx, /^lighttpd\b/i);
  }

  createFramer() {
    return lineFramer();
  }

  override pathFromTitle(title: string): string | undefined {
    return title.startsWith('Index of ') ? title.slice(9) : undefined;
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!/<td class="n">/i.test(record)) return null;
    const link = firstAnchor(record);
    if (!link) return null;
    const entry = this.entryFor(link.href, ctx, state);
    if (!entry) return null;
    this.dialect(state, sink, 'lighttpd-html');
    for (const cell of cells(record)) {
      const cls = attribute(cell.tag, 'class');
      if (cls === 'm') {
        const m = DATE.exec(textOf(cell.inner));
        if (!m) continue;
        const month = MONTHS[m[2]!];
        if (!month) throw new ParserError(`unknown month '${m[2]}'`);
        setTime(entry, ctx, false, Number(m[1]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
      } else if (cls === 's' && entry.type !== 'directory') {
        const exact = attribute(cell.tag, 'data-value');
        if (exact !== undefined && /^\d{1,20}$/.test(exact)) {
          entry.size = Number(exact);
          entry.sizePrecision = 1;
          continue;
        }
        const range = readSize(textOf(cell.inner).replace(/\u00a0/g, ' '), SIZE_RULES.lighttpd);
        if (range) sizeFromRange(entry, range);
      }
    }
    return entry;
  }
}
