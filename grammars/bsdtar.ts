/**
 * `bsdtar -tv` (libarchive): `ls -l`-like lines. Read from libarchive's tar/util.c
 * (`list_item_verbose`, `safe_fprintf`, `bsdtar_expand_char`) and
 * libarchive/archive_entry_strmode.c (docs/sources/rsync-tar.md).
 *
 *   drwxr-xr-x  0 root   root        0 Mar  4  2022 tree/
 *   -rw-r--r--  0 nobody nogroup     1 Mar  4  2022 tree/owner-nobody
 *   hrw-r--r--  0 root   root        0 Mar  4  2022 tree/hardlink-2 link to tree/hardlink-1
 *   crw-r--r--  0 root   root     259,65536 Mar  4  2022 tree/char-dev-259-65536
 *   -rw-r--r--  0 root   root       41 Dec  4 05:44 tree/mtime-future-3d
 *
 * - `archive_entry_strmode`: 11 characters, the 11th `+` for an ACL, else a space (so two spaces
 *   follow the mode). `h` marks a hard link where the file type is unset.
 * - The link count (`%u`, 0 for tar members: headers carry none), the owner left-aligned in a column
 *   that starts 6 wide and only grows, the group, then the size (or `major,minor`) right-aligned.
 *   Numbers where no name is stored (or `--numeric-owner`) also fill `uid`/`gid`.
 * - The date is `ls -l`'s in the local zone of the machine that ran bsdtar (`timeZone`): `%b %e %H:%M`
 *   when the time is within half a year (365 × 86400 / 2 seconds) of now, **before or after**, else
 *   `%b %e  %Y`. A year not shown is the one that puts the date nearest to `now`, as that rule implies
 *   (not an FTP year rule: bsdtar shows the near future without a year too). Month names are read
 *   in every language the month table knows (`%b` follows the locale); the day-first order BSD and
 *   macOS use in day-first locales (`%e %b`, `D_MD_ORDER`) is not read.
 * - Names and targets are escaped as GNU tar's (`\\`, C escapes, `\ooo`) and never translated;
 *   ` link to ` follows a hard link (only an `h` line is split there), ` -> ` a symlink.
 *
 * `path` is the member's path without the trailing `/` of directories; `name` is its last component.
 */
import { type Captures, alt, capture, compileGrammar, digits, seq, spaces, toInt, token, word } from 'dirlisting/grammar';
import {
  ENGLISH_MONTHS,
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  ServerClock,
  StatResult,
  formatUnixMode,
  invalidWallClock,
  lineShare,
  sampleLines,
  wallClockMs,
  type NoFormatOptions,
} from 'dirlisting';
import { lsDate, monthNumber } from './ls-date.js';
import { readMemberName, setOwner, tarEscape, tarMode } from './tar.js';

const mode = capture('mode', token('[-hdlbcpsCVML?][-rwxsStT]{9}[+]?', 'a mode such as -rw-r--r--'));
const size = alt(
  seq(capture('major', digits('a major device number')), ',', capture('minor', digits('a minor device number'))),
  capture('size', digits('a size')),
);
const tail = capture('tail', token(' [^\\r\\n]+', 'a space and a name'));

export const bsdtarGrammar = compileGrammar(
  seq(mode, spaces, capture('links', digits('a link count')), spaces, capture('user', word), spaces, capture('group', word), spaces, size, ' ', lsDate, tail),
);
const G = bsdtarGrammar.groups;

/** `list_item_verbose`: a date within this much of now (either way) shows the time, not the year. */
const HALF_YEAR_MS = (365 * 86_400 / 2) * 1000;

/** The year of `Mon DD HH:MM` as bsdtar chose to print it: the one nearest to `now`. */
function nearestTime(ctx: ParseContext, month: number, day: number, hour: number, minute: number): number {
  const clock = ctx.clock;
  const nowYear = new Date(clock.toWallClock(clock.nowMs)).getUTCFullYear();
  let best: number | undefined;
  for (const year of [nowYear - 1, nowYear, nowYear + 1]) {
    if (invalidWallClock(year, month, day, hour, minute) !== undefined) continue;
    const instant = clock.toInstant(wallClockMs(year, month, day, hour, minute));
    if (best === undefined || Math.abs(instant - clock.nowMs) < Math.abs(best - clock.nowMs)) best = instant;
  }
  if (best === undefined) throw new ParserError(`day ${day} does not exist in month ${month} near now`);
  return best;
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    bsdtar: NoFormatOptions;
  }
}

export class BsdtarParser extends GrammarLineParser {
  readonly id = 'bsdtar';
  override readonly description = 'bsdtar -tv (libarchive)';
  readonly grammar = bsdtarGrammar;

