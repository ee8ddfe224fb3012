/**
 * OpenVMS `DIRECTORY` output as VMS FTP servers send it for `LIST` (Process Software MultiNet and
 * TCPware, HP/Compaq TCP/IP Services "UCX"):
 *
 *   Directory DISK$USER:[ANONYMOUS]
 *
 *   1-JUN.LIS;1              9/9           2-JUN-1998 07:32:04  [GROUP,OWNER]    (RWED,RWED,RWED,RE)
 *   DATA.DIR;1               1/9           2-JUN-1998 07:32:04  [TRANSLATED]     (RWE,RWE,RE,RE)
 *   00README.TXT;1      2 30-DEC-1996 17:44 [SYSTEM] (RWED,RWED,RE,RE)
 *   UCX$REXECD_STARTUP.LOG;1098
 *                            4/15         24-FEB-2003 13:17:24  [POSTWARE,LP]    (RWED,RWED,RE,)
 *
 *   Total of 4 files, 16/42 blocks.
 *
 * Columns: `NAME.TYPE;VERSION`, blocks used[/allocated], `D-MON-YYYY HH:MM[:SS[.CC]]`, the owner
 * UIC `[GROUP,MEMBER]` or `[IDENTIFIER]`, and the protection `(SYSTEM,OWNER,GROUP,WORLD)`. A name too
 * long for its column is followed by a line break and the rest of the entry (Commons Net
 * VMSFTPEntryParser.readNextEntry; VMSFTPEntryParserTest samples `UCX$REXECD_STARTUP.LOG;1098`).
 */
import { type Captures, capture, compileGrammar, opt, seq, spaces, token } from 'dirlisting/grammar';
import {
  type FormatOptions,
  GrammarLineParser,
  invalidWallClock,
  ParseContext,
  ParserError,
  S_IFDIR,
  S_IFREG,
  sampleLines,
  ServerClock,
  StatResult,
  wallClockMs,
  requireField,
} from 'dirlisting';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * `NAME.TYPE;VERSION`. ODS-2 names are `[A-Z0-9$_-]`, ODS-5 names may hold more (escaped with `^`),
 * so the name is anything up to the `;` that starts the version, as in Commons Net's `(.*?;[0-9]+)`
 * (but without spaces: `DATA.DIR; 1` is a Commons Net bad sample).
 */
const fileName = seq(
  capture('name', token('[^ \\t;\\r\\n]+', 'a file name')),
  ';',
  capture('version', token('\\d{1,5}', 'a version number')),
);

/** Blocks used, and allocated when shown (`9/9`; MultiNet and `ALLOCMISS.COM;1  1` show only the used). */
const blocks = seq(
  capture('used', token('\\d+', 'a number of blocks')),
  opt('/', capture('allocated', token('\\d+', 'a number of allocated blocks'))),
);

/** `2-JUN-1998 07:32:04`, `30-DEC-1996 17:44`, `/DATE=FULL`'s `07:32:04.25`; months in any case (`2-jun-1998`). */
const date = seq(
  capture('day', token('\\d{1,2}', 'a day of the month')),
  '-',
  capture('month', token('[A-Za-z]{3}', 'a month such as JUN')),
  '-',
  capture('year', token('\\d{4}', 'a year YYYY')),
  spaces,
  capture('time', token('\\d{1,2}:\\d\\d(?::\\d\\d(?:\\.\\d{1,2})?)?', 'a time HH:MM:SS')),
);

/**
 * The owner UIC: `[GROUP,MEMBER]` (names or octal numbers) or one rights identifier `[SYSTEM]`; the
 * characters of VMS identifiers only (`[GROUP-1,OWNER]` is a Commons Net bad sample). Servers that
 * pad the column cut long UICs before the `]` (`[AP_HTTPD,APACHE$WWW   (RWE,…)`, a Commons Net good
 * sample), so the bracket may be missing.
 */
const IDENTIFIER = '[0-9A-Za-z$_]+';
const uic = seq(
  '[',
  capture('uic1', token(IDENTIFIER, 'a UIC such as [GROUP,OWNER]')),
  opt(',', capture('uic2', token(IDENTIFIER, 'a UIC member'))),
  opt(']'),
);

