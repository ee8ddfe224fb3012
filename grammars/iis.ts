/**
 * Microsoft IIS directory browsing (closed source: docs/sources/web-index-servers.md, "Microsoft
 * IIS directory browsing", from Microsoft's `directoryBrowse` documentation and captured pages):
 * every entry inside one `<pre>` line, ended by `<br>`: `DATE TIME SIZE <A HREF="ABSOLUTE">NAME</A>`,
 * with `&lt;dir&gt;` as the size of directories and `[To Parent Directory]` first. Dates follow the
 * server's locale; the en-US short (`6/12/2014  3:25 AM`) and long (`Monday, November 8, 2021  2:30
 * PM`, showFlags LongDate) forms are read, in the server's local time, to the minute.
 */
import { ParserError, type ParseContext, type ParseSink, type StatResult, type NoFormatOptions } from 'dirlisting';
import { IndexParser, firstAnchor, breakFramer, setTime, signalScore, textOf, type PageState } from './html-index.js';

const LONG_MONTHS: Readonly<Record<string, number>> = {
  January: 1, February: 2, March: 3, April: 4, May: 5, June: 6, July: 7, August: 8, September: 9, October: 10, November: 11, December: 12,
};

/** What precedes the link: the date (short or long), the time, the size or `<dir>`. */
const BEFORE_LINK =
  /(?:(\d{1,2})\/(\d{1,2})\/(\d{4}|\d\d)|(?:[A-Z][a-z]{2,8}, )?([A-Z][a-z]{2,8}) (\d{1,2}), (\d{4})) +(\d{1,2}):(\d\d) ?([AP]M)? +(\d{1,20}|<dir>) $/i;

declare module 'dirlisting' {
  interface FormatOptionsMap {
    iis: NoFormatOptions;
  }
}

export class IisParser extends IndexParser {
  readonly id = 'iis';
  override readonly description = 'Microsoft IIS directory browsing';
  override readonly origins = { contentType: /text\/html/i };

  detect(sample: string, ctx: ParseContext): number {
    return signalScore(sample, [['[To Parent Directory]</A>', 0.5], ['[To Parent Directory]</a>', 0.5], [/ &lt;dir&gt; <a href=/i, 0.4], [/<title>[^<]{1,300} - \/[^<]*<\/title>/, 0.1]], ctx, /^Microsoft-IIS\//);
  }

  createFramer() {
    return breakFramer();
  }

  override pathFromTitle(title: string): string | undefined {
    const at = title.indexOf(' - /');
    return at >= 0 ? title.slice(at + 3) : undefined;
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    const link = firstAnchor(record);
    if (!link) return null;
    if (textOf(link.inner).trim() === '[To Parent Directory]') return null;
    const m = BEFORE_LINK.exec(textOf(record.slice(Math.max(0, link.start - 200), link.start)).replace(/^[^]*<pre>/i, ''));
    if (!m) throw new ParserError('expected a date, a time and a size or <dir> before the link');
    const dir = m[10]!.toLowerCase() === '<dir>';
    const entry = this.entryFor(link.href, ctx, state, dir ? 'directory' : 'file');
    if (!entry) return null;
    this.dialect(state, sink, 'iis');
    let year: number;
    let month: number;
    let day: number;
    if (m[1] !== undefined) {
      month = Number(m[1]);
      day = Number(m[2]);
      year = m[3]!.length === 2 ? 2000 + Number(m[3]) - (Number(m[3]) >= 70 ? 100 : 0) : Number(m[3]);
    } else {
      const named = LONG_MONTHS[m[4]!];
      if (!named) throw new ParserError(`unknown month '${m[4]}'`);
      month = named;
      day = Number(m[5]);
      year = Number(m[6]);
    }
    let hour = Number(m[7]);
    if (m[9]) hour = (hour % 12) + (m[9].toUpperCase() === 'PM' ? 12 : 0);
    setTime(entry, ctx, false, year, month, day, hour, Number(m[8]));
    if (!dir) {
      entry.size = Number(m[10]);
      entry.sizePrecision = 1;
    }
    return entry;
  }
}
