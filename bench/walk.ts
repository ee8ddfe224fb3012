/**
 * `npm run bench:walk`: walking a served tree of 10,000 directories on loopback, dirlisting's walk
 * (default concurrency) against `rclone lsjson -R` (Debian's rclone, its default --checkers 8) over
 * the same nginx autoindex (test/servers/nginx.mjs, started once), alternating, 3 rounds. Reports
 * wall time, entries/s and requests per entry (lines nginx wrote to its access log / entries), and
 * checks that both saw every entry. Needs nginx and rclone (`npm run install-servers`, as root).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListingClient } from '../src/index.js';

/** 10 × 10 × 100 leaf directories (10,110 in all), FILES_PER_DIR files in each leaf. */
const SHAPE = [10, 10, 100] as const;
const FILES_PER_DIR = 2;
const ROUNDS = 3;

interface Server {
  urls: Record<string, string>;
  accessLog: string;
  stop(): Promise<void>;
}

interface Run {
  tool: string;
  round: number;
  ms: number;
  entries: number;
  requests: number;
}

interface SpecEntry {
  name: string;
  kind: 'dir' | 'file';
  size?: number;
  children?: SpecEntry[];
}
type Spec = SpecEntry[];

function treeSpec(): Spec {
  const level = (depth: number): Spec =>
    Array.from({ length: SHAPE[depth]! }, (_, i) => ({
      name: `d${depth}-${i}`,
      kind: 'dir' as const,
      children: depth + 1 < SHAPE.length ? level(depth + 1) : Array.from({ length: FILES_PER_DIR }, (_, f) => ({ name: `file-${f}.txt`, kind: 'file' as const, size: 100 + f })),
    }));
  return level(0);
}

const here = (path: string) => new URL(`../../${path}`, import.meta.url).href;

function accessLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

async function timed(tool: string, round: number, server: Server, walk: () => Promise<number>): Promise<Run> {
  const before = accessLines(server.accessLog);
  const started = performance.now();
  const entries = await walk();
  const ms = performance.now() - started;
  return { tool, round, ms, entries, requests: accessLines(server.accessLog) - before };
}

async function dirlistingWalk(url: string): Promise<number> {
  const client = new ListingClient();
  let entries = 0;
  for await (const _ of client.walk(url, { method: 'get' })) entries++;
  await client.close();
  return entries;
}

function rcloneWalk(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('rclone', ['lsjson', '-R', '--http-url', url, ':http:'], { env: { ...process.env, RCLONE_CONFIG: '/dev/null' } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as unknown[]).length) : reject(new Error(`rclone exited ${code}: ${err}`))));
  });
}

async function main(): Promise<void> {
  const { buildSpecTree } = (await import(here('fixtures/capture/web-tree.mjs'))) as { buildSpecTree(dir: string, spec: Spec): { entries: number } };
  const nginx = (await import(here('test/servers/nginx.mjs'))) as { start(o: { root: string; work: string; log(m: string): void }): Promise<Server> };
  const temp = mkdtempSync(join(tmpdir(), 'dirlisting-bench-walk-'));
  chmodSync(temp, 0o755);
  const root = join(temp, 'tree');
  const work = join(temp, 'work');
  let server: Server | undefined;
  try {
    // 0755, so nginx's www-data worker reaches the tree.
    for (const dir of [root, work]) mkdirSync(dir, { mode: 0o755 });
    let started = performance.now();
    const { entries } = buildSpecTree(root, treeSpec());
    console.error(`tree: ${entries} entries in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    server = await nginx.start({ root, work, log: console.error });
    console.error(`nginx up in ${Math.round(performance.now() - started)} ms`);
    const url = server.urls.html!;
    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      runs.push(await timed('dirlisting walk', round, server, () => dirlistingWalk(url)));
      runs.push(await timed('rclone lsjson -R', round, server, () => rcloneWalk(url)));
    }
    for (const run of runs) if (run.entries !== entries) throw new Error(`${run.tool} round ${run.round} saw ${run.entries} entries of ${entries}`);
    const report = [
      `| tool | round | time (s) | entries/s | requests | requests/entry |`,
      `| --- | ---: | ---: | ---: | ---: | ---: |`,
      ...runs.map((r) => `| ${r.tool} | ${r.round} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(r.entries / (r.ms / 1000))} | ${r.requests} | ${(r.requests / r.entries).toFixed(3)} |`),
    ];
    console.log(`${entries} entries (${SHAPE.join(' × ')} directories, ${FILES_PER_DIR} files in each leaf), nginx autoindex html on loopback\n`);
    console.log(report.join('\n'));
    writeFileSync(new URL('../../bench/results-walk.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, entries, runs }, null, 2)}\n`);
  } finally {
    await server?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