/** `(RWED,RWED,RE,)`: read, write, execute, delete for system, owner, group and world. */
const RIGHTS = '[RWED]{0,4}';
const protection = seq(
  '(',
  capture('system', token(RIGHTS, 'access letters RWED')),
  ',',
  capture('ownerAccess', token(RIGHTS, 'access letters RWED')),
  ',',
  capture('groupAccess', token(RIGHTS, 'access letters RWED')),
  ',',
  capture('world', token(RIGHTS, 'access letters RWED')),
  ')',
);

/** One entry on one line; a wrapped entry is read with its line break turned into a space. */
export const vmsGrammar = compileGrammar(
  seq(fileName, spaces, blocks, spaces, date, opt(spaces, uic), opt(spaces, protection), opt(spaces)),
);

const G = vmsGrammar.groups;

/** `Directory DISK$USER:[DIR]`, or the bare `DISK$ANONFTP:[ANONYMOUS]` (ftpparse's "useless" lines). */
const HEADER_LINE = /^(?:Directory\s+(?:[\w$-]+:)?[[<][\w$.-]*[\]>]|(?:[\w$-]+:)?\[[\w$.-]*\]|[\w$-]+:<[\w$.-]*>)$/;
/** `Total of 4 files, 16/42 blocks.`, `Total 14 files` (Commons Net), `Grand total of 2 directories, 9 files, …`. */
const TOTAL_LINE = /^(?:Grand total|Total)(?: of)? \d+ (?:files?|directories|directory)\b/i;
/** `%DIRECT-W-NOFILES, no files found`: the message an empty directory answers with. */
const NO_FILES_LINE = /^%DIRECT-W-NOFILES\b/;

/** A record that is only `NAME;VERSION` continues on the next line (the name filled its column). */
const WRAPPED_NAME = /^[^ \t;]+;\d{1,5} *$/;

/** Month abbreviations: VMS prints them in English whatever the locale. */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** One disk block: sizes are shown in blocks of 512 bytes. */
export const VMS_BLOCK = 512;

// ---- meaning -------------------------------------------------------------------------------------

/** The mode bits each access letter gives, per class; the system class has no place in a Unix mode. */
const ACCESS_BITS: Readonly<Record<string, number>> = { R: 4, W: 2, E: 1, D: 0 };

/**
 * VMS protection to permission bits, as Commons Net VMSFTPEntryParser maps it: owner -> user,
 * group -> group, world -> other; R -> r, W -> w, E (execute, for a directory: lookup) -> x. D
 * (delete) and the system class have no mode bit; they stay in `facts.protection`.
 */
export function vmsProtectionToMode(owner: string, group: string, world: string): number {
  const bits = (letters: string) => [...letters].reduce((sum, letter) => sum | (ACCESS_BITS[letter] ?? 0), 0);
  return (bits(owner) << 6) | (bits(group) << 3) | bits(world);
}

export interface VmsOptions {
  /** Keep only the highest version of each file (Commons Net's versioning VMS parser). Default false. */
  highestVersionOnly?: boolean;
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    vms: VmsOptions;
  }
}

export class VmsParser extends GrammarLineParser {
  readonly id = 'vms';
  /** VMS servers answer SYST with `VMS …` (Commons Net FTPClientConfig.SYST_VMS; MultiNet `VMS MultiNet V5.5`). */
  override readonly systems = /VMS/i;
  override readonly description = 'OpenVMS DIRECTORY (MultiNet, TCPware, UCX FTP LIST)';
  readonly grammar = vmsGrammar;

  override ignoresLine(line: string): boolean {
    const text = line.trim();
    return HEADER_LINE.test(text) || TOTAL_LINE.test(text) || NO_FILES_LINE.test(text);
  }

  override continuesOnNextLine(record: string): boolean {
    return WRAPPED_NAME.test(record);
  }

  /** A wrapped entry (`NAME;1\n    4/15  …`) reads as the one line it would be with a wide column. */
  override parseLine(line: string, ctx: ParseContext): StatResult | null {
    if (!line.includes('\n')) return super.parseLine(line, ctx);
    const entry = super.parseLine(line.replace('\n', ' '), ctx);
    if (entry !== null && ctx.keepRaw) entry.raw = line;
    return entry;
  }

  /** A record the grammar does not match costs a failed match, not parseLine's diagnosis. */
  override tryLine(line: string, ctx: ParseContext): StatResult | null | undefined {
    return this.grammar.matchLine.test(line.includes('\n') ? line.replace('\n', ' ') : line) ? super.tryLine(line, ctx) : undefined;
  }

