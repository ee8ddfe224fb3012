/**
 * `rsync --list-only` (and `rsync host:dir/` with no destination), as the rsync client prints it.
 * Read from RsyncProject/rsync (docs/sources/rsync-tar.md): `list_file_entry()` in generator.c,
 * `timestring()` in util1.c (util.c before 3.2), `do_big_num()` in lib/compat.c via `human_num()`
 * in inums.h, `permstring()` in lib/permstring.c, `filtered_fwrite()` in log.c.
 *
 *   drwxr-xr-x          4,096 2022/03/04 05:06:07 .                      (3.1+: digit grouping, width 14)
 *   -rw-r--r--  4,294,967,297 2022/03/04 05:06:07 sparse-4GiB+1.bin
 *   -rw-r--r--          1.02K 2022/03/04 05:06:07 size-1023.bin          (-h: powers of 1000; -hh: 1024)
 *   -rw-r--r--        4096 2014/03/25 18:14:57 foo                       (3.0.x, or --no-h: width 11)
 *   lrwxrwxrwx             10 2022/03/04 05:06:07 link -> target         (-l: the target)
 *   -rw-r--r--              1 2022/03/04 05:06:07 2022/03/04 05:06:07 a  (--atimes: a second date)
 *   -rw-r--r--              1 2022/03/04 05:06:07 caf\#303\#251.txt      (bytes escaped as \#ooo)
 *
 * - Format string (3.2.3+): `"%s %*s %s%*s%*s %s%s%s\n"`: permstring, the size right-aligned in 14
 *   columns (11 with `--no-h` or before 3.1), the mtime, the `--atimes` and `--crtimes` columns (each
 *   20 wide: a space and a date; the atime of a directory is blank), a space, the name, ` -> target`.
 * - Times are the client's local time (`localtime_r`): the `timeZone` option is the zone of the
 *   machine that ran rsync, not the server's. Second precision. `(time out of range)` has no time.
 * - Sizes (`do_big_num`): level 0 bare digits; level 1 groups of three with `,` (or `.` in 3.2.4+
 *   when the locale's decimal point is `,`); levels 2 (`-h`, base 1000) and 3 (`-hh`, base 1024) print
 *   `%.2f` and a unit K M G T P when the number reaches the base, and grouped digits below it.
 *   `sizePrecision` is one step of the last printed digit (0.01 of the unit), as printf rounds to
 *   nearest: the true size lies within half of it. A line does not say which base: it is 1000 (`-h`)
 *   unless the caller says `formatOptions: { rsync: { humanBase: 1024 } }` or the listing shows it
 *   (a unit-less 1,000–1,023, or a mantissa above 1000.00, which only `-hh` prints).
 * - Names (`filtered_fwrite`): control bytes but TAB, bytes the locale cannot print and a backslash
 *   that starts a `\#ddd` look-alike are written `\#ooo`; they are decoded back to bytes (escapes.ts).
 * - `-r` prints paths relative to the transfer root: `path` keeps it, `name` is the leaf. The `.`
 *   line is the listed directory itself (`Listing.self`), not an entry.
 * - A symlink's size is the length of its target (F_LENGTH is `st_size`), which splits
 *   `a -> b -> c` at the right arrow when the size is exact; otherwise the first ` -> ` after a
 *   non-empty name splits it. Without `-l` rsync prints no target at all, so a symlink whose name
 *   holds ` -> ` is then misread (rsync's own ambiguity).
 * - A daemon's MOTD comes before the listing (clientserver.c: the motd file and an empty line): when
 *   the format was detected, lines before the first entry that are no entry are that decoration. `-v`'s `receiving … file list` and
 *   `sent … total size is …` lines are ignored.
 * - Known ambiguities, as rsync prints them: in a listing without `--atimes`, a directory whose name
 *   starts with 20 spaces, or any name starting with a `YYYY/MM/DD HH:MM:SS ` date, reads as those
 *   columns when it is the first line that could show them; `--crtimes` alone is told from
 *   `--atimes` alone only by a directory line (a directory's atime is blank, its crtime is not).
 *
 * The module list of `rsync host::` is the separate format `rsync-modules` (rsync-modules.ts).
 */
