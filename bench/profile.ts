/**
 * Where the time goes: `node dist/bench/profile.js IMPL CORPUS [--top N]` runs one worker under
 * `--cpu-prof` and prints self time per function (and the garbage collector), heaviest first. The
 * .cpuprofile is kept in bench/.profiles/ for Chrome DevTools or speedscope.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './corpora.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [impl, corpus] = process.argv.slice(2);
if (!impl || !corpus) throw new Error('usage: profile.js IMPL CORPUS [--top N]');
const topAt = process.argv.indexOf('--top');
const top = topAt >= 0 ? Number(process.argv[topAt + 1]) : 30;

const dir = join(ROOT, 'bench', '.profiles');
mkdirSync(dir, { recursive: true });
const name = `${impl}-${corpus}-${Date.now()}.cpuprofile`;
const worker = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');
const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`, worker, impl, corpus], {
  encoding: 'utf8',
});
if (child.status !== 0) throw new Error(child.stderr);
console.log(child.stdout.trim().slice(0, 300));

const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const delta = profile.timeDeltas[i] ?? 0;
  total += delta;
  const where = frame.url ? ` ${frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${frame.lineNumber + 1}` : '';
  const key = `${frame.functionName || '(anonymous)'}${where}`;
  self.set(key, (self.get(key) ?? 0) + delta);
});
console.log(`self time, whole worker run (${(total / 1000).toFixed(0)} ms sampled; ${readdirSync(dir).length} profiles in ${dir}):`);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
}
