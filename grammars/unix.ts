/**
 * `ls -l` output as Unix FTP servers send it for `LIST` (vsftpd's vsf_ls.c emulation, proftpd's
 * mod_ls, pure-ftpd's ls.c, pyftpdlib's format_list, or a real `/bin/ls -l`).
 *
 *   drwxr-sr-x+  2 owner    group        4096 Nov 21 10:00 name
 *   crw-rw----   1 root     disk      7,   0 Nov 21  2019 loop0
 *   lrwxrwxrwx   1 0        0              4 2026-11-21 10:00 link -> target
 *   -rw-r--r--   1 u        g              0 2026-11-21 10:00:00.123456789 +0100 full-iso
 *   -rw-r-----   1 ravensm  sca          814 02 Mar 16:27 ZMIR2.m            (day first, AIX)
 *   -rw-r--r--   1 lav      root        4771 Sep 12 1996  install-sh         (lftp's year anomaly)
 *   213-drwxr-xr-x 2 ftp ftp 4096 Nov 21 10:00 pub                           (a STAT reply line)
 */
import {
  ArrayCaptures,
  type CaptureReader,
  type Captures,
  type Rule,
  alt,
  capture,
  compileGrammar,
  digits,
  isDigits,
  lazy,
  opt,
  restOfLine,
  seq,
  spaces,
  toInt,
  token,
  word,
} from 'dirlisting/grammar';
import {
  type FormatOptions,
  formatUnixMode,
  GrammarLineParser,
  invalidWallClock,
  type ParseContext,
  ParserError,
  parseUnixMode,
  resolveShownTime,
  ServerClock,
  type ShownTime,
  StatResult,
  type UnixMode,
  wallClockMs,
  parseSize,
  setByteCount,
  requireField,
  type NoFormatOptions,
} from 'dirlisting';
import { formatLsDate, lsDate, lsDateTime, monthDayTime, monthNumber, setLsDateTimeFrom } from './ls-date.js';

// ---- grammar -------------------------------------------------------------------------------------

/** Type letter, nine permission letters (eight tolerated, basic-ftp #193). */
const MODE = '[-bcdelpsfDnw?][-rwxsStTlL]{8,9}';

/**
 * The mode and the space after it. An ACL/xattr mark (`+`, `.`, `@`) may touch a wide link count:
 * `drwxr-x---+1464 chrism` (Commons Net UnixFTPEntryParserTest testNoSpacesBeforeFileSize).
 */
const plainMode = seq(capture('mode', token(MODE, 'a mode such as drwxr-xr-x')), spaces);
const mode = alt(
  plainMode,
  seq(capture('markedMode', token(`${MODE}[+.@]`, 'a mode such as drwxr-xr-x')), token(' *', 'spaces')),
);

/** Some servers indent lines (basic-ftp parseListSpec "Regular Unix list"); a reader still expects a mode there. */
const indent = opt(token(' +', 'a mode such as drwxr-xr-x'));

/**
 * `ls -i` and `ls -s` put the inode number and the size in blocks before the mode
 * (`  123456    8 -rw-r--r-- …`; basic-ftp parseListUnix skips them). Kept in `facts.lsNumbers`.
 */
const lsNumbers = opt(capture('lsNumbers', token('\\d+ +(?:\\d+ +)?', 'a mode such as drwxr-xr-x')));

/**
 * A listing sent over the control connection as the reply to `STAT -l` or `STAT path` (RFC 959
 * 4.1.3: 211 system status, 212 directory status, 213 file status). Some servers put the reply code
 * in front of every line, `213-drwxr-xr-x …` or `212 -rw-r--r-- …`; it is not part of the entry. The
 * framing lines around it are ignored (`STAT_FRAME`).
 */
const statPrefix = opt(token('21[123][ -]', 'a mode such as drwxr-xr-x'));
const links = capture('links', digits('a link count'));

/** A user or group name: words joined by single spaces ("Domain Users", Cygwin groups). */
const userName = (expected: string): Rule => seq(token('[^ \\r\\n]+', expected), lazy(' ', word));

