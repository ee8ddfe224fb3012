/**
 * `tar -tv` of GNU tar and of BusyBox tar: `mode user/group size date path`. Read from GNU tar's
 * src/list.c (`simple_print_header`, `tartime`, `read_header`) and BusyBox's
 * archival/libarchive/header_verbose_list.c (docs/sources/rsync-tar.md). bsdtar's ls-like lines
 * are the format `bsdtar` (bsdtar.ts).
 *
 *   drwxr-xr-x root/root         0 2022-03-04 05:06 tree/
 *   -rw-r--r-- nobody/nogroup    1 2022-03-04 05:06 tree/owner-nobody
 *   hrw-r--r-- root/root          0 2022-03-04 05:06 tree/hardlink-2 link to tree/hardlink-1
 *   lrwxrwxrwx root/root         0 2022-03-04 05:06 tree/link -> target
 *   crw-r--r-- root/root     259,65536 2022-03-04 05:06 tree/char-dev-259-65536
 *   -rw-r--r-- root/root         1 2022-03-04 05:06:07.5 tree/new\nline.txt     (--full-time)
 *   -rw-r--r-- root/root         1 2022-03-04 05:06:07 tree/new                   (BusyBox: raw bytes)
 *
 * GNU tar:
 * - The mode's type letter is the header's typeflag: `h` a hard link, `C` contiguous (a file), `V` a
 *   volume label and `M` a multivolume continuation (no entries), `?` unknown. With `--xattrs`,
 *   `--acls` or `--selinux` an 11th character follows (` `, `*`, `.` or `+`).
 * - `user/group` are the header's names, or numbers (`--numeric-owner`, or no name stored): a number
 *   also fills `uid`/`gid`. The size is right-aligned so that owner, group and size fill a column
 *   that starts 19 wide and only grows. Devices show `major,minor`.
 * - The date is the local time of the machine that ran tar (`timeZone`), `YYYY-MM-DD HH:MM`, or with
 *   `--full-time` `:SS` and a fraction without trailing zeros; it is padded on the right to the
 *   widest date so far, so the name starts after that padding and one space.
 * - Names and link targets are quoted in gnulib's escape style (`\\`, `\n`, `\t`…, `\ooo` for any byte
 *   the locale cannot print: every byte ≥ 0x80 in the C locale): decoded back to bytes (escapes.ts).
 * - A hard link prints ` link to ` and the other member's path, kept in `facts.hardLink`; its size
 *   is left undefined, as tar shows 0 for links ("links 0 size on tape", `read_header`). ` link to `
 *   is translated in other locales and then not recognized. A symlink prints ` -> ` and the target;
 *   only a symlink is split there, so a regular file may be called `a -> b`.
 * - `-R` prefixes `block N: `; `** Block of NULs **` and `** End of File **` lines are decoration.
 *
 * BusyBox: the size is `%9u` after one space, the date always has seconds, devices show a size of 0,
 * names are written raw (a newline in a name breaks the line; a backslash is shown as is, so a raw
 * name containing `\n` or `\ooo` text reads as an escape), and a hard link is printed ` -> target` on
 * a regular-file line, which cannot be told from a file named so: it is kept whole, as the name.
 *
 * `path` is the member's path without the trailing `/` of directories; `name` is its last component.
 */
import { type Captures, alt, capture, compileGrammar, digits, isDigits, opt, seq, spaces, toInt, token } from 'dirlisting/grammar';
import {
  type EntryType,
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  ServerClock,
  StatResult,
  type UnixMode,
  formatUnixMode,
  parseUnixMode,
  type NoFormatOptions,
} from 'dirlisting';
import { C_ESCAPE_OF_BYTE, TAR_ESCAPE, decodeByteEscapes, nameBytes, octal, readTarEscape } from './escapes.js';

// ---- shared with bsdtar ------------------------------------------------------------------------------

/** The header's typeflag letter as GNU tar and bsdtar print it: what entry it is. */
const TAR_TYPES: Readonly<Record<string, { letter: string; type: EntryType } | null>> = {
  h: { letter: '-', type: 'file' }, // LNKTYPE: a hard link to an earlier member
  C: { letter: '-', type: 'file' }, // CONTTYPE: contiguous file
  V: null, // volume label: not an entry
  M: null, // continuation of a file from the previous volume: not a new entry
  L: { letter: '?', type: 'unknown' }, // a long-name header where none was expected
};

const MODES = new Map<string, UnixMode | null>();

