/**
 * Text in no known format against a hinted valid listing of as many lines, in one process and one
 * run (alternating, median of CPU times), and detection of a 16 KiB sample. The target: text
 * in no known format within 2x the hinted valid listing.
 *
 *   node dist/bench/unrecognized.js [--impl path/to/dist/src/index.js] [--json out.json]
 *
 * `--impl` measures another build of dirlisting with the same corpora (e.g. an older commit built
 * in a scratch worktree), so "before" and "after" are the same measurement.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng as Random } from './prng.js';

type Api = typeof import('../src/index.js');

const { values } = parseArgs({ options: { impl: { type: 'string' }, json: { type: 'string' }, runs: { type: 'string', default: '7' } } });
const api: Api = await import(values.impl ? pathToFileURL(values.impl).href : '../src/index.js');
const RUNS = Number(values.runs);
const NOW = Date.UTC(2026, 10, 21, 12);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const WORDS = ['the', 'listing', 'of', 'files', 'lorem', 'ipsum', '42', 'dolor', '--', 'sit', 'amet,', '2026', 'x=1;', '<b>', '</b>'];

function unixLines(n: number, random: Random): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`-rw-r--r--   1 ftp      ftp      ${String(random.int(0, 1e9)).padStart(10)} ${MONTHS[random.int(0, 11)]} ${String(random.int(1, 28)).padStart(2)} ${random.int(0, 1) ? '10:00' : ' 2019'} file-${i}.txt`);
  }
  return `${out.join('\r\n')}\r\n`;
}

function base64Lines(n: number, random: Random): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: 76 }, () => B64[random.int(0, 63)]).join(''));
  return `${out.join('\n')}\n`;
}

function junkLines(n: number, random: Random): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: random.int(3, 14) }, () => WORDS[random.int(0, WORDS.length - 1)]).join(' '));
  return `${out.join('\n')}\n`;
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median CPU ms of each task, the tasks run alternately RUNS times after one warm-up each. */
function measure(tasks: Record<string, () => void>): Record<string, number> {
  for (const run of Object.values(tasks)) run();
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let i = 0; i < RUNS; i++) for (const [name, run] of Object.entries(tasks)) times[name]!.push(cpuMs(run));
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

const results: Record<string, Record<string, number>> = {};
for (const lines of [20_000, 200_000]) {
  const random = new Random(lines);
  const valid = unixLines(lines, random);
  const b64 = base64Lines(lines, random);
  const junk = junkLines(lines, random);
  results[`${lines} lines`] = measure({
    'unix, hinted': () => void api.parseListing(valid, { hint: 'unix', now: NOW }),
    'base64, detected': () => void api.parseListing(b64, { now: NOW }),
    'other junk, detected': () => void api.parseListing(junk, { now: NOW }),
  });
}
const sample = (text: string) => text.slice(0, 16 * 1024);
const random = new Random(7);
results['detection of a 16 KiB sample'] = measure({
  unix: () => void api.detectFormat(sample(unixLines(400, new Random(1))), {}),
  base64: () => void api.detectFormat(sample(base64Lines(400, random)), {}),
  'other junk': () => void api.detectFormat(sample(junkLines(600, random)), {}),
});

console.log(`| ${values.impl ?? 'this build'} | CPU ms (median of ${RUNS}) | × hinted valid |`);
console.log('|---|---:|---:|');
for (const [group, row] of Object.entries(results)) {
  const base = row['unix, hinted'];
  for (const [name, ms] of Object.entries(row)) {
    console.log(`| ${group}: ${name} | ${ms.toFixed(1)} | ${base ? (ms / base).toFixed(2) : ''} |`);
  }
}
if (values.json) writeFileSync(values.json, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`);