/**
 * Owner and an optional group, as Commons Net's UnixFTPEntryParser reads them: names may contain
 * single spaces (Cygwin groups, bug 38634; "Domain Users", testGroupNameWithSpaces), and the owner is
 * as short as lets the line parse. So `maxm Domain Users 512` is owner `maxm`, group `Domain Users`;
 * `root disk  7,   0` is owner `root`, group `disk`; and a multi-word owner is only read where a run
 * of two or more spaces ends it (`john smith     test group`, testOwnerAndGroupNameWithSpaces).
 * Without a group column (`ls -o`; ftpparse `dr-xr-xr-x 2 root 512 Apr  8  1994 etc`) the one word
 * is the owner. Three columns (`PEP      0  xx`) are no owner and group (Commons Net bad sample).
 *
 * The second option only adds owners that end at a run of spaces, so each option walks the line once.
 */
const owner = capture('owner', word);
const users = alt(
  seq(owner, opt(spaces, capture('group', userName('a group')))),
  seq(capture('spacedOwner', userName('an owner')), token('  +', 'spaces'), capture('spacedGroup', userName('a group'))),
);

/** A size, or `major, minor` for block and character devices. */
const fileSize = capture('size', digits('a size'));
/**
 * `ls -lh`: `1.2K`, `12M`, `1,5G` (a decimal comma in some locales), powers of 1024 (GNU ls
 * `--human-readable`; `--si` would be powers of 1000 and is not told apart by the text). Read with
 * the precision of the last shown digit. A size without a unit letter stays an exact byte count.
 */
const humanSize = capture('humanSize', token('\\d+(?:[.,]\\d+)?[KMGTPEZY]', 'a size'));
const size = alt(
  seq(capture('major', digits('a major device number')), token(', *', 'a comma'), capture('minor', digits('a minor device number'))),
  humanSize,
  fileSize,
);

/** `Nov 21 10:00` (recent) or `Nov 21  2019` (older or future): the shared ls date column. */
const monthDayDate = lsDate;

/**
 * Day first: `02 Mar 16:27`, `02 Mar  2016` (AIX; Commons Net UnixFTPEntryParserTest
 * testParseFieldsOnAIX, configured there with `dd MMM HH:mm`; also `ls` in locales whose date order
 * is day-month). Day and month are one token, so that a line with neither form is still reported
 * as "expected a month name" where the date begins.
 */
const dayMonthDate = seq(
  capture('dayMonth', token('\\d{1,2} +[^\\s\\d]{3,6}', 'a month name')),
  spaces,
  alt(
    seq(capture('dmHour', token('\\d{1,2}', 'an hour')), ':', capture('dmMinute', token('\\d\\d', 'minutes'))),
    capture('dmYear', token('\\d{4}', 'a year')),
  ),
);

/** `ls --time-style=long-iso` and `full-iso`. */
const isoDate = seq(
  capture('isoDate', token('\\d{4}-\\d\\d-\\d\\d', 'a date YYYY-MM-DD')),
  spaces,
  alt(
    seq(
      capture('isoSeconds', token('\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?', 'a time HH:MM:SS')),
      spaces,
      capture('isoZone', token('[+-]\\d{4}', 'a zone offset such as +0100')),
    ),
    capture('isoMinutes', token('\\d\\d:\\d\\d', 'a time HH:MM')),
  ),
);

/** `ls -l` in Chinese, Japanese and Korean locales: `11月 21日 10:00`, `6月 3日 2003年`. */
const cjkDate = seq(
  capture('cjkMonth', token('\\d{1,2}[月월]', 'a month such as 11月')),
  spaces,
  capture('cjkDay', token('\\d{1,2}[日일]?', 'a day such as 21日')),
  spaces,
  alt(
    seq(capture('cjkHour', token('\\d{1,2}', 'an hour')), ':', capture('cjkMinute', token('\\d\\d', 'minutes'))),
    capture('cjkYear', token('\\d{4}[年년]?', 'a year')),
  ),
);

/** The name starts after the single space that follows the date: leading spaces belong to it. */
const name = capture('name', restOfLine('a name'));

export const unixGrammar = compileGrammar(
  seq(
    statPrefix,
    indent,
    lsNumbers,
    mode,
    links,
    spaces,
    users,
    spaces,
    size,
    spaces,
    alt(monthDayDate, isoDate, cjkDate, dayMonthDate),
    ' ',
    name,
  ),
);

/**
 * The shape of nearly every line (`GrammarLineParser.fastGrammars`): no STAT reply code, indent or
 * `ls -i` numbers, a mode without ACL mark, a one-word owner and a one-word group, a size (no device
 * numbers), the `Mon DD HH:MM|YYYY` date. 11 captures instead of 30, so the regex and its result are
 * about a third as big; any other line falls through to `unixGrammar`, which reads every line this
 * one does with the same captures (test/fast-grammar.test.ts).
 */
