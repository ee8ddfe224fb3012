/**
 * `node dist/bench/html.js`: web index pages, one run, one process per measurement group.
 * - 100,000-entry Apache (fancy `<pre>` and HTMLTable) and nginx pages, made by dirlisting's own
 *   formatters: dirlisting (hinted and detected) against cheerio `load` + selecting the rows and
 *   mapping names, and against htmlparser2's bare tokenization (a Parser with no handlers).
 * - nginx and Caddy JSON indexes of 100,000 entries: dirlisting against `JSON.parse` + mapping.
 * - a 22 MB nginx page streamed through `parseListingStream` in 64 KiB chunks: peak RSS (in a child
 *   process, `--stream`).
 * Median wall time of 5 runs after 2 warm-ups.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import { Parser as HtmlParser } from 'htmlparser2';
import { StatResult, formatListing, parseListing, parseListingStream } from '../src/index.js';

/** Entries per page: `--entries N` (default 100,000). */
const N = Number(process.argv[process.argv.indexOf('--entries') + 1] ?? 0) || 100_000;

function entries(n: number): StatResult[] {
  const out: StatResult[] = [];
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const dir = i % 10 === 0;
    const e = new StatResult(`file-${i} name & more ${Math.floor(rand() * 1e6)}.dat`, dir ? 'directory' : 'file', 'bench');
    if (!dir) e.size = Math.floor(rand() * 2 ** (rand() * 40));
    e.mtimeMs = Date.UTC(2020, 0, 1) + Math.floor(rand() * 1e11 / 60000) * 60000;
    out.push(e);
  }
  return out;
}

function median(fn: () => unknown, runs = 5): number {
  for (let i = 0; i < 2; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function tokenize(text: string): void {
  const parser = new HtmlParser({});
  parser.end(text);
}

async function streamPeak(): Promise<void> {
  // The page is generated as it is streamed (22 MB, 64 KiB chunks), so RSS is the parser's.
  const head = '<html>\r\n<head><title>Index of /</title></head>\r\n<body>\r\n<h1>Index of /</h1><hr><pre><a href="../">../</a>\r\n';
  const rows = 165_000;
  let bytes = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(head);
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const name = `file-${i}-name-and-more.dat`;
      chunk += `<a href="${name}">${name}</a>${' '.repeat(Math.max(1, 51 - name.length))}01-Jan-2020 00:00  ${String(i * 7).padStart(17)}\r\n`;
      if (chunk.length >= 65536) {
        const out = Buffer.from(chunk);
        bytes += out.length;
        yield out;
        chunk = '';
      }
    }
    const out = Buffer.from(`${chunk}</pre><hr></body>\r\n</html>\r\n`);
    bytes += out.length;
    yield out;
  }
  let count = 0;
  const stream = parseListingStream(chunks(), { hint: 'nginx' });
  for await (const batch of stream) count += batch.length;
  console.log(JSON.stringify({ mb: bytes / 1e6, count, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function main(): void {
  const xs = entries(N);
  const pages = {
    'Apache fancy <pre>': { text: formatListing(xs, 'apache', { style: 'fancy' }), hint: 'apache', rows: ($: cheerio.CheerioAPI) => $('pre a').map((_, a) => $(a).attr('href')).get() },
    'Apache HTMLTable': { text: formatListing(xs, 'apache', { style: 'table' }), hint: 'apache', rows: ($: cheerio.CheerioAPI) => $('tr').map((_, tr) => $(tr).find('a').attr('href')).get() },
    nginx: { text: formatListing(xs, 'nginx'), hint: 'nginx', rows: ($: cheerio.CheerioAPI) => $('pre a').map((_, a) => $(a).attr('href')).get() },
  };
  console.log(`Node ${process.version}, ${N} entries per page\n`);
  console.log('| page | MB | dirlisting (hinted) ms | dirlisting (detected) ms | cheerio load+rows ms | htmlparser2 tokenize ms | vs cheerio | vs tokenize |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, { text, hint, rows }] of Object.entries(pages)) {
    const count = parseListing(text, hint).entries.length;
    if (count !== N) throw new Error(`${name}: ${count} entries`);
    const ours = median(() => parseListing(text, hint));
    const detected = median(() => parseListing(text));
    const viaCheerio = median(() => rows(cheerio.load(text)));
    const tokens = median(() => tokenize(text));
    console.log(`| ${name} | ${(text.length / 1e6).toFixed(1)} | ${ours.toFixed(0)} | ${detected.toFixed(0)} | ${viaCheerio.toFixed(0)} | ${tokens.toFixed(0)} | ${(viaCheerio / ours).toFixed(2)}× faster | ${(ours / tokens).toFixed(2)}× its time |`);
  }
  console.log('\n| JSON index | MB | dirlisting ms | JSON.parse + map ms | ratio |');
  console.log('|---|---:|---:|---:|---:|');
  const json = {
    'nginx JSON': { text: formatListing(xs, 'nginx-json'), hint: 'nginx-json', map: (text: string) => (JSON.parse(text) as { name: string; type: string; mtime: string; size?: number }[]).map((i) => ({ name: i.name, dir: i.type === 'directory', size: i.size, mtime: Date.parse(i.mtime) })) },
    'Caddy JSON': { text: formatListing(xs, 'caddy-json'), hint: 'caddy-json', map: (text: string) => (JSON.parse(text) as { name: string; is_dir: boolean; size: number; mod_time: string }[]).map((i) => ({ name: i.name, dir: i.is_dir, size: i.size, mtime: Date.parse(i.mod_time) })) },
  };
  for (const [name, { text, hint, map }] of Object.entries(json)) {
    const ours = median(() => parseListing(text, hint));
    const peer = median(() => map(text));
    console.log(`| ${name} | ${(text.length / 1e6).toFixed(1)} | ${ours.toFixed(0)} | ${peer.toFixed(0)} | ${(peer / ours).toFixed(2)}× |`);
  }
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--stream'], { encoding: 'utf8' });
  const peak = JSON.parse(child.stdout.trim()) as { mb: number; count: number; peakRssMb: number };
  console.log(`\nStreaming a ${peak.mb.toFixed(1)} MB nginx page (${peak.count} entries) in 64 KiB chunks: peak RSS ${peak.peakRssMb.toFixed(0)} MB (the page's bytes included).`);
}

if (process.argv.includes('--stream')) await streamPeak();
else main();
