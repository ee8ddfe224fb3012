/** Time input hygiene: `now` as an ISO string, impossible dates and offsets refused, never rolled over. */
import test from 'ava';
import { normalizeTimeZone, parseInstant, parseListing } from '../../../src/index.js';

test('now as an ISO string is accepted, and read in timeZone when it has no offset', (t) => {
  const line = '-rw-r--r-- 1 u g 1 Nov 21 10:00 f';
  const at = (now: string, timeZone?: string) => parseListing(line, { hint: 'unix', now, timeZone, yearRule: 0 }).entries[0]!.mtime!.toISOString();
  t.is(at('2026-11-21T12:00:00Z'), '2026-11-21T10:00:00.000Z');
  t.is(at('2026-11-21T12:00', 'America/New_York'), '2026-11-21T15:00:00.000Z', 'noon in New York: 10:00 is past');
  t.is(parseInstant('2026-11-21T12:00', 'America/New_York'), Date.UTC(2026, 10, 21, 17));
  t.is(parseInstant('2026-11-21'), Date.UTC(2026, 10, 21));
  t.is(parseInstant('2026-11-21T10:00:00.5+05:30'), Date.UTC(2026, 10, 21, 4, 30, 0, 500));
});

test('impossible dates and offsets are refused with a clear message, not rolled over', (t) => {
  t.throws(() => parseInstant('2026-02-30'), { instanceOf: RangeError, message: /day 30 does not exist in 2026-02/ });
  t.throws(() => parseInstant('2026-11-21T24:30'), { instanceOf: RangeError, message: /hour 24/ });
  t.throws(() => parseInstant('2026-11-21T10:00+9999'), { instanceOf: RangeError, message: /offset \+9999/ });
  t.throws(() => parseInstant('yesterday'), { instanceOf: RangeError, message: /not an ISO 8601 date/ });
  t.throws(() => parseListing('x', { now: '2026-02-30' }), { instanceOf: RangeError, message: /day 30/ });
  t.throws(() => parseListing('x', { timeZone: '+9999' }), { instanceOf: RangeError, message: /not a UTC offset/ });
  t.is(normalizeTimeZone('-0500'), '-05:00');
  t.is(normalizeTimeZone('+0530'), '+05:30');
  t.is(normalizeTimeZone('Europe/Berlin'), 'Europe/Berlin');
});
