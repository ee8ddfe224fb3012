/**
 * Keeps the baseline honest: the hand-written scanner must give the same entries, field by field
 * (including mtimeMs), as dirlisting on a corpus. Run by the runner before timing, or alone:
 * `node dist/bench/verify.js [CORPUS...]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseListing } from '../src/index.js';
import { type CorpusMeta, ensureCorpus } from './corpora.js';
import { MlsdScanEntry, ScanEntry, scanDos, scanMlsd, scanUnix } from './scanner.js';

const FIELDS = Object.keys(new ScanEntry('', '', '', ''));
const MLSD_FIELDS = Object.keys(new MlsdScanEntry('', '', {}));

/** Facts objects: the same names, in the same order, with the same values. */
function sameFacts(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]![0] === k && eb[i]![1] === v);
}

function scan(corpus: CorpusMeta, text: string): { entries: object[] } {
  if (corpus.family === 'unix') return scanUnix(text, corpus.nowMs);
  if (corpus.family === 'dos') return scanDos(text);
  return scanMlsd(text);
}

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
  const result = scan(corpus, text);
  const fields = corpus.family === 'mlsd' ? MLSD_FIELDS : FIELDS;
  const mismatches: string[] = [];
  let j = 0;
  for (const want of expected) {
    const got = result.entries[j] as Record<string, unknown> | undefined;
    // A line the scanner skipped: dirlisting's entry has no counterpart; move on.
    if (!got || got.name !== want.name) continue;
    j++;
    const wanted = want as unknown as Record<string, unknown>;
    for (const field of fields) {
      const a = wanted[field];
      const b = got[field];
      const same = field === 'facts' ? sameFacts(a, b) : a === b;
      if (!same && mismatches.length < 10) {
        mismatches.push(`${want.name}: ${field} dirlisting=${JSON.stringify(a)} scanner=${JSON.stringify(b)}`);
      }
    }
    // A field dirlisting fills that the scanner does not even have would escape the loop above.
    for (const field of Object.keys(wanted)) {
      if (wanted[field] !== undefined && !fields.includes(field) && mismatches.length < 10) {
        mismatches.push(`${want.name}: dirlisting sets ${field}, which the scanner lacks`);
      }
    }
  }
  if (j !== result.entries.length && mismatches.length < 10) mismatches.push(`scanner has ${result.entries.length - j} entries dirlisting lacks`);
  return { corpus: corpus.id, entries: expected.length, scannerSkipped: expected.length - j, mismatches };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2);
  let failed = false;
  for (const id of ids.length ? ids : ['unix-10k', 'dos-10k', 'mlsd-10k']) {
    const v = verifyCorpus(ensureCorpus(id));
    failed ||= v.mismatches.length > 0;
    console.log(`${v.corpus}: ${v.entries} entries, scanner skipped ${v.scannerSkipped}, ${v.mismatches.length ? 'MISMATCH' : 'same fields'}`);
    for (const m of v.mismatches) console.log(`  ${m}`);
  }
  process.exitCode = failed ? 1 : 0;
}
