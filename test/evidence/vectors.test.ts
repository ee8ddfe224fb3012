/**
 * The unix and dos records of the shared FTP test vectors (fixtures/vectors/ftp/*.jsonl, transcribed
 * from Commons Net, ftputil, jlaffaye/ftp, basic-ftp, node-ftp, suppaftp, lftp and ftpparse; see
 * SOURCES.md there for the record format). Each record is one ava test that checks every field the
 * record states against dirlisting's StatResult, in the record's own vocabulary.
 *
 * Where dirlisting deliberately reads a line differently, the difference is listed in
 * fixtures/vectors/ftp/differences/*.json, and the test asserts that dirlisting still does exactly what
 * the list says (so the list cannot go stale). Expected values come from the records only; the
 * helpers below (wall clock, year inference, permission letters) are written from the definitions
 * in SOURCES.md, not from dirlisting's code.
 *
 * Time: `mtime` is compared as wall-clock text in the server zone, to the length the record gives
 * (`1998-07-13T21:06` minutes, `2012-12-21` a day). A date-only `mtime` also asserts day precision;
 * a `T` form asserts the instant only, because several sources (node-ftp, jlaffaye, suppaftp) hold
 * dates as Date/epoch values that cannot say how precise they are. Precision is otherwise asserted
 * where a record states it (`mtime_precision`, `mtime_precision_s`).
 */
import test, { type ExecutionContext } from 'ava';
import { readdirSync } from 'node:fs';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { LineParser, ParseContext, ParserError, type StatResult, detectFormat, listParsers, parseListing, parseUnixDate } from '../../src/index.js';
import { parseMlsxTime } from '../../grammars/mlsd.js';
import { fixture, fixturePath } from '../helpers.js';

type Expectation = Record<string, unknown>;

interface VectorRecord {
  format: string;
  line: string;
  expect: Expectation | Expectation[] | null;
  note: string;
  source: string;
  context?: Record<string, unknown>;
  kind?: 'listing' | 'date' | 'mlsx-time';
}

interface Difference {
  source: string;
  line: string;
  field: string;
  expected: unknown;
  dirlisting: unknown;
  reason: string;
  /** dirlisting reads the line as no entry (the listed directory, its parent, a blank line), not as a bad line. */
  ignored?: true;
}

/** Every record of a registered format runs; `unix-date` records are dates of the unix grammar. */
const FORMATS = new Set([...listParsers().map((parser) => parser.id), 'unix-date']);

/**
 * `now` for records that do not state one. Year-inferred expectations (`--MM-DD`) are checked at both,
 * so that each date is seen once in the current year and, for most, once rolled back to the last.
 */
const DEFAULT_NOWS = [Date.parse('2024-06-15T12:00:00Z'), Date.parse('2025-01-02T00:00:00Z')];

/**
 * How far ahead of `now` a yearless date may lie and still be this year: one day, Commons Net's
 * lenient future dates (NET-444; the commons-net `Feb 28 13:00` record asserts it).
 */
const FUTURE_TOLERANCE_MS = 86_400_000;
/** The same rule, given to the parser: the peers' expectations are made under it, not under dirlisting's default. */
const YEAR_RULE = 'commons-net';

/** Deliberate differences, one file per format family (differences/<family>.json, with a .md of reasons). */
const differences: Difference[] = readdirSync(fixturePath('vectors/ftp/differences'))
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => JSON.parse(fixture(`vectors/ftp/differences/${name}`)) as Difference[]);
const differenceKey = (source: string, line: string, field: string) => JSON.stringify([source, line, field]);
const differenceByKey = new Map(differences.map((d) => [differenceKey(d.source, d.line, d.field), d]));

// ---- the record's context --------------------------------------------------------------------------

