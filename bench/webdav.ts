/**
 * A 100,000-response PROPFIND multistatus parsed by dirlisting and by the npm `webdav` client's own
 * parsing (5.11: `parseXML` + the mapping of `getDirectoryContents`), in one run, each in its own
 * process (so each peak RSS is its own), on the same generated document.
 *
 *   npm run build && node dist/bench/webdav.js [--responses 100000] [--runs 5] [--json out.json]
 *
 * Implementations:
 * - `dirlisting`: `parseListing(text, { hint: 'webdav', origin: { url } })`, entries kept;
 * - `dirlisting-stream`: `parseListingStream(createReadStream(file), …)`, batches counted, nothing kept:
 *   the document is never one string;
 * - `webdav-client`: `parseXML(text, parsing)` with the client's default parsing options (factory.js)
 *   and `getDirectoryFiles` of operations/directoryContents.js (not exported, so its lines are repeated
 *   here: `normaliseHREF`, `normalisePath`, `path.relative`, `decodeURIComponent`,
 *   `prepareFileFromProps`, the self filter). It keeps dates as strings; dirlisting parses them.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const URL_LISTED = 'http://127.0.0.1:8101/dav/';

/** An Apache mod_dav-like multistatus (namespaces per response, 404 propstat none), seeded. */
export function generate(responses: number): string {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n'];
  const one = (href: string, dir: boolean, size: number, ms: number) => {
    const d = new Date(ms);
    const date = `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
    parts.push(
      `<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">\n<D:href>${href}</D:href>\n<D:propstat>\n<D:prop>\n` +
        (dir ? '<lp1:resourcetype><D:collection/></lp1:resourcetype>\n' : '<lp1:resourcetype/>\n') +
        `<lp1:creationdate>${d.toISOString().replace(/\.\d{3}Z$/, 'Z')}</lp1:creationdate>\n` +
        (dir ? '' : `<lp1:getcontentlength>${size}</lp1:getcontentlength>\n`) +
        `<lp1:getlastmodified>${date}</lp1:getlastmodified>\n<lp1:getetag>"${size.toString(16)}-${(ms * 1000).toString(16)}"</lp1:getetag>\n` +
        (dir ? '' : '<lp2:executable>F</lp2:executable>\n') +
        `<D:getcontenttype>${dir ? 'httpd/unix-directory' : 'text/plain'}</D:getcontenttype>\n</D:prop>\n<D:status>HTTP/1.1 200 OK</D:status>\n</D:propstat>\n</D:response>\n`,
    );
  };
  one('/dav/', true, 4096, Date.UTC(2026, 0, 1));
  for (let i = 1; i < responses; i++) {
    const dir = random() < 0.1;
    const name = `file-${i}${random() < 0.2 ? '%20with%20space' : ''}${random() < 0.05 ? '-caf%c3%a9' : ''}${dir ? '/' : '.txt'}`;
    one(`/dav/${name}`, dir, Math.floor(random() * 10_000_000_000), Date.UTC(2000, 0, 1) + Math.floor(random() * 800_000_000) * 1000);
  }
  parts.push('</D:multistatus>\n');
  return parts.join('');
}

interface Result {
  impl: string;
  entries: number;
  medianMs: number;
  medianCpuMs: number;
  runs: number;
  peakRssMb: number;
}

type Impl = (file: string) => Promise<number>;

async function implementations(): Promise<Record<string, Impl>> {
  const { parseListing, parseListingStream } = await import('../src/index.js');
  return {
    dirlisting: async (file) => parseListing(await readFile(file, 'utf8'), { hint: 'webdav', origin: { url: URL_LISTED } }).entries.length,
    'dirlisting-stream': async (file) => {
      let count = 0;
      for await (const batch of parseListingStream(createReadStream(file, { highWaterMark: 64 * 1024 }), { hint: 'webdav', origin: { url: URL_LISTED } })) count += batch.length;
      return count;
    },
    'webdav-client': async (file) => {
      const { parseXML, prepareFileFromProps } = await import('webdav');
      const { normaliseHREF } = await import('webdav/dist/node/tools/url.js');
      const { normalisePath } = await import('webdav/dist/node/tools/path.js');
      const { default: pathPosix } = await import('node:path');
      const { displaynameTagParser } = (await import('webdav/dist/node/tools/dav.js')) as { displaynameTagParser: unknown };
      const text = await readFile(file, 'utf8');
      // factory.js createClient: the default parsing options.
      const parsing = { attributeNamePrefix: '@', attributeParsers: [], entityDecoder: undefined, tagParsers: [displaynameTagParser] };
      const result = (await parseXML(text, parsing as never)) as { multistatus: { response: { href: string; propstat: { prop: Record<string, unknown> } }[] } };
      // operations/directoryContents.js getDirectoryFiles(result, '/dav', '/dav/', false, false)
      const serverBase = pathPosix.posix.join('/dav', '/');
      const requestPath = '/dav/';
      const nodes = result.multistatus.response.map((item) => {
        const href = normaliseHREF(item.href) as string;
        const props = item.propstat.prop;
        const filename = normalisePath(pathPosix.posix.relative(decodeURIComponent(serverBase), decodeURIComponent(href))) as string;
        return prepareFileFromProps(props as never, filename, false);
      });
      return nodes.filter((item) => item.basename && (item.type === 'file' || item.filename !== requestPath.replace(/\/$/, ''))).length;
    },
  };
}

async function worker(impl: string, file: string, runs: number): Promise<void> {
  const run = (await implementations())[impl];
  if (!run) throw new Error(`unknown implementation ${impl}`);
  await run(file); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    entries = await run(file);
    const spent = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result: Result = { impl, entries, medianMs: median(wall), medianCpuMs: median(cpu), runs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : fallback;
  };
  if (args[0] === '--worker') return worker(args[1]!, args[2]!, Number(args[3]));
  const responses = Number(option('responses', '100000'));
  const runs = Number(option('runs', '5'));
  const dir = join(ROOT, 'bench', '.corpora');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `webdav-${responses}.xml`);
  if (!existsSync(file)) writeFileSync(file, generate(responses));
  const results: Result[] = [];
  for (const impl of ['dirlisting', 'dirlisting-stream', 'webdav-client']) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', impl, file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${impl} failed: ${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Result);
  }
  const peer = results.find((r) => r.impl === 'webdav-client')!;
  console.log(`${responses} responses, ${runs} runs, Node ${process.version}`);
  console.log('| implementation | entries | median wall ms | median CPU ms | × webdav-client (CPU) | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.impl} | ${r.entries} | ${r.medianMs.toFixed(0)} | ${r.medianCpuMs.toFixed(0)} | ${(peer.medianCpuMs / r.medianCpuMs).toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`);
  }
  const json = option('json', '');
  if (json) writeFileSync(json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, responses, runs, results }, null, 2)}\n`);
}

await main();