/** The mode a tar mode string stands for (`h`/`C` as files), `null` for headers that are no entry. */
export function tarMode(textValue: string): UnixMode | null {
  let parsed = MODES.get(textValue);
  if (parsed !== undefined) return parsed;
  let modeText = textValue.length === 11 && textValue[10] === '*' ? textValue.slice(0, 10) : textValue;
  const special = TAR_TYPES[modeText[0]!];
  if (special === null) {
    parsed = null;
  } else {
    if (special !== undefined) modeText = special.letter + modeText.slice(1);
    const unix = parseUnixMode(modeText);
    if (unix === undefined) throw new ParserError(`invalid mode string '${textValue}'`);
    parsed = unix;
  }
  if (MODES.size > 256) MODES.clear();
  MODES.set(textValue, parsed);
  return parsed;
}

const LINK_TO = ' link to ';
const ARROW = ' -> ';

/**
 * The path, name, link target and hard link of a member as shown (escaped), written into `entry`.
 * `hardLink`: whether the typeflag says hard link (` link to ` then splits).
 */
export function readMemberName(entry: StatResult, shown: string, hardLink: boolean, ctx: ParseContext, raw = false): void {
  let pathText = shown;
  if (hardLink) {
    const at = shown.indexOf(LINK_TO);
    if (at >= 0) {
      pathText = shown.slice(0, at);
      entry.facts = { hardLink: decode(shown.slice(at + LINK_TO.length), ctx, raw) };
    }
  } else if (entry.type === 'symlink') {
    const at = shown.indexOf(ARROW);
    if (at >= 0) {
      pathText = shown.slice(0, at);
      entry.target = decode(shown.slice(at + ARROW.length), ctx, raw);
    }
  }
  let path = decode(pathText, ctx, raw);
  // tar marks directories with a trailing slash (and GNU tar reads a `-` member with one as a directory).
  if (path.length > 1 && path.endsWith('/')) {
    path = path.slice(0, -1);
    if (entry.type === 'file' && !hardLink) {
      entry.type = 'directory';
      if (entry.mode !== undefined) entry.mode = (entry.mode & 0o7777) | 0o40000;
    }
  }
  const slash = path.lastIndexOf('/');
  entry.name = slash < 0 ? path : path.slice(slash + 1);
  entry.path = path;
}

function decode(textValue: string, ctx: ParseContext, raw: boolean): string {
  return raw ? textValue : decodeByteEscapes(textValue, TAR_ESCAPE, readTarEscape, ctx);
}

/** A number shown for an owner or group also fills `uid`/`gid`. */
export function setOwner(entry: StatResult, user: string, group: string): void {
  entry.owner = user;
  if (isDigits(user)) entry.uid = toInt(user);
  entry.group = group;
  if (isDigits(group)) entry.gid = toInt(group);
}

/** gnulib's escape quoting style (and bsdtar's): `\\`, C escapes, `\ooo`; `c` escapes every byte ≥ 0x80. */
export function tarEscape(textValue: string, raw?: Uint8Array, c = false): string {
  const bytes = nameBytes(textValue, raw);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      const escape = C_ESCAPE_OF_BYTE[byte];
      out += escape ?? (byte < 0x20 || byte === 0x7f ? `\\${octal(byte)}` : String.fromCharCode(byte));
      i++;
      continue;
    }
    const length = c ? 0 : validLength(bytes, i);
    if (length === 0) {
      out += `\\${octal(byte)}`;
      i++;
    } else {
      out += new TextDecoder().decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return out;
}