/** The server's zone as an IANA name or offset, from whichever key the source used. */
function timeZoneOf(record: VectorRecord): string {
  const c = record.context ?? {};
  if (typeof c.serverTimeZone === 'string') return c.serverTimeZone;
  if (typeof c.time_shift_s === 'number') {
    // ftputil: server time minus UTC.
    const minutes = c.time_shift_s / 60;
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  // `location: UTC` (jlaffaye), `ftp:timezone: GMT` (lftp) and no statement all mean UTC.
  return 'UTC';
}

/** The instants to parse at: the record's `now` (an instant, or a wall-clock time in the server zone), else the defaults. */
function nowsOf(record: VectorRecord, timeZone: string): number[] {
  const now = record.context?.now;
  if (typeof now !== 'string') return DEFAULT_NOWS;
  if (/(?:Z|[+-]\d\d:\d\d)$/.test(now)) return [Date.parse(now)];
  return [fromZonedTime(now, timeZone).getTime()];
}

// ---- reading an entry in the vectors' vocabulary ------------------------------------------------------

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Nine letters of effective read/write/execute, from the permission bits of `mode`. */
function permsOf(mode: number | undefined): string | null {
  if (mode === undefined) return null;
  let out = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    out += mode & (4 << shift) ? 'r' : '-';
    out += mode & (2 << shift) ? 'w' : '-';
    out += mode & (1 << shift) ? 'x' : '-';
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = { directory: 'dir' };

const PRECISION_SECONDS: Record<string, number> = { day: 86_400, minute: 60, second: 1, millisecond: 0.001 };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock text of an instant in a zone: `YYYY-MM-DDTHH:MM:SS`. */
function wallClock(ms: number, timeZone: string): string {
  return formatInTimeZone(ms, timeZone, "yyyy-MM-dd'T'HH:mm:ss.SSS"); // compared to the length the record gives
}

/**
 * The year a yearless date (`--MM-DDTHH:MM`) stands for, by the rule of SOURCES.md: the current year
 * in the server zone, or the previous one if the date would lie (more than the tolerance) in the future.
 */
function inferredYear(monthDayTime: string, nowMs: number, timeZone: string): number {
  const nowWall = wallClock(nowMs, timeZone);
  const year = Number(nowWall.slice(0, 4));
  const time = monthDayTime.length > 5 ? monthDayTime.slice(5) : 'T00:00';
  const candidate = Date.parse(`${year}-${monthDayTime.slice(0, 5)}${time.slice(0, 6)}:00Z`);
  return candidate > Date.parse(`${nowWall}Z`) + FUTURE_TOLERANCE_MS ? year - 1 : year;
}

/** A UTC instant with a `YYYY` placeholder: the year whose server wall clock has the inferred year. */
function resolveUtcPlaceholder(text: string, clock: Clock): string {
  const wall = wallClock(Date.parse(text.replace('YYYY', '2001')), clock.timeZone);
  const wallYear = inferredYear(wall.slice(5, 16), clock.nowMs, clock.timeZone);
  for (const year of [wallYear - 1, wallYear, wallYear + 1]) {
    const candidate = text.replace('YYYY', String(year));
    if (wallClock(Date.parse(candidate), clock.timeZone).startsWith(`${wallYear}-${wall.slice(5, 16)}`)) return candidate;
  }
  throw new Error(`cannot resolve ${text}`);
}

/** An `mtime_raw` text (basic-ftp keeps the listing's text) as an `mtime` expectation. */
function rawToWallClock(raw: string): string {
  const ls = /^([A-Z][a-z]{2}) +(\d{1,2}) +(?:(\d{1,2}):(\d\d)|(\d{4}))$/.exec(raw);
  if (ls) {
    const monthDay = `${pad(MONTHS.indexOf(ls[1]!) + 1)}-${pad(Number(ls[2]))}`;
    return ls[5] ? `${ls[5]}-${monthDay}` : `--${monthDay}T${pad(Number(ls[3]))}:${ls[4]}`;
  }
  const dos = /^(\d\d)-(\d\d)-(\d\d) +(\d\d):(\d\d)(AM|PM)$/.exec(raw);
  if (dos) {
    const yy = Number(dos[3]);
    const hour = (Number(dos[4]) % 12) + (dos[6] === 'PM' ? 12 : 0);
    return `${yy < 70 ? 2000 + yy : 1900 + yy}-${dos[1]}-${dos[2]}T${pad(hour)}:${dos[5]}`;
  }
  throw new Error(`mtime_raw form not understood by the test: ${raw}`);
}

/** Where the record's time expectations are resolved: now and zone of this run. */
interface Clock {
  nowMs: number;
  timeZone: string;
}

/**
 * dirlisting's value for one expectation key, and the expected value after resolving what the key
 * leaves to the reader (inferred years, the `Z` zone, raw text).
 */
function compare(entry: StatResult, key: string, expected: unknown, clock: Clock): { actual: unknown; expected: unknown } {
  switch (key) {
    case 'name':
      return { actual: entry.name, expected };
    case 'type':
      return { actual: TYPE_NAMES[entry.type] ?? entry.type, expected };
    case 'size':
    case 'owner':
    case 'group':
    case 'uid':
    case 'gid':
    case 'nlink':
      return { actual: entry[key] ?? null, expected };
    case 'link':
      return { actual: entry.target ?? null, expected };
    case 'unique':
      return { actual: entry.facts?.unique ?? null, expected };
    case 'facts':
      return { actual: entry.facts ?? null, expected };
    case 'perms':
      return { actual: permsOf(entry.mode), expected };
    case 'rights': {
      // node-ftp: the letters each class has, e.g. {user: 'rw', group: 'r', other: ''}.
      const perms = permsOf(entry.mode);
      const rights = perms && {
        user: perms.slice(0, 3).replace(/-/g, ''),
        group: perms.slice(3, 6).replace(/-/g, ''),
        other: perms.slice(6, 9).replace(/-/g, ''),
      };
      return { actual: rights, expected };
    }
    case 'user_read':
    case 'user_write':
      // Commons Net's FTPFile.hasPermission(USER_ACCESS, READ/WRITE_PERMISSION).
      return { actual: entry.mode === undefined ? null : (entry.mode & (key === 'user_read' ? 0o400 : 0o200)) !== 0, expected };
    case 'sticky':
      return { actual: entry.mode === undefined ? null : (entry.mode & 0o1000) !== 0, expected };
    case 'acl':
      // StatResult has no ACL field: `false` is consistent with it, `true` must be a listed difference.
      return { actual: expected === false ? false : null, expected };
    case 'st_mode':
      return { actual: entry.mode ?? null, expected };
    case 'st_mode_octal':
      return { actual: entry.mode === undefined ? null : `0o${entry.mode.toString(8)}`, expected };
    case 'device':
      return { actual: entry.type === 'char-device' || entry.type === 'block-device', expected };
    case 'mtime_present':
      return { actual: entry.mtimeMs !== undefined, expected };
    case 'parses':
      return { actual: true, expected };
    case 'year':
      return {
        actual: entry.mtimeMs === undefined ? null : Number(wallClock(entry.mtimeMs, clock.timeZone).slice(0, 4)),
        expected,
      };
    case 'mtime_precision':
      // Commons Net's precision names: `ms` is a millisecond.
      return { actual: entry.mtimePrecision ?? null, expected: expected === 'ms' ? 'millisecond' : expected };
    case 'mtime_precision_s':
      return { actual: entry.mtimePrecision === undefined ? null : PRECISION_SECONDS[entry.mtimePrecision], expected };
    case 'mtime_raw':
      return compare(entry, 'mtime', rawToWallClock(expected as string), clock);
    case 'mtime': {
      if (expected === null) return { actual: entry.mtimeMs ?? null, expected };
      let text = expected as string;
      const utc = text.endsWith('Z');
      if (utc) text = text.slice(0, -1);
      if (text.startsWith('--')) text = `${inferredYear(text.slice(2), clock.nowMs, clock.timeZone)}${text.slice(1)}`;
      if (entry.mtimeMs === undefined) return { actual: null, expected: text };
      const wall = wallClock(entry.mtimeMs, utc ? 'UTC' : clock.timeZone).slice(0, text.length);
      // A date without a time also says the listing shows a day.
      const suffix = text.length === 10 ? ` (${entry.mtimePrecision})` : utc ? 'Z' : '';
      return { actual: wall + suffix, expected: text + (text.length === 10 ? ' (day)' : suffix) };
    }
    case 'mtime_utc': {
      const text = (expected as string).startsWith('YYYY') ? resolveUtcPlaceholder(expected as string, clock) : expected;
      return { actual: entry.mtimeMs === undefined ? null : new Date(entry.mtimeMs).toISOString().replace('.000Z', 'Z'), expected: text };
    }
    default:
      throw new Error(`expectation key '${key}' is not understood by the test`);
  }
}

/** Asserts one expectation field, or that its recorded difference is still exactly what dirlisting does. */
function assertField(
  t: ExecutionContext,
  file: string,
  record: VectorRecord,
  field: string,
  entry: StatResult,
  expectedValue: unknown,
  clock: Clock,
  entryIndex?: number,
): void {
  const key = field.replace(/^entries\[\d+\]\./, '');
  const { actual, expected } = compare(entry, key, expectedValue, clock);
  const diffKey = differenceKey(file, record.line, field);
  const difference = differenceByKey.get(diffKey);
  const label = `${entryIndex === undefined ? '' : `entry ${entryIndex} `}${key}`;
  if (difference) {
    t.deepEqual(difference.expected, expectedValue, `${label}: differences/*.json quotes the record`);
    t.deepEqual(actual, difference.dirlisting, `${label}: dirlisting still differs as differences/*.json says`);
  } else {
    t.deepEqual(actual, expected, label);
  }
}

/** The fields of an expectation to assert; `st_mode_octal` is another spelling of `st_mode` (ftputil records carry both). */
function assertedFields(fields: Expectation): [string, unknown][] {
  return Object.entries(fields).filter(([key]) => !(key === 'st_mode_octal' && 'st_mode' in fields));
}

/** A listing line that is decoration (blank, `total N`): ignored, neither an entry nor skipped. */
const DECORATION = /^\s*$|^total \d+$/;

/** What a listing's only entry looks like, for differences about whole entries. */
function summary(entry: StatResult): Record<string, unknown> {
  const out: Record<string, unknown> = { name: entry.name, type: TYPE_NAMES[entry.type] ?? entry.type };
  for (const key of ['owner', 'group', 'size', 'target'] as const) if (entry[key] !== undefined) out[key] = entry[key];
  return out;
}

// ---- the tests ------------------------------------------------------------------------------------

const vectorDir = fixturePath('vectors/ftp');
const files = readdirSync(vectorDir).filter((name) => name.endsWith('.jsonl')).sort();
let recordCount = 0;

for (const file of files) {
  const lines = fixture(`vectors/ftp/${file}`).split('\n');
  lines.forEach((json, index) => {
    if (json.trim() === '') return;
    const record = JSON.parse(json) as VectorRecord;
    if (!FORMATS.has(record.format)) return;
    recordCount++;
    const title = `${file}:${index + 1} ${record.note} — ${JSON.stringify(record.line).slice(0, 120)}`;
    test(title, (t) => runRecord(t, file, record));
  });
}

function runRecord(t: ExecutionContext, file: string, record: VectorRecord): void {
  const timeZone = timeZoneOf(record);
  for (const nowMs of nowsOf(record, timeZone)) {
    const clock = { nowMs, timeZone };
    if (record.kind === 'date') runDate(t, file, record, clock);
    else if (record.kind === 'mlsx-time') runDate(t, file, record, clock, (text) => parseMlsxTime(text));
    else runListing(t, file, record, clock);
  }
}

/** A date fragment: an `ls` date (`kind: date`) or an RFC 3659 time value (`kind: mlsx-time`). */
function runDate(
  t: ExecutionContext,
  file: string,
  record: VectorRecord,
  clock: Clock,
  parse: (text: string, ctx: ParseContext) => { mtimeMs: number; mtimePrecision: StatResult['mtimePrecision'] } = parseUnixDate,
): void {
  const ctx = new ParseContext({ now: clock.nowMs, timeZone: clock.timeZone, yearRule: YEAR_RULE });
  if (record.expect === null) {
    const error = t.throws(() => parse(record.line, ctx), { instanceOf: ParserError });
    t.truthy(error?.reason, 'a rejected date has a reason');
    return;
  }
  const shown = parse(record.line, ctx);
  const entry = { mtimeMs: shown.mtimeMs, mtimePrecision: shown.mtimePrecision } as StatResult;
  for (const [field, value] of assertedFields(record.expect as Expectation)) {
    assertField(t, file, record, field, entry, value, clock);
  }
}

function runListing(t: ExecutionContext, file: string, record: VectorRecord, clock: Clock): void {
  // Commons Net's VMSVersioningFTPEntryParser is the vms format with highestVersionOnly.
  // Commons Net's MVS parser reads a line as the list type its listing's header announced (mvs_list_type).
  const mvsListType = record.context?.mvs_list_type;
  const formatOptions: Record<string, Record<string, unknown>> | undefined =
    record.context?.parser === 'VMSVersioning'
      ? { vms: { highestVersionOnly: true } }
      : typeof mvsListType === 'string' ? { mvs: { listType: mvsListType } } : undefined;
  const listing = parseListing(record.line, { hint: record.format, now: clock.nowMs, timeZone: clock.timeZone, yearRule: YEAR_RULE, formatOptions });
  const context = `entries ${JSON.stringify(listing.entries.map(summary))}, skipped ${JSON.stringify(listing.skipped)}`;

  // A whole listing the source rejects (`expect: null`) is checked as a rejected line below.
  if (record.kind === 'listing' && record.expect !== null && !Array.isArray(record.expect)) {
    // Commons Net whole-listing tests state only the count and names that must (not) appear.
    t.deepEqual(listing.skipped, [], 'no line of a good listing is skipped');
    const names = listing.entries.map((entry) => entry.name);
    for (const [field, value] of Object.entries(record.expect as Expectation)) {
      const shown = field === 'count' ? names.length : (value as string[]).filter((name) => names.includes(name));
      const wanted = field === 'names_exclude' ? [] : value;
      // The same listing is read by two Commons Net parsers: a difference names the parser it is about.
      const named = typeof record.context?.parser === 'string' ? `${field} [${record.context.parser}]` : field;
      const difference = differenceByKey.get(differenceKey(file, record.line, named));
      if (difference) {
        t.deepEqual(difference.expected, value, `${field}: differences/*.json quotes the record`);
        t.deepEqual(shown, difference.dirlisting, `${field}: dirlisting still differs as differences/*.json says`);
      } else {
        t.deepEqual(shown, wanted, `${field}; names ${JSON.stringify(names)}`);
      }
    }
    return;
  }

  if (record.kind === 'listing' && record.expect !== null) {
    const expected = record.expect as Expectation[];
    t.is(listing.entries.length, expected.length, `entry count; ${context}`);
    t.deepEqual(listing.skipped, [], 'no line of a good listing is skipped');
    expected.forEach((fields, i) => {
      const entry = listing.entries[i];
      if (!entry) return;
      for (const [key, value] of assertedFields(fields)) {
        assertField(t, file, record, `entries[${i}].${key}`, entry, value, clock, i);
      }
    });
    return;
  }

  const wholeEntry = differenceByKey.get(differenceKey(file, record.line, 'entry'));
  if (wholeEntry) {
    // dirlisting reads this line differently as a whole: an entry where the source rejects, or the reverse.
    t.deepEqual(wholeEntry.expected, record.expect, 'differences/*.json quotes the record');
    const actual = listing.entries.length === 1 ? summary(listing.entries[0]!) : null;
    t.deepEqual(actual, wholeEntry.dirlisting, `dirlisting still differs as differences/*.json says; ${context}`);
    if (actual === null && wholeEntry.ignored) t.deepEqual(listing.skipped, [], 'read as no entry, not rejected');
    else if (actual === null) t.true(listing.skipped.length === 1 && listing.skipped[0]!.reason !== '', 'skipped with a reason');
    return;
  }

  if (record.expect === null) {
    t.deepEqual(listing.entries.map(summary), [], `a rejected line yields no entry; ${context}`);
    const parser = listParsers().find((known) => known.id === record.format);
    const ignored = (line: string) => DECORATION.test(line) || (parser instanceof LineParser && parser.ignoresLine(line));
    if (record.line.split(/\r?\n/).every(ignored)) {
      t.deepEqual(listing.skipped, [], 'decoration is ignored, not reported');
    } else {
      t.is(listing.skipped.length, 1, 'the rejected line is reported');
      t.is(listing.skipped[0]?.text, record.line.replace(/\r?\n$/, ''));
      t.regex(listing.skipped[0]?.reason ?? '', /\S/, 'with a reason');
    }
    return;
  }

  t.is(listing.entries.length, 1, `one entry; ${context}`);
  const entry = listing.entries[0];
  if (!entry) return;
  for (const [field, value] of assertedFields(record.expect as Expectation)) {
    assertField(t, file, record, field, entry, value, clock);
  }
}

test('every recorded difference belongs to a vector record and field', (t) => {
  t.true(recordCount > 0);
  const known = new Set<string>();
  for (const file of files) {
    for (const json of fixture(`vectors/ftp/${file}`).split('\n')) {
      if (json.trim() === '') continue;
      const record = JSON.parse(json) as VectorRecord;
      if (!FORMATS.has(record.format)) continue;
      known.add(differenceKey(file, record.line, 'entry'));
      const expects = Array.isArray(record.expect) ? record.expect : record.expect ? [record.expect] : [];
      expects.forEach((fields, i) => {
        for (const key of Object.keys(fields)) {
          if (typeof record.context?.parser === 'string') known.add(differenceKey(file, record.line, `${key} [${record.context.parser}]`));
          known.add(differenceKey(file, record.line, Array.isArray(record.expect) ? `entries[${i}].${key}` : key));
        }
      });
    }
  }
  const stale = differences.filter((d) => !known.has(differenceKey(d.source, d.line, d.field)));
  t.deepEqual(stale, [], 'differences/*.json name no record/field that does not exist');
  for (const d of differences) t.true(d.reason.length > 20, `a reason is given for ${d.source} ${d.field}`);
});

test('auto-detection names the record\'s format for every valid line or listing, from that text alone', (t) => {
  const misses: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const json of fixture(`vectors/ftp/${file}`).split('\n')) {
      if (json.trim() === '') continue;
      const record = JSON.parse(json) as VectorRecord;
      if (record.kind && record.kind !== 'listing') continue;
      if (!FORMATS.has(record.format) || record.expect === null) continue;
      if (Array.isArray(record.expect) && record.expect.length === 0) continue;
      if (record.context && 'mvs_list_type' in record.context) continue; // the list type is given, not shown
      // An MLSD line without facts (" filename") is a bare name: no evidence of any format.
      if (record.format === 'mlsd' && /^\s*[^=;]*$/.test(record.line)) continue;
      checked++;
      const [best] = detectFormat(record.line);
      if (best!.format !== record.format || best!.confidence === 0) misses.push(`${file} ${record.format} -> ${best!.format}: ${JSON.stringify(record.line)}`);
    }
  }
  t.true(checked > 300);
  t.deepEqual(misses, []);
});
