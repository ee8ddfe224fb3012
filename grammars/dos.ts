/**
 * MS-DOS style listings: IIS and Windows FTP servers in their default "MS-DOS" directory listing
 * style (IIS `DirectoryListingStyle` / FTP "Directory Browsing" option), and `dir` output.
 *
 *   12-05-96  05:03PM       <DIR>          myDir
 *   11-14-1997  16:21             1,234,567 My File.ini
 *   02-15-12  09:49AM    <JUNCTION>     Application Data [C:\Users\x\AppData\Roaming]
 */
import { type Captures, alt, capture, compileGrammar, opt, restOfLine, seq, spaces, token } from '../src/grammar.js';
import { type FormatOptions, GrammarLineParser, type ParseContext, ParserError } from '../src/parser.js';
import { type EntryType, StatResult } from '../src/stat.js';
import { ServerClock, type ShownTime, resolveShownTime } from '../src/time.js';

// ---- grammar -------------------------------------------------------------------------------------

const date = seq(
  capture('month', token('\\d\\d', 'a month MM')),
  '-',
  capture('day', token('\\d\\d', 'a day DD')),
  '-',
  capture('year', token('\\d{4}|\\d\\d', 'a year YY or YYYY')),
);

/** 12-hour `05:03PM` (or `03:09 PM`, suppaftp #144) or 24-hour `17:03` (Commons Net testNET339). */
const time = seq(
  capture('hour', token('\\d{1,2}', 'an hour')),
  ':',
  capture('minute', token('\\d\\d', 'minutes')),
  opt(capture('meridiem', token(' ?[AaPp][Mm]', 'AM or PM'))),
);

/** The tag `dir` prints in place of a size, and what it means. */
const TAGS: Readonly<Record<string, EntryType>> = {
  '<DIR>': 'directory',
  '<JUNCTION>': 'symlink',
  '<SYMLINKD>': 'symlink',
  '<SYMLINK>': 'symlink',
};

const sizeOrTag = alt(
  capture('tag', token('<(?:DIR|JUNCTION|SYMLINKD|SYMLINK)>', '<DIR>')),
  // With or without digit grouping, as the server's locale writes it: 1,234,567 or 1.234.567.
  capture('size', token('\\d{1,3}(?:[,.]\\d{3})+|\\d+', 'a size')),
);

/** Names start at the first non-space character: a DOS listing cannot show leading spaces. */
const name = capture('name', seq(token('[^ \\r\\n]', 'a name'), opt(restOfLine('a name'))));

export const dosGrammar = compileGrammar(seq(date, spaces, time, spaces, sizeOrTag, spaces, name));

const G = dosGrammar.groups;

/**
 * Two-digit years: 70-99 are 19xx, 00-69 are 20xx. This is the pivot of Commons Net's NT parser
 * (its default short date format is read with a 2-digit year window) and of Python's `%y`.
 */
export const DOS_YEAR_PIVOT = 70;

// ---- meaning -------------------------------------------------------------------------------------

export class DosParser extends GrammarLineParser {
  readonly id = 'dos';
  /** IIS and other Windows FTP servers answer SYST with `215 Windows_NT`. */
  override readonly systems = /Windows|MSDOS|MS-DOS/i;
  override readonly description = 'MS-DOS / IIS / Windows FTP LIST';
  readonly grammar = dosGrammar;

  build(m: Captures, ctx: ParseContext): StatResult {
    let name = m[G.name]!;
    const tag = m[G.tag];
    const type: EntryType = tag === undefined ? 'file' : TAGS[tag]!;
    let target: string | undefined;
    if (type === 'symlink' && name.endsWith(']')) {
      const open = name.lastIndexOf(' [');
      if (open > 0) {
        target = name.slice(open + 2, -1);
        name = name.slice(0, open);
      }
    }
    if (name.includes('/') || name.includes('\\')) throw new ParserError(`a name cannot contain a path separator: '${name}'`);
    const shown = dosTime(ctx.clock, m[G.month]!, m[G.day]!, m[G.year]!, m[G.hour]!, m[G.minute]!, m[G.meridiem]);
    const entry = new StatResult(name, type, this.id);
    if (tag === undefined) {
      entry.size = Number(m[G.size]!.replace(/[,.]/g, ''));
      entry.sizePrecision = 1;
    }
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;
    entry.target = target;
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatDos(entries, options);
  }
}

function dosTime(
  clock: ServerClock,
  month: string,
  day: string,
  year: string,
  hour: string,
  minute: string,
  meridiem: string | undefined,
): ShownTime {
  let y = Number(year);
  if (year.length === 2) y += y < DOS_YEAR_PIVOT ? 2000 : 1900;
  let h = Number(hour);
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) throw new ParserError(`hour ${hour} is not 1-12 on a 12-hour clock`);
    h = (h % 12) + (meridiem.trimStart().toUpperCase() === 'PM' ? 12 : 0);
  }
  const shown = resolveShownTime(clock, y, Number(month), Number(day), h, Number(minute));
  if (typeof shown === 'string') throw new ParserError(shown);
  return shown;
}

/** Parses a DOS date and time (`11-14-97`, `04:21PM`) in the server's zone, for plugins. */
export function parseDosDate(date: string, time: string, ctx: ParseContext): ShownTime {
  const m = dosGrammar.matchLine.exec(`${date.trim()}  ${time.trim()} 0 x`);
  if (!m) throw new ParserError(`not a DOS date and time: '${date} ${time}'`);
  return dosTime(ctx.clock, m[G.month]!, m[G.day]!, m[G.year]!, m[G.hour]!, m[G.minute]!, m[G.meridiem]);
}

// ---- formatter -----------------------------------------------------------------------------------

const TAG_OF_TYPE: Partial<Record<EntryType, string>> = { directory: '<DIR>', symlink: '<SYMLINK>' };

/** Writes entries as IIS does (`MM-DD-YY  HH:MMAM` and a 21-column size field). */
export function formatDos(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      if (/^ |[\r\n/\\]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in a DOS listing`);
      }
      const tag = TAG_OF_TYPE[entry.type];
      if (tag === undefined && entry.type !== 'file') {
        throw new RangeError(`A DOS listing cannot show a ${entry.type} (${JSON.stringify(entry.name)})`);
      }
      const wall = new Date(clock.toWallClock(entry.mtimeMs ?? 0));
      const year = wall.getUTCFullYear();
      const yearText = year >= 1900 + DOS_YEAR_PIVOT && year < 2000 + DOS_YEAR_PIVOT ? String(year % 100) : String(year);
      const hour12 = wall.getUTCHours() % 12 || 12;
      const dateText =
        `${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}-${yearText.padStart(2, '0')}  ` +
        `${two(hour12)}:${two(wall.getUTCMinutes())}${wall.getUTCHours() < 12 ? 'AM' : 'PM'}`;
      const field = tag === undefined ? String(entry.size ?? 0).padStart(21) : `       ${tag}`.padEnd(21);
      const name = tag === '<SYMLINK>' && entry.target !== undefined ? `${entry.name} [${entry.target}]` : entry.name;
      return `${dateText}${field} ${name}\n`;
    })
    .join('');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
