/**
 * `node dist/bench/report.js results.json [--metric wall|cpu]`: a saved run (`npm run bench -- --json
 * FILE`) as Markdown, for bench/README.md: one table of times (ms) with corpora as rows and
 * implementations as columns, one of peak RSS, and the target checks.
 */
import { readFileSync } from 'node:fs';
import type { WorkerResult } from './worker.js';

interface Saved {
  machine: { date: string; cpu: string; cores: number; node: string; git?: string; loadAverage: number[] };
  args: { metric: 'wall' | 'cpu' };
  results: (WorkerResult | { impl: string; corpus: string; error: string })[];
  checks: { target: string; status: string; value: string; detail: string }[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: report.js results.json [--metric wall|cpu]');
const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
const metricAt = process.argv.indexOf('--metric');
const metric = metricAt >= 0 ? process.argv[metricAt + 1] : saved.args.metric;
const ok = saved.results.filter((r): r is WorkerResult => !('error' in r));
const corpora = [...new Set(ok.map((r) => r.corpus))];
const impls = [...new Set(ok.map((r) => r.impl))];
const cell = (corpus: string, impl: string, f: (r: WorkerResult) => string) => {
  const r = ok.find((x) => x.corpus === corpus && x.impl === impl);
  return r ? f(r) : '';
};
const table = (title: string, f: (r: WorkerResult) => string) => {
  console.log(`\n${title}\n`);
  console.log(`| corpus | ${impls.join(' | ')} |`);
  console.log(`|---|${impls.map(() => '---:').join('|')}|`);
  for (const c of corpora) console.log(`| ${c} | ${impls.map((i) => cell(c, i, f)).join(' | ')} |`);
};
const m = saved.machine;
console.log(`${m.date.slice(0, 10)}, ${m.cpu}, ${m.cores} cores, node ${m.node}${m.git ? `, dirlisting ${m.git}` : ''}, load average ${m.loadAverage.join(' ')}`);
const time = (r: WorkerResult) => (metric === 'cpu' ? r.cpuMedianMs : r.medianMs);
table(`Median ${metric} time per parse, ms (lower is better)`, (r) => time(r).toFixed(1));
table('Entries per second, millions (from the same times)', (r) => (r.entries / time(r) / 1000).toFixed(2));
table('Peak RSS of the worker process, MB', (r) => r.maxRssMB.toFixed(0));
console.log('\nTargets\n');
console.log('| | target | value | measured on |');
console.log('|---|---|---:|---|');
for (const c of saved.checks) console.log(`| ${c.status} | ${c.target} | ${c.value} | ${c.detail} |`);