function validLength(bytes: Uint8Array, i: number): number {
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

// ---- grammar -------------------------------------------------------------------------------------

const blockPrefix = opt(capture('block', token('block \\d+: ', 'a mode such as -rw-r--r--')));
/** 10 characters, or 11 with an xattr/ACL/SELinux mark (a blank 11th falls into the spaces). */
const mode = capture('mode', token('[-hdlbcpsCVML?][-rwxsStT]{9}[*.+]?', 'a mode such as -rw-r--r--'));
const owner = seq(capture('user', token('[^/ \\r\\n]+', 'an owner')), '/', capture('group', token('[^ \\r\\n]+', 'a group')));
const size = alt(
  seq(capture('major', digits('a major device number')), ',', capture('minor', digits('a minor device number'))),
  capture('size', digits('a size')),
);
const date = capture('date', token('\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d{1,9})?)?', 'a date such as 2026-11-21 10:00'));
/** The member: everything after the one space that follows the date (and the date's padding). */
const member = capture('member', token('[^\\r\\n]+', 'a member name'));

export const tarGrammar = compileGrammar(seq(blockPrefix, mode, spaces, owner, spaces, size, ' ', date, ' ', member));
const G = tarGrammar.groups;

const DECORATION = /^(?:block \d+: )?\*\* (?:Block of NULs|End of File) \*\*$/;

/** The shortest date GNU tar pads to (`YYYY-MM-DD HH:MM`). */
const DATE_WIDTH = 16;
/** `ugswidth`'s start (list.c). */
const UGS_WIDTH = 19;

interface TarState {
  /** GNU tar's `datewidth`: the widest date so far (names start after the padding). */
  dateWidth: number;
  /** GNU tar's `ugswidth`: owner, group and size fill at least this many columns (sticky). */
  ugsWidth: number;
  dialect: string | undefined;
}

function dialect(state: TarState, value: string, ctx: ParseContext): void {
  if (state.dialect === value) return;
  state.dialect = value;
  ctx.listing({ dialect: value });
}

/** Whether the first `count` characters are spaces. */
function isBlank(text: string, count: number): boolean {
  for (let i = 0; i < count; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** `YYYY-MM-DD HH:MM[:SS[.fraction]]` in the zone tar ran in, written into `entry`. */
export function setTarTime(entry: StatResult, textValue: string, ctx: ParseContext): void {
  const length = textValue.length;
  const seconds = length > 16 ? digitsAt(textValue, 17, 2) : undefined;
  // The fraction's first three digits are milliseconds (finer digits are truncated).
  const ms = length > 20 ? digitsAt(`${textValue.slice(20, 23)}00`, 0, 3) : undefined;
  const invalid = ctx.clock.shownTimeInto(
    entry,
    digitsAt(textValue, 0, 4),
    digitsAt(textValue, 5, 2),
    digitsAt(textValue, 8, 2),
    digitsAt(textValue, 11, 2),
    digitsAt(textValue, 14, 2),
    seconds,
    ms,
  );
  if (invalid !== undefined) throw new ParserError(invalid);
}

/** The number `length` ASCII digits at `at` stand for (the grammar matched them as digits). */
function digitsAt(textValue: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) value = value * 10 + textValue.charCodeAt(i) - 48;
  return value;
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    tar: NoFormatOptions;
  }
}

export class TarParser extends GrammarLineParser {
  readonly id = 'tar';
  override readonly description = 'tar -tv of GNU tar and BusyBox tar';
  readonly grammar = tarGrammar;

  override ignoresLine(line: string): boolean {
    return DECORATION.test(line);
  }

  build(m: Captures, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    const state = ctx.state(this, (): TarState => ({ dateWidth: DATE_WIDTH, ugsWidth: UGS_WIDTH, dialect: undefined }));
    const modeText = m[g.mode!]!;
    const parsedMode = tarMode(modeText);
    if (parsedMode === null) return null;
    const hardLink = modeText[0] === 'h';
    const entry = new StatResult('', parsedMode.type, this.id);
    if (m[g.major!] !== undefined) {
      entry.major = toInt(m[g.major!]!);
      entry.minor = toInt(m[g.minor!]!);
      dialect(state, 'gnu', ctx);
    } else if (!hardLink) {
      entry.size = toInt(m[g.size!]!);
      entry.sizePrecision = 1;
    }
    const dateText = m[g.date!]!;
    setTarTime(entry, dateText, ctx);
    if (dateText.length === DATE_WIDTH || dateText.length > 19 || hardLink) dialect(state, 'gnu', ctx);
    else if (state.dialect === undefined) this.columnDialect(m, g, state, ctx);
    entry.mode = parsedMode.mode;
    setOwner(entry, m[g.user!]!, m[g.group!]!);
    // tartime's `%-*s`: the date is padded to the widest so far, then one space.
    if (dateText.length > state.dateWidth) state.dateWidth = dateText.length;
    let shown = m[g.member!]!;
    const pad = state.dateWidth - dateText.length;
    if (pad > 0 && shown.length > pad && isBlank(shown, pad)) shown = shown.slice(pad);
    readMemberName(entry, shown, hardLink, ctx);
    return entry;
  }

  /**
   * GNU tar and BusyBox with seconds look alike; their owner/group/size columns do not. GNU tar pads
   * `user/group` and the size to its sticky `ugswidth` (19, growing); BusyBox prints the size `%9u`
   * after one space. Where the two rules give different widths, the line says which tool wrote it.
   */
  private columnDialect(m: Captures, g: Readonly<Record<string, number>>, state: TarState, ctx: ParseContext): void {
    const line = m[0]!;
    const user = m[g.user!]!;
    const group = m[g.group!]!;
    const sizeText = m[g.size!] ?? `${m[g.major!]},${m[g.minor!]}`;
    const start = line.indexOf(`${user}/${group} `, (m[g.block!]?.length ?? 0) + 10);
    const end = line.indexOf(` ${m[g.date!]!}`, start);
    if (start < 0 || end < 0) return;
    const shown = end - start;
    const pad = user.length + 1 + group.length + 1 + sizeText.length;
    if (pad > state.ugsWidth) state.ugsWidth = pad;
    const busybox = user.length + 1 + group.length + 1 + Math.max(9, sizeText.length);
    if (shown === busybox && shown !== state.ugsWidth) dialect(state, 'busybox', ctx);
    else if (shown === state.ugsWidth && shown !== busybox) dialect(state, 'gnu', ctx);
  }

  override format(entries: readonly StatResult[], options: TarFormatOptions = {}): string {
    return formatTar(entries, options);
  }
}

// ---- formatter -----------------------------------------------------------------------------------

export interface TarFormatOptions extends FormatOptions {
  /** `gnu` (default) or `busybox`. */
  style?: 'gnu' | 'busybox';
  /** GNU tar's `--full-time`: seconds (and milliseconds when not zero). */
  fullTime?: boolean;
  /** Escape every byte ≥ 0x80, as GNU tar does in the C locale. */
  cLocale?: boolean;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The date column, in the zone `clock` shows. */
function tarDate(clock: ServerClock, ms: number, seconds: boolean, fraction: boolean): string {
  const wall = new Date(clock.toWallClock(ms));
  let out = `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
  if (seconds) out += `:${two(wall.getUTCSeconds())}`;
  if (fraction && wall.getUTCMilliseconds() !== 0) out += `.${String(wall.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '')}`;
  return out;
}

/** Writes entries as `tar -tv` lines (GNU tar's columns, or BusyBox's with `style: 'busybox'`). */
export function formatTar(entries: readonly StatResult[], options: TarFormatOptions = {}): string {
  const clock = new ServerClock(options);
  const busybox = options.style === 'busybox';
  let ugsWidth = UGS_WIDTH;
  let dateWidth = DATE_WIDTH;
  let out = '';
  for (const entry of entries) {
    const path = entry.path ?? entry.name;
    if (path === '' || path.includes('\0')) throw new RangeError(`Cannot write ${JSON.stringify(path)} in a tar listing`);
    const hardLink = entry.facts?.hardLink;
    let modeText = formatUnixMode(entry.type, entry.mode ?? 0);
    if (hardLink !== undefined && !busybox) modeText = `h${modeText.slice(1)}`;
    const user = entry.owner ?? String(entry.uid ?? 0);
    const group = entry.group ?? String(entry.gid ?? 0);
    const sizeText = entry.major !== undefined && !busybox ? `${entry.major},${entry.minor ?? 0}` : String(hardLink !== undefined ? 0 : (entry.size ?? 0));
    const escape = (value: string, raw?: Uint8Array) => (busybox ? value : tarEscape(value, raw, options.cLocale));
    const raw = entry.path === undefined || entry.path === entry.name ? entry.rawName : undefined;
    let shown = escape(entry.type === 'directory' ? `${path}/` : path, raw);
    if (hardLink !== undefined) shown += busybox ? `${ARROW}${hardLink}` : `${LINK_TO}${escape(hardLink)}`;
    else if (entry.type === 'symlink' && entry.target !== undefined) shown += `${ARROW}${escape(entry.target)}`;
    const dateText = tarDate(clock, entry.mtimeMs ?? 0, busybox || options.fullTime === true, !busybox && options.fullTime === true);
    if (busybox) {
      out += `${modeText} ${user}/${group} ${sizeText.padStart(9)} ${dateText} ${shown}\n`;
      continue;
    }
    const pad = user.length + 1 + group.length + 1 + sizeText.length;
    if (pad > ugsWidth) ugsWidth = pad;
    if (dateText.length > dateWidth) dateWidth = dateText.length;
    out += `${modeText} ${user}/${group}${' '.repeat(ugsWidth - pad + 1)}${sizeText} ${dateText.padEnd(dateWidth)} ${shown}\n`;
  }
  return out;
}