import { type Captures, alt, capture, compileGrammar, seq, spaces, text, token } from 'dirlisting/grammar';
import {
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  ServerClock,
  StatResult,
  type UnixMode,
  explainLine,
  formatUnixMode,
  lineShare,
  parseUnixMode,
  sampleLines,
} from 'dirlisting';
import { RSYNC_ESCAPE, byteLength, decodeByteEscapes, nameBytes, octal, readRsyncEscape } from './escapes.js';

// ---- grammar -------------------------------------------------------------------------------------

/** `permstring()`: a type letter and nine permission letters; rsync prints no ACL mark. */
const mode = capture('mode', token('[-dlbcsp][-rwxsStT]{9}', 'a mode such as drwxr-xr-x'));
/** `do_big_num`: digits, grouped digits, or a two-decimal mantissa and a unit. */
const size = capture('size', token('\\d[\\d,.]*[KMGTP]?', 'a size'));
/** `timestring()`: `%4d/%02d/%02d %02d:%02d:%02d` in the client's zone. */
const DATE_TIME = '\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d';
const mtime = alt(
  capture('mtime', token(DATE_TIME, 'a date such as 2026/11/21 10:00:00')),
  capture('outOfRange', text('(time out of range)')),
);
/** The `--atimes`/`--crtimes` columns, the space and the name (build reads the columns). */
const tail = capture('tail', token(' [^\\r\\n]+', 'a space and a name'));

export const rsyncGrammar = compileGrammar(seq(mode, spaces, size, ' ', mtime, tail));
const G = rsyncGrammar.groups;

/** `-v` lines around a listing (main.c, `output_summary`; flist.c, `start_filelist_progress`). */
const VERBOSE_LINE =
  /^(?:(?:receiving|sending|building) (?:incremental )?file list(?: \.\.\.(?: done)?)?|sent [\d,.]+[KMGTP]? bytes {2}received [\d,.]+[KMGTP]? bytes {2}[\d,.]+[KMGTP]? bytes\/sec|total size is [\d,.]+[KMGTP]? {2}speedup is [\d,.]+(?: \(DRY RUN\))?)$/;

/** `--missing-args=delete`: `*missing` padded to the columns' width, then the name. */
const MISSING_LINE = /^\*missing +(.+)$/;

const DATE_COLUMN = new RegExp(` ${DATE_TIME}`, 'y');
const BLANK_COLUMN = ' '.repeat(20);
/** Each `--atimes`/`--crtimes` column is `1 + strlen(mtime)` = 20 wide. */
const COLUMN = 20;

// ---- sizes -----------------------------------------------------------------------------------------

const UNITS = 'KMGTP';
const GROUPED = /^\d{1,3}(?:([,.])\d{3})*$/;
const HUMAN = /^(\d+)[.,](\d\d)([KMGTP])$/;

/** The variant of the size column a listing shows, reported as `Listing.dialect`. */
export type RsyncDialect = 'digits' | 'grouped' | 'human' | 'human-1024';

/** Per-parse options, `formatOptions.rsync`. */
export interface RsyncOptions {
  /** The base of `-h` sizes when the listing does not show it: 1000 (`-h`, the default) or 1024 (`-hh`). */
  humanBase?: 1000 | 1024;
}

interface RsyncState {
  /** Which `--atimes`/`--crtimes` columns the listing shows, once a line has said. */
  atime: boolean;
  crtime: boolean;
  /** Whether the columns are known (a directory line, or a line showing both) or only guessed. */
  layoutKnown: boolean;
  layoutSeen: boolean;
  /** The base of `-h` units: 1000 unless the caller or the listing says 1024. */
  base: number;
  baseKnown: boolean;
  /** A unit-less number of 1000–1023 was seen (only `-hh` prints those once units are in use). */
  sawThousands: boolean;
  sawUnits: boolean;
  /** Whether any line was an entry (MOTD lines come before the first). */
  started: boolean;
  dialect: RsyncDialect | undefined;
}

function newState(ctx: ParseContext): RsyncState {
  const base = ctx.optionsFor('rsync').humanBase;
  if (base !== undefined && base !== 1000 && base !== 1024) throw new RangeError(`rsync humanBase must be 1000 or 1024, not ${String(base)}`);
  return {
    atime: false,
    crtime: false,
    layoutKnown: false,
    layoutSeen: false,
    base: (base as number | undefined) ?? 1000,
    baseKnown: base !== undefined,
    sawThousands: false,
    sawUnits: false,
    started: false,
    dialect: undefined,
  };
}

