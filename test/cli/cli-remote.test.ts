/**
 * The remote commands (ls, stat, walk, get, du) of the built CLI against the live servers
 * (test/servers/with-servers.mjs), checked against the served tree's real lstat and bytes; the
 * progress display under a pseudo-terminal (util-linux `script`) and its absence when piped.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import test from 'ava';
import { withLiveServers, realTree } from '../client/live-servers.js';
import { CLI, ROOT, type Run, run } from './run.js';

/** `dirlisting ARGS` with a pseudo-terminal as stdin, stdout and stderr: everything it drew. */
function runOnTerminal(args: string[]): Promise<Run> {
  const quoted = [process.execPath, CLI, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { cwd: ROOT, env: { ...process.env, COLUMNS: '120' } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    child.stdin.end();
  });
}

const lines = (text: string) => text.split('\n').filter(Boolean);

withLiveServers('cli', (live) => {
  const { nginx } = live.servers;
  if (!nginx) return;
  const sorted = (names: string[]) => [...names].sort();
  const realNames = (dir: string) => readdirSync(join(live.root, dir)).map((name) => (statSync(join(live.root, dir, name)).isDirectory() ? `${name}/` : name));

  test('ls prints the names, directories with a slash', async (t) => {
    const { code, stdout, stderr } = await run(['ls', `${nginx.html}names/`]);
    t.is(code, 0, stderr);
    t.deepEqual(sorted(lines(stdout)), sorted(realNames('names')));
  });

  test('ls -l prints the size and time of each entry', async (t) => {
    const { code, stdout } = await run(['ls', '-l', `${nginx.json}sizes/`]);
    t.is(code, 0);
    const rows = lines(stdout).filter((line) => !line.startsWith('#'));
    for (const name of readdirSync(join(live.root, 'sizes'))) {
      const row = rows.find((line) => line.endsWith(` ${name}`));
      t.truthy(row, name);
      t.true(row!.includes(` ${statSync(join(live.root, 'sizes', name)).size} `), row);
    }
  });

  test('ls --json is one document of the listing', async (t) => {
    const { code, stdout } = await run(['ls', '--json', `${nginx.xml}names/`]);
    t.is(code, 0);
    const listing = JSON.parse(stdout) as { format: string; entries: { name: string }[] };
    t.deepEqual(sorted(listing.entries.map((entry) => entry.name)), sorted(readdirSync(join(live.root, 'names'))));
  });

  test('ls -R --ndjson and walk --ndjson give every path below', async (t) => {
    const real = sorted([...realTree(join(live.root, 'bulk/a1')).keys()]);
    for (const command of [['ls', '-R'], ['walk']]) {
      const { code, stdout } = await run([...command, '--ndjson', `${nginx.dav}bulk/a1/`]);
      t.is(code, 0);
      t.deepEqual(sorted(lines(stdout).map((line) => (JSON.parse(line) as { path: string }).path)), real, command.join(' '));
    }
  });

  test('walk --depth 1 prints the top level only', async (t) => {
    const { code, stdout } = await run(['walk', '--depth', '1', nginx.html]);
    t.is(code, 0);
    t.deepEqual(sorted(lines(stdout)), sorted(realNames('')));
  });

  test('stat shows the exact size and type', async (t) => {
    const { code, stdout } = await run(['stat', `${nginx.html}sizes/size-1048577.bin`]);
    t.is(code, 0);
    t.regex(stdout, /^type: +file$/m);
    t.regex(stdout, new RegExp(`^size: +${statSync(join(live.root, 'sizes/size-1048577.bin')).size}$`, 'm'));
  });

  test('du totals the sizes and counts of a tree', async (t) => {
    const tree = realTree(join(live.root, 'bulk/a2'));
    const files = [...tree.values()].filter((entry) => entry.type === 'file');
    const { code, stdout } = await run(['du', '--json', `${nginx.json}bulk/a2/`]);
    t.is(code, 0);
    t.deepEqual(JSON.parse(stdout), {
      url: `${nginx.json}bulk/a2/`,
      bytes: files.reduce((sum, entry) => sum + entry.size, 0),
      files: files.length,
      directories: tree.size - files.length,
      exact: true,
    });
  });

  test('get saves the bytes, and --if-newer leaves an up-to-date file alone', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'dirlisting-get-'));
    try {
      const first = await run(['get', `${nginx.html}names/hash%23tag.txt`, dir]);
      t.is(first.code, 0, first.stderr);
      t.deepEqual(readFileSync(join(dir, 'hash#tag.txt')), readFileSync(join(live.root, 'names/hash#tag.txt')));
      const again = await run(['get', '--if-newer', `${nginx.html}names/hash%23tag.txt`, join(dir, 'hash#tag.txt')]);
      t.is(again.code, 0, again.stderr);
      t.regex(again.stdout, /up to date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing URL is one line with the code, exit status 2, credentials redacted', async (t) => {
    const url = nginx.html.replace('http://', 'http://someone:s3cret@');
    const { code, stdout, stderr } = await run(['ls', `${url}no-such-dir/`]);
    t.is(code, 2);
    t.is(stdout, '');
    t.is(lines(stderr).length, 1, stderr);
    t.regex(stderr, /^dirlisting: ENOENT\b/);
    t.false(stderr.includes('s3cret'));
    t.false(/\n\s+at /.test(stderr), 'no stack');
  });

  test('a remote command without a URL is a usage error', async (t) => {
    const { code, stderr } = await run(['walk']);
    t.is(code, 2);
    t.regex(stderr, /a URL is required/);
  });

  test('walk shows its status line on a terminal, not when piped', async (t) => {
    const url = `${nginx.html}bulk/`;
    const onTerminal = await runOnTerminal(['walk', url]);
    t.is(onTerminal.code, 0);
    t.regex(onTerminal.stdout, /\d+ directories, \d+ entries, [\d.]+ (B|KiB|MiB), \d+ entries\/s/);
    const piped = await run(['walk', url]);
    t.is(piped.code, 0);
    t.notRegex(piped.stderr, /entries\/s/);
    t.is(lines(piped.stdout).length, realTree(join(live.root, 'bulk')).size);
  });

  test('get shows a progress bar on a terminal, not when piped', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'dirlisting-get-'));
    try {
      const url = `${nginx.html}sizes/size-1048577.bin`;
      const onTerminal = await runOnTerminal(['get', url, join(dir, 'a.bin')]);
      t.is(onTerminal.code, 0, onTerminal.stdout);
      t.regex(onTerminal.stdout, /\d+% \| [\d.]+ (B|KiB|MiB) of 1\.0 MiB/);
      const piped = await run(['get', url, join(dir, 'b.bin')]);
      t.is(piped.code, 0);
      t.is(piped.stderr, '');
      t.is(statSync(join(dir, 'b.bin')).size, 1048577);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
