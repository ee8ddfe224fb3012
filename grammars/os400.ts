/**
 * IBM i (OS/400, AS/400, i5/OS) FTP server `LIST` output, in both of its name formats (NAMEFMT 0 and 1):
 * stream files and directories of the integrated file system, and QSYS.LIB objects (libraries, files,
 * members, save files). Commons Net OS400FTPEntryParser, lftp ParseFtpLongList_AS400.
 *
 *   PEP             36864 04/03/24 14:06:34 *DIR       dir1/
 *   RADDATZ           200 21.05.11 12:31:18 *STMF      TEST_RG_02_CRLF.properties
 *   QPGMR          135168 22.06.13 13:18:19 *FILE
 *   QPGMR                                   *MEM       RPGUNITC1.FILE/RUCALLTST.MBR
 *
 * Columns: owner (a user profile), size in bytes, date and time of the last change, object type, name.
 * Members (`*MEM`) show neither size nor date. When the listed directory is a database file, the first
 * line is the file itself without a name.
 */
import { type Captures, capture, compileGrammar, digits, opt, restOfLine, seq, spaces, token } from 'dirlisting/grammar';
import {
  type EntryType,
  type FormatOptions,
  GrammarLineParser,
  isLeapYear,
  type ParseContext,
  ParserError,
  resolveShownTime,
  ServerClock,
  type ShownTime,
  StatResult,
  setByteCount,
  requireField,
} from 'dirlisting';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * The date as the job's DATFMT/DATSEP write it: `yy/mm/dd` (*YMD), `mm/dd/yy` (*MDY), `dd.mm.yy`
 * (*DMY), `yy/ddd` (*JUL), or with a four-digit year (*ISO `yyyy-mm-dd`, *USA, *EUR). Which fields are
 * which is decided in the meaning section.
 */
const DATE = '\\d{2,4}[/.,-]\\d{2,3}(?:[/.,-]\\d{2,4})?';
/** TIMSEP may be `:`, `.` or `,`. */
const TIME = '\\d\\d[:.,]\\d\\d[:.,]\\d\\d';

/** Size, date and time: all three or none (members show none; Commons Net OS400FTPEntryParserAdditionalTest). */
const stamp = opt(
  capture('size', digits('a size')),
  spaces,
  capture('date', token(DATE, 'a date such as 04/03/24')),
  spaces,
  capture('time', token(TIME, 'a time HH:MM:SS')),
  spaces,
);

/** Names start at the first non-space after the type; `*FILE` lines of the listed file have none. */
const name = opt(spaces, opt(capture('name', seq(token('[^ \\r\\n]', 'a name'), opt(restOfLine('a name'))))));

export const os400Grammar = compileGrammar(
  seq(
    capture('owner', token('[^ \\r\\n]+', 'an owner')),
    spaces,
    stamp,
    capture('objectType', token('\\*[A-Za-z][A-Za-z0-9]*', 'an object type such as *STMF')),
    name,
  ),
);

const G = os400Grammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

/**
 * Object types and the entry type each stands for. IFS types (*STMF, *DIR, *SYMLNK, *CHRSF, *FIFO,
 * *SOCKET, *BLKSF, and the distributed *DSTMF/*DDIR), QSYS.LIB containers (*LIB; *FILE is decided by
 * its name, see `build`) and QDLS folders (*FLR, *DOC). Every other object type (*PGM, *CMD, *DTAARA,
 * …) is `unknown`; `facts.objectType` always keeps the type as shown.
 */
const OBJECT_TYPES: Readonly<Record<string, EntryType>> = {
  '*STMF': 'file',
  '*DSTMF': 'file',
  '*DOC': 'file',
  '*MEM': 'file',
  '*DIR': 'directory',
  '*DDIR': 'directory',
  '*LIB': 'directory',
  '*FLR': 'directory',
  '*SYMLNK': 'symlink',
  '*CHRSF': 'char-device',
  '*BLKSF': 'block-device',
  '*FIFO': 'fifo',
  '*SOCKET': 'socket',
};

/** Field orders of a date: the job's DATFMT. */
export type Os400DateOrder = 'ymd' | 'mdy' | 'dmy';

/** Per-parse options, `formatOptions.os400`. */
export interface Os400Options {
  /** The field order of dates, when the listing's own dates leave it open. */
  dateOrder?: Os400DateOrder;
}

/**
 * The order a date of each separator is read in when its fields fit several orders and the listing
 * has not shown which one it uses: `/` as Commons Net's default `yy/MM/dd HH:mm:ss`, `.` as the
 * `dd.MM.yy` of the IBM i samples in Commons Net's OS400FTPEntryParser comment (German DATFMT *DMY).
 */
const DEFAULT_ORDER: Readonly<Record<string, Os400DateOrder>> = { '/': 'ymd', '-': 'ymd', '.': 'dmy', ',': 'dmy' };

/**
 * Two-digit years as IBM i reads them for *YMD, *MDY, *DMY and *JUL: 40-99 are 19xx, 00-39 are 20xx
 * (IBM i date formats cover 1940-2039).
 */
export const OS400_YEAR_PIVOT = 40;