  /** The share of records read, with wrapped entries joined as the session joins them. */
  override detect(sample: string): number {
    const ctx = new ParseContext({ now: 0 });
    let considered = 0;
    let parsed = 0;
    let ignored = 0;
    let pending: string | undefined;
    for (const line of sampleLines(sample)) {
      if (pending === undefined && this.ignoresLine(line)) {
        considered++;
        ignored++;
        continue;
      }
      const record = pending === undefined ? line : `${pending}\n${line}`;
      if (pending === undefined && this.continuesOnNextLine(record)) {
        pending = record;
        continue;
      }
      pending = undefined;
      considered++;
      if (this.tryLine(record, ctx) !== undefined) parsed++;
    }
    if (considered === 0) return 0;
    return parsed > 0 ? (parsed + ignored) / considered : (0.5 * ignored) / considered;
  }

  build(m: Captures, ctx: ParseContext): StatResult {
    let name = m[G.name]!;
    // `NAME.DIR;1` is the directory `NAME` (ftpparse; OpenVMS User's Manual: directory files have type .DIR).
    const isDirectory = /\.DIR$/i.test(name) && name.length > 4;
    if (isDirectory) name = name.slice(0, -4);
    const entry = new StatResult(name, isDirectory ? 'directory' : 'file', this.id);
    const facts: Record<string, string> = { version: String(Number(m[G.version])) };

    const used = Number(m[G.used]);
    // Blocks of 512 bytes: the file's bytes lie in (size - 512, size] (Commons Net: size = blocks * 512).
    entry.size = used * VMS_BLOCK;
    entry.sizePrecision = used === 0 ? 1 : VMS_BLOCK;
    facts.blocks = String(used);
    if (m[G.allocated] !== undefined) facts.allocated = String(Number(m[G.allocated]));

    const shown = vmsTime(ctx.clock, m[G.day]!, m[G.month]!, m[G.year]!, m[G.time]!);
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;

    // [GROUP,MEMBER] names the group then the owner; one identifier is the owner alone.
    if (m[G.uic2] !== undefined) {
      entry.group = m[G.uic1];
      entry.owner = m[G.uic2];
    } else if (m[G.uic1] !== undefined) {
      entry.owner = m[G.uic1];
    }

    if (m[G.system] !== undefined) {
      const [system, owner, group, world] = [m[G.system]!, m[G.ownerAccess]!, m[G.groupAccess]!, m[G.world]!];
      entry.mode = (isDirectory ? S_IFDIR : S_IFREG) | vmsProtectionToMode(owner, group, world);
      facts.protection = `${system},${owner},${group},${world}`;
    }
    entry.facts = facts;
    return entry;
  }

  /** Only `formatOptions.vms.highestVersionOnly` needs the whole listing; otherwise entries stream. */
  override holdsListing(ctx: ParseContext): boolean {
    return (ctx.optionsFor(this.id) as VmsOptions).highestVersionOnly === true;
  }

  /** `formatOptions.vms.highestVersionOnly`: only the newest version of each name stays, in its place. */
  override finishListing(entries: StatResult[]): StatResult[] {
    return highestVersions(entries);
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatVms(entries, options);
  }
}

/**
 * The entries without the older versions of a file (Commons Net VMSVersioningFTPEntryParser.preParse):
 * the highest version of each name keeps its place. Names compare without case, as VMS looks them up.
 * Entries of other formats (a mixed listing) pass through.
 */
export function highestVersions(entries: readonly StatResult[]): StatResult[] {
  const key = (entry: StatResult) => `${entry.type}:${entry.name.toUpperCase()}`;
  const highest = new Map<string, number>();
  for (const entry of entries) {
    const version = entry.format === 'vms' ? Number(entry.facts?.version) : NaN;
    if (!Number.isFinite(version)) continue;
    highest.set(key(entry), Math.max(version, highest.get(key(entry)) ?? -1));
  }
  return entries.filter((entry) => {
    const version = entry.format === 'vms' ? Number(entry.facts?.version) : NaN;
    return !Number.isFinite(version) || version === highest.get(key(entry));
  });
}

