/**
 * fast-check properties over the public API: formatting then parsing gives the entries back within
 * the precision the format can show; no input makes parseListing throw; a plugin takes part in
 * detection like a built-in format.
 */
import test from 'ava';
import fc from 'fast-check';
import {
  type EntryType,
  DocumentParser,
  LineParser,
  type ParseContext,
  ParserError,
  StatResult,
  detectFormat,
  listParsers,
  modeTypeBits,
  parseListing,
  registerParser,
} from '../../src/index.js';
import { assertRoundTrip } from '../helpers.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const MIN_MS = Date.UTC(1901, 0, 1);
const MAX_MS = Date.UTC(2099, 11, 31);

const nowArb = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2098, 0, 1) });
/** Times near `now` (the `Mon DD HH:MM` form) as often as far ones (the year form). */
const mtimeArb = (now: number) =>
  fc.oneof(
    fc.integer({ min: now - 200 * 86_400_000, max: now + 3 * 86_400_000 }),
    fc.integer({ min: MIN_MS, max: MAX_MS }),
  );

/** A name the format can write: no line break, slash; not empty, `.` or `..`. */
const nameArb = (extra: (name: string) => boolean) =>
  fc
    .string({ minLength: 1, maxLength: 30, unit: fc.oneof(fc.constantFrom(' ', 'a', 'Z', '-', '.', '>', '[', ']', 'é', '日', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
    .filter((name) => !/[\r\n/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..' && extra(name));

const wordArb = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,11}$/);

function unixEntryArb(now: number): fc.Arbitrary<StatResult> {
  return fc
    .record({
      type: fc.constantFrom<EntryType>('file', 'directory', 'symlink', 'block-device', 'char-device', 'fifo', 'socket'),
      name: nameArb((name) => !name.includes(' -> ')),
      permissions: fc.integer({ min: 0, max: 0o7777 }),
      nlink: fc.integer({ min: 1, max: 5000 }),
      owner: fc.oneof(wordArb, fc.nat({ max: 65535 }).map(String)),
      group: fc.oneof(wordArb, fc.nat({ max: 65535 }).map(String)),
      size: fc.oneof(fc.nat({ max: 4096 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      major: fc.nat({ max: 4095 }),
      minor: fc.nat({ max: 1 << 20 }),
      target: nameArb(() => true),
      mtimeMs: mtimeArb(now),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.type, 'unix');
      entry.mode = modeTypeBits(r.type) | r.permissions;
      entry.nlink = r.nlink;
      entry.owner = r.owner;
      entry.group = r.group;
      if (r.type === 'block-device' || r.type === 'char-device') {
        entry.major = r.major;
        entry.minor = r.minor;
      } else {
        entry.size = r.size;
      }
      if (r.type === 'symlink') {
        entry.target = r.target;
        // A symlink's size is its target's length in bytes (lstat), which unix reads to split `a -> b -> c`.
        entry.size = new TextEncoder().encode(r.target).length;
      }
      entry.mtimeMs = r.mtimeMs;
      return entry;
    });
}

function dosEntryArb(now: number): fc.Arbitrary<StatResult> {
  return fc
    .record({
      type: fc.constantFrom<EntryType>('file', 'directory', 'symlink'),
      name: nameArb((name) => !name.startsWith(' ')),
      size: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      target: nameArb((name) => !/[[\]]/.test(name)),
      mtimeMs: mtimeArb(now).filter((ms) => ms >= Date.UTC(1971, 0, 1)),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.type, 'dos');
      if (r.type === 'file') entry.size = r.size;
      if (r.type === 'symlink') entry.target = r.target;
      entry.mtimeMs = r.mtimeMs;
      return entry;
    });
}

const FIELDS = ['name', 'type', 'size', 'mode', 'nlink', 'owner', 'group', 'major', 'minor', 'target'] as const;

for (const [format, entryArb] of [
  ['unix', unixEntryArb],
  ['dos', dosEntryArb],
] as const) {
  test(`${format}: parseListing(formatListing(xs)) gives xs back within the format's precision`, (t) => {
    assertRoundTrip({ format, entry: entryArb, now: nowArb, zones: ZONES, fields: FIELDS, numRuns: 400 });
    t.pass();
  });
}

test('parseListing never throws on arbitrary text, hinted or not, and accounts for every line', (t) => {
  const formats = [undefined, ...listParsers().map((parser) => parser.id)];
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 400 })),
      fc.constantFrom(...formats),
      (text, hint) => {
        const listing = parseListing(text, { hint, now: 0 });
        // A lone CR may end a line too (classic Mac OS listings).
        const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '').length;
        // A document format may hold several records on one line (`[1,2]`, `<a>…<a>…`): each takes
        // at least one visible character.
        const documentFormat = listParsers().find((parser) => parser.id === listing.format) instanceof DocumentParser || listing.format === 'html-links';
        const bound = documentFormat ? text.replace(/\s/g, '').length : lines;
        return listing.entries.length + listing.skipped.length <= bound && listing.confidence >= 0 && listing.confidence <= 1;
      },
    ),
    { numRuns: 2000 },
  );
  t.pass();
});

test('strict parsing throws a ParserError (never another error) on arbitrary text', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      try {
        parseListing(text, { strict: true, now: 0 });
        return true;
      } catch (error) {
        return error instanceof ParserError && typeof error.line === 'number';
      }
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

/** A made-up format a user might add: `name|size|ISO time` per line. */
class PipeParser extends LineParser {
  readonly id = 'test-pipe';
  override detect(sample: string): number {
    const lines = sample.split('\n').filter(Boolean);
    return lines.length && lines.every((line) => /^[^|]+\|\d+\|\d{4}-/.test(line)) ? 0.9 : 0;
  }
  parseLine(line: string, _ctx: ParseContext): StatResult {
    const [name, size, time] = line.split('|');
    if (!name || !size || !time) throw new ParserError('expected name|size|time');
    const entry = new StatResult(name, 'file', this.id);
    entry.size = Number(size);
    entry.mtimeMs = Date.parse(time);
    entry.mtimePrecision = 'second';
    return entry;
  }
}

test('a registered Parser subclass takes part in auto-detection', (t) => {
  registerParser(new PipeParser());
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ name: fc.stringMatching(/^[a-z][a-z .]{0,10}$/), size: fc.nat(), time: fc.integer({ min: 0, max: 4e12 }) }),
        { minLength: 1, maxLength: 20 },
      ),
      (rows) => {
        const text = rows.map((row) => `${row.name}|${row.size}|${new Date(row.time).toISOString()}`).join('\n');
        const listing = parseListing(text);
        return (
          detectFormat(text)[0]!.format === 'test-pipe' &&
          listing.format === 'test-pipe' &&
          listing.entries.length === rows.length &&
          listing.entries.every((entry, i) => entry.name === rows[i]!.name && entry.size === rows[i]!.size)
        );
      },
    ),
    { numRuns: 300 },
  );
  // The built-in formats still win their own listings.
  t.is(parseListing('-rw-r--r-- 1 a b 1 Nov 21 10:00 x').format, 'unix');
});