interface Os400State {
  /** The order an unambiguous date of this listing has shown. */
  order: Os400DateOrder | undefined;
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    os400: Os400Options;
  }
}

export class Os400Parser extends GrammarLineParser {
  readonly id = 'os400';
  /**
   * `215 OS/400 is the remote operating system.` Commons Net's factory maps SYST_OS400 and SYST_AS400
   * to OS400FTPEntryParser (composite with Unix; here the mixed-listing fallback reads the Unix lines).
   */
  override readonly systems = /OS\/400|AS\/400|i5\/OS/i;
  override readonly description = 'IBM i (OS/400) FTP LIST: *STMF, *DIR, *FILE, *MEM, *LIB objects';
  readonly grammar = os400Grammar;

  build(m: Captures, ctx: ParseContext): StatResult | null {
    const objectType = m[G.objectType]!.toUpperCase();
    let name = m[G.name]?.trimEnd();
    const facts: Record<string, string> = { objectType };
    let type: EntryType = OBJECT_TYPES[objectType] ?? 'unknown';
    // The date is checked on every line that shows one, even on the line that is no entry.
    const shown = m[G.size] === undefined ? undefined : os400Time(m[G.date]!, m[G.time]!, ctx, this);

    if (objectType === '*MEM') {
      // Members are listed without size or date (Commons Net rejects a member line with them).
      if (m[G.size] !== undefined) throw new ParserError('a *MEM member line shows no size or date');
      if (name === undefined) throw new ParserError('a *MEM line without a member name');
      // `FILE.FILE/MEMBER.MBR` (NAMEFMT 1, listing a library): the member, with its file kept.
      const slash = name.lastIndexOf('/');
      if (slash >= 0) {
        facts.file = name.slice(0, slash);
        name = name.slice(slash + 1);
      }
    } else {
      if (m[G.size] === undefined) throw new ParserError(`a ${objectType} line needs a size, date and time`);
      if (name === undefined) {
        // The database file itself heads the list of its members: the listed directory, not an entry.
        if (objectType === '*FILE') return null;
        throw new ParserError(`a ${objectType} line without a name`);
      }
      if (objectType === '*FILE') type = /\.SAVF$/i.test(name) ? 'file' : 'directory';
      // IBM i marks directories with a trailing slash (`dir1/`; Commons Net, lftp).
      if (name.length > 1 && name.endsWith('/') && type === 'directory') name = name.slice(0, -1);
      // `dir /DRV/X/FILE.PDF` lists the path: the name is its last segment (Commons Net testNET573).
      const slash = name.lastIndexOf('/');
      if (slash >= 0) {
        facts.path = name;
        name = name.slice(slash + 1);
      }
    }
    if (name === '') throw new ParserError(`an empty name in '${m[G.name]}'`);
    if (name === '.' || name === '..') return null;

    const entry = new StatResult(name, type, this.id);
    entry.owner = m[G.owner]!;
    if (shown !== undefined) {
      setByteCount(entry, m[G.size]!);
      entry.mtimeMs = shown.mtimeMs;
      entry.mtimePrecision = shown.mtimePrecision;
    }
    entry.facts = facts;
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatOs400(entries, options);
  }
}