/**
 * Reports what the size column shows once it shows more than before: units over grouping (a `-h`
 * listing groups numbers below the base too), and 1024 over 1000 once the listing tells.
 */
function setDialect(state: RsyncState, dialect: RsyncDialect, ctx: ParseContext): void {
  if (state.dialect === dialect || (state.dialect === 'human-1024' && dialect === 'human')) return;
  if ((state.dialect === 'human' || state.dialect === 'human-1024') && (dialect === 'grouped' || dialect === 'digits')) return;
  state.dialect = dialect;
  ctx.listing({ dialect });
}

/** Writes `size`/`sizePrecision` for a size column. */
function readSize(entry: StatResult, textValue: string, state: RsyncState, ctx: ParseContext): void {
  const last = textValue.charCodeAt(textValue.length - 1);
  if (last < 48 || last > 57) {
    const m = HUMAN.exec(textValue);
    if (m === null) throw new ParserError(`'${textValue}' is not an rsync size (digits, grouped digits or a number with two decimals and K, M, G, T or P)`);
    const mantissa = Number(`${m[1]}.${m[2]}`);
    const power = UNITS.indexOf(m[3]!) + 1;
    // do_big_num divides while the number is at least one base, so below the top unit (P) a
    // mantissa never passes the base once rounded: over 1000.00 only -hh prints.
    const top = power === UNITS.length;
    state.sawUnits = true;
    if (!state.baseKnown && ((!top && mantissa > 1000) || state.sawThousands)) {
      state.base = 1024;
      state.baseKnown = true;
    }
    if (!top && mantissa > state.base) throw new ParserError(`'${textValue}' is more than one ${state.base} of its unit`);
    const unit = state.base ** power;
    entry.size = Math.round(mantissa * unit);
    entry.sizePrecision = unit / 100;
    setDialect(state, state.base === 1024 ? 'human-1024' : 'human', ctx);
    return;
  }
  let value: number;
  if (textValue.length > 3 && (textValue.includes(',') || textValue.includes('.'))) {
    const m = GROUPED.exec(textValue);
    if (m === null || (textValue.includes(',') && textValue.includes('.'))) throw new ParserError(`'${textValue}' is not grouped in threes with one separator`);
    value = Number(textValue.replace(/[,.]/g, ''));
    if (value >= 1000 && value < 1024) {
      state.sawThousands = true;
      if (state.sawUnits && !state.baseKnown) {
        state.base = 1024;
        state.baseKnown = true;
        setDialect(state, 'human-1024', ctx);
      }
    }
    setDialect(state, 'grouped', ctx);
  } else {
    if (!/^\d+$/.test(textValue)) throw new ParserError(`'${textValue}' is not an rsync size`);
    value = Number(textValue);
    if (value >= 1000) setDialect(state, 'digits', ctx);
  }
  entry.size = value;
  entry.sizePrecision = 1;
}

// ---- times -----------------------------------------------------------------------------------------

/** `YYYY/MM/DD HH:MM:SS` (19 characters at `at`) in the client's zone: the instant, or throws. */
function readDateTime(textValue: string, at: number, ctx: ParseContext): number {
  const year = num(textValue, at, 4);
  const month = num(textValue, at + 5, 2);
  const day = num(textValue, at + 8, 2);
  const hour = num(textValue, at + 11, 2);
  const minute = num(textValue, at + 14, 2);
  const second = num(textValue, at + 17, 2);
  const target = { mtimeMs: undefined as number | undefined, mtimePrecision: undefined as StatResult['mtimePrecision'] };
  const invalid = ctx.clock.shownTimeInto(target, year, month, day, hour, minute, second);
  if (invalid !== undefined) throw new ParserError(invalid);
  return target.mtimeMs!;
}

function num(textValue: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) value = value * 10 + textValue.charCodeAt(i) - 48;
  return value;
}

function isDateColumn(tailText: string, at: number): boolean {
  DATE_COLUMN.lastIndex = at;
  return DATE_COLUMN.test(tailText);
}

/**
 * How many characters of `tail` the `--atimes`/`--crtimes` columns take, learning the layout from
 * the first lines that show it; the atime and crtime found are written into `entry.facts`.
 */