export const unixCommonGrammar = compileGrammar(
  seq(plainMode, links, spaces, owner, spaces, capture('group', word), spaces, fileSize, spaces, monthDayDate, ' ', name),
  unixGrammar,
);

const G = unixGrammar.groups;

/** Parsed mode strings: a listing has a few dozen distinct ones. Cleared when it grows past the bound. */
const MODES = new Map<string, UnixMode | undefined>();
const MAX_MODES = 512;

function cachedUnixMode(text: string): UnixMode | undefined {
  let parsed = MODES.get(text);
  if (parsed === undefined) {
    parsed = parseUnixMode(text);
    if (parsed === undefined) return undefined;
    if (MODES.size >= MAX_MODES) MODES.clear();
    MODES.set(text, parsed);
  }
  return parsed;
}

/** `total 1234` (GNU ls, translated by locale; `-h` gives `total 1.2M`). */
const TOTAL_LINE = /^(?:21[123][ -])?(?:total|insgesamt|totaal|totale|totalt|razem|итого|合計|总用量|합계) \d+(?:[.,]\d+)?[KMGTP]?$/;

/**
 * The first and last line of a `STAT` reply that carries a listing: `211-status of /pub:`,
 * `213-Status follows:`, `212-Status of "/":` (wu-ftpd, vsftpd, proftpd) and `211 End of status`,
 * `213 End of Status`, `213 End.` (pure-ftpd).
 */
const STAT_FRAME = /^21[123][ -](?:status of\b|status follows|end\b)/i;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    unix: NoFormatOptions;
  }
}

export class UnixParser extends GrammarLineParser {
  readonly id = 'unix';
  /**
   * Unix servers, and the systems Commons Net's FTPClientConfig pairs with a Unix fallback: IIS can
   * be set to Unix-style listings, OS/400 and z/OS serve their Unix file systems with ls output.
   */
  override readonly systems = /UNIX|Type: L8|Linux|BSD|Darwin|Windows|OS\/400|MVS|z\/OS|MACOS/i;
  override readonly description = 'Unix ls -l (FTP LIST of most servers)';
  readonly grammar = unixGrammar;
  override readonly fastGrammars = [unixCommonGrammar];

  override ignoresLine(line: string): boolean {
    const trimmed = line.trim();
    return TOTAL_LINE.test(trimmed) || STAT_FRAME.test(trimmed);
  }

  /** The regex path reads its match array through the same meaning (`buildFrom`). */
  private readonly reader = new ArrayCaptures();

  build(m: Captures, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    return this.buildFrom(this.reader.of(m), ctx, g);
  }

  override buildFrom(m: CaptureReader, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    const marked = m.has(g.markedMode!);
    const modeText = m.interned(marked ? g.markedMode! : g.mode!)!;
    const parsedMode = cachedUnixMode(modeText);
    if (parsedMode === undefined) throw new ParserError(`invalid mode string '${modeText}'`);
    let name = m.str(g.name!)!;
    let target: string | undefined;
    // Only a symlink's name is split at ' -> ': a regular file may well be called "a -> b".
    let ambiguousLink = false;
    if (parsedMode.type === 'symlink') {
      const arrow = symlinkArrow(name, m.str(g.size!));
      if (arrow.at >= 0) {
        target = name.slice(arrow.at + 4);
        name = name.slice(0, arrow.at);
        ambiguousLink = arrow.ambiguous;
      }
    }
    if (m.has(g.year!) && yearAnomaly(m, g.day!, name)) name = name.slice(1);
    if (name === '.' || name === '..') return null;
    // `ls -F` marks directories with a trailing slash; any other slash means a path, not a name.
    if (parsedMode.type === 'directory' && name.endsWith('/') && name.length > 1) name = name.slice(0, -1);
    if (name.includes('/')) throw new ParserError(`a name cannot contain '/': '${name}'`);

    const entry = new StatResult(name, parsedMode.type, this.id);
    entry.mode = parsedMode.mode;
    entry.nlink = m.int(g.links!);
    const owner = m.has(g.owner!) ? m.interned(g.owner!)! : m.interned(g.spacedOwner!)!;
    entry.owner = owner;
    if (isDigits(owner)) entry.uid = toInt(owner);
    const group = m.has(g.group!) ? m.interned(g.group!) : m.interned(g.spacedGroup!);
    if (group) {
      entry.group = group;
      if (isDigits(group)) entry.gid = toInt(group);
    }
    if (m.has(g.major!)) {
      entry.major = m.int(g.major!);
      entry.minor = m.int(g.minor!);
    } else if (m.has(g.humanSize!)) {
      const human = parseSize(m.str(g.humanSize!)!)!;
      entry.size = human.size;
      entry.sizePrecision = human.sizePrecision;
    } else if (m.len(g.size!) < 16) {
      entry.size = m.int(g.size!);
      entry.sizePrecision = 1;
    } else {
      setByteCount(entry, m.str(g.size!)!);
    }
    // Writes mtimeMs and mtimePrecision, or throws for an impossible date.
    if (m.has(g.month!)) {
      setLsDateTimeFrom(entry, m, g, ctx);
    } else {
      const time = unixTime(m.array(), ctx, g);
      entry.mtimeMs = time.mtimeMs;
      entry.mtimePrecision = time.mtimePrecision;
    }
    entry.target = target;
    if (m.has(g.lsNumbers!)) {
      const numbers = m.str(g.lsNumbers!)!.trim();
      entry.facts = { lsNumbers: numbers };
      const ino = inodeOf(numbers, entry.size);
      if (ino !== undefined) entry.ino = ino;
    }
    // The mark after the mode: `+` an ACL (GNU ls, Solaris), `.` an SELinux context only, `@`
    // extended attributes (macOS). Said on the entry, so a mirror knows the bits are not all.
    if (marked) (entry.facts ??= {}).modeMark = modeText.slice(-1);
    if (ambiguousLink) (entry.facts ??= {}).ambiguousLink = 'the size does not say which " -> " ends the name';
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatUnix(entries, options);
  }
}

