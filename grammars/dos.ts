/**
 * MS-DOS style listings: IIS and Windows FTP servers in their default "MS-DOS" directory listing
 * style (IIS `DirectoryListingStyle` / FTP "Directory Browsing" option), and `dir` output.
 *
 *   12-05-96  05:03PM       <DIR>          myDir
 *   11-14-1997  16:21             1,234,567 My File.ini
 *   02-15-12  09:49AM    <JUNCTION>     Application Data [C:\Users\x\AppData\Roaming]
 *   2010-09-13  13:08       <DIR>          Windows
 *   09/13/2010  01:05 PM            1,234 report.txt
 *   09-13-10 13:08 <DIR> Windows                       (embedded devices: single spaces)
 */
import { ArrayCaptures, type CaptureReader, type Captures, alt, capture, compileGrammar, opt, restOfLine, seq, spaces, toInt, token } from 'dirlisting/grammar';
import {
  type EntryType,
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  ServerClock,
  type ShownTime,
  type ShownTimeTarget,
  StatResult,
  setByteCount,
  requireField,
  type NoFormatOptions,
} from 'dirlisting';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * The date, in the layouts Windows servers write. All begin with two digits, so a line that is no
 * DOS line is reported at column 1 as "expected a month MM".
 * - `MM-DD-YY` (IIS default) and `MM-DD-YYYY` (IIS `showFlags="LongDate"`, four-digit years);
 * - `MM/DD/YY` and `MM/DD/YYYY` (servers that print the Windows short date of an en-US locale);
 * - `YYYY-MM-DD` (Windows short date of ISO locales, e.g. sv-SE, and FTP servers on embedded
 *   devices); the first two digits are then the century.
 */
const twoDigits = (name: string, expected: string) => capture(name, token('\\d\\d', expected));
const year = (name: string) => capture(name, token('\\d{4}|\\d\\d', 'a year YY or YYYY'));
const month = twoDigits('month', 'a month MM');
/** `-DD-YY` or `-DD-YYYY` after the month: IIS. */
const dashDate = seq('-', twoDigits('day', 'a day DD'), '-', year('year'));
const date = seq(
  month,
  alt(
    dashDate,
    seq('/', twoDigits('slashDay', 'a day DD'), '/', year('slashYear')),
    seq(
      twoDigits('isoYearEnd', 'a year YYYY'),
      '-',
      twoDigits('isoMonth', 'a month MM'),
      '-',
      twoDigits('isoDay', 'a day DD'),
    ),
  ),
);

/**
 * 12-hour `05:03PM` (or `03:09 PM`, suppaftp #144) or 24-hour `17:03` (Commons Net testNET339), with
 * one or two hour digits (`1:05PM`, `9:05`).
 */
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

/**
 * Names start at the first non-space character: a DOS listing cannot show leading spaces. Columns
 * are separated by runs of spaces, or by one space on embedded devices
 * (`09-13-10 13:08 <DIR> Windows`).
 */
const name = capture('name', seq(token('[^ \\r\\n]', 'a name'), opt(restOfLine('a name'))));

export const dosGrammar = compileGrammar(seq(date, spaces, time, spaces, sizeOrTag, spaces, name));

/**
 * IIS's default shape (`GrammarLineParser.fastGrammars`): `MM-DD-YY` or `MM-DD-YYYY` dates only, 9
 * captures instead of 14. Other lines fall through to `dosGrammar` (test/fast-grammar.test.ts).
 */
export const dosCommonGrammar = compileGrammar(seq(month, dashDate, spaces, time, spaces, sizeOrTag, spaces, name), dosGrammar);

const G = dosGrammar.groups;
type Groups = Readonly<Record<string, number>>;

/**
 * Two-digit years: 70-99 are 19xx, 00-69 are 20xx. This is the pivot of Commons Net's NT parser
 * (its default short date format is read with a 2-digit year window) and of Python's `%y`.
 */
export const DOS_YEAR_PIVOT = 70;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    dos: NoFormatOptions;
  }
}

export class DosParser extends GrammarLineParser {
  readonly id = 'dos';
  /** IIS and other Windows FTP servers answer SYST with `215 Windows_NT`. */
  override readonly systems = /Windows|MSDOS|MS-DOS/i;
  override readonly description = 'MS-DOS / IIS / Windows FTP LIST';
  readonly grammar = dosGrammar;
  override readonly fastGrammars = [dosCommonGrammar];

  /** The regex path reads its match array through the same meaning (`buildFrom`). */
  private readonly reader = new ArrayCaptures();

  build(m: Captures, ctx: ParseContext, g: Groups = G): StatResult {
    return this.buildFrom(this.reader.of(m), ctx, g);
  }

