/**
 * The eplf format (D. J. Bernstein's Easily Parsed LIST Format, cr.yp.to/ftp/list/eplf.html), behaviour
 * by behaviour. Expected values are worked out by hand from the spec: `+`, facts each followed by a
 * comma, a TAB, the name; `m` is seconds since 1970 UTC (converted with `date -u -d @N`).
 */
import test from 'ava';
import fc from 'fast-check';
import { S_IFDIR, S_IFREG, StatResult, detectFormat, formatListing, parseListing } from '../../../src/index.js';
import { formatTester, iso } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const { parse, one } = formatTester('eplf', NOW);

test("the spec's examples: a file and a directory", (t) => {
  const file = one('+i8388621.48594,m825718503,r,s280,\tdjb.html');
  t.like(file, { name: 'djb.html', type: 'file', size: 280, sizePrecision: 1, mtimePrecision: 'second', mode: undefined });
  t.is(iso(file), '1996-03-01T22:15:03.000Z');
  t.deepEqual(file.facts, { unique: '8388621.48594' });
  const dir = one('+i8388621.50690,m824255907,/,\t514');
  t.like(dir, { name: '514', type: 'directory', size: undefined });
  t.is(iso(dir), '1996-02-13T23:58:27.000Z');
});

test('times are UTC whatever the server zone', (t) => {
  t.is(iso(one('+m0,r,\tepoch', { timeZone: 'Asia/Tokyo' })), '1970-01-01T00:00:00.000Z');
});

test('r is a file, / a directory, neither says nothing; up gives the permission bits', (t) => {
  t.is(one('+s1,\tx').type, 'unknown');
  t.is(one('+/,r,\tx').type, 'directory', 'CWD and RETR may both work: a directory');
  t.is(one('+up644,r,\tx').mode, S_IFREG | 0o644);
  t.is(one('+up1777,/,\tx').mode, S_IFDIR | 0o1777);
  t.is(one('+up600,\tx').mode, 0o600);
});

test('unknown facts and empty facts are ignored; a last fact without its comma is still read', (t) => {
  t.like(one('+xyz,,q,r,s5,\tx'), { type: 'file', size: 5 });
  t.like(one('+r,s5\tx'), { type: 'file', size: 5 });
  t.like(one('+\tbare'), { name: 'bare', type: 'unknown', facts: undefined });
});

test('the name is everything after the TAB: spaces, commas, a leading space', (t) => {
  t.is(one('+r,\ta, b  c ').name, 'a, b  c ');
  t.is(one('+r,\t leading').name, ' leading');
  t.deepEqual(parse('+/,\t.\r\n+/,\t..\r\n').entries, []);
});

test('bad lines are skipped with a reason', (t) => {
  const reason = (line: string) => parse(line).skipped[0]?.reason ?? '';
  t.regex(reason('+i1,m2,r, name-after-space'), /expected a TAB/);
  t.regex(reason('+r,s12k,\tx'), /size fact 's12k' is not a number/);
  t.regex(reason('+r,m-5,\tx'), /time fact 'm-5'/);
  t.regex(reason('+r,up9,\tx'), /not octal/);
  t.regex(reason('+r,\ta/b'), /cannot contain '\/'/);
  t.deepEqual(parse('+r,s12k,\tx').entries, []);
});

test('detection: EPLF listings are eplf', (t) => {
  const text = '+i8388621.29609,m824255902,/,\tdev\r\n+i8388621.44468,m839956783,r,s10376,\tRFCEPLF\r\n';
  t.deepEqual(detectFormat(text)[0], { format: 'eplf', confidence: 1 });
});

test('formatListing writes the spec layout', (t) => {
  const file = new StatResult('a b', 'file', 'x');
  Object.assign(file, { size: 3, mtimeMs: 825718503_999, mtimePrecision: 'millisecond', mode: S_IFREG | 0o644, facts: { unique: '1.2' } });
  const dir = new StatResult('d', 'directory', 'x');
  t.is(formatListing([file, dir], 'eplf'), '+i1.2,m825718503,r,s3,up644,\ta b\r\n+/,\td\r\n');
  t.throws(() => formatListing([new StatResult('l', 'symlink', 'x')], 'eplf'), { instanceOf: RangeError });
});

test('fast-check: parseListing(formatListing(xs, eplf)) gives xs back (times to the second)', (t) => {
  const entryArb = fc
    .record({
      name: fc
        .string({ minLength: 1, maxLength: 20, unit: fc.oneof(fc.constantFrom(' ', ',', '+', '\t', 'a', 'é'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
        .filter((name) => !/[\r\n/]/.test(name) && name !== '.' && name !== '..'),
      type: fc.constantFrom('file', 'directory', 'unknown' as const),
      size: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: undefined }),
      mtimeMs: fc.option(fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }), { nil: undefined }),
      permissions: fc.option(fc.integer({ min: 0, max: 0o7777 }), { nil: undefined }),
      unique: fc.option(fc.stringMatching(/^[0-9a-z.]{1,12}$/), { nil: undefined }),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.type, 'eplf');
      entry.size = r.size;
      entry.mtimeMs = r.mtimeMs;
      if (r.permissions !== undefined) entry.mode = (r.type === 'file' ? S_IFREG : r.type === 'directory' ? S_IFDIR : 0) | r.permissions;
      if (r.unique !== undefined) entry.facts = { unique: r.unique };
      return entry;
    });
  fc.assert(
    fc.property(fc.array(entryArb, { maxLength: 8 }), (entries) => {
      const listing = parseListing(formatListing(entries, 'eplf'), { hint: 'eplf', now: NOW });
      return (
        listing.skipped.length === 0 &&
        listing.entries.length === entries.length &&
        entries.every((original, i) => {
          const parsed = listing.entries[i]!;
          return (
            (['name', 'type', 'size', 'mode'] as const).every((field) => parsed[field] === original[field]) &&
            parsed.facts?.unique === original.facts?.unique &&
            parsed.mtimeMs === (original.mtimeMs === undefined ? undefined : Math.floor(original.mtimeMs / 1000) * 1000)
          );
        })
      );
    }),
    { numRuns: 400 },
  );
  t.pass();
});