function readColumns(entry: StatResult, tailText: string, isDir: boolean, state: RsyncState, ctx: ParseContext): number {
  if (!state.layoutKnown) learnLayout(tailText, isDir, state);
  let at = 0;
  let atime: number | undefined;
  let crtime: number | undefined;
  if (state.atime) {
    if (isDir) {
      if (!tailText.startsWith(BLANK_COLUMN)) throw new ParserError('expected the blank atime column of a directory in an --atimes listing');
    } else {
      if (!isDateColumn(tailText, 0)) throw new ParserError('expected an atime (--atimes) after the mtime');
      atime = readDateTime(tailText, 1, ctx);
    }
    at += COLUMN;
  }
  if (state.crtime) {
    if (!isDateColumn(tailText, at)) throw new ParserError('expected a creation time (--crtimes) column');
    crtime = readDateTime(tailText, at + 1, ctx);
    at += COLUMN;
  }
  if (tailText.charCodeAt(at) !== 32 || tailText.length <= at + 1) throw new ParserError('expected a space and a name after the date columns');
  if (atime !== undefined || crtime !== undefined) {
    const facts: Record<string, string> = {};
    if (atime !== undefined) facts.atime = new Date(atime).toISOString();
    if (crtime !== undefined) facts.crtime = new Date(crtime).toISOString();
    entry.facts = facts;
  }
  return at;
}

/**
 * The columns a line shows. A directory line decides (its atime is blank, its crtime is not); a
 * line of another type showing two dates decides too; one showing one date is guessed `--atimes`
 * (this rsync refuses `--crtimes` on Linux) until a directory says otherwise.
 */
function learnLayout(tailText: string, isDir: boolean, state: RsyncState): void {
  if (isDir) {
    const blank = tailText.startsWith(BLANK_COLUMN) && tailText.charCodeAt(COLUMN) === 32;
    state.atime = blank;
    state.crtime = isDateColumn(tailText, blank ? COLUMN : 0);
    state.layoutKnown = true;
  } else if (state.layoutSeen && !state.atime && !state.crtime) {
    // A plain line already seen: the layout is plain; names may start with anything.
    return;
  } else {
    const first = isDateColumn(tailText, 0);
    const both = first && isDateColumn(tailText, COLUMN);
    state.atime = first;
    state.crtime = both;
    state.layoutKnown = both;
  }
  state.layoutSeen = true;
}

// ---- meaning -------------------------------------------------------------------------------------

const MODES = new Map<string, UnixMode>();

function cachedMode(textValue: string): UnixMode {
  let parsed = MODES.get(textValue);
  if (parsed === undefined) {
    parsed = parseUnixMode(textValue);
    if (parsed === undefined) throw new ParserError(`invalid mode string '${textValue}'`);
    if (MODES.size > 256) MODES.clear();
    MODES.set(textValue, parsed);
  }
  return parsed;
}

const ARROW = ' -> ';
/** rsync.h SYMLINK_PREFIX: what munged symlinks start with. */
const MUNGED = '/rsyncd-munged/';

declare module 'dirlisting' {
  interface FormatOptionsMap {
    rsync: RsyncOptions;
  }
}

export class RsyncParser extends GrammarLineParser {
  readonly id = 'rsync';
  override readonly description = 'rsync --list-only (any version, -h/-hh, --atimes, -r)';
  readonly grammar = rsyncGrammar;

  override ignoresLine(line: string): boolean {
    return VERBOSE_LINE.test(line);
  }

  build(m: Captures, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    const state = ctx.state(this, () => newState(ctx));
    const parsedMode = cachedMode(m[g.mode!]!);
    const isDir = parsedMode.type === 'directory';
    const entry = new StatResult('', parsedMode.type, this.id);
    readSize(entry, m[g.size!]!, state, ctx);
    const mtimeText = m[g.mtime!];
    if (mtimeText !== undefined) {
      entry.mtimeMs = readDateTime(mtimeText, 0, ctx);
      entry.mtimePrecision = 'second';
    }
    entry.mode = parsedMode.mode;
    const tailText = m[g.tail!]!;
    const at = state.layoutKnown && !state.atime && !state.crtime ? 0 : readColumns(entry, tailText, isDir, state, ctx);
    let shown = tailText.slice(at + 1);
    if (parsedMode.type === 'symlink') shown = this.splitTarget(entry, shown, ctx);
    const path = decodeByteEscapes(shown, RSYNC_ESCAPE, readRsyncEscape, ctx);
    state.started = true;
    if (path === '.') {
      entry.name = '.';
      entry.path = '.';
      ctx.listing({ self: entry });
      return null;
    }
    const slash = path.lastIndexOf('/');
    entry.name = slash < 0 ? path : path.slice(slash + 1);
    entry.path = path;
    return entry;
  }