  override buildFrom(m: CaptureReader, ctx: ParseContext, g: Groups = G): StatResult {
    let name = m.str(g.name!)!;
    const tag = m.str(g.tag!);
    // `<DIR>` without a lookup by a fresh string (which hashes it).
    const type: EntryType = tag === undefined ? 'file' : tag.length === 5 ? 'directory' : TAGS[tag]!;
    let target: string | undefined;
    if (type === 'symlink' && name.endsWith(']')) {
      const open = name.lastIndexOf(' [');
      if (open > 0) {
        target = name.slice(open + 2, -1);
        name = name.slice(0, open);
      }
    }
    if (name.includes('/') || name.includes('\\')) throw new ParserError(`a name cannot contain a path separator: '${name}'`);
    const entry = new StatResult(name, type, this.id);
    if (tag === undefined) {
      const length = m.len(g.size!);
      // Digit grouping (1,234,567 or 1.234.567) only where the server's locale writes it.
      if (length < 16 && noSeparator(m, g.size!, length)) {
        entry.size = m.int(g.size!);
        entry.sizePrecision = 1;
      } else {
        const size = m.str(g.size!)!;
        if (size.length < 16) {
          entry.size = size.includes(',') || size.includes('.') ? Number(size.replace(/[,.]/g, '')) : toInt(size);
          entry.sizePrecision = 1;
        } else {
          setByteCount(entry, size.replace(/[,.]/g, ''));
        }
      }
    }
    // Writes mtimeMs and mtimePrecision, or throws for an impossible date.
    setDosTime(entry, ctx.clock, m, g);
    entry.target = target;
    return entry;
  }

  /** `options.style` picks the layout (`DOS_STYLES`). */
  override format(entries: readonly StatResult[], options: DosFormatOptions = {}): string {
    return formatDos(entries, options);
  }
}

