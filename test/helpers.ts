/** Shared test helpers: paths into fixtures/ and small comparisons. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRECISION_MS, type ParseOptions, type ServerClock, type StatResult, parseListing } from '../src/index.js';

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

/**
 * The least CPU time (ms) of five runs of this process: for comparing a parse with itself at two
 * sizes (linear-time checks). Interference from parallel test files only ever adds time.
 */
export function bestMs(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

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
