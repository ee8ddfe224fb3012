/**
 * The date column of `ls -l`, which NetPresenz (macos), NetWare and Connect:Enterprise imitate:
 * `Nov 21 10:00` for the last six months, `Nov 21  2019` otherwise (POSIX XCU "ls", STDOUT; GNU
 * coreutils ls.c). One grammar rule, one meaning and one writer for every format that shows it.
 */
import { type CaptureReader, type Captures, type Rule, alt, capture, seq, spaces, toInt, token } from 'dirlisting/grammar';
import {
  ENGLISH_MONTHS,
  type ParseContext,
  ParserError,
  type ServerClock,
  type ShownTime,
  type ShownTimeTarget,
} from 'dirlisting';

/** A month name in any language of the month table (`Nov`, `Mär`, `déc.`, `paź`). */
export const monthName = (name: string): Rule => capture(name, token('[^\\s\\d]{3,6}', 'a month name'));

/**
 * `Nov 21 10:00` or `Nov 21  2019`, captured as `month`, `day`, `hour`/`minute` or `year`. The day's
 * capture keeps the spaces after it, so a format can see how the next column was aligned (unix:
 * lftp's "year anomaly") without another capture on the fast path.
 */
export const lsDate: Rule = seq(
  monthName('month'),
  spaces,
  capture('day', token('\\d{1,2} +', 'a day of the month')),
  alt(
    seq(capture('hour', token('\\d{1,2}', 'an hour')), ':', capture('minute', token('\\d\\d', 'minutes'))),
    capture('year', token('\\d{4}', 'a year')),
  ),
);

/** The month a name stands for in the listing's languages; a ParserError for any other word. */
export function monthNumber(name: string, ctx: ParseContext): number {
  const month = ctx.months.month(name);
  if (month === undefined) throw new ParserError(`unknown month name '${name}'`);
  return month;
}

/** The time of an `lsDate` match: the year shown (day precision) or inferred (minute precision). */
export function lsDateTime(m: Captures, groups: Readonly<Record<string, number>>, ctx: ParseContext): ShownTime {
  const shown: ShownTimeTarget = { mtimeMs: undefined, mtimePrecision: undefined };
  setLsDateTime(shown, m, groups, ctx);
  return shown as ShownTime;
}

/** `lsDateTime` written into an entry's `mtimeMs` and `mtimePrecision` (no intermediate object). */
export function setLsDateTime(target: ShownTimeTarget, m: Captures, groups: Readonly<Record<string, number>>, ctx: ParseContext): void {
  const month = monthNumber(m[groups.month!]!, ctx);
  setMonthDayTime(target, ctx.clock, month, m[groups.day!]!, m[groups.hour!], m[groups.minute!], m[groups.year!]);
}

/** `setLsDateTime` over a `CaptureReader`: the day, hour, minute and year are read without slicing them. */
export function setLsDateTimeFrom(target: ShownTimeTarget, m: CaptureReader, groups: Readonly<Record<string, number>>, ctx: ParseContext): void {
  const month = monthNumber(m.interned(groups.month!)!, ctx);
  const clock = ctx.clock;
  const invalid = m.has(groups.year!)
    ? clock.shownTimeInto(target, m.int(groups.year!), month, m.int(groups.day!), undefined, undefined)
    : clock.shownTimeInto(target, undefined, month, m.int(groups.day!), m.int(groups.hour!), m.int(groups.minute!));
  if (invalid !== undefined) throw new ParserError(invalid);
}

/** A month and day with either a year or a time of day, as the digits were shown, written into `target`. */
export function setMonthDayTime(
  target: ShownTimeTarget,
  clock: ServerClock,
  month: number,
  day: string,
  hour: string | undefined,
  minute: string | undefined,
  year: string | undefined,
): void {
  const invalid =
    year !== undefined
      ? clock.shownTimeInto(target, toInt(year), month, toInt(day), undefined, undefined)
      : clock.shownTimeInto(target, undefined, month, toInt(day), toInt(hour!), toInt(minute!));
  if (invalid !== undefined) throw new ParserError(invalid);
}

/** `setMonthDayTime` as a new `{ mtimeMs, mtimePrecision }`. */
export function monthDayTime(
  clock: ServerClock,
  month: number,
  day: string,
  hour: string | undefined,
  minute: string | undefined,
  year: string | undefined,
): ShownTime {
  const shown: ShownTimeTarget = { mtimeMs: undefined, mtimePrecision: undefined };
  setMonthDayTime(shown, clock, month, day, hour, minute, year);
  return shown as ShownTime;
}

/** proftpd, pure-ftpd, pyftpdlib and FileZilla Server show `HH:MM` for dates up to 180 days old. */
const RECENT_MS = 180 * 86_400_000;

/**
 * Writes the date column as `ls -l` does: `Mon DD HH:MM` for a date of the last 180 days (not in
 * the future) whose year the clock's own year rule gives back, else `Mon DD  YYYY`. So what is
 * written reads back as the same instant, whatever the rule.
 */
export function formatLsDate(clock: ServerClock, mtimeMs: number): string {
  const wall = new Date(clock.toWallClock(mtimeMs));
  const month = ENGLISH_MONTHS[wall.getUTCMonth()]!;
  const day = String(wall.getUTCDate()).padStart(2);
  const recent =
    mtimeMs <= clock.nowMs &&
    clock.nowMs - mtimeMs < RECENT_MS &&
    clock.inferYear(wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes()) === wall.getUTCFullYear();
  if (recent) {
    const hh = String(wall.getUTCHours()).padStart(2, '0');
    const mm = String(wall.getUTCMinutes()).padStart(2, '0');
    return `${month} ${day} ${hh}:${mm}`;
  }
  return `${month} ${day} ${String(wall.getUTCFullYear()).padStart(5)}`;
}