/** Whether a size capture is digits only (it matched `\\d{1,3}(?:[,.]\\d{3})+|\\d+`). */
function noSeparator(m: CaptureReader, group: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const c = m.code(group, i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The hour on a 24-hour clock: `meridiem` is ` ?[AaPp][Mm]`, read by its last-but-one character. */
function dosHour(m: CaptureReader, g: Groups): number {
  const h = m.int(g.hour!);
  if (!m.has(g.meridiem!)) return h;
  if (h < 1 || h > 12) throw new ParserError(`hour ${m.str(g.hour!)} is not 1-12 on a 12-hour clock`);
  const letter = m.code(g.meridiem!, m.len(g.meridiem!) - 2) | 32;
  return (h % 12) + (letter === 112 /* p */ ? 12 : 0);
}

/**
 * The time of a matched line, from whichever date layout matched (for `YYYY-MM-DD` the `month`
 * capture holds the century), written into `mtimeMs` and `mtimePrecision`; a ParserError for an
 * impossible one.
 */
function setDosTime(target: ShownTimeTarget, clock: ServerClock, m: CaptureReader, g: Groups): void {
  const hour = dosHour(m, g);
  let year: number;
  let month: number;
  let day: number;
  if (m.has(g.isoYearEnd!)) {
    year = m.int(g.month!) * 100 + m.int(g.isoYearEnd!);
    month = m.int(g.isoMonth!);
    day = m.int(g.isoDay!);
  } else {
    const yearGroup = m.has(g.year!) ? g.year! : g.slashYear!;
    year = m.int(yearGroup);
    if (m.len(yearGroup) === 2) year += year < DOS_YEAR_PIVOT ? 2000 : 1900;
    month = m.int(g.month!);
    day = m.has(g.day!) ? m.int(g.day!) : m.int(g.slashDay!);
  }
  const invalid = clock.shownTimeInto(target, year, month, day, hour, m.int(g.minute!));
  if (invalid !== undefined) throw new ParserError(invalid);
}

/** Parses a DOS date and time (`11-14-97`, `2010-09-13`, `04:21PM`) in the server's zone, for plugins. */
export function parseDosDate(date: string, time: string, ctx: ParseContext): ShownTime {
  const m = dosGrammar.matchLine.exec(`${date.trim()}  ${time.trim()} 0 x`);
  if (!m) throw new ParserError(`not a DOS date and time: '${date} ${time}'`);
  const shown: ShownTimeTarget = { mtimeMs: undefined, mtimePrecision: undefined };
  setDosTime(shown, ctx.clock, new ArrayCaptures().of(m), G);
  return shown as ShownTime;
}

// ---- formatter -----------------------------------------------------------------------------------

const TAG_OF_TYPE: Partial<Record<EntryType, string>> = { directory: '<DIR>', symlink: '<SYMLINK>' };

/** How a style writes a date, a time and the columns between them. */
interface DosStyle {
  date(year: number, month: number, day: number): string;
  time(hour: number, minute: number): string;
  /** One space between columns (embedded devices) instead of IIS's fixed-width columns. */
  compact?: boolean;
}

/** `YY` where the pivot reads it back as the same year, else `YYYY` (which every reader accepts). */
function shortYear(year: number): string {
  return year >= 1900 + DOS_YEAR_PIVOT && year < 2000 + DOS_YEAR_PIVOT ? two(year % 100) : four(year);
}

const clock12 = (hour: number, minute: number, space = ''): string =>
  `${two(hour % 12 || 12)}:${two(minute)}${space}${hour < 12 ? 'AM' : 'PM'}`;
/** 24-hour times are padded to the width of `05:03PM`, so the columns stay where IIS puts them. */
const clock24 = (hour: number, minute: number): string => `${two(hour)}:${two(minute)}  `;

/** The layouts `formatDos` writes (`style` option), one for each date and clock form the grammar reads. */
export const DOS_STYLES = {
  /** IIS's default: `11-14-97  04:21PM                  953 MYFILE.INI`. */
  iis: { date: (y, m, d) => `${two(m)}-${two(d)}-${shortYear(y)}`, time: (h, mi) => clock12(h, mi) },
  /** IIS with four-digit years (`showFlags="LongDate"`): `11-14-1997  04:21PM …`. */
  'iis-long-date': { date: (y, m, d) => `${two(m)}-${two(d)}-${four(y)}`, time: (h, mi) => clock12(h, mi) },
  /** A 24-hour clock (Commons Net testNET339): `05-22-97  12:08 …`. */
  '24-hour': { date: (y, m, d) => `${two(m)}-${two(d)}-${shortYear(y)}`, time: clock24 },
  /** The en-US short date with a spaced meridiem: `11/14/1997  04:21 PM …`. */
  slash: { date: (y, m, d) => `${two(m)}/${two(d)}/${four(y)}`, time: (h, mi) => clock12(h, mi, ' ') },
  /** ISO dates and a 24-hour clock: `1997-11-14  16:21 …`. */
  iso: { date: (y, m, d) => `${four(y)}-${two(m)}-${two(d)}`, time: clock24 },
  /** Single spaces, as FTP servers of embedded devices write: `09-13-10 13:08 <DIR> Windows`. */
  compact: { date: (y, m, d) => `${two(m)}-${two(d)}-${shortYear(y)}`, time: (h, mi) => `${two(h)}:${two(mi)}`, compact: true },
} satisfies Record<string, DosStyle>;

export type DosStyleName = keyof typeof DOS_STYLES;

export interface DosFormatOptions extends FormatOptions {
  /** Which layout to write (`DOS_STYLES`). Default `iis`. */
  style?: DosStyleName;
}

/** Writes entries as IIS does (`MM-DD-YY  HH:MMAM` and a 21-column size field), or in another `style`. */
export function formatDos(entries: readonly StatResult[], options: DosFormatOptions = {}): string {
  const clock = new ServerClock(options);
  const styleName = options.style ?? 'iis';
  const style: DosStyle | undefined = Object.hasOwn(DOS_STYLES, styleName) ? DOS_STYLES[styleName] : undefined;
  if (style === undefined) {
    throw new RangeError(`Unknown DOS style '${String(styleName)}': use ${Object.keys(DOS_STYLES).join(', ')}`);
  }
  return entries
    .map((entry) => {
      if (/^ |[\r\n/\\]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in a DOS listing`);
      }
      const tag = TAG_OF_TYPE[entry.type];
      if (tag === undefined && entry.type !== 'file') {
        throw new RangeError(`A DOS listing cannot show a ${entry.type} (${JSON.stringify(entry.name)})`);
      }
      const wall = new Date(clock.toWallClock(requireField(entry, 'mtimeMs', 'dos')));
      const dateText = style.date(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
      const timeText = style.time(wall.getUTCHours(), wall.getUTCMinutes());
      const sizeText = tag ?? String(entry.size ?? 0);
      const name = tag === '<SYMLINK>' && entry.target !== undefined ? `${entry.name} [${entry.target}]` : entry.name;
      if (style.compact) return `${dateText} ${timeText.trimEnd()} ${sizeText} ${name}\n`;
      const field = tag === undefined ? sizeText.padStart(21) : `       ${tag}`.padEnd(21);
      return `${dateText}  ${timeText}${field} ${name}\n`;
    })
    .join('');
}

function four(year: number): string {
  if (year < 0 || year > 9999) throw new RangeError(`A DOS listing cannot show the year ${year}`);
  return String(year).padStart(4, '0');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
