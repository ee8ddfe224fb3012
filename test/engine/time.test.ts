/** ServerClock and the month tables, against dates worked out by hand from tzdata and the calendar. */
import test from 'ava';
import fc from 'fast-check';
import { MONTH_NAMES, MonthTable, ServerClock, daysInMonth, isLeapYear, parseSize } from '../../src/index.js';
import { resolveShownTime, wallClockMs } from '../../src/time.js';

const utc = (iso: string) => Date.parse(`${iso}Z`);

test('every language table is conflict-free on its own and the default set together; Croatian is opt-in', (t) => {
  t.notThrows(() => new MonthTable());
  for (const locale of Object.keys(MONTH_NAMES)) t.notThrows(() => new MonthTable([locale]));
  t.throws(() => new MonthTable(Object.keys(MONTH_NAMES)), { message: /'lip' means month/ });
  t.is(new MonthTable(['hr']).month('lip'), 6, 'Croatian lipanj');
  t.is(new MonthTable().month('lip'), 7, 'Polish lipiec by default');
});

test('month names as servers print them, in many languages', (t) => {
  const months = new MonthTable();
  const cases: [string, number][] = [
    ['Nov', 11], ['NOV', 11], ['Mär', 3], ['Mrz', 3], ['déc.', 12], ['févr.', 2], ['août', 8], ['dic', 12],
    ['gen', 1], ['mei', 5], ['mrt', 3], ['maj', 5], ['out', 10], ['paź', 10], ['sty', 1], ['okt', 10], ['дек', 12],
    ['ian', 1], ['Shk', 2], ['jún', 6], ['avg', 8], ['bře', 3], ['márc', 3], ['szept', 9], ['maalis', 3], ['Şub', 2], ['Eki', 10],
  ];
  for (const [name, month] of cases) t.is(months.month(name), month, name);
  t.is(months.month('Jam'), undefined);
  t.is(months.month('Mär'.normalize('NFD')), 3, 'decomposed umlaut');
});

test('the locale option restricts month names', (t) => {
  const german = new MonthTable(['de-DE']);
  t.is(german.month('Okt'), 10);
  t.is(german.month('oct'), undefined);
  t.throws(() => new MonthTable(['xx']), { instanceOf: RangeError, message: /Unknown locale 'xx'/ });
});

test('calendar helpers', (t) => {
  t.true(isLeapYear(2024));
  t.false(isLeapYear(1900));
  t.true(isLeapYear(2000));
  t.is(daysInMonth(2026, 2), 28);
  t.is(daysInMonth(2028, 2), 29);
  t.is(new Date(wallClockMs(45, 6, 1)).getUTCFullYear(), 45, 'years below 100 are literal');
});

test('year inference: this year, or last year when more than a day in the future', (t) => {
  const clock = new ServerClock({ now: utc('2026-11-21T12:00:00'), yearRule: 'commons-net' });
  t.is(clock.inferYear(11, 21, 10, 0), 2026);
  t.is(clock.inferYear(11, 22, 11, 59), 2026, 'less than one day ahead: clock skew, this year');
  t.is(clock.inferYear(11, 22, 12, 1), 2025, 'more than one day ahead: last year');
  t.is(clock.inferYear(1, 1, 0, 0), 2026);
  const newYear = new ServerClock({ now: utc('2027-01-01T00:30:00'), yearRule: 'commons-net' });
  t.is(newYear.inferYear(12, 31, 23, 59), 2026, 'New-Year rollover');
  t.is(newYear.inferYear(1, 1, 0, 10), 2027);
  t.is(clock.inferYear(2, 29, 10, 0), 2024, 'Feb 29 in a non-leap year: the latest leap year');
});

