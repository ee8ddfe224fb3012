/** Shared test helpers: paths into fixtures/ and small comparisons. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseOptions, type StatResult, parseListing } from '../src/index.js';

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
export function formatTester(format: string, now: number) {
  const parse = (text: string, options: ParseOptions = {}) => parseListing(text, { hint: format, now, ...options });
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
