/**
 * `NLST` replies (RFC 959 §4.1.3): one name per line and nothing else. Every text reads as names,
 * so this format is never detected and never reads another format's rejected lines: ask for it
 * with `{ hint: 'nlst' }` when the listing came from NLST (lftp turns such lines into entries too).
 */
import { type FormatOptions, LineParser, type ParseContext, ParserError, StatResult } from 'dirlisting';

export class NlstParser extends LineParser {
  readonly id = 'nlst';
  override readonly description = 'FTP NLST: bare names, one per line (by hint only)';
  override readonly mixedFallback = false;

  override detect(): number {
    return 0;
  }

  /**
   * The name is the line; some servers answer NLST of a folder with paths (`pub/file`), whose last
   * segment is the name. Only the type is unknown: NLST shows nothing else.
   */
  parseLine(line: string, _ctx: ParseContext): StatResult | null {
    const path = line.endsWith('/') ? line.slice(0, -1) : line;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === '.' || name === '..') return null;
    if (name === '') throw new ParserError(`no name in '${line}'`);
    return new StatResult(name, 'unknown', this.id);
  }

  override format(entries: readonly StatResult[], _options?: FormatOptions): string {
    return entries
      .map((entry) => {
        if (/[\r\n/]/.test(entry.name) || entry.name.trim() === '') {
          throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in an NLST listing`);
        }
        return `${entry.name}\r\n`;
      })
      .join('');
  }
}
