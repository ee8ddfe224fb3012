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
