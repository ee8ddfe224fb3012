/**
 * The OS/2 FTP server's `LIST` output (IBM TCP/IP for OS/2):
 *
 *        0           DIR   12-30-97   12:32  jbrekke
 *   587823    RSA    DIR   01-08-97   13:58  OS2KRNL
 *   149473      A          11-17-98   16:07  POPUPLOG.OS2
 *                   0          DIR  06-27-96  11:57  PROTOCOL
 *
 * Columns: the size, the file attributes (`A` archive, `R` read-only, `H` hidden, `S` system),
 * `DIR` for a directory, `MM-DD-YY` and a 24-hour `HH:MM`, and the name (Commons Net
 * OS2FTPEntryParser; lftp's sample above ParseFtpLongList_OS2).
 */
import { type Captures, alt, capture, compileGrammar, opt, seq, spaces, text, token } from 'dirlisting/grammar';
import {
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  resolveShownTime,
  ServerClock,
  StatResult,
  setByteCount,
  requireField,
  type NoFormatOptions,
} from 'dirlisting';
import { DOS_YEAR_PIVOT } from './dos.js';

// ---- grammar -------------------------------------------------------------------------------------

const DIR = text('DIR', 'DIR');

/**
 * Attributes, `DIR`, both or neither. The attributes are upper-case letters (Commons Net `[A-Z]+`;
 * its bad samples `rsa` and `dir` are lower case). `DIR` alone is tried first, so it is never taken
 * for attributes.
 */
const flags = opt(
  alt(
    seq(capture('dir', DIR), spaces),
    seq(capture('attributes', token('[A-Z]+', 'attributes such as RSA')), spaces, opt(capture('attributesDir', DIR), spaces)),
  ),
);

export const os2Grammar = compileGrammar(
  seq(
    opt(spaces),
    capture('size', token('\\d+', 'a size')),
    spaces,
    flags,
    capture('month', token('\\d\\d', 'a month MM')),
    '-',
    capture('day', token('\\d\\d', 'a day DD')),
    '-',
    capture('year', token('\\d{4}|\\d\\d', 'a year YY or YYYY')),
    spaces,
    capture('hour', token('\\d{1,2}', 'an hour')),
    ':',
    capture('minute', token('\\d\\d', 'minutes')),
    spaces,
    // Names start at the first non-space character ("Maintenance Desktop" keeps its inner space).
    capture('name', seq(token('[^ \\r\\n]', 'a name'), token('[^\\r\\n]*', 'a name'))),
  ),
);

const G = os2Grammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    os2: NoFormatOptions;
  }
}

export class Os2Parser extends GrammarLineParser {
  readonly id = 'os2';
  /** OS/2 servers answer SYST with `OS/2` (Commons Net FTPClientConfig.SYST_OS2). */
  override readonly systems = /OS\/2/i;
  override readonly description = 'OS/2 FTP server LIST';
  readonly grammar = os2Grammar;

  build(m: Captures, ctx: ParseContext): StatResult | null {
    const name = m[G.name]!;
    if (name === '.' || name === '..') return null;
    if (name.includes('/') || name.includes('\\')) throw new ParserError(`a name cannot contain a path separator: '${name}'`);
    let year = Number(m[G.year]);
    // Two-digit years pivot as DOS listings do: 70-99 are 19xx, 00-69 are 20xx.
    if (m[G.year]!.length === 2) year += year < DOS_YEAR_PIVOT ? 2000 : 1900;
    const shown = resolveShownTime(ctx.clock, year, Number(m[G.month]), Number(m[G.day]), Number(m[G.hour]), Number(m[G.minute]));
    if (typeof shown === 'string') throw new ParserError(shown);
    const entry = new StatResult(name, m[G.dir] === undefined && m[G.attributesDir] === undefined ? 'file' : 'directory', this.id);
    // The size column is shown for directories too (0, or a number): it is what the listing says.
    setByteCount(entry, m[G.size]!);
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;
    // A (archive), R (read-only), H (hidden), S (system) are FAT/HPFS attributes, not permissions.
    if (m[G.attributes] !== undefined) entry.facts = { attributes: m[G.attributes]! };
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatOs2(entries, options);
  }
}

// ---- formatter -----------------------------------------------------------------------------------

/** Writes entries in the OS/2 server's columns; attributes from `facts.attributes`. */
export function formatOs2(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      const label = JSON.stringify(entry.name);
      if (/^ |[\r\n/\\]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${label} in an OS/2 listing`);
      }
      if (entry.type !== 'file' && entry.type !== 'directory') throw new RangeError(`An OS/2 listing cannot show a ${entry.type} (${label})`);
      const attributes = entry.facts?.attributes ?? '';
      if (!/^[A-Z]*$/.test(attributes) || attributes === 'DIR') {
        throw new RangeError(`Cannot write the attributes '${attributes}' of ${label} in an OS/2 listing`);
      }
      const wall = new Date(clock.toWallClock(requireField(entry, 'mtimeMs', 'os2')));
      const year = wall.getUTCFullYear();
      if (year < 1000 || year > 9999) throw new RangeError(`An OS/2 listing cannot show the year ${year} (${label})`);
      const yearText = year >= 1900 + DOS_YEAR_PIVOT && year < 2000 + DOS_YEAR_PIVOT ? two(year % 100) : String(year);
      const date = `${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}-${yearText}`;
      const time = `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
      const dirText = entry.type === 'directory' ? 'DIR' : '   ';
      return `${String(entry.size ?? 0).padStart(10)}  ${attributes.padStart(5)}  ${dirText}   ${date.padEnd(8)}   ${time}  ${entry.name}\n`;
    })
    .join('');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
