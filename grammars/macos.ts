/**
 * Classic Mac OS FTP servers: NetPresenz (Peter N Lewis; SYST `MACOS Peter's Server`) and WebSTAR.
 * Their `LIST` imitates `ls -l`, but instead of links, owner and group a file shows its resource fork
 * size, its data fork size and their total, and a folder shows the word `folder` and the number of
 * items it holds (Commons Net MacOsPeterFTPEntryParser; ftpparse.c's NetPresenz samples).
 *
 *   -rw-r--r--    54149       27826    81975 Jul 22  2010 09.jpg
 *   -------r--         326  1391972  1392298 Nov 22  1995 MegaPhone.sit
 *   drwxrwxr-x               folder        2 May 10  1996 network
 */
import { type Captures, alt, capture, compileGrammar, digits, restOfLine, seq, spaces, text, token } from 'dirlisting/grammar';
import {
  type FormatOptions,
  formatUnixMode,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  parseUnixMode,
  ServerClock,
  StatResult,
  setByteCount,
  requireField,
  type NoFormatOptions,
} from 'dirlisting';
import { formatLsDate, lsDate, lsDateTime } from './ls-date.js';

// ---- grammar -------------------------------------------------------------------------------------

/** The `ls` mode letters (Commons Net's type set `[bcdelfmpSs-]` is a superset of what a Mac shows). */
const mode = capture('mode', token('[-bcdlpsf][-rwxsStTlL]{9}', 'a mode such as -rw-r--r--'));

/** `folder` and an item count, or the resource fork, data fork and total sizes of a file. */
const sizes = alt(
  seq(text('folder', '"folder" or a resource fork size'), spaces, capture('items', digits('a number of items'))),
  seq(
    capture('resource', digits('"folder" or a resource fork size')),
    spaces,
    capture('data', digits('a data fork size')),
    spaces,
    capture('total', digits('a total size')),
  ),
);

/** `Nov 21 10:00` or `Nov 21  2019`, as `ls` (Commons Net's configuration `MMM d yyyy` / `MMM d HH:mm`). */
const date = lsDate;

/** As in `ls`, the name starts after the single space that follows the date. */
const name = capture('name', restOfLine('a name'));

export const macosGrammar = compileGrammar(seq(mode, spaces, sizes, spaces, date, ' ', name));

const G = macosGrammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    macos: NoFormatOptions;
  }
}

export class MacosParser extends GrammarLineParser {
  readonly id = 'macos';
  /** NetPresenz answers SYST with `MACOS Peter's Server`; Commons Net maps `MACOS PETER` to this parser. */
  override readonly systems = /MACOS/i;
  override readonly description = 'Classic Mac OS NetPresenz / WebSTAR FTP LIST (fork sizes, folders)';
  readonly grammar = macosGrammar;

  build(m: Captures, ctx: ParseContext): StatResult | null {
    const modeText = m[G.mode]!;
    const parsed = parseUnixMode(modeText);
    if (parsed === undefined) throw new ParserError(`invalid mode string '${modeText}'`);
    const folder = m[G.items] !== undefined;
    if (folder && parsed.type !== 'directory') throw new ParserError(`a folder line with the mode of a ${parsed.type}: '${modeText}'`);
    let name = m[G.name]!;
    let target: string | undefined;
    if (parsed.type === 'symlink') {
      const arrow = name.indexOf(' -> ');
      if (arrow > 0) {
        target = name.slice(arrow + 4);
        name = name.slice(0, arrow);
      }
    }
    if (name === '.' || name === '..') return null;
    if (name.includes('/')) throw new ParserError(`a name cannot contain '/': '${name}'`);

    const entry = new StatResult(name, parsed.type, this.id);
    entry.mode = parsed.mode;
    entry.target = target;
    if (folder) {
      // The number after `folder` counts the items inside (ftpparse: "count of items, not bytes"):
      // a folder's size in bytes is not shown.
      entry.facts = { items: m[G.items]! };
    } else {
      const resource = m[G.resource]!;
      const data = m[G.data]!;
      const total = m[G.total]!;
      // The third column is the file's size: both forks, which is what a Mac file occupies and what
      // the Finder shows as its size, and what Commons Net and ftpparse read. It is always their sum
      // (every sample); a line where it is not is no NetPresenz line, e.g. an `ls -o` line with a
      // numeric owner, which the unix format reads.
      if (BigInt(resource) + BigInt(data) !== BigInt(total)) {
        throw new ParserError(`the total ${total} is not the resource fork ${resource} plus the data fork ${data}`);
      }
      setByteCount(entry, total);
      entry.facts = { resourceFork: resource, dataFork: data };
    }
    const shown = lsDateTime(m, G, ctx);
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatMacos(entries, options);
  }
}


// ---- formatter -----------------------------------------------------------------------------------

/**
 * Writes entries as NetPresenz does: the fork sizes right-aligned in 9, 12 and 9 columns, `folder`
 * right-aligned across the first two. A file's resource fork comes from `facts.resourceFork` (0 when
 * absent, a plain file having only a data fork); a folder's item count from `facts.items` (0).
 */
export function formatMacos(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      if (/[\r\n/]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in a NetPresenz listing`);
      }
      const modeText = formatUnixMode(entry.type, requireField(entry, 'mode', 'macos'));
      let columns: string;
      if (entry.type === 'directory') {
        columns = ` ${'folder'.padStart(20)} ${(entry.facts?.items ?? '0').padStart(8)}`;
      } else if (entry.type === 'file') {
        const total = BigInt(entry.size ?? 0);
        const resource = BigInt(entry.facts?.resourceFork ?? '0');
        if (resource > total) throw new RangeError(`The resource fork of ${JSON.stringify(entry.name)} is larger than its size`);
        columns = ` ${String(resource).padStart(8)} ${String(total - resource).padStart(11)} ${String(total).padStart(8)}`;
      } else {
        throw new RangeError(`A NetPresenz listing shows files and folders, not a ${entry.type} (${JSON.stringify(entry.name)})`);
      }
      return `${modeText}${columns} ${formatLsDate(clock, requireField(entry, 'mtimeMs', 'macos'))} ${entry.name}\n`;
    })
    .join('');
}