  build(m: Captures, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    const modeText = m[g.mode!]!;
    const parsedMode = tarMode(modeText);
    if (parsedMode === null) return null;
    const hardLink = modeText[0] === 'h';
    const entry = new StatResult('', parsedMode.type, this.id);
    if (m[g.major!] !== undefined) {
      entry.major = toInt(m[g.major!]!);
      entry.minor = toInt(m[g.minor!]!);
    } else if (!hardLink) {
      entry.size = toInt(m[g.size!]!);
      entry.sizePrecision = 1;
    }
    const month = monthNumber(m[g.month!]!, ctx);
    const day = toInt(m[g.day!]!);
    const year = m[g.year!];
    if (year !== undefined) {
      const invalid = ctx.clock.shownTimeInto(entry, toInt(year), month, day, undefined, undefined);
      if (invalid !== undefined) throw new ParserError(invalid);
    } else {
      entry.mtimeMs = nearestTime(ctx, month, day, toInt(m[g.hour!]!), toInt(m[g.minute!]!));
      entry.mtimePrecision = 'minute';
    }
    entry.mode = parsedMode.mode;
    entry.nlink = toInt(m[g.links!]!);
    setOwner(entry, m[g.user!]!, m[g.group!]!);
    readMemberName(entry, m[g.tail!]!.slice(1), hardLink, ctx);
    return entry;
  }

  /**
   * `ls -l` lines read as bsdtar lines too; only what tar shows is evidence: member paths (a `/`
   * before any ` -> `), hard links (`h`), or link counts of 0 on most lines. Without it the share
   * is quartered, below the floor, and `unix` keeps its own listings.
   */
  override detect(sample: string, ctx: ParseContext): number {
    let considered = 0;
    let parsed = 0;
    let zeroLinks = 0;
    let evidence = false;
    for (const line of sampleLines(sample)) {
      considered++;
      const entry = this.tryLine(line, ctx);
      if (entry === undefined) continue;
      parsed++;
      if (entry === null) continue;
      if (entry.nlink === 0) zeroLinks++;
      if (entry.path !== entry.name || entry.facts?.hardLink !== undefined) evidence = true;
    }
    const share = lineShare(considered, parsed, 0);
    return evidence || (parsed > 0 && zeroLinks * 2 >= parsed) ? share : share / 4;
  }

  override format(entries: readonly StatResult[], options: FormatOptions & { cLocale?: boolean } = {}): string {
    return formatBsdtar(entries, options);
  }
}

/** Writes entries as `bsdtar -tv` lines (English month names). */
export function formatBsdtar(entries: readonly StatResult[], options: FormatOptions & { cLocale?: boolean } = {}): string {
  const clock = new ServerClock(options);
  let userWidth = 6;
  let gsWidth = 13;
  let out = '';
  for (const entry of entries) {
    const path = entry.path ?? entry.name;
    if (path === '' || path.includes('\0')) throw new RangeError(`Cannot write ${JSON.stringify(path)} in a tar listing`);
    const hardLink = entry.facts?.hardLink;
    let modeText = `${formatUnixMode(entry.type, entry.mode ?? 0)} `;
    if (hardLink !== undefined) modeText = `h${modeText.slice(1)}`;
    const user = entry.owner ?? String(entry.uid ?? 0);
    const group = entry.group ?? String(entry.gid ?? 0);
    if (/\s/.test(user) || /\s/.test(group) || user === '' || group === '') throw new RangeError('bsdtar owners and groups are written as one word each');
    const sizeText = entry.major !== undefined ? `${entry.major},${entry.minor ?? 0}` : String(hardLink !== undefined ? 0 : (entry.size ?? 0));
    if (user.length > userWidth) userWidth = user.length;
    if (group.length + sizeText.length >= gsWidth) gsWidth = group.length + sizeText.length + 1;
    const ms = entry.mtimeMs ?? 0;
    const wall = new Date(clock.toWallClock(ms));
    const month = ENGLISH_MONTHS[wall.getUTCMonth()]!;
    const day = String(wall.getUTCDate()).padStart(2);
    const dateText =
      Math.abs(ms - clock.nowMs) > HALF_YEAR_MS
        ? `${month} ${day}  ${wall.getUTCFullYear()}`
        : `${month} ${day} ${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
    const raw = entry.path === undefined || entry.path === entry.name ? entry.rawName : undefined;
    let shown = tarEscape(entry.type === 'directory' ? `${path}/` : path, raw, options.cLocale);
    if (hardLink !== undefined) shown += ` link to ${tarEscape(hardLink, undefined, options.cLocale)}`;
    else if (entry.type === 'symlink' && entry.target !== undefined) shown += ` -> ${tarEscape(entry.target, undefined, options.cLocale)}`;
    out += `${modeText} ${entry.nlink ?? 0} ${user.padEnd(userWidth)} ${group}${sizeText.padStart(gsWidth - group.length)} ${dateText} ${shown}\n`;
  }
  return out;
}
