/**
 * formatListing never invents data: an entry without a time or a mode is refused with a clear
 * error where the format has no way to say "unknown", and written without the fact where it has.
 */
import test from 'ava';
import { StatResult, formatListing, parseListing } from '../../../src/index.js';

function entry(fields: Partial<StatResult>): StatResult {
  return Object.assign(new StatResult('f', 'file', 'test'), { size: 1, sizePrecision: 1 }, fields);
}
const T = Date.UTC(2019, 10, 21, 10);
const NOW = Date.UTC(2026, 10, 21);

test('no time: refused by every format whose lines must show a date', (t) => {
  for (const format of ['unix', 'dos', 'vms', 'netware', 'os2', 'os400', 'macos']) {
    const error = t.throws(() => formatListing([entry({ mode: 0o100644 })], format, { now: NOW }), { instanceOf: RangeError }, format);
    t.regex(error!.message, /"f" .*has no modification time/, format);
  }
});

test('no mode: refused by unix and macos, never written as ----------', (t) => {
  for (const format of ['unix', 'macos']) {
    const error = t.throws(() => formatListing([entry({ mtimeMs: T })], format, { now: NOW }), { instanceOf: RangeError }, format);
    t.regex(error!.message, /has no mode/, format);
  }
});

test('MLSD and EPLF leave the missing fact out instead', (t) => {
  const mlsd = formatListing([entry({})], 'mlsd');
  t.is(mlsd, 'type=file;size=1; f\r\n');
  t.is(parseListing(mlsd, 'mlsd').entries[0]!.mtimeMs, undefined);
  const eplf = formatListing([entry({})], 'eplf');
  t.false(/,m\d/.test(eplf));
  t.is(parseListing(eplf, 'eplf').entries[0]!.mtimeMs, undefined);
});
