/** Shared test helpers: paths into fixtures/ and small comparisons. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  type FormatOptions,
  PRECISION_MS,
  type ParseOptions,
  ServerClock,
  type StatResult,
  type TimePrecision,
  formatListing,
  parseListing,
} from '../src/index.js';

export { bestMs } from '../src/testing.js';

/** The repository root (tests run from dist/test/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function fixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
}

export function fixturePath(path: string): string {
  return fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
}

/** Regex captures and parsimmon captures compare equal when both say "unmatched" the same way. */
export function normalizeCaptures(captures: ArrayLike<string | undefined> | null): (string | null)[] | null {
  return captures === null ? null : Array.from(captures, (value) => value ?? null);
}

/** Parsing with a fixed format and `now`, and the one entry a line gives (failing loudly otherwise). */
export function formatTester(format: string, now: number, defaults: ParseOptions = {}) {
  const parse = (text: string, options: ParseOptions = {}) => parseListing(text, { hint: format, now, ...defaults, ...options });
  const one = (line: string, options: ParseOptions = {}): StatResult => {
    const listing = parse(line, options);
    if (listing.entries.length !== 1 || listing.skipped.length !== 0) {
      throw new Error(`expected one entry from ${JSON.stringify(line)}: ${JSON.stringify(listing)}`);
    }
    return listing.entries[0]!;
  };
  return { parse, one };
}

export function iso(entry: StatResult): string | undefined {
  return entry.mtime?.toISOString();
}

/**
 * The least CPU time (ms) of five runs of this process: for comparing a parse with itself at two
 * sizes (linear-time checks). Interference from parallel test files only ever adds time.
 */

/** A parsed time covers the original: shown <= real < shown + precision, in the server's wall clock. */
export function shownTimeCovers(clock: ServerClock, parsed: StatResult, original: StatResult): boolean {
  if (parsed.mtimeMs === undefined || parsed.mtimePrecision === undefined || original.mtimeMs === undefined) return false;
  const shown = clock.toWallClock(parsed.mtimeMs);
  const real = clock.toWallClock(original.mtimeMs);
  return shown <= real && real < shown + PRECISION_MS[parsed.mtimePrecision];
}

/** Folders below `root` that hold a capture `file` (listing.txt, mlsd.txt); none if root is missing. */
export function captureDirs(root: string, file: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((dirent) => dirent.isDirectory() && existsSync(join(root, dirent.name, file)))
    .map((dirent) => join(root, dirent.name));
}

export interface RoundTrip {
  format: string;
  /** Entries the format can write, for a given `now` (dates near it exercise year inference). */
  entry: (now: number) => fc.Arbitrary<StatResult>;
  /** A fixed `now` or the range runs draw it from. */
  now: number | fc.Arbitrary<number>;
  zones: readonly string[];
  /** Fields that must come back exactly. */
  fields: readonly (keyof StatResult)[];
  /** The precision every parsed time must state; any by default. */
  precision?: TimePrecision;
  /** How the time must come back; by default the shown time covers the original (`shownTimeCovers`). */
  time?: (clock: ServerClock, parsed: StatResult, original: StatResult) => boolean;
  /** What else must agree (facts, …). */
  agrees?: (parsed: StatResult, original: StatResult) => boolean;
  formatOptions?: FormatOptions;
  maxEntries?: number;
  numRuns?: number;
}

/**
 * The round-trip property every formatter has: `parseListing(formatListing(xs, f), f)` gives `xs`
 * back (the named fields exactly, the time within the precision shown), nothing skipped.
 */
export function assertRoundTrip(spec: RoundTrip): void {
  const nows = typeof spec.now === 'number' ? fc.constant(spec.now) : spec.now;
  const time = spec.time ?? shownTimeCovers;
  fc.assert(
    fc.property(
      nows.chain((now) =>
        fc.tuple(fc.constant(now), fc.constantFrom(...spec.zones), fc.array(spec.entry(now), { maxLength: spec.maxEntries ?? 8 })),
      ),
      ([now, timeZone, entries]) => {
        const text = formatListing(entries, spec.format, { ...spec.formatOptions, now, timeZone });
        const listing = parseListing(text, { hint: spec.format, now, timeZone });
        const clock = new ServerClock({ now, timeZone });
        if (listing.skipped.length || listing.entries.length !== entries.length) return false;
        return entries.every((original, i) => {
          const parsed = listing.entries[i]!;
          return (
            spec.fields.every((field) => parsed[field] === original[field]) &&
            (spec.precision === undefined || parsed.mtimePrecision === spec.precision) &&
            time(clock, parsed, original) &&
            (spec.agrees?.(parsed, original) ?? true)
          );
        });
      },
    ),
    { numRuns: spec.numRuns ?? 100 },
  );
}

/** Facts compared whole (names, order, values). */
export const sameFacts = (parsed: StatResult, original: StatResult): boolean =>
  JSON.stringify(parsed.facts) === JSON.stringify(original.facts);
