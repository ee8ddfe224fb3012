/**
 * `npm run bench [-- options]`: generates/loads the corpora, runs every implementation of each
 * corpus's family in its own worker process (one at a time: the machine may have 2 cores), prints a
 * table per corpus with speed ratios to each peer, then the issue's targets as PASS/MISS.
 *
 *   --quick           10k + 100k only, 3 runs, no fixtures
 *   --only unix,dos   families
 *   --impl a,b        implementation ids (also enables optional ones such as dirlisting-tz)
 *   --sizes 10k,1m    generated corpus sizes (default 10k,100k,1m)
 *   --fixtures / --no-fixtures   include the captured fixtures/ftp/* listings (default: on unless --quick)
 *   --runs N          minimum timed iterations per worker (default 5; 3 with --quick)
 *   --metric wall|cpu which time the ratios and checks use (default wall; cpu is steadier on a busy machine)
 *   --json FILE       save machine, results and checks
 *   --no-verify       skip the scanner-vs-dirlisting field check
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, type CorpusMeta, ROOT, SIZES, corpusIds, ensureCorpus, generators } from './corpora.js';
import { type Impl, implementations } from './impls.js';
import type { WorkerResult } from './worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface Args {
  quick: boolean;
  families: string[];
  impls: string[] | undefined;
  sizes: string[];
  fixtures: boolean;
  runs: number;
  minMs: number;
  metric: 'wall' | 'cpu';
  json: string | undefined;
  verify: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = (name: string): string[] | undefined => value(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const quick = argv.includes('--quick');
  const metric = value('--metric') ?? 'wall';
  if (metric !== 'wall' && metric !== 'cpu') throw new Error('--metric is wall or cpu');
  const sizes = list('--sizes') ?? (quick ? ['10k', '100k'] : ['10k', '100k', '1m']);
  for (const size of sizes) if (!(size in SIZES)) throw new Error(`Unknown size '${size}' (known: ${Object.keys(SIZES).join(', ')})`);
  return {
    quick,
    families: list('--only') ?? Object.keys(generators),
    impls: list('--impl'),
    sizes,
    fixtures: argv.includes('--fixtures') || (!quick && !argv.includes('--no-fixtures')),
    runs: Number(value('--runs') ?? (quick ? 3 : 5)),
    minMs: quick ? 300 : 1000,
    metric,
    json: value('--json'),
    verify: !argv.includes('--no-verify'),
  };
}

/** Which code was measured: others edit src/ while benchmarks run, so a dirty tree is worth saying. */
function gitState(): string {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'src', 'grammars') !== '';
  return `${head}${dirty ? ' + uncommitted changes in src/ or grammars/' : ''}`;
}

