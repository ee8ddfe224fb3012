/**
 * The "JS ceiling": hand-written charCode scanners for `ls -l` and MS-DOS lines. They walk the whole
 * text with `indexOf('\n')` + `charCodeAt`, convert numbers and dates by arithmetic, and build one
 * object per entry with the same fields (and values; bench/verify.ts checks) that dirlisting gives.
 *
 * What they skip, on purpose (a line they cannot read is counted as skipped, never guessed):
 * - Unix: only English 3-letter months, no ISO (`--time-style`) or CJK dates, no `ls -o` (missing
 *   group column), groups with spaces only when no group word starts with a digit, UTC server clock
 *   only, no `total` translations other than `total`, no `keepRaw`, no error reasons.
 * - DOS: the 4 tags `<DIR>`, `<JUNCTION>`, `<SYMLINKD>`, `<SYMLINK>` only, UTC only, no error reasons.
 */

/** The fields dirlisting's StatResult carries for these two formats (and nothing else). */
export class ScanEntry {
  name: string;
  type: string;
  size: number | undefined = undefined;
  sizePrecision: number | undefined = undefined;
  mtimeMs = 0;
  mtimePrecision: string;
  mode: number | undefined = undefined;
  nlink: number | undefined = undefined;
  owner: string | undefined = undefined;
  group: string | undefined = undefined;
  uid: number | undefined = undefined;
  gid: number | undefined = undefined;
  major: number | undefined = undefined;
  minor: number | undefined = undefined;
  target: string | undefined = undefined;
  format: string;

  constructor(name: string, type: string, format: string, precision: string) {
    this.name = name;
    this.type = type;
    this.format = format;
    this.mtimePrecision = precision;
  }
}

export interface ScanResult {
  entries: ScanEntry[];
  skipped: number;
}

const DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  return d >= 1 && (d <= MONTH_DAYS[m]! || (m === 2 && d === 29 && isLeap(y)));
}

/** `jan` -> 1 … by the three lower-cased letters packed into one integer. */
function monthOf(a: number, b: number, c: number): number {
  switch (((a | 32) << 16) | ((b | 32) << 8) | (c | 32)) {
    case 0x6a616e: return 1; // jan
    case 0x666562: return 2; // feb
    case 0x6d6172: return 3; // mar
    case 0x617072: return 4; // apr
    case 0x6d6179: return 5; // may
    case 0x6a756e: return 6; // jun
    case 0x6a756c: return 7; // jul
    case 0x617567: return 8; // aug
    case 0x736570: return 9; // sep
    case 0x6f6374: return 10; // oct
    case 0x6e6f76: return 11; // nov
    case 0x646563: return 12; // dec
    default: return 0;
  }
}

const TYPE_OF: Record<number, [string, number]> = {
  0x2d: ['file', 0o100000], // -
  0x66: ['file', 0o100000], // f
  0x64: ['directory', 0o040000],
  0x6c: ['symlink', 0o120000],
  0x62: ['block-device', 0o060000],
  0x63: ['char-device', 0o020000],
  0x70: ['fifo', 0o010000],
  0x73: ['socket', 0o140000],
};

/** Permission bits of one letter in column `col` (0-8) of the mode string, or -1 if invalid there. */
function permBits(c: number, col: number): number {
  if (c === 0x2d) return 0;
  const bit = 1 << (8 - col);
  const kind = col % 3;
  if (kind === 0) return c === 0x72 ? bit : -1; // r
  if (kind === 1) return c === 0x77 ? bit : -1; // w
  if (c === 0x78) return bit; // x
  const special = col === 2 ? 0o4000 : col === 5 ? 0o2000 : 0o1000;
  if (col < 8 && c === 0x73) return bit | special; // s
  if (col < 8 && c === 0x53) return special; // S
  if (col === 8 && c === 0x74) return bit | special; // t
  if (col === 8 && c === 0x54) return special; // T
  if (col === 5 && (c === 0x6c || c === 0x4c)) return special; // l, L
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Scans a whole `ls -l` listing. `nowMs` is the listing time for yearless dates (UTC server clock). */
export function scanUnix(text: string, nowMs: number): ScanResult {
  const entries: ScanEntry[] = [];
  let skipped = 0;
  const nowYear = new Date(nowMs).getUTCFullYear();
  const latest = nowMs + DAY; // a yearless date later than this is last year's (dirlisting's tolerance)
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = eol + 1;
    if (end === start) continue;
    const r = unixLine(text, start, end, nowYear, latest);
    if (r === null) continue; // . / .. / total
    if (r === undefined) skipped++;
    else entries.push(r);
  }
  return { entries, skipped };
}

