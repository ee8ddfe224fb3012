/**
 * `NLST` replies (RFC 959 §4.1.3): one name per line and nothing else. Every text reads as names,
 * so this format is never detected and never reads another format's rejected lines: ask for it
 * with `{ hint: 'nlst' }` when the listing came from NLST (lftp turns such lines into entries too).
 */
import { type FormatOptions, LineParser, type ParseContext, ParserError, StatResult, type NoFormatOptions } from 'dirlisting';

declare module 'dirlisting' {
  interface FormatOptionsMap {
    nlst: NoFormatOptions;
  }
}

export class NlstParser extends LineParser {
  readonly id = 'nlst';
  override readonly description = 'FTP NLST: bare names, one per line (by hint only)';
  override readonly mixedFallback = false;

  override detect(): number {
    return 0;
  }

  /**
   * The name is the line. Some servers answer NLST of a folder or a pattern with paths
   * (`pub/file`, `a/x` and `b/x`): the path is kept in `path` and its last segment is the name, so
   * two files of the same name in two folders stay two entries that say where they are. A trailing
   * `/` (`ls -F`, `ls -p`, some servers' NLST of directories) marks a directory; any other line
   * says nothing of its type.
   */
  parseLine(line: string, _ctx: ParseContext): StatResult | null {
    const directory = line.endsWith('/') && line.length > 1;
    const path = directory ? line.slice(0, -1) : line;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === '.' || name === '..') return null;
    if (name === '') throw new ParserError(`no name in '${line}'`);
    const entry = new StatResult(name, directory ? 'directory' : 'unknown', this.id);
    if (path !== name) entry.path = path;
    return entry;
  }

  override format(entries: readonly StatResult[], _options?: FormatOptions): string {
    return entries
      .map((entry) => {
        if (/[\r\n/]/.test(entry.name) || entry.name.trim() === '') {
          throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in an NLST listing`);
        }
        return entry.type === 'directory' ? `${entry.name}/\r\n` : `${entry.name}\r\n`;
      })
      .join('');
  }
}