function machine() {
  const cpus = os.cpus();
  return {
    git: gitState(),
    date: new Date().toISOString(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The implementations to run on a family: all non-optional ones, or exactly those named. */
function selectImpls(family: string, wanted: string[] | undefined): Impl[] {
  const all = implementations[family] ?? [];
  return wanted ? all.filter((impl) => wanted.includes(impl.id)) : all.filter((impl) => !impl.optional);
}

function measure(impl: Impl, corpus: CorpusMeta, args: Args): WorkerResult | { impl: string; corpus: string; error: string } {
  const worker = join(HERE, 'worker.js');
  const child = spawnSync(
    process.execPath,
    [worker, impl.id, corpus.id, '--runs', String(args.runs), '--min-ms', String(args.minMs)],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    const error = (child.stderr || `exit ${child.status} ${child.signal ?? ''}`).trim().split('\n')[0]!;
    return { impl: impl.id, corpus: corpus.id, error };
  }
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as WorkerResult;
}

type Row = WorkerResult | { impl: string; corpus: string; error: string };

function isOk(row: Row | undefined): row is WorkerResult {
  return row !== undefined && !('error' in row);
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function timeOf(row: WorkerResult, metric: 'wall' | 'cpu'): number {
  return metric === 'cpu' ? row.cpuMedianMs : row.medianMs;
}

/** One table per corpus: a row per implementation, `× peer` = peer's time / this row's time. */
function printTable(corpus: CorpusMeta, rows: Row[], impls: Impl[], metric: 'wall' | 'cpu'): void {
  const peers = impls.filter((impl) => impl.peer && isOk(rows.find((r) => r.impl === impl.id)));
  const reference = rows.find((r) => r.impl === 'dirlisting');
  const header = ['implementation', 'median ms', 'cpu ms', 'M lines/s', 'MB/s', 'peak RSS MB', 'entries', ...peers.map((p) => `× ${p.id}`)];
  const body = rows.map((row) => {
    if (!isOk(row)) return [row.impl, `ERROR: ${row.error}`];
    const t = timeOf(row, metric);
    const entriesNote = isOk(reference) && reference.entries !== row.entries ? '*' : '';
    return [
      row.impl,
      fmt(row.medianMs),
      fmt(row.cpuMedianMs),
      fmt(row.linesPerSec / 1e6, 2),
      fmt(row.bytes / 1e6 / (row.medianMs / 1000), 0),
      fmt(row.maxRssMB, 0),
      row.entries.toLocaleString('en-US') + entriesNote,
      ...peers.map((peer) => {
        const other = rows.find((r) => r.impl === peer.id);
        return isOk(other) ? `${fmt(timeOf(other, metric) / t, 2)}` : '';
      }),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || c.startsWith('ERROR') ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${corpus.id}: ${corpus.lines.toLocaleString('en-US')} lines, ${fmt(corpus.bytes / 1e6)} MB (${corpus.source})`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
  if (body.some((r) => r[6]?.endsWith('*'))) console.log('  * entry count differs from dirlisting (see bench/README.md: what each parser drops)');
}

interface Check {
  target: string;
  status: 'PASS' | 'MISS' | 'n/a';
  value: string;
  detail: string;
}

/** The issue's targets, evaluated on the largest generated corpus of each family that was run. */
function checks(results: Row[], args: Args): Check[] {
  const get = (impl: string, corpus: string | undefined) =>
    corpus === undefined ? undefined : results.find((r) => r.impl === impl && r.corpus === corpus);
  const largest = (family: string): string | undefined => {
    const sizes = args.sizes.filter((s) => results.some((r) => r.corpus === `${family}-${s}`));
    const best = sizes.sort((a, b) => SIZES[b]! - SIZES[a]!)[0];
    return best && `${family}-${best}`;
  };
  const out: Check[] = [];
  const t = (row: WorkerResult) => timeOf(row, args.metric);
  const ratioCheck = (target: string, family: string, fast: string, slow: string, min: number, describe: (r: number) => string) => {
    const corpus = largest(family);
    const a = get(fast, corpus);
    const b = get(slow, corpus);
    if (!corpus || !isOk(a) || !isOk(b)) {
      out.push({ target, status: 'n/a', value: '-', detail: `needs ${fast} and ${slow} on a ${family} corpus` });
      return;
    }
    const ratio = t(b) / t(a);
    out.push({
      target,
      status: ratio >= min ? 'PASS' : 'MISS',
      value: describe(ratio),
      detail: `${corpus}: ${fast} ${fmt(t(a))} ms, ${slow} ${fmt(t(b))} ms${corpus.endsWith('-1m') ? '' : ' (not the 1M corpus)'}`,
    });
  };
  if (args.families.includes('unix')) {
    ratioCheck('Unix LIST >= 2x basic-ftp (with real mtimeMs)', 'unix', 'dirlisting', 'basic-ftp', 2, (r) => `${fmt(r, 2)}x`);
    ratioCheck('Unix >= 60% of the hand-written scanner', 'unix', 'dirlisting', 'scanner', 0.6, (r) => `${fmt(r * 100, 0)}%`);
  }
  if (args.families.includes('dos')) {
    ratioCheck('MS-DOS >= 1.5x basic-ftp', 'dos', 'dirlisting', 'basic-ftp', 1.5, (r) => `${fmt(r, 2)}x`);
    ratioCheck('MS-DOS >= 60% of the hand-written scanner', 'dos', 'dirlisting', 'scanner', 0.6, (r) => `${fmt(r * 100, 0)}%`);
  }
  if (args.families.includes('mlsd')) {
    ratioCheck('MLSD >= 2.5x basic-ftp', 'mlsd', 'dirlisting', 'basic-ftp', 2.5, (r) => `${fmt(r, 2)}x`);
    ratioCheck('MLSD >= 60% of the hand-written scanner', 'mlsd', 'dirlisting', 'scanner', 0.6, (r) => `${fmt(r * 100, 0)}%`);
  }
  for (const family of args.families.filter((f) => f === 'unix' || f === 'dos' || f === 'mlsd')) {
    const corpus = largest(family);
    const hinted = get('dirlisting', corpus);
    const auto = get('dirlisting-auto', corpus);
    const target = `${family}: auto-detection <= +10% over hinted (1M lines)`;
    if (!corpus || !isOk(hinted) || !isOk(auto)) {
      out.push({ target, status: 'n/a', value: '-', detail: 'needs dirlisting and dirlisting-auto' });
      continue;
    }
    const extra = t(auto) / t(hinted) - 1;
    out.push({
      target,
      status: extra <= 0.1 ? 'PASS' : 'MISS',
      value: `${extra >= 0 ? '+' : ''}${fmt(extra * 100, 1)}%`,
      detail: `${corpus}: auto ${fmt(t(auto))} ms, hinted ${fmt(t(hinted))} ms${corpus.endsWith('-1m') ? '' : ' (not the 1M corpus)'}`,
    });
  }
  if (args.families.includes('unix')) {
    const corpus = largest('unix');
    const stream = get('dirlisting-stream', corpus);
    if (corpus && isOk(stream)) {
      out.push({
        target: 'parseListingStream, 1M Unix lines: peak RSS <= 100 MB',
        status: stream.maxRssMB <= 100 ? 'PASS' : 'MISS',
        value: `${fmt(stream.maxRssMB, 0)} MB`,
        detail: `${corpus} (whole process: runtime + modules + stream)${corpus.endsWith('-1m') ? '' : ' (not the 1M corpus)'}`,
      });
    }
    const small = get('dirlisting-stream', 'unix-100k');
    const big = get('dirlisting-stream', 'unix-1m');
    if (isOk(small) && isOk(big)) {
      const growth = t(big) / t(small);
      out.push({
        target: 'parseListingStream time grows linearly 100k -> 1M (<= 12x)',
        status: growth <= 12 ? 'PASS' : 'MISS',
        value: `${fmt(growth, 2)}x`,
        detail: `unix-100k ${fmt(t(small))} ms, unix-1m ${fmt(t(big))} ms`,
      });
    } else {
      out.push({ target: 'parseListingStream time grows linearly 100k -> 1M (<= 12x)', status: 'n/a', value: '-', detail: 'needs unix-100k and unix-1m' });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const info = machine();
  console.log(`dirlisting benchmark — ${info.date}`);
  console.log(`${info.cpu}, ${info.cores} cores, ${info.memoryGB} GB, node ${info.node} (V8 ${info.v8}), ${info.platform}`);
  console.log(`code: ${info.git} (dist/ as built by \`npm run bench\`)`);
  console.log(`load average ${info.loadAverage.join(' ')}${info.loadAverage[0]! > info.cores ? '  (busy machine: wall times are inflated; try --metric cpu)' : ''}`);
  console.log(`ratios and checks use ${args.metric} time; "× peer" = peer's time / row's time (> 1: row is faster). Corpora: ${CACHE_DIR}`);

  const ids = corpusIds(args.families, args.sizes, args.fixtures);
  const corpora = ids.map((id) => ensureCorpus(id));

  if (args.verify) {
    // The scanner baseline only counts if it computes what dirlisting computes.
    const { verifyCorpus } = await import('./verify.js');
    for (const corpus of corpora.filter((c) => c.lines <= 100_000 && (c.family === 'unix' || c.family === 'dos' || c.family === 'mlsd'))) {
      const v = verifyCorpus(corpus);
      const verdict = v.mismatches.length ? `MISMATCH: ${v.mismatches.join('; ')}` : 'same fields and values';
      console.log(`verify ${corpus.id}: scanner vs dirlisting on ${v.entries} entries (${v.scannerSkipped} skipped by the scanner): ${verdict}`);
    }
  }

  const results: Row[] = [];
  for (const corpus of corpora) {
    const impls = selectImpls(corpus.family, args.impls);
    const rows: Row[] = [];
    for (const impl of impls) {
      const row = measure(impl, corpus, args);
      rows.push(row);
      results.push(row);
    }
    printTable(corpus, rows, impls, args.metric);
  }

  const list = checks(results, args);
  console.log('\nTargets');
  const width = Math.max(...list.map((c) => c.target.length));
  for (const c of list) console.log(`${c.status.padEnd(4)}  ${c.target.padEnd(width)}  ${c.value.padStart(8)}  ${c.detail}`);

  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ machine: { ...info, loadAverageEnd: os.loadavg() }, args, corpora, results, checks: list }, null, 2)}\n`);
    console.log(`\nsaved ${args.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