/** One line in [p, end): an entry, `null` for no entry, `undefined` for a line it cannot read. */
function unixLine(s: string, p: number, end: number, nowYear: number, latest: number): ScanEntry | null | undefined {
  const t = TYPE_OF[s.charCodeAt(p)];
  if (t === undefined) return s.startsWith('total ', p) ? null : undefined;
  let mode = t[1];
  for (let col = 0; col < 9; col++) {
    const bits = permBits(s.charCodeAt(p + 1 + col), col);
    if (bits < 0) return undefined;
    mode |= bits;
  }
  let i = p + 10;
  let c = s.charCodeAt(i);
  if (c === 0x2b || c === 0x2e || c === 0x40) c = s.charCodeAt(++i); // + . @ (ACL/xattr mark)
  if (c !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  // link count
  let nlink = 0;
  const linkStart = i;
  for (c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) nlink = nlink * 10 + (c - 48);
  if (i === linkStart || c !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  // owner, noting whether it is numeric
  const ownerStart = i;
  let uid = 0;
  let ownerNumeric = true;
  for (c = s.charCodeAt(i); c !== 32 && i < end; c = s.charCodeAt(++i)) {
    if (isDigit(c)) uid = uid * 10 + (c - 48);
    else ownerNumeric = false;
  }
  const ownerEnd = i;
  if (i === ownerStart || i >= end) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  // group: words until one starts with a digit (the size); the first word always belongs to it
  const groupStart = i;
  let groupEnd = i;
  let gid = 0;
  let groupNumeric = true;
  for (;;) {
    for (c = s.charCodeAt(i); c !== 32 && i < end; c = s.charCodeAt(++i)) {
      if (isDigit(c)) gid = gid * 10 + (c - 48);
      else groupNumeric = false;
    }
    groupEnd = i;
    if (i >= end) return undefined;
    while (s.charCodeAt(i) === 32) i++;
    if (isDigit(s.charCodeAt(i))) break;
    groupNumeric = false;
  }
  // size, or `major, minor`
  let size = 0;
  for (c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) size = size * 10 + (c - 48);
  let minor = -1;
  if (c === 0x2c) {
    i++;
    while (s.charCodeAt(i) === 32) i++;
    minor = 0;
    const minorStart = i;
    for (c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) minor = minor * 10 + (c - 48);
    if (i === minorStart) return undefined;
  }
  if (c !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  // month: exactly three letters
  const month = monthOf(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2));
  if (month === 0 || s.charCodeAt(i + 3) !== 32) return undefined;
  i += 3;
  while (s.charCodeAt(i) === 32) i++;
  let day = 0;
  const dayStart = i;
  for (c = s.charCodeAt(i); isDigit(c) && i - dayStart < 2; c = s.charCodeAt(++i)) day = day * 10 + (c - 48);
  if (i === dayStart || c !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  // `HH:MM` or `YYYY`
  let a = 0;
  const aStart = i;
  for (c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) a = a * 10 + (c - 48);
  const aLen = i - aStart;
  let mtimeMs: number;
  let precision: string;
  if (c === 0x3a) {
    if (aLen < 1 || aLen > 2 || !isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) return undefined;
    const minute = (s.charCodeAt(i + 1) - 48) * 10 + (s.charCodeAt(i + 2) - 48);
    i += 3;
    if (a > 23 || minute > 59) return undefined;
    // The year of a yearless date: this year, or last year if that would lie in the future.
    let year = nowYear;
    const inDay = a * 3_600_000 + minute * 60_000;
    if (daysFromCivil(year, month, day) * DAY + inDay > latest) year--;
    if (month === 2 && day === 29) while (!isLeap(year)) year--;
    if (!validDay(year, month, day)) return undefined;
    mtimeMs = daysFromCivil(year, month, day) * DAY + inDay;
    precision = 'minute';
  } else {
    if (aLen !== 4 || !validDay(a, month, day)) return undefined;
    mtimeMs = daysFromCivil(a, month, day) * DAY;
    precision = 'day';
  }
  if (s.charCodeAt(i) !== 32 || i + 1 >= end) return undefined;
  // name: everything after the single space that follows the date
  let name = s.slice(i + 1, end);
  let target: string | undefined;
  const type = t[0];
  if (type === 'symlink') {
    const arrow = name.indexOf(' -> ');
    if (arrow >= 0) {
      target = name.slice(arrow + 4);
      name = name.slice(0, arrow);
    }
  }
  if (name === '.' || name === '..') return null;
  if (type === 'directory' && name.length > 1 && name.charCodeAt(name.length - 1) === 0x2f) name = name.slice(0, -1);
  if (name.includes('/')) return undefined;

  const e = new ScanEntry(name, type, 'unix', precision);
  e.mode = mode;
  e.nlink = nlink;
  e.owner = s.slice(ownerStart, ownerEnd);
  if (ownerNumeric) e.uid = uid;
  e.group = s.slice(groupStart, groupEnd);
  if (groupNumeric) e.gid = gid;
  if (minor >= 0) {
    e.major = size;
    e.minor = minor;
  } else {
    e.size = size;
    e.sizePrecision = 1;
  }
  e.mtimeMs = mtimeMs;
  e.target = target;
  return e;
}

/** Scans a whole MS-DOS/IIS listing (`MM-DD-YY  hh:mmAM  <DIR>|size  name`), server clock UTC. */
export function scanDos(text: string): ScanResult {
  const entries: ScanEntry[] = [];
  let skipped = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = eol + 1;
    if (end === start) continue;
    const r = dosLine(text, start, end);
    if (r === undefined) skipped++;
    else entries.push(r);
  }
  return { entries, skipped };
}

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function dosLine(s: string, p: number, end: number): ScanEntry | undefined {
  const month = two(s, p);
  const day = two(s, p + 3);
  if (month < 1 || month > 12 || day < 0 || s.charCodeAt(p + 2) !== 0x2d || s.charCodeAt(p + 5) !== 0x2d) return undefined;
  let year = two(s, p + 6);
  if (year < 0) return undefined;
  let i = p + 8;
  if (isDigit(s.charCodeAt(i))) {
    const low = two(s, i);
    if (low < 0) return undefined;
    year = year * 100 + low;
    i += 2;
  } else {
    year += year < 70 ? 2000 : 1900;
  }
  if (s.charCodeAt(i) !== 32 || !validDay(year, month, day)) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  let hour = 0;
  const hourStart = i;
  let c: number;
  for (c = s.charCodeAt(i); isDigit(c) && i - hourStart < 2; c = s.charCodeAt(++i)) hour = hour * 10 + (c - 48);
  if (i === hourStart || c !== 0x3a) return undefined;
  const minute = two(s, i + 1);
  if (minute < 0 || minute > 59) return undefined;
  i += 3;
  c = s.charCodeAt(i) | 32;
  if (c === 0x61 || c === 0x70) {
    // AM / PM
    if ((s.charCodeAt(i + 1) | 32) !== 0x6d || hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (c === 0x70 ? 12 : 0);
    i += 2;
  }
  if (hour > 23 || s.charCodeAt(i) !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  let type = 'file';
  let size = 0;
  if (s.charCodeAt(i) === 0x3c) {
    // <DIR> <JUNCTION> <SYMLINKD> <SYMLINK>
    const close = s.indexOf('>', i);
    if (close < 0 || close >= end) return undefined;
    const tag = s.slice(i + 1, close);
    if (tag === 'DIR') type = 'directory';
    else if (tag === 'JUNCTION' || tag === 'SYMLINKD' || tag === 'SYMLINK') type = 'symlink';
    else return undefined;
    i = close + 1;
  } else {
    // digits, with `,` or `.` thousands separators
    const sizeStart = i;
    for (c = s.charCodeAt(i); isDigit(c) || ((c === 0x2c || c === 0x2e) && i > sizeStart); c = s.charCodeAt(++i)) {
      if (isDigit(c)) size = size * 10 + (c - 48);
    }
    if (i === sizeStart) return undefined;
  }
  if (s.charCodeAt(i) !== 32) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  if (i >= end) return undefined;
  let name = s.slice(i, end);
  let target: string | undefined;
  if (type === 'symlink' && name.charCodeAt(name.length - 1) === 0x5d) {
    const open = name.lastIndexOf(' [');
    if (open > 0) {
      target = name.slice(open + 2, -1);
      name = name.slice(0, open);
    }
  }
  if (name.includes('/') || name.includes('\\')) return undefined;
  const e = new ScanEntry(name, type, 'dos', 'minute');
  if (type === 'file') {
    e.size = size;
    e.sizePrecision = 1;
  }
  e.mtimeMs = daysFromCivil(year, month, day) * DAY + hour * 3_600_000 + minute * 60_000;
  e.target = target;
  return e;
}

// ---- MLSD (RFC 3659 §7) -------------------------------------------------------------------------

/**
 * The fields dirlisting's StatResult carries for MLSD lines (grammars/mlsd.ts `entryFor`), `facts`
 * included: every fact by lower-cased name, values verbatim.
 */
export class MlsdScanEntry {
  name: string;
  type: string;
  format = 'mlsd';
  facts: Record<string, string>;
  size: number | undefined = undefined;
  sizePrecision: number | undefined = undefined;
  mtimeMs: number | undefined = undefined;
  mtimePrecision: string | undefined = undefined;
  contentType: string | undefined = undefined;
  mode: number | undefined = undefined;
  owner: string | undefined = undefined;
  group: string | undefined = undefined;
  uid: number | undefined = undefined;
  gid: number | undefined = undefined;
  major: number | undefined = undefined;
  minor: number | undefined = undefined;
  target: string | undefined = undefined;

  constructor(name: string, type: string, facts: Record<string, string>) {
    this.name = name;
    this.type = type;
    this.facts = facts;
  }
}

export interface MlsdScanResult {
  entries: MlsdScanEntry[];
  skipped: number;
}

// Fact codes: the handled facts, by their lower-cased name.
const F_OTHER = 0;
const F_TYPE = 1;
const F_SIZE = 2;
const F_SIZD = 3;
const F_MODIFY = 4;
const F_MEDIA = 5;
const F_MODE = 6;
const F_OWNERNAME = 7;
const F_GROUPNAME = 8;
const F_OWNER = 9;
const F_GROUP = 10;
const F_UID = 11;
const F_GID = 12;

const FACT_CODES: Record<string, number> = {
  type: F_TYPE, size: F_SIZE, sizd: F_SIZD, modify: F_MODIFY, 'media-type': F_MEDIA, 'unix.mode': F_MODE,
  'unix.ownername': F_OWNERNAME, 'unix.groupname': F_GROUPNAME, 'unix.owner': F_OWNER, 'unix.group': F_GROUP,
  'unix.uid': F_UID, 'unix.gid': F_GID,
};

/** The spellings servers send, each with its lower-cased key (an interned constant: no slice, no toLowerCase). */
const SPELLINGS: readonly (readonly [string, string, number])[] = [
  'modify', 'perm', 'size', 'sizd', 'type', 'unique', 'UNIX.group', 'UNIX.groupname', 'UNIX.mode', 'UNIX.owner',
  'UNIX.ownername', 'UNIX.uid', 'UNIX.gid', 'media-type', 'lang', 'charset', 'create',
].map((spelling) => [spelling, spelling.toLowerCase(), FACT_CODES[spelling.toLowerCase()] ?? F_OTHER] as const);
/** SPELLINGS by length, for a quick candidate list. */
const SPELLINGS_BY_LENGTH: (readonly [string, string, number])[][] = [];
for (const pair of SPELLINGS) (SPELLINGS_BY_LENGTH[pair[0].length] ??= []).push(pair);

/** The fact code of the key factKey returned last. */
let factCode = F_OTHER;

/** The lower-cased fact name at [i, eq) (and its code in `factCode`), or undefined for `__proto__`. */
function factKey(s: string, i: number, eq: number): string | undefined {
  const candidates = SPELLINGS_BY_LENGTH[eq - i];
  if (candidates !== undefined) {
    for (let k = 0; k < candidates.length; k++) {
      const candidate = candidates[k]!;
      if (s.startsWith(candidate[0], i)) {
        factCode = candidate[2];
        return candidate[1];
      }
    }
  }
  const key = s.slice(i, eq).toLowerCase();
  factCode = Object.hasOwn(FACT_CODES, key) ? FACT_CODES[key]! : F_OTHER;
  return key === '__proto__' ? undefined : key;
}

const UNIX_TYPE_OF: Record<string, string> = {
  slink: 'symlink', symlink: 'symlink', fifo: 'fifo', socket: 'socket', sock: 'socket',
  chr: 'char-device', character: 'char-device', chardev: 'char-device',
  blk: 'block-device', block: 'block-device', blockdev: 'block-device',
};

const TYPE_BITS: Record<string, number> = {
  file: 0o100000, directory: 0o040000, symlink: 0o120000, 'block-device': 0o060000,
  'char-device': 0o020000, fifo: 0o010000, socket: 0o140000, unknown: 0,
};

function typeFromModeBits(mode: number): string {
  switch (mode & 0o170000) {
    case 0o140000: return 'socket';
    case 0o120000: return 'symlink';
    case 0o100000: return 'file';
    case 0o060000: return 'block-device';
    case 0o040000: return 'directory';
    case 0o020000: return 'char-device';
    case 0o010000: return 'fifo';
    default: return 'unknown';
  }
}

/** Digits in [i, e) as a number, or -1 when empty or not all digits. */
function digits(s: string, i: number, e: number): number {
  if (i === e) return -1;
  if (e - i > 15) {
    for (let k = i; k < e; k++) if (!isDigit(s.charCodeAt(k))) return -1;
    return Number(s.slice(i, e));
  }
  let n = 0;
  for (; i < e; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Scans a whole MLSD listing and, as dirlisting does by default (`resolveLinks`), gives a symlink
 * without a target the name of the one entry that shares its `unique` fact (RFC errata 1500).
 * It skips (counts) lines dirlisting reads through other paths: MLST indentation and fact-less
 * ` name` lines, pathnames with `/`, a handled fact given twice, a `__proto__` fact, years 0-99.
 */
export function scanMlsd(text: string): MlsdScanResult {
  const entries: MlsdScanEntry[] = [];
  let skipped = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = eol + 1;
    if (end === start) continue;
    const r = mlsdLine(text, start, end);
    if (r === null) continue; // cdir / pdir / . / ..
    if (r === undefined) skipped++;
    else entries.push(r);
  }
  resolveLinks(entries);
  return { entries, skipped };
}

/** grammars/mlsd.ts finishListing, for entries named by plain names (the scanner skips paths). */
function resolveLinks(entries: MlsdScanEntry[]): void {
  const byUnique = new Map<string, MlsdScanEntry | null>();
  let links = false;
  for (const entry of entries) {
    const unique = entry.facts.unique;
    if (!unique) continue;
    if (entry.type === 'symlink') links ||= entry.target === undefined;
    else byUnique.set(unique, byUnique.has(unique) ? null : entry);
  }
  if (!links) return;
  for (const entry of entries) {
    if (entry.type !== 'symlink' || entry.target !== undefined) continue;
    const unique = entry.facts.unique;
    if (!unique) continue;
    const target = byUnique.get(unique);
    if (target) entry.target = target.name;
  }
}

/** One line in [p, end): an entry, `null` for no entry, `undefined` for a line it cannot read. */
function mlsdLine(s: string, p: number, end: number): MlsdScanEntry | null | undefined {
  const facts: Record<string, string> = {};
  let type = 'unknown';
  let notAnEntry = false;
  let size = -1;
  let sizd = -1;
  let mtimeMs: number | undefined;
  let precision: string | undefined;
  let contentType: string | undefined;
  let mode = -1;
  let owner: string | undefined;
  let group: string | undefined;
  // The late facts (run after the others, in the order given): UNIX.owner/UNIX.uid, UNIX.group/UNIX.gid.
  let ownerFact: string | undefined;
  let uidFact: string | undefined;
  let ownerFirst = false;
  let groupFact: string | undefined;
  let gidFact: string | undefined;
  let groupFirst = false;
  let major: number | undefined;
  let minor: number | undefined;
  let target: string | undefined;
  let seen = 0;
  let i = p;
  let c = s.charCodeAt(i);
  if (c === 32) return undefined; // MLST indentation or a line without facts
  for (;;) {
    // name=value;
    const keyStart = i;
    while (i < end && c !== 0x3d && c !== 0x3b && c !== 32) c = s.charCodeAt(++i);
    if (c !== 0x3d || i === keyStart || i >= end) return undefined;
    const eq = i;
    c = s.charCodeAt(++i);
    while (i < end && c !== 0x3b && c !== 32) c = s.charCodeAt(++i);
    if (c !== 0x3b || i >= end) return undefined;
    const key = factKey(s, keyStart, eq);
    if (key === undefined) return undefined;
    const vs = eq + 1;
    const ve = i;
    const value = s.slice(vs, ve);
    facts[key] = value;
    const code = factCode;
    if (code !== F_OTHER) {
      // A handled fact twice: dirlisting reads only the last value; not worth the scanner's while.
      if (seen & (1 << code)) return undefined;
      seen |= 1 << code;
    }
    // An empty value states nothing (dirlisting: `Size=;`).
    if (code !== F_OTHER && vs < ve) {
      switch (code) {
        case F_TYPE: {
          const t = readMlsdType(value);
          if (t === undefined) return undefined;
          if (t === null) notAnEntry = true;
          else {
            type = t;
            if (type === 'symlink' || type === 'char-device' || type === 'block-device') {
              // OS.unix=slink:TARGET / OS.unix=chr-M/m
              const kind = value.slice(8);
              const colon = kind.indexOf(':');
              const dash = kind.indexOf('-');
              if (type === 'symlink') {
                if (colon >= 0 && colon + 1 < kind.length) target = kind.slice(colon + 1);
              } else if (dash >= 0) {
                const slash = kind.indexOf('/', dash + 1);
                const a = slash < 0 ? -1 : digits(kind, dash + 1, slash);
                const b = slash < 0 ? -1 : digits(kind, slash + 1, kind.length);
                if (a < 0 || b < 0) return undefined;
                major = a;
                minor = b;
              }
            }
          }
          break;
        }
        case F_SIZE:
          size = digits(s, vs, ve);
          if (size < 0) return undefined;
          break;
        case F_SIZD:
          sizd = digits(s, vs, ve);
          if (sizd < 0) return undefined;
          break;
        case F_MODIFY: {
          // YYYYMMDDHHMMSS[.s+], UTC
          if (ve - vs < 14) return undefined;
          const year = digits(s, vs, vs + 4);
          const month = digits(s, vs + 4, vs + 6);
          const day = digits(s, vs + 6, vs + 8);
          const hour = digits(s, vs + 8, vs + 10);
          const minute = digits(s, vs + 10, vs + 12);
          const second = digits(s, vs + 12, vs + 14);
          if ((year | month | day | hour | minute | second) < 0 || year < 100) return undefined;
          if (month < 1 || month > 12 || !validDay(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined;
          let ms = 0;
          if (ve > vs + 14) {
            if (s.charCodeAt(vs + 14) !== 0x2e || ve === vs + 15) return undefined;
            for (let k = vs + 15; k < ve; k++) if (!isDigit(s.charCodeAt(k))) return undefined;
            const f = vs + 15;
            ms = (s.charCodeAt(f) - 48) * 100 + (f + 1 < ve ? (s.charCodeAt(f + 1) - 48) * 10 : 0) + (f + 2 < ve ? s.charCodeAt(f + 2) - 48 : 0);
            precision = 'millisecond';
          } else {
            precision = 'second';
          }
          mtimeMs = daysFromCivil(year, month, day) * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
          break;
        }
        case F_MEDIA:
          contentType = value;
          break;
        case F_MODE: {
          if (ve - vs > 7) return undefined;
          let m = 0;
          for (let k = vs; k < ve; k++) {
            const d = s.charCodeAt(k) - 48;
            if (d < 0 || d > 7) return undefined;
            m = m * 8 + d;
          }
          if (m > 0o177777 || ((m & 0o170000) !== 0 && typeFromModeBits(m) === 'unknown')) return undefined;
          mode = m;
          break;
        }
        case F_OWNERNAME:
          owner = value;
          break;
        case F_GROUPNAME:
          group = value;
          break;
        case F_OWNER:
          ownerFact = value;
          ownerFirst = uidFact === undefined;
          break;
        case F_UID:
          uidFact = value;
          break;
        case F_GROUP:
          groupFact = value;
          groupFirst = gidFact === undefined;
          break;
        case F_GID:
          gidFact = value;
          break;
      }
    }
    c = s.charCodeAt(++i);
    if (c === 32) break;
    if (i >= end) return undefined;
  }
  const nameStart = i + 1;
  if (nameStart >= end) return undefined;
  const name = s.slice(nameStart, end);
  if (name.includes('/')) return undefined;
  if (notAnEntry || name === '.' || name === '..') return null;

  const e = new MlsdScanEntry(name, type, facts);
  if (size >= 0 || sizd >= 0) {
    e.size = size >= 0 ? size : sizd;
    e.sizePrecision = 1;
  }
  e.mtimeMs = mtimeMs;
  e.mtimePrecision = precision;
  e.contentType = contentType;
  // Late facts: the numbers go to uid/gid and name the owner/group only where no name did.
  let uid: number | undefined;
  let gid: number | undefined;
  for (let k = 0; k < 2; k++) {
    const strict = (k === 0) !== ownerFirst; // UNIX.uid is a number; UNIX.owner may hold a name
    const v = strict ? uidFact : ownerFact;
    if (v === undefined || v === '') continue;
    const num = digits(v, 0, v.length);
    if (num >= 0) uid = num;
    else if (strict) return undefined;
    owner ??= v;
  }
  for (let k = 0; k < 2; k++) {
    const strict = (k === 0) !== groupFirst;
    const v = strict ? gidFact : groupFact;
    if (v === undefined || v === '') continue;
    const num = digits(v, 0, v.length);
    if (num >= 0) gid = num;
    else if (strict) return undefined;
    group ??= v;
  }
  e.owner = owner;
  e.group = group;
  e.uid = uid;
  e.gid = gid;
  if (mode >= 0) {
    if (type === 'unknown' && (mode & 0o170000) !== 0) e.type = type = typeFromModeBits(mode);
    e.mode = type === 'unknown' ? mode : TYPE_BITS[type]! | (mode & 0o7777);
  }
  e.major = major;
  e.minor = minor;
  e.target = target;
  return e;
}

/** The entry type of a `type` value; `null` for cdir/pdir; `undefined` for a line dirlisting rejects. */
function readMlsdType(value: string): string | null | undefined {
  switch (value) {
    case 'file': return 'file';
    case 'dir': return 'directory';
    case 'cdir':
    case 'pdir': return null;
    case 'OS.unix=symlink': return 'symlink';
    case 'OS.unix=slink:': return 'symlink';
  }
  const lower = value.toLowerCase();
  switch (lower) {
    case 'file': return 'file';
    case 'dir': return 'directory';
    case 'cdir':
    case 'pdir': return null;
    case 'link': return 'symlink';
  }
  if (!lower.startsWith('os.unix=')) return 'unknown';
  const kind = lower.slice(8);
  const colon = kind.indexOf(':');
  const dash = kind.indexOf('-');
  const cut = colon >= 0 ? colon : dash >= 0 ? dash : kind.length;
  const unixType = kind.slice(0, cut);
  return Object.hasOwn(UNIX_TYPE_OF, unixType) ? UNIX_TYPE_OF[unixType]! : 'unknown';
}