/** The time a matched line shows, resolved in the server zone. */
function unixTime(m: Captures, ctx: ParseContext, G: Readonly<Record<string, number>> = unixGrammar.groups): ShownTime {
  let shown: ShownTime | string;
  if (m[G.month!] !== undefined) {
    shown = lsDateTime(m, G, ctx);
  } else if (m[G.isoDate!] !== undefined) {
    shown = isoTime(ctx.clock, m[G.isoDate]!, m[G.isoMinutes] ?? m[G.isoSeconds]!, m[G.isoZone]);
  } else if (m[G.dayMonth] !== undefined) {
    const dayMonth = m[G.dayMonth]!;
    const gap = dayMonth.indexOf(' ');
    const monthName = dayMonth.slice(dayMonth.lastIndexOf(' ') + 1);
    shown = monthDayTime(ctx.clock, monthNumber(monthName, ctx), dayMonth.slice(0, gap), m[G.dmHour], m[G.dmMinute], m[G.dmYear]);
  } else {
    shown = monthDayTime(ctx.clock, parseInt(m[G.cjkMonth]!, 10), m[G.cjkDay]!, m[G.cjkHour], m[G.cjkMinute], m[G.cjkYear]);
  }
  if (typeof shown === 'string') throw new ParserError(shown);
  return shown;
}

/**
 * Where a symlink's `name -> target` splits. With one ` -> ` there is no choice. With more
 * (`a -> b -> c`), a symlink's size is the byte length of its target (lstat st_size, which ls and
 * every captured server show), so the split whose target has that many UTF-8 bytes is the one;
 * targets are suffixes of each other, so at most one fits. When none fits (a server that shows
 * another size), the first arrow is taken and the entry says the split is ambiguous.
 */
const UTF8 = new TextEncoder();

function symlinkArrow(text: string, size: string | undefined): { at: number; ambiguous: boolean } {
  const first = text.indexOf(' -> ');
  if (first < 0) return { at: -1, ambiguous: false };
  if (text.indexOf(' -> ', first + 1) < 0) return { at: first, ambiguous: false };
  if (size !== undefined) {
    const bytes = toInt(size);
    for (let at = first; at >= 0; at = text.indexOf(' -> ', at + 1)) {
      if (UTF8.encode(text.slice(at + 4)).length === bytes) return { at, ambiguous: false };
    }
  }
  return { at: first, ambiguous: true };
}

/**
 * The inode number among the `ls -i`/`ls -s` numbers before the mode. Two numbers are `ls -is`:
 * inode, then blocks. One number is the inode unless it is the size counted in blocks of 512,
 * 1024 or 4096 bytes (`ls -s`), which an inode number of a real file almost never is.
 */
