/**
 * Keeps the baseline honest: the hand-written scanner must give the same entries, field by field
 * (including mtimeMs), as dirlisting on a corpus. Run by the runner before timing, or alone:
 * `node dist/bench/verify.js [CORPUS...]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseListing } from '../src/index.js';
import { type CorpusMeta, ensureCorpus } from './corpora.js';
import { ScanEntry, scanDos, scanUnix } from './scanner.js';

const FIELDS = Object.keys(new ScanEntry('', '', '', '')) as (keyof ScanEntry)[];

export interface Verification {
  corpus: string;
  entries: number;
  /** Entries dirlisting returned that the scanner skipped (edge cases it does not handle). */
  scannerSkipped: number;
  mismatches: string[];
}

export function verifyCorpus(corpus: CorpusMeta): Verification {
  const text = readFileSync(corpus.path, 'utf8');
  const expected = parseListing(text, { hint: corpus.family, now: corpus.nowMs }).entries;
  const scan = corpus.family === 'unix' ? scanUnix(text, corpus.nowMs) : scanDos(text);
  const mismatches: string[] = [];
  let j = 0;
  for (const want of expected) {
    const got = scan.entries[j];
    // A line the scanner skipped: dirlisting's entry has no counterpart; move on.
    if (!got || got.name !== want.name) continue;
    j++;
    for (const field of FIELDS) {
      const a = (want as unknown as Record<string, unknown>)[field];
      const b = got[field];
      if (a !== b && mismatches.length < 10) mismatches.push(`${want.name}: ${field} dirlisting=${String(a)} scanner=${String(b)}`);
    }
  }
  if (j !== scan.entries.length && mismatches.length < 10) mismatches.push(`scanner has ${scan.entries.length - j} entries dirlisting lacks`);
  return { corpus: corpus.id, entries: expected.length, scannerSkipped: expected.length - j, mismatches };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2);
  let failed = false;
  for (const id of ids.length ? ids : ['unix-10k', 'dos-10k']) {
    const v = verifyCorpus(ensureCorpus(id));
    failed ||= v.mismatches.length > 0;
    console.log(`${v.corpus}: ${v.entries} entries, scanner skipped ${v.scannerSkipped}, ${v.mismatches.length ? 'MISMATCH' : 'same fields'}`);
    for (const m of v.mismatches) console.log(`  ${m}`);
  }
  process.exitCode = failed ? 1 : 0;
}