function vmsTime(clock: ServerClock, day: string, monthName: string, year: string, time: string) {
  const month = MONTHS.indexOf(monthName.toUpperCase()) + 1;
  if (month === 0) throw new ParserError(`unknown month name '${monthName}'`);
  const [hh, mm, ss] = time.split(':');
  const [seconds, hundredths] = (ss ?? '').split('.');
  const args = [Number(year), month, Number(day), Number(hh), Number(mm), ss === undefined ? 0 : Number(seconds)] as const;
  const invalid = invalidWallClock(...args);
  if (invalid) throw new ParserError(invalid);
  const ms = hundredths === undefined ? 0 : Number(hundredths.padEnd(3, '0'));
  return {
    mtimeMs: clock.toInstant(wallClockMs(...args, ms)),
    // A fraction of a second is `millisecond`, as the unix full-iso time is.
    mtimePrecision: ss === undefined ? 'minute' : hundredths === undefined ? 'second' : 'millisecond',
  } as const;
}

// ---- formatter -----------------------------------------------------------------------------------

const LETTERS = ['R', 'W', 'E'] as const;

/** The access letters of one class from three mode bits; W also gives D, as VMS's default protections do. */
function accessLetters(bits: number): string {
  let out = '';
  LETTERS.forEach((letter, i) => {
    if (bits & (4 >> i)) out += letter;
  });
  if (bits & 2) out += 'D';
  return out;
}

const PROTECTION = /^[RWED]{0,4},[RWED]{0,4},[RWED]{0,4},[RWED]{0,4}$/;

/**
 * Writes entries as a UCX `DIRECTORY/SIZE=ALL/DATE/OWNER/PROTECTION` listing. The protection comes
 * from `facts.protection` when it matches the mode, otherwise from the mode (system = owner's letters
 * plus all of RWED); blocks from `facts.blocks`, else the size rounded up to whole blocks.
 */
export function formatVms(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      const label = JSON.stringify(entry.name);
      if (entry.type !== 'file' && entry.type !== 'directory') throw new RangeError(`A VMS listing cannot show a ${entry.type} (${label})`);
      if (!/^[^\s;]+$/.test(entry.name)) throw new RangeError(`Cannot write ${label} in a VMS listing: a name has no spaces or ';'`);
      if (entry.type === 'file' && /\.DIR$/i.test(entry.name)) throw new RangeError(`Cannot write the file ${label} in a VMS listing: .DIR names a directory`);
      const version = entry.facts?.version ?? '1';
      if (!/^\d{1,5}$/.test(version)) throw new RangeError(`Cannot write version '${version}' of ${label} in a VMS listing`);
      const name = `${entry.name}${entry.type === 'directory' ? '.DIR' : ''};${version}`;
      const used = entry.facts?.blocks ?? String(Math.ceil((entry.size ?? 0) / VMS_BLOCK));
      const allocated = entry.facts?.allocated ?? used;
      const wall = new Date(clock.toWallClock(requireField(entry, 'mtimeMs', 'vms')));
      const year = wall.getUTCFullYear();
      if (year < 1000 || year > 9999) throw new RangeError(`A VMS listing cannot show the year ${year} (${label})`);
      const dateText =
        `${wall.getUTCDate()}-${MONTHS[wall.getUTCMonth()]}-${year} ` +
        `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
      const owner = entry.owner === undefined ? '' : `[${entry.group === undefined ? '' : `${entry.group},`}${entry.owner}]`;
      if (owner && !/^\[(?:[0-9A-Za-z$_]+,)?[0-9A-Za-z$_]+\]$/.test(owner)) throw new RangeError(`Cannot write the owner ${owner} in a VMS listing`);
      const line = `${name.padEnd(24)} ${`${used}/${allocated}`.padEnd(13)} ${dateText.padStart(20)}  ${owner.padEnd(16)} ${protectionOf(entry)}`;
      return `${line.trimEnd()}\n`;
    })
    .join('');
}

function protectionOf(entry: StatResult): string {
  const fact = entry.facts?.protection;
  if (entry.mode === undefined) return fact !== undefined && PROTECTION.test(fact) ? `(${fact})` : '';
  const perms = entry.mode & 0o777;
  if (fact !== undefined && PROTECTION.test(fact)) {
    const [, o, g, w] = fact.split(',') as [string, string, string, string];
    if (vmsProtectionToMode(o, g, w) === perms) return `(${fact})`;
  }
  const owner = accessLetters(perms >> 6);
  return `(RWED,${owner},${accessLetters((perms >> 3) & 7)},${accessLetters(perms & 7)})`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
