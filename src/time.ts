/**
 * Times as listings show them: wall-clock fields in the server's zone, often without a year.
 * `ServerClock` turns them into instants by arithmetic, caching the zone offset per quarter hour of
 * UTC, because a date-fns-tz call per entry costs ~10 µs (measured; see bench/).
 */
import { createRequire } from 'node:module';
import type { formatInTimeZone as FormatInTimeZone } from 'date-fns-tz';
import type { TimePrecision } from './stat.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Month abbreviations as `ls` prints them (glibc's `%b` in each locale's LC_TIME, plus older
 * spellings seen on servers). Keys are compared lower-cased with a trailing `.` removed.
 */
export const MONTH_NAMES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  en: [['jan', 'january'], ['feb', 'february'], ['mar', 'march'], ['apr', 'april'], ['may'], ['jun', 'june'],
    ['jul', 'july'], ['aug', 'august'], ['sep', 'sept', 'september'], ['oct', 'october'], ['nov', 'november'],
    ['dec', 'december']],
  de: [['jan'], ['feb'], ['mär', 'mrz'], ['apr'], ['mai'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['dez']],
  fr: [['janv'], ['févr', 'fevr', 'fév'], ['mars'], ['avr', 'avril'], ['mai'], ['juin'], ['juil'], ['août', 'aout'],
    ['sept'], ['oct'], ['nov'], ['déc', 'dec']],
  es: [['ene'], ['feb'], ['mar'], ['abr'], ['may'], ['jun'], ['jul'], ['ago'], ['sep', 'sept', 'set'], ['oct'],
    ['nov'], ['dic']],
  it: [['gen'], ['feb'], ['mar'], ['apr'], ['mag'], ['giu'], ['lug'], ['ago'], ['set'], ['ott'], ['nov'], ['dic']],
  nl: [['jan'], ['feb'], ['mrt', 'maa'], ['apr'], ['mei'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['dec']],
  pt: [['jan'], ['fev'], ['mar'], ['abr'], ['mai'], ['jun'], ['jul'], ['ago'], ['set'], ['out'], ['nov'], ['dez']],
  sv: [['jan'], ['feb'], ['mar'], ['apr'], ['maj'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['dec']],
  da: [['jan'], ['feb'], ['mar'], ['apr'], ['maj'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['dec']],
  nb: [['jan'], ['feb'], ['mar'], ['apr'], ['mai'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['des']],
  pl: [['sty'], ['lut'], ['mar'], ['kwi'], ['maj'], ['cze'], ['lip'], ['sie'], ['wrz'], ['paź', 'paz'], ['lis'], ['gru']],
  ru: [['янв'], ['фев'], ['мар'], ['апр'], ['май', 'мая'], ['июн'], ['июл'], ['авг'], ['сен'], ['окт'], ['ноя'], ['дек']],
  // Languages Commons Net's FTPClientConfig knows (ro, sq, sk, sl, hr) and more glibc locales.
  ro: [['ian'], ['feb'], ['mar'], ['apr'], ['mai'], ['iun'], ['iul'], ['aug'], ['sep'], ['oct'], ['nov'], ['dec']],
  sq: [['jan'], ['shk'], ['mar'], ['pri'], ['maj'], ['qer'], ['korr'], ['gush'], ['sht'], ['tet'], ['nën'], ['dhj']],
  sk: [['jan'], ['feb'], ['mar'], ['apr'], ['máj'], ['jún'], ['júl'], ['aug'], ['sep'], ['okt'], ['nov'], ['dec']],
  sl: [['jan'], ['feb'], ['mar'], ['apr'], ['maj'], ['jun'], ['jul'], ['avg'], ['sep'], ['okt'], ['nov'], ['dec']],
  cs: [['led'], ['úno'], ['bře'], ['dub'], ['kvě'], ['čen', 'čvn'], ['čec', 'čvc'], ['srp'], ['zář'], ['říj'], ['lis'], ['pro']],
  hu: [['jan'], ['febr'], ['márc'], ['ápr'], ['máj'], ['jún'], ['júl'], ['aug'], ['szept'], ['okt'], ['nov'], ['dec']],
  fi: [['tammi'], ['helmi'], ['maalis'], ['huhti'], ['touko'], ['kesä'], ['heinä'], ['elo'], ['syys'], ['loka'], ['marras'], ['joulu']],
  tr: [['oca'], ['şub'], ['mar'], ['nis'], ['may'], ['haz'], ['tem'], ['ağu'], ['eyl'], ['eki'], ['kas'], ['ara']],
  hr: [['sij'], ['velj', 'vel'], ['ožu'], ['tra'], ['svi'], ['lip'], ['srp'], ['kol'], ['ruj'], ['lis'], ['stu'], ['pro']],
};

/**
 * The languages read when no `locale` is given: all but those whose names mean another month in a
 * language already here (Croatian `lip`, `srp` and `lis` are Polish and Czech months one later).
 * Ask for those with `locale`.
 */
export const DEFAULT_LOCALES: readonly string[] = Object.keys(MONTH_NAMES).filter((locale) => locale !== 'hr');

/** A lookup from a month name to its number (1-12) for a set of languages. */
export class MonthTable {
  private readonly byName = new Map<string, number>();

  /** @param locales language codes of {@link MONTH_NAMES}; {@link DEFAULT_LOCALES} by default. */
  constructor(locales: readonly string[] = DEFAULT_LOCALES) {
    for (const locale of locales) {
      const language = locale.toLowerCase().split(/[-_]/)[0]!;
      const months = MONTH_NAMES[language];
      if (!months) {
        throw new RangeError(`Unknown locale '${locale}': month names are known for ${Object.keys(MONTH_NAMES).join(', ')}`);
      }
      months.forEach((names, index) => {
        for (const name of names) {
          const known = this.byName.get(name);
          if (known !== undefined && known !== index + 1) {
            throw new RangeError(`Month name '${name}' means month ${known} and ${index + 1} in locales ${locales.join(', ')}`);
          }
          this.byName.set(name, index + 1);
        }
      });
    }
  }

  /** 1-12, or `undefined` for a word that is no month name here. */
  month(name: string): number | undefined {
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    let key = name.toLowerCase().normalize('NFC');
    if (key.endsWith('.')) key = key.slice(0, -1);
    const month = this.byName.get(key);
    // Remember the spelling as seen (`Nov`): lower-casing every entry's month cost a fifth of a
    // Unix parse (bench/README.md, profile). Only real month names are added, so this stays small.
    if (month !== undefined) this.byName.set(name, month);
    return month;
  }

  /** Every name this table knows, for diagnostics and formatters. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

export const ENGLISH_MONTHS: readonly string[] = MONTH_NAMES.en!.map(([name]) => name![0]!.toUpperCase() + name!.slice(1));

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Why a wall-clock value is impossible, or `undefined` when it is a real date and time. */
export function invalidWallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string | undefined {
  if (!(month >= 1 && month <= 12)) return `month ${month} is not 1-12`;
  if (!(day >= 1 && day <= daysInMonth(year, month))) return `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`;
  if (!(hour >= 0 && hour <= 23)) return `hour ${hour} is not 0-23`;
  if (!(minute >= 0 && minute <= 59)) return `minute ${minute} is not 0-59`;
  if (!(second >= 0 && second <= 60)) return `second ${second} is not 0-60`;
  return undefined;
}

/**
 * Wall-clock fields as if they were UTC. Valid dates go by arithmetic (days from the civil date,
 * H. Hinnant's algorithm: ~2× faster than `Date.UTC`, which mattered per entry); anything else
 * goes through `Date` so that it normalizes as `Date.UTC` does, with years 0-99 taken literally.
 */
export function wallClockMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 100) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    const days = era * 146097 + dayOfEra - 719468;
    return days * DAY + hour * HOUR + minute * MINUTE + second * 1000 + ms;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * How a date shown without a year (`Nov 21 10:00`) is given one. Two kinds of rule:
 * - a **future tolerance** (a number of ms): the latest year that puts the date no further than
 *   that past `now`. This is how the client libraries decide, and how servers that show a year for
 *   every future date (vsftpd, GNU ls, busybox) must be read, with a day allowed for clock skew;
 * - a **past window** (`{ pastWindowMs }`): the server shows `HH:MM` for every date not older than
 *   the window, future dates included (proftpd, pure-ftpd, pyftpdlib, FileZilla Server: 180 days;
 *   GNU inetutils ftpd: 182 days), so the date is the earliest one not older than the window. A file
 *   dated three days ahead then comes back three days ahead, not a year early;
 * - `'calendar-year'`: IIS in Unix style shows `HH:MM` for every date of the server's current year.
 *
 * Each server's rule, with the source it is read from, is in the README (Time) and in
 * `SERVER_YEAR_RULES`.
 */
export const YEAR_RULES = {
  /**
   * Commons Net FTPTimestampParserImpl with lenient future dates (NET-444): one day of clock skew.
   * (Commons Net only moves a year back; here `Jan 1 00:15` seen at `Dec 31 23:30` is next year's.)
   */
  'commons-net': DAY,
  /** lftp: six days. */
  lftp: 6 * DAY,
  /** ftpparse.c guesstai: the first year, from last year on, that puts the date less than 350 days ago. */
  ftpparse: 15 * DAY,
  /** ftputil: two minutes. */
  ftputil: 2 * MINUTE,
  /** jlaffaye/ftp reads GNU ls's six months as a window ahead too: 183 days. */
  'gnu-ls': 183 * DAY,
  /** proftpd modules/mod_ls.c: the year when `ls_curtime - mtime > 180 days`, else `HH:MM`, future dates included. */
  proftpd: { pastWindowMs: 180 * DAY },
  /** pure-ftpd src/ls.c: the year when `time(NULL) - st_mtime > 180 days`, else `HH:MM`. */
  'pure-ftpd': { pastWindowMs: 180 * DAY },
  /** pyftpdlib filesystems.py format_list: the year when `now - st_mtime > SIX_MONTHS` (180 days). */
  pyftpdlib: { pastWindowMs: 180 * DAY },
  /** FileZilla Server 1.x src/filezilla/tvfs/entry.cpp entry_stats: the year when `mtime < now - 30*6 days`. */
  'filezilla-server': { pastWindowMs: 180 * DAY },
  /** GNU inetutils ftpd, ls/print.c printtime: `HH:MM` when `ftime + SIXMONTHS > now`, SIXMONTHS = (365/2) days = 182. */
  inetutils: { pastWindowMs: 182 * DAY },
  /** vsftpd sysutil.c vsf_sysutil_statbuf_get_date: the year for a future date or one older than 182 days. One day of clock skew. */
  vsftpd: DAY,
  /** busybox ls.c (busybox ftpd lists with its ls applet): `HH:MM` when -15 minutes < age < 182.5 days. One day of clock skew. */
  busybox: DAY,
  /** IIS in Unix listing style: `HH:MM` when the file's year is the server's current year (IIS docs, "Directory Output Style"). */
  iis: 'calendar-year',
} as const;

export type YearRule = keyof typeof YEAR_RULES;

/**
 * The rule used when neither `yearRule` nor a known server says otherwise: proftpd's, which
 * pure-ftpd, pyftpdlib and FileZilla Server share (four of the nine servers whose rule is known;
 * inetutils differs only by two days at the edge of the window). See the README, Time.
 */
export const DEFAULT_YEAR_RULE: YearRule = 'proftpd';

/**
 * The year rule of the server that wrote a listing, from its welcome banner (`220 ProFTPD …`,
 * `220 (vsFTPd 3.0.3)`, `220 pyftpdlib 1.5.7 ready.`) or its SYST reply (`215 Windows_NT`,
 * inetutils' `UNIX Type: L8 Version: Linux …`), or `undefined` when neither names a known server.
 * Banners can be changed by the server's owner, so an unknown one is common: the default rule
 * then applies.
 */
export function yearRuleForServer(banner: string | undefined, syst?: string): YearRule | undefined {
  if (banner) {
    for (const [pattern, rule] of SERVER_BANNERS) if (pattern.test(banner)) return rule;
  }
  if (syst) {
    // inetutils ftpd answers SYST with `UNIX Type: L8 Version: Linux <release>` (ftpd.c, uname);
    // BSD ftpd and wu-ftpd say `Version: BSD-…`.
    if (/Version: Linux\b/i.test(syst)) return 'inetutils';
    if (/Windows_NT/i.test(syst)) return 'iis';
  }
  return undefined;
}

/** Banner patterns, first match wins (default greetings as each server's source writes them). */
export const SERVER_BANNERS: readonly (readonly [RegExp, YearRule])[] = [
  [/\bProFTPD\b/i, 'proftpd'],
  [/\bPure-FTPd\b/i, 'pure-ftpd'],
  [/\bpyftpdlib\b/i, 'pyftpdlib'],
  [/\bFileZilla Server\b/i, 'filezilla-server'],
  [/\bvsFTPd\b/i, 'vsftpd'],
  [/\bGNU inetutils\b/i, 'inetutils'],
  [/\bBusyBox\b/i, 'busybox'],
  [/\bMicrosoft FTP Service\b/i, 'iis'],
];

export interface ClockOptions {
  /** IANA zone name (or `+hh:mm` offset) the server shows times in. Default `UTC`. */
  timeZone?: string;
  /**
   * The moment the listing was made, for dates without a year. Default: now. A string is read by
   * `parseInstant`: ISO 8601, in `timeZone` when it has no offset.
   */
  now?: Date | number | string;
  /**
   * How a yearless date gets its year: a preset of `YEAR_RULES` (a client's or a server's rule) or
   * a future tolerance in milliseconds. Default `DEFAULT_YEAR_RULE` (proftpd's).
   */
  yearRule?: YearRule | number;
  /**
   * How far the server's clock runs ahead of the real time, in ms (ftputil's `time_shift`): shown
   * times are moved back by it, and "now" on the server is `now + timeShift`. Default 0.
   */
  timeShift?: number;
}

/** Converts a server's wall-clock times to instants; one per parse, it caches zone offsets. */
export class ServerClock {
  readonly timeZone: string;
  readonly nowMs: number;
  /** For a future-tolerance rule: how far past `now` a yearless date may lie (else NaN). */
  readonly futureToleranceMs: number;
  /** For a past-window rule: how old a date the server still shows with `HH:MM` (else NaN). */
  readonly pastWindowMs: number;
  readonly timeShift: number;
  private readonly calendarYear: boolean;
  private readonly utc: boolean;
  private readonly offsets = new Map<number, number>();
  private readonly nowWallMs: number;
  private readonly nowYear: number;

  constructor(options: ClockOptions = {}) {
    this.timeZone = normalizeTimeZone(options.timeZone ?? 'UTC');
    const now = options.now ?? Date.now();
    this.nowMs = typeof now === 'number' ? now : typeof now === 'string' ? parseInstant(now, this.timeZone) : now.getTime();
    if (!Number.isFinite(this.nowMs)) throw new RangeError('The option now is not a valid date');
    const rule = options.yearRule ?? DEFAULT_YEAR_RULE;
    const spec: number | { pastWindowMs: number } | 'calendar-year' | undefined =
      typeof rule === 'number' ? rule : Object.hasOwn(YEAR_RULES, rule) ? YEAR_RULES[rule] : undefined;
    this.futureToleranceMs = typeof spec === 'number' ? spec : NaN;
    this.pastWindowMs = typeof spec === 'object' ? spec.pastWindowMs : NaN;
    this.calendarYear = spec === 'calendar-year';
    if (!(this.futureToleranceMs >= 0 && this.futureToleranceMs !== Infinity) && !(this.pastWindowMs >= 0) && !this.calendarYear) {
      throw new RangeError(`Unknown yearRule '${String(rule)}': use ${Object.keys(YEAR_RULES).join(', ')} or milliseconds`);
    }
    this.timeShift = options.timeShift ?? 0;
    if (!Number.isFinite(this.timeShift)) throw new RangeError('The option timeShift must be a number of milliseconds');
    this.utc = /^(utc|gmt|etc\/utc|etc\/gmt|z|[+-]00:?00)$/i.test(this.timeZone);
    if (!this.utc) {
      try {
        this.offsetAt(this.nowMs);
      } catch {
        throw new RangeError(`Unknown time zone '${this.timeZone}': use an IANA name such as Europe/Berlin`);
      }
    }
    this.nowWallMs = this.toWallClock(this.nowMs + this.timeShift);
    this.nowYear = new Date(this.nowWallMs).getUTCFullYear();
  }

  /** The zone's offset from UTC in ms at an instant. */
  offsetAt(instantMs: number): number {
    if (this.utc) return 0;
    // Every transition in tzdata since 1970 falls on a quarter hour of UTC.
    const bucket = Math.floor(instantMs / (15 * MINUTE));
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = instantOffset(this.timeZone, bucket * 15 * MINUTE);
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** The wall-clock time (as if UTC) a correct clock in the server's zone shows for an instant. */
  toWallClock(instantMs: number): number {
    return instantMs + this.offsetAt(instantMs);
  }

  /**
   * The instant a wall-clock time in the server's zone stands for. Around a DST change it follows
   * Temporal's `compatible` rule: a repeated time takes the earlier instant, a skipped time is moved
   * forward by the length of the gap.
   */
  toInstant(wallMs: number): number {
    return this.zoneInstant(wallMs) - this.timeShift;
  }

  private zoneInstant(wallMs: number): number {
    if (this.utc) return wallMs;
    const before = this.offsetAt(wallMs - DAY);
    const after = this.offsetAt(wallMs + DAY);
    if (before === after) return wallMs - before;
    const early = wallMs - before;
    const late = wallMs - after;
    const earlyValid = this.offsetAt(early) === before;
    const lateValid = this.offsetAt(late) === after;
    if (earlyValid && lateValid) return Math.min(early, late);
    if (earlyValid) return early;
    if (lateValid) return late;
    return early;
  }

  /**
   * The year of a date shown without one (`Nov 21 10:00`), by the clock's year rule, in the server's
   * zone: with a future tolerance, the latest year that puts the date no more than the tolerance
   * after `now`; with a past window, the earliest year that puts it no earlier than the window
   * before `now`; with the calendar-year rule, the year of `now`. Feb 29 is only
   * looked for in leap years.
   */
  inferYear(month: number, day: number, hour = 0, minute = 0): number {
    const leapDay = month === 2 && day === 29;
    let year = this.nowYear;
    if (this.calendarYear) {
      while (leapDay && !isLeapYear(year)) year--;
    } else if (this.pastWindowMs >= 0) {
      // The server showed HH:MM, so the date is not older than the window: the first such year.
      const earliest = this.nowWallMs - this.pastWindowMs;
      year = this.nowYear - 1;
      while ((leapDay && !isLeapYear(year)) || wallClockMs(year, month, day, hour, minute) < earliest) year++;
    } else {
      const latest = this.nowWallMs + this.futureToleranceMs;
      year = this.nowYear + 1;
      while ((leapDay && !isLeapYear(year)) || wallClockMs(year, month, day, hour, minute) > latest) year--;
    }
    return year;
  }

  /**
   * The instant and precision of a shown date, written into `target.mtimeMs` and
   * `target.mtimePrecision` (mtimeMs first, so entries keep one shape) instead of a new object.
   * The year is inferred when not shown. Returns the reason when the fields are impossible, and
   * then writes nothing. Precision: a day without `hour`, else the finest field given.
   */
  shownTimeInto(
    target: ShownTimeTarget,
    year: number | undefined,
    month: number,
    day: number,
    hour: number | undefined,
    minute: number | undefined,
    second?: number,
    ms?: number,
  ): string | undefined {
    const y = year ?? this.inferYear(month, day, hour ?? 0, minute ?? 0);
    const invalid = invalidWallClock(y, month, day, hour, minute, second);
    if (invalid) return invalid;
    target.mtimeMs = this.toInstant(wallClockMs(y, month, day, hour ?? 0, minute ?? 0, second ?? 0, ms ?? 0));
    target.mtimePrecision =
      hour === undefined ? 'day' : second === undefined ? 'minute' : ms === undefined ? 'second' : 'millisecond';
    return undefined;
  }
}

/** What `ServerClock.shownTimeInto` writes: an entry's time fields. */
export interface ShownTimeTarget {
  mtimeMs: number | undefined;
  mtimePrecision: TimePrecision | undefined;
}

let formatInTimeZone: typeof FormatInTimeZone | undefined;

/**
 * date-fns-tz, loaded on the first zone other than UTC: importing it costs ~27 MB of RSS (it pulls
 * in date-fns), which a UTC listing should not pay (bench: the streaming RSS target).
 */
function zoneFormatter(): typeof FormatInTimeZone {
  formatInTimeZone ??= (createRequire(import.meta.url)('date-fns-tz/formatInTimeZone') as { formatInTimeZone: typeof FormatInTimeZone })
    .formatInTimeZone;
  return formatInTimeZone;
}

/**
 * The offset of a zone at an instant. Not date-fns-tz's `getTimezoneOffset`: it reads its Date as a
 * wall-clock time, so in the repeated hour after a DST change it answers the summer offset.
 */
function instantOffset(timeZone: string, instantMs: number): number {
  const text = zoneFormatter()(new Date(instantMs), timeZone, 'xxxxx'); // +hh:mm or +hh:mm:ss (LMT)
  const [hours, minutes, seconds = '0'] = text.slice(1).split(':');
  const offset = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  if (!Number.isFinite(offset)) throw new RangeError(`Cannot read the offset of ${timeZone}: ${text}`);
  return text[0] === '-' ? -offset : offset;
}

export interface ShownTime {
  mtimeMs: number;
  mtimePrecision: TimePrecision;
}

/**
 * Resolves a date whose year may be missing. Returns a reason string when the fields are impossible,
 * so a grammar can report the line instead of inventing a date.
 */
export function resolveShownTime(
  clock: ServerClock,
  year: number | undefined,
  month: number,
  day: number,
  hour: number | undefined,
  minute: number | undefined,
  second?: number,
  ms?: number,
): ShownTime | string {
  const shown: ShownTimeTarget = { mtimeMs: undefined, mtimePrecision: undefined };
  return clock.shownTimeInto(shown, year, month, day, hour, minute, second, ms) ?? (shown as ShownTime);
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An instant written as ISO 8601 (`2026-11-21`, `2026-11-21T10:00`, `2026-11-21T10:00:00.5+01:00`,
 * `…Z`), strictly: an impossible date (`2026-02-30`) or offset (`+9999`, beyond ±18:00) is a
 * RangeError, never rolled over as `Date` would. Without an offset the time is a wall-clock time in
 * `timeZone` (IANA name or offset; default UTC), never in the machine's zone.
 */
export function parseInstant(text: string, timeZone = 'UTC'): number {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m) throw new RangeError(`'${text}' is not an ISO 8601 date such as 2026-11-21T10:00:00Z`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const invalid = invalidWallClock(year, month, day, hour, minute, Math.min(second, 59) === second ? second : 60);
  if (invalid || second > 59) throw new RangeError(`'${text}' is not a real date and time: ${invalid ?? `second ${second} is not 0-59`}`);
  const wall = wallClockMs(year, month, day, hour, minute, second, ms);
  const zone = m[8];
  if (zone === undefined) return new ServerClock({ timeZone, now: 0 }).toInstant(wall);
  if (zone === 'Z' || zone === 'z') return wall;
  const digits = zone.replace(':', '');
  const offsetHours = Number(digits.slice(1, 3));
  const offsetMinutes = Number(digits.slice(3, 5) || '0');
  if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
    throw new RangeError(`'${text}': the offset ${zone} is not a UTC offset (at most ±18:00)`);
  }
  const offset = (offsetHours * 60 + offsetMinutes) * MINUTE * (zone[0] === '-' ? -1 : 1);
  return wall - offset;
}

/**
 * A zone as people type it: an IANA name, `UTC`, or an offset `+05:30`, `-0500`, `+05`, returned in
 * the `+hh:mm` form `ServerClock` takes. An offset beyond ±18:00 or with minutes over 59 is refused.
 */
export function normalizeTimeZone(zone: string): string {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone.trim());
  if (!m) return zone.trim();
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) throw new RangeError(`'${zone}' is not a UTC offset (at most ±18:00)`);
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}
