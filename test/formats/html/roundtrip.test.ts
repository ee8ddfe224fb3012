/**
 * Formatter round trips for the web index styles that have a formatter (Apache fancy and table,
 * nginx HTML/JSON/XML, Caddy JSON): names with `&`, `<`, `"`, `%`, `#`, `?`, spaces, unicode and
 * lengths past Apache's NameWidth (23) and nginx's 50 columns, sizes at every unit boundary; the
 * name exactly, the size within `sizePrecision`, the time within the precision shown.
 */
import test from 'ava';
import fc from 'fast-check';
import { PRECISION_MS, ServerClock, StatResult, formatListing, parseListing, type FormatOptions } from '../../../src/index.js';

const CHARS = ['a', 'b', 'Z', '0', ' ', '&', '<', '>', '"', "'", '%', '#', '?', ';', ':', '=', '+', '.', 'é', '日', '😀', '-', '_', 'amp;', 'lt;'];
const name = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 70 })
  .map((parts) => parts.join(''))
  .filter((n) => n !== '.' && n !== '..');

const BOUNDARIES = [0, 1, 9, 10, 99, 100, 972, 973, 999, 1000, 1023, 1024, 1025, 9727, 9728, 9999, 10000, 10239, 10240, 996147, 1048575, 1048576, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 2 ** 29, 2 ** 40, 5e12];
const size = fc.oneof(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 0, max: 2 ** 45 }));
const time = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) });

const entry = fc.record({ name, dir: fc.boolean(), size, mtimeMs: time }).map(({ name, dir, size, mtimeMs }) => {
  const e = new StatResult(name, dir ? 'directory' : 'file', 'x');
  if (!dir) e.size = size;
  e.mtimeMs = mtimeMs;
  return e;
});
/** Unique names: a listing does not repeat a name. */
const entries = fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 8 });

function check(format: string, options: FormatOptions & { timeZone?: string }, exactTime: boolean): void {
  // Times compare as the server's wall clock: one in the hour a DST change repeats reads back as the earlier instant.
  const clock = new ServerClock({ timeZone: options.timeZone ?? 'UTC' });
  fc.assert(
    fc.property(entries, (xs) => {
      const text = formatListing(xs, format, options);
      const listing = parseListing(text, { hint: format, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
      if (listing.skipped.length || listing.entries.length !== xs.length) return false;
      return xs.every((original, i) => {
        const parsed = listing.entries[i]!;
        if (parsed.name !== original.name || parsed.type !== original.type) return false;
        if (original.type === 'file' && parsed.size !== undefined && Math.abs(parsed.size - original.size!) > (parsed.sizePrecision ?? 1) - 1 + 1e-6 && parsed.size !== original.size) return false;
        const span = PRECISION_MS[parsed.mtimePrecision!];
        const real = clock.toWallClock(original.mtimeMs!);
        const shown = clock.toWallClock(parsed.mtimeMs!);
        if (exactTime) return Math.floor(real / span) * span === shown;
        return real >= shown && real < shown + span;
      });
    }),
    { numRuns: 150 },
  );
}

test('apache fancy round trip (NameWidth 23 cuts the text, never the href), UTC and New York', (t) => {
  check('apache', { style: 'fancy' }, false);
  check('apache', { style: 'fancy', timeZone: 'America/New_York' }, false);
  check('apache', { style: 'fancy', oldDate: true }, false);
  t.pass();
});

test('apache table round trip, NameWidth=*', (t) => {
  check('apache', { style: 'table', nameWidth: '*' }, false);
  check('apache', { style: 'table', timeZone: 'Europe/Berlin' }, false);
  t.pass();
});

test('nginx html round trip, exact and human sizes, 50-column names', (t) => {
  check('nginx', {}, false);
  check('nginx', { exactSize: false }, false);
  t.pass();
});

test('nginx json and xml round trips', (t) => {
  check('nginx-json', {}, false);
  check('nginx-xml', {}, false);
  t.pass();
});

test('caddy json round trip', (t) => {
  check('caddy-json', {}, false);
  t.pass();
});
