/** Shared test helpers: paths into fixtures/ and small comparisons. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