test('year inference happens in the server zone', (t) => {
  // 2026-12-31T23:30Z is already 2027-01-01 00:30 in Berlin.
  const clock = new ServerClock({ now: utc('2026-12-31T23:30:00'), timeZone: 'Europe/Berlin', yearRule: 'commons-net' });
  t.is(clock.inferYear(1, 1, 0, 15), 2027);
  // In UTC it is still 2026-12-31 23:30: Jan 1 00:15 is 45 minutes ahead, within the day of skew.
  // (Commons Net itself only ever moves a year back, and would say 2026.)
  t.is(new ServerClock({ now: utc('2026-12-31T23:30:00'), yearRule: 'commons-net' }).inferYear(1, 1, 0, 15), 2027);
  t.is(new ServerClock({ now: utc('2026-12-31T23:30:00'), yearRule: 'commons-net' }).inferYear(1, 2, 0, 15), 2026);
});

test('wall-clock to instant in a DST zone: normal, gap and repeated hour', (t) => {
  const berlin = new ServerClock({ timeZone: 'Europe/Berlin', now: 0 });
  t.is(berlin.toInstant(utc('2026-01-15T12:00:00')), utc('2026-01-15T11:00:00'), 'CET');
  t.is(berlin.toInstant(utc('2026-07-15T12:00:00')), utc('2026-07-15T10:00:00'), 'CEST');
  // 2026-03-29 02:30 does not exist in Berlin (02:00 -> 03:00): moved forward by the gap.
  t.is(berlin.toInstant(utc('2026-03-29T02:30:00')), utc('2026-03-29T01:30:00'));
  // 2026-10-25 02:30 happens twice: the earlier instant (still CEST).
  t.is(berlin.toInstant(utc('2026-10-25T02:30:00')), utc('2026-10-25T00:30:00'));
  t.is(berlin.toWallClock(utc('2026-10-25T01:30:00')), utc('2026-10-25T02:30:00'), 'the second 02:30 (CET)');
  const kolkata = new ServerClock({ timeZone: 'Asia/Kolkata', now: 0 });
  t.is(kolkata.toInstant(utc('2026-11-21T10:00:00')), utc('2026-11-21T04:30:00'));
  t.throws(() => new ServerClock({ timeZone: 'Not/AZone' }), { instanceOf: RangeError });
  t.throws(() => new ServerClock({ now: Number.NaN }), { instanceOf: RangeError });
});

test('pre-epoch dates are kept, not clamped', (t) => {
  const clock = new ServerClock({ timeZone: 'America/New_York', now: 0 });
  const shown = resolveShownTime(clock, 1969, 7, 20, 16, 17);
  t.deepEqual(shown, { mtimeMs: utc('1969-07-20T20:17:00'), mtimePrecision: 'minute' });
});

test('impossible dates are reasons, not dates', (t) => {
  const clock = new ServerClock({ now: 0 });
  t.regex(resolveShownTime(clock, 2025, 2, 29, 10, 0) as string, /day 29 does not exist/);
  t.regex(resolveShownTime(clock, 2025, 1, 1, 24, 0) as string, /hour 24/);
  t.regex(resolveShownTime(clock, 2025, 13, 1, 0, 0) as string, /month 13/);
  t.regex(resolveShownTime(clock, 2025, 1, 36, undefined, undefined) as string, /day 36/);
});

test('sizes with units keep the precision the text allows', (t) => {
  t.deepEqual(parseSize('1234'), { size: 1234, sizePrecision: 1 });
  t.deepEqual(parseSize('1.2K'), { size: 1229, sizePrecision: 102.4 });
  t.deepEqual(parseSize('3 MiB'), { size: 3145728, sizePrecision: 1048576 });
  t.deepEqual(parseSize('1,5 kB'), { size: 1500, sizePrecision: 100 });
  t.deepEqual(parseSize('1,5 KB', { kilo: 1024 }), { size: 1536, sizePrecision: 102.4 });
  t.is(parseSize('12 parsecs'), undefined);
  t.is(parseSize('-'), undefined);
});

test('wallClockMs agrees with Date for every year, valid or overflowing day', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: -300, max: 3000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 999 }),
      (year, month, day, hour, minute, second, ms) => {
        const reference = new Date(0);
        reference.setUTCFullYear(year, month - 1, day);
        reference.setUTCHours(hour, minute, second, ms);
        return wallClockMs(year, month, day, hour, minute, second, ms) === reference.getTime();
      },
    ),
    { numRuns: 20000 },
  );
  t.pass();
});