  /**
   * `name -> target`: the arrow whose target is as long as the size says (a receiver that munges
   * links shows `/rsyncd-munged/` before it: flist.c, SYMLINK_PREFIX), else the first arrow after
   * a non-empty name.
   */
  private splitTarget(entry: StatResult, shown: string, ctx: ParseContext): string {
    let chosen = -1;
    let fallback = -1;
    for (let arrow = shown.indexOf(ARROW, 1); arrow >= 0; arrow = shown.indexOf(ARROW, arrow + 1)) {
      if (fallback < 0) fallback = arrow;
      if (entry.sizePrecision !== 1) break;
      const target = decodeByteEscapes(shown.slice(arrow + ARROW.length), RSYNC_ESCAPE, readRsyncEscape, ctx);
      const length = byteLength(target) - (target.startsWith(MUNGED) ? MUNGED.length : 0);
      if (length === entry.size) {
        chosen = arrow;
        break;
      }
    }
    if (chosen < 0) chosen = fallback;
    if (chosen < 0) return shown;
    entry.target = decodeByteEscapes(shown.slice(chosen + ARROW.length), RSYNC_ESCAPE, readRsyncEscape, ctx);
    return shown.slice(0, chosen);
  }

  /**
   * Lines before the first entry that are no entry are the daemon's MOTD (decoration) when the
   * format was detected: detection found rsync lines after them. With a hint nothing vouches for
   * them, and they are reported with their reason like any other line.
   */
  override tryLine(line: string, ctx: ParseContext): StatResult | null | undefined {
    const entry = super.tryLine(line, ctx);
    if (entry === undefined && ctx.mixed && !ctx.state(this, () => newState(ctx)).started) return null;
    return entry;
  }

  /** In another format's listing, only whole rsync lines (never the MOTD rule above). */
  override acceptsForeignLine(line: string): boolean {
    return this.grammar.matchLine.test(line);
  }

  override explain(line: string): string {
    const missing = MISSING_LINE.exec(line);
    if (missing) return `'${missing[1]}' is missing on the sender (--missing-args=delete): no entry`;
    return explainLine(this.grammar, line, 'an rsync line');
  }

  /**
   * The share of lines read, not counting the MOTD before the first entry (which any text could be),
   * and none when no line reads: rsync's `YYYY/MM/DD HH:MM:SS` with slashes is the evidence.
   */
  override detect(sample: string, ctx: ParseContext): number {
    let considered = 0;
    let parsed = 0;
    let ignored = 0;
    let motd = 0;
    for (const line of sampleLines(sample)) {
      if (this.ignoresLine(line)) {
        considered++;
        ignored++;
        continue;
      }
      const read = super.tryLine(line, ctx);
      if (read === undefined && parsed === 0) {
        motd++;
        continue;
      }
      considered++;
      if (read !== undefined) parsed++;
    }
    if (parsed === 0) return 0;
    return lineShare(considered, parsed, ignored) * (parsed / (parsed + motd / 4));
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatRsync(entries, options);
  }
}

// ---- formatter -----------------------------------------------------------------------------------

export interface RsyncFormatOptions extends FormatOptions {
  /** rsync's `human_readable` level: 0 `--no-h`, 1 the default (grouping), 2 `-h`, 3 `-hh`. Default 1. */
  human?: 0 | 1 | 2 | 3;
  /** The grouping separator (`,`; `.` where the locale's decimal point is `,`, rsync 3.2.4+). */
  separator?: ',' | '.';
  /** Escape every byte ≥ 0x80 too, as rsync does in the C locale. */
  escape8bit?: boolean;
  /** Print `--atimes` columns, from `facts.atime`. */
  atimes?: boolean;
  /** The listed directory itself, printed first as `.`. */
  self?: StatResult;
}