function inodeOf(numbers: string, size: number | undefined): number | undefined {
  const parts = numbers.split(/ +/);
  if (parts.length === 2) return toInt(parts[0]!);
  const n = toInt(parts[0]!);
  if (size !== undefined && [512, 1024, 4096].some((block) => Math.ceil(size / block) === n)) return undefined;
  return n;
}

/**
 * lftp's "year anomaly" (FileSet.cc `parse_ls_line`: "there are ls which output extra space after
 * year"): some `ls` print the year where the time would stand, left-aligned, so it follows the day
 * after one space and the name after two: `Nov 21 2019  name`. GNU ls right-aligns the year
 * (`Nov 21  2019 name`). As lftp does, when the year follows the day after exactly one space, one
 * leading space of the name is that column's padding. `day` is the day with the spaces after it.
 */
function yearAnomaly(m: CaptureReader, dayGroup: number, name: string): boolean {
  const length = m.len(dayGroup);
  return length >= 2 && m.code(dayGroup, length - 1) === 32 && m.code(dayGroup, length - 2) !== 32 && name.length > 1 && name[0] === ' ';
}



/** `2026-11-21` with `10:00`, or `10:00:00.123456789` and an explicit `+0100` (which wins over the server zone). */
function isoTime(clock: ServerClock, date: string, time: string, zone: string | undefined): ShownTime | string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const hour = Number(time.slice(0, 2));
  const minute = Number(time.slice(3, 5));
  if (zone === undefined) return resolveShownTime(clock, year, month, day, hour, minute);
  const second = Number(time.slice(6, 8));
  const fraction = time.slice(9);
  const invalid = invalidWallClock(year, month, day, hour, minute, second);
  if (invalid) return invalid;
  const ms = fraction ? Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3))) : 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  return {
    mtimeMs: wallClockMs(year, month, day, hour, minute, second, ms) - offset,
    mtimePrecision: fraction ? 'millisecond' : 'second',
  };
}

/**
 * Parses a date as `ls -l` shows it (`Nov 21 10:00`, `Nov 21  2019`, `2026-11-21 10:00`,
 * `2026-11-21 10:00:00.5 +0100`, `11月 21日 10:00`), for plugins that meet one in another layout.
 */
export function parseUnixDate(text: string, ctx: ParseContext): ShownTime {
  const probe = `-rw-r--r-- 1 o g 0 ${text.trim()} x`;
  const m = unixGrammar.matchLine.exec(probe);
  if (!m) throw new ParserError(`not an ls date: '${text}'`);
  return unixTime(m, ctx);
}

// ---- formatter -----------------------------------------------------------------------------------


/** Writes entries as `ls -l` lines, columns aligned as ls aligns them. */
export function formatUnix(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  const rows = entries.map((entry) => {
    checkName(entry);
    const sizeText =
      entry.major !== undefined ? `${entry.major}, ${entry.minor ?? 0}` : String(entry.size ?? 0);
    const name = entry.type === 'symlink' && entry.target !== undefined ? `${entry.name} -> ${entry.target}` : entry.name;
    return [
      formatUnixMode(entry.type, requireField(entry, 'mode', 'unix')),
      String(entry.nlink ?? 1),
      entry.owner ?? (entry.uid !== undefined ? String(entry.uid) : 'ftp'),
      entry.group ?? (entry.gid !== undefined ? String(entry.gid) : 'ftp'),
      sizeText,
      formatLsDate(clock, requireField(entry, 'mtimeMs', 'unix')),
      name,
    ];
  });
  const width = (column: number) => Math.max(0, ...rows.map((row) => row[column]!.length));
  const [linksWidth, ownerWidth, groupWidth, sizeWidth] = [width(1), width(2), width(3), width(4)];
  return rows
    .map(
      ([modeText, nlink, owner, group, sizeText, date, name]) =>
        `${modeText} ${nlink!.padStart(linksWidth)} ${owner!.padEnd(ownerWidth)} ${group!.padEnd(groupWidth)} ` +
        `${sizeText!.padStart(sizeWidth)} ${date} ${name}\n`,
    )
    .join('');
}


function checkName(entry: StatResult): void {
  const problem = /[\r\n/]/.test(entry.name)
    ? 'contains a line break or a slash'
    : entry.name === '' || entry.name === '.' || entry.name === '..'
      ? 'is not an entry name'
      : entry.type === 'symlink' && entry.name.includes(' -> ')
        ? "is a symlink name containing ' -> '"
        : undefined;
  if (problem) throw new RangeError(`Cannot write ${JSON.stringify(entry.name)} in an ls listing: it ${problem}`);
}