/** The date (in the listing's field order) and time of a line, in the server's zone. */
function os400Time(date: string, time: string, ctx: ParseContext, owner: object): ShownTime {
  const day = readOs400Date(date, ctx, owner);
  if (typeof day === 'string') throw new ParserError(day);
  const [hour, minute, second] = time.split(/[:.,]/).map(Number) as [number, number, number];
  const shown = resolveShownTime(ctx.clock, day.year, day.month, day.day, hour, minute, second);
  if (typeof shown === 'string') throw new ParserError(shown);
  return shown;
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/**
 * Reads a date whose field order the listing does not state. An explicit order
 * (`formatOptions.os400.dateOrder`) wins; otherwise a date that fits one order only teaches the
 * listing's order (kept per parse), and a date that fits several takes the learned order, else the
 * separator's default. Two-digit years follow IBM i's 1940-2039 window.
 */
export function readOs400Date(text: string, ctx: ParseContext, owner: object = Os400Parser): CalendarDay | string {
  const separators = text.match(/[/.,-]/g)!;
  if (separators.length === 2 && separators[0] !== separators[1]) return `mixed date separators in '${text}'`;
  const fields = text.split(/[/.,-]/);
  if (fields.length === 2) return julianDate(fields[0]!, fields[1]!, text);

  const wanted = ctx.optionsFor('os400').dateOrder as Os400DateOrder | undefined;
  if (wanted !== undefined && !(wanted in ORDER_FIELDS)) return `unknown os400 dateOrder '${String(wanted)}': use ymd, mdy or dmy`;
  const candidates = (Object.keys(ORDER_FIELDS) as Os400DateOrder[])
    .map((order) => ({ order, day: orderedDate(fields, order) }))
    .filter((c): c is { order: Os400DateOrder; day: CalendarDay } => c.day !== undefined);
  if (wanted !== undefined) {
    return candidates.find((c) => c.order === wanted)?.day ?? `'${text}' is not a ${wanted} date`;
  }
  if (candidates.length === 0) return `'${text}' is not a valid date in any field order`;
  const state = ctx.state<Os400State>(owner, () => ({ order: undefined }));
  if (candidates.length === 1) {
    state.order = candidates[0]!.order;
    return candidates[0]!.day;
  }
  const preferred = state.order ?? DEFAULT_ORDER[separators[0]!]!;
  return (candidates.find((c) => c.order === preferred) ?? candidates[0]!).day;
}

/** Positions of year, month and day in each order. */
const ORDER_FIELDS: Readonly<Record<Os400DateOrder, readonly [number, number, number]>> = {
  ymd: [0, 1, 2],
  mdy: [2, 0, 1],
  dmy: [2, 1, 0],
};

function orderedDate(fields: readonly string[], order: Os400DateOrder): CalendarDay | undefined {
  const [y, m, d] = ORDER_FIELDS[order];
  const yearText = fields[y]!;
  // Only the year may have four digits; the others have exactly two.
  if (fields.some((field, i) => i !== y && field.length !== 2) || (yearText.length !== 2 && yearText.length !== 4)) {
    return undefined;
  }
  const year = fullYear(yearText);
  const month = Number(fields[m]);
  const day = Number(fields[d]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return { year, month, day };
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return year + (year < OS400_YEAR_PIVOT ? 2000 : 1900);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(2001, month, 0)).getUTCDate() + (month === 2 && isLeapYear(year) ? 1 : 0);
}

/** *JUL: `yy/ddd`, the day of the year. */
function julianDate(yearText: string, dayText: string, text: string): CalendarDay | string {
  if (yearText.length !== 2 || dayText.length !== 3) return `'${text}' is not a date`;
  const year = fullYear(yearText);
  const ordinal = Number(dayText);
  if (ordinal < 1 || ordinal > (isLeapYear(year) ? 366 : 365)) return `day ${ordinal} of the year does not exist in ${year}`;
  const date = new Date(Date.UTC(2001, 0, ordinal));
  date.setUTCFullYear(year, 0, ordinal);
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

// ---- formatter -----------------------------------------------------------------------------------

/** The object type written for an entry without a `facts.objectType`. */
const TYPE_OF_ENTRY: Partial<Record<EntryType, string>> = {
  file: '*STMF',
  directory: '*DIR',
  symlink: '*SYMLNK',
  'char-device': '*CHRSF',
  'block-device': '*BLKSF',
  fifo: '*FIFO',
  socket: '*SOCKET',
};

/**
 * Writes entries as the IBM i FTP server does: owner in 10 columns, size right-aligned to column 21,
 * `yy/mm/dd hh:mm:ss` (the format Commons Net reads by default; ISO `yyyy-mm-dd` outside 1940-2039),
 * the object type in 10 columns, and the name (`/` after directories). Members get neither size nor
 * date, and `FILE/MEMBER` when `facts.file` is known.
 */
export function formatOs400(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      const objectType = entry.facts?.objectType ?? TYPE_OF_ENTRY[entry.type];
      if (objectType === undefined || !/^\*[A-Za-z][A-Za-z0-9]*$/.test(objectType)) {
        throw new RangeError(`An OS/400 listing cannot show a ${entry.type} without an object type (${JSON.stringify(entry.name)})`);
      }
      const owner = entry.owner ?? 'QSYS';
      if (!/^[^ \r\n]+$/.test(owner)) throw new RangeError(`Cannot write the owner ${JSON.stringify(owner)} in an OS/400 listing`);
      if (/^ | $|[\r\n/]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in an OS/400 listing`);
      }
      const upper = objectType.toUpperCase();
      if (upper === '*MEM') {
        const name = entry.facts?.file ? `${entry.facts.file}/${entry.name}` : entry.name;
        return `${owner.padEnd(10)}${' '.repeat(30)}${objectType.padEnd(10)} ${name}\n`;
      }
      const isDir = entry.type === 'directory';
      if (upper === '*FILE' && /\.SAVF$/i.test(entry.name) === isDir) {
        throw new RangeError(`A *FILE is a save file exactly when its name ends in .SAVF (${JSON.stringify(entry.name)})`);
      }
      const wall = new Date(clock.toWallClock(requireField(entry, 'mtimeMs', 'os400')));
      const year = wall.getUTCFullYear();
      const md = `${two(wall.getUTCMonth() + 1)}/${two(wall.getUTCDate())}`;
      const date =
        year >= 1900 + OS400_YEAR_PIVOT && year < 2000 + OS400_YEAR_PIVOT
          ? `${two(year % 100)}/${md}`
          : `${String(year).padStart(4, '0')}-${md.replace('/', '-')}`;
      if (year < 0 || year > 9999) throw new RangeError(`Cannot write the year ${year} in an OS/400 listing`);
      const time = `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
      const size = String(entry.size ?? 0);
      return `${owner.padEnd(10)} ${size.padStart(10)} ${date} ${time} ${objectType.padEnd(10)} ${entry.name}${isDir ? '/' : ''}\n`;
    })
    .join('');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
