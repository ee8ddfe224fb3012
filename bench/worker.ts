/**
 * One measurement in a fresh process: `node dist/bench/worker.js IMPL CORPUS [--runs N] [--min-ms MS]`.
 * A fresh process per (implementation, corpus) keeps JIT state and heap of one library from skewing
 * another and makes `maxRSS` that pair's own peak.
 *
 * No forced `gc()` between calls: measured, it makes calls slower and far noisier (V8 shrinks the
 * young generation after a full GC, so the next call pays for regrowing it). Each call instead runs in
 * the steady state of a process that parses repeatedly, paying for collecting its predecessor's result.
 *
 * Prints one JSON line (a WorkerResult) on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadMeta } from './corpora.js';
import { findImpl } from './impls.js';

export interface WorkerResult {
  impl: string;
  corpus: string;
  family: string;
  lines: number;
  bytes: number;
  entries: number;
  runs: number;
  timesMs: number[];
  medianMs: number;
  /** CPU time (user + system, all threads incl. GC helpers) of the median call: less hurt by other load. */
  cpuMedianMs: number;
  minMs: number;
  linesPerSec: number;
  entriesPerSec: number;
  /** Peak resident set of the whole process (corpus string, results, runtime) in MB. */
  maxRssMB: number;
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [implId, corpusId] = args;
  if (!implId || !corpusId) throw new Error('usage: worker.js IMPL CORPUS [--runs N] [--min-ms MS]');
  const minRuns = option(args, '--runs', 5);
  // Small corpora take a few ms per call: keep iterating until this much time is measured.
  const minMs = option(args, '--min-ms', 1000);
  const maxRuns = 200;

  const corpus = loadMeta(corpusId);
  const impl = findImpl(corpus.family, implId);
  const run = await impl.load();
  const input = impl.input === 'text' ? readFileSync(corpus.path, 'utf8') : corpus.path;

  // Warm-up: at least one full call, more while they are cheap, so the timed calls run optimized code.
  let entries = -1;
  const warmStart = performance.now();
  for (let i = 0; i < 20 && (i === 0 || performance.now() - warmStart < minMs / 2); i++) entries = await run(input, corpus);

  const timesMs: number[] = [];
  const cpuMs: number[] = [];
  let total = 0;
  while (timesMs.length < minRuns || (total < minMs && timesMs.length < maxRuns)) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const count = await run(input, corpus);
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    if (count !== entries) throw new Error(`${implId} returned ${count} entries after ${entries}`);
    timesMs.push(elapsed);
    total += elapsed;
  }

  const med = median(timesMs);
  const result: WorkerResult = {
    impl: implId,
    corpus: corpusId,
    family: corpus.family,
    lines: corpus.lines,
    bytes: corpus.bytes,
    entries,
    runs: timesMs.length,
    timesMs: timesMs.map((t) => Math.round(t * 1000) / 1000),
    medianMs: med,
    cpuMedianMs: median(cpuMs),
    minMs: Math.min(...timesMs),
    linesPerSec: corpus.lines / (med / 1000),
    entriesPerSec: entries / (med / 1000),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