/** `do_big_num(num, level)`: the size text rsync prints. */
export function rsyncSize(value: number, level: 0 | 1 | 2 | 3 = 1, separator: ',' | '.' = ','): string {
  if (level >= 2) {
    const mult = level === 2 ? 1000 : 1024;
    if (value >= mult) {
      let dnum = value / mult;
      let unit = 0;
      while (dnum >= mult && unit < UNITS.length - 1) {
        dnum /= mult;
        unit++;
      }
      const fixed = dnum.toFixed(2);
      return `${separator === '.' ? fixed.replace('.', ',') : fixed}${UNITS[unit]}`;
    }
  }
  const digits = String(value);
  if (level === 0) return digits;
  return digits.replace(/\B(?=(\d{3})+$)/g, separator);
}

/** `filtered_fwrite`: control bytes but TAB, bytes that are not valid UTF-8 and `\#ddd` look-alikes as `\#ooo`. */
export function rsyncEscape(textValue: string, raw: Uint8Array | undefined, escape8bit = false): string {
  const bytes = nameBytes(textValue, raw);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const lookalike = byte === 0x5c && bytes[i + 1] === 0x23 && isDigitByte(bytes[i + 2]) && isDigitByte(bytes[i + 3]) && isDigitByte(bytes[i + 4]);
    if (lookalike || (byte < 0x20 && byte !== 9) || (escape8bit && byte >= 0x80)) {
      out += `\\#${octal(byte)}`;
      i++;
      continue;
    }
    if (byte < 0x80) {
      out += String.fromCharCode(byte);
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      out += `\\#${octal(byte)}`;
      i++;
      continue;
    }
    out += new TextDecoder().decode(bytes.subarray(i, i + length));
    i += length;
  }
  return out;
}

function isDigitByte(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** The length of a valid UTF-8 sequence at `i`, or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const length = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    return length;
  } catch {
    return 0;
  }
}

function formatDateTime(clock: ServerClock, ms: number): string {
  const wall = new Date(clock.toWallClock(ms));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}/${two(wall.getUTCMonth() + 1)}/${two(wall.getUTCDate())} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
}

/** Writes entries as `rsync --list-only` prints them (3.2.3+ layout; `path` when set, else `name`). */
export function formatRsync(entries: readonly StatResult[], options: RsyncFormatOptions = {}): string {
  const clock = new ServerClock(options);
  const level = options.human ?? 1;
  const width = level === 0 ? 11 : 14;
  const line = (entry: StatResult, shownName: string): string => {
    const perms = formatUnixMode(entry.type, entry.mode ?? 0);
    const sizeText = rsyncSize(entry.size ?? 0, level, options.separator);
    const mtime = entry.mtimeMs === undefined ? '(time out of range)' : formatDateTime(clock, entry.mtimeMs);
    let columns = '';
    if (options.atimes) {
      const atime = entry.facts?.atime;
      columns = entry.type === 'directory' || atime === undefined ? BLANK_COLUMN : ` ${formatDateTime(clock, Date.parse(atime))}`;
    }
    const target = entry.type === 'symlink' && entry.target !== undefined ? `${ARROW}${rsyncEscape(entry.target, undefined, options.escape8bit)}` : '';
    return `${perms} ${sizeText.padStart(width)} ${mtime}${columns} ${shownName}${target}\n`;
  };
  let out = options.self ? line(options.self, '.') : '';
  for (const entry of entries) {
    const shown = entry.path ?? entry.name;
    if (shown === '' || shown === '.' || shown.includes('\0')) throw new RangeError(`Cannot write ${JSON.stringify(shown)} in an rsync listing`);
    const raw = entry.path === undefined || entry.path === entry.name ? entry.rawName : undefined;
    out += line(entry, rsyncEscape(shown, raw, options.escape8bit));
  }
  return out;
}

/** The instant of a `YYYY/MM/DD HH:MM:SS` text in a zone (for tests and plugins). */
export function rsyncTime(textValue: string, ctx: ParseContext): number {
  if (!new RegExp(`^${DATE_TIME}$`).test(textValue)) throw new ParserError(`not an rsync date: '${textValue}'`);
  return readDateTime(textValue, 0, ctx);
}
