/**
 * Every library option as a flag, and input hygiene: --tz offsets, --now read in --tz, impossible
 * dates and offsets refused, empty values refused, case-insensitive format ids, detect's verdict.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ROOT, run } from './run.js';

const UNIX = 'fixtures/cli/unix.txt';


const entries = (stdout: string) => (JSON.parse(stdout) as { entries: Record<string, unknown>[] }).entries;

test('--tz takes -0500 and +05:30; --now without an offset is read in --tz, not the machine zone', async (t) => {
  const five = await run(['parse', UNIX, '--tz', '-0500', '--now', '2026-12-01T00:00', '--json']);
  t.is(five.code, 0, five.stderr);
  t.is(entries(five.stdout)[0]!.mtime, '2026-11-21T15:00:00.000Z', 'Nov 21 10:00 at -05:00');
  // --now 2026-11-21T12:00 is noon at -05:00: Nov 21 10:00 there is past, so this year even with no
  // tolerance for the future. Read as UTC noon it would be 07:00 at -05:00, and 10:00 the future.
  const noon = await run(['parse', '-', '--format', 'unix', '--tz', '-05:00', '--now', '2026-11-21T12:00', '--year-rule', '0', '--json'], '-rw-r--r-- 1 u g 1 Nov 21 10:00 f\n');
  t.is(entries(noon.stdout)[0]!.mtime, '2026-11-21T15:00:00.000Z');
  const utc = await run(['parse', '-', '--format', 'unix', '--now', '2026-12-31T23:00', '--json', '--year-rule', 'commons-net'], '-rw-r--r-- 1 u g 1 Nov 21 10:00 f\n');
  t.is(entries(utc.stdout)[0]!.mtime, '2026-11-21T10:00:00.000Z');
});

test('impossible dates and offsets, empty values and unknown rules are usage errors (exit 2)', async (t) => {
  for (const [args, message] of [
    [['--now', '2026-02-30'], /--now: .*day 30 does not exist/],
    [['--now', '2026-11-21T10:00+9999'], /--now: .*offset \+9999/],
    [['--tz', '+9999'], /--tz: .*not a UTC offset/],
    [['--tz='], /--tz: an empty value/],
    [['--now', ''], /--now: an empty value/],
    [['--year-rule', 'nope'], /--year-rule: unknown rule 'nope'/],
    [['--time-shift', 'soon'], /--time-shift: 'soon' is not a number/],
    [['--format-option', 'vms'], /--format-option: expected ID.KEY=VALUE/],
  ] as const) {
    const { code, stderr } = await run(['parse', UNIX, ...args]);
    t.is(code, 2, args.join(' '));
    t.regex(stderr, message, args.join(' '));
  }
});

test('--syst, --banner, --year-rule, --time-shift, --no-mixed, --format-option, case-insensitive --format', async (t) => {
  const line = '-rw-r--r-- 1 u g 1 Nov 24 10:00 f\n';
  const at = ['--now', '2026-11-21T12:00:00Z', '--json'];
  const year = async (...args: string[]) => String(entries((await run(['parse', '-', ...at, ...args], line)).stdout)[0]!.mtime).slice(0, 4);
  t.is(await year(), '2026', 'default: proftpd');
  t.is(await year('--banner', '220 (vsFTPd 3.0.3)'), '2025', 'vsftpd never shows a future HH:MM');
  t.is(await year('--year-rule', 'commons-net'), '2025');
  t.is(await year('--year-rule', String(5 * 86_400_000)), '2026');
  t.is(await year('--syst', '215 UNIX Type: L8 Version: Linux 6.1'), '2026');
  const shifted = await run(['parse', '-', ...at, '--time-shift', '7200000'], line);
  t.is(entries(shifted.stdout)[0]!.mtime, '2026-11-24T08:00:00.000Z');
  const upper = await run(['parse', '-', ...at, '--format', 'UNIX'], line);
  t.is(JSON.parse(upper.stdout).format, 'unix');
  const mixed = 'type=file;size=1; a\r\n-rw-r--r-- 1 u g 1 Nov 21 10:00 b\r\n';
  t.is(entries((await run(['parse', '-', ...at], mixed)).stdout).length, 2, 'detected: mixed by default');
  t.is(entries((await run(['parse', '-', ...at, '--no-mixed'], mixed)).stdout).length, 1);
  const vms = 'FILE.TXT;1  1/1  21-NOV-2026 10:00:00  [A,B]  (RWED,RWED,RE,)\r\nFILE.TXT;2  1/1  22-NOV-2026 10:00:00  [A,B]  (RWED,RWED,RE,)\r\n';
  t.is(entries((await run(['parse', '-', ...at, '--format', 'vms'], vms)).stdout).length, 2);
  t.is(entries((await run(['parse', '-', ...at, '--format', 'vms', '--format-option', 'VMS.highestVersionOnly=true'], vms)).stdout).length, 1);
});

test('--plugin registers a parser module\'s default export', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dirlisting-plugin-'));
  const plugin = join(dir, 'pipe.mjs');
  writeFileSync(
    plugin,
    `import { LineParser, StatResult } from ${JSON.stringify(join(ROOT, 'dist/src/index.js'))};\n` +
      `class Pipe extends LineParser { id = 'pipe'; detect(s) { return /\\|/.test(s) ? 0.9 : 0; }\n` +
      `  parseLine(line) { const [name, size] = line.split('|'); const e = new StatResult(name, 'file', 'pipe'); e.size = Number(size); e.sizePrecision = 1; return e; } }\n` +
      `export default new Pipe();\n`,
  );
  const { code, stdout, stderr } = await run(['parse', '-', '--plugin', plugin, '--json'], 'a|1\nb|2\n');
  t.is(code, 0, stderr);
  t.is(JSON.parse(stdout).format, 'pipe');
  t.deepEqual(entries(stdout).map((e) => e.name), ['a', 'b']);
  const missing = await run(['parse', '-', '--plugin', join(dir, 'nope.mjs')], 'x\n');
  t.is(missing.code, 2);
  t.regex(missing.stderr, /--plugin: cannot load/);
});

test('detect prints "format: unknown" and exits 1 when no format claims the text', async (t) => {
  const { code, stdout } = await run(['detect', '-'], 'hello world\nthis is prose\n');
  t.is(code, 1);
  t.regex(stdout, /^format: unknown\n/);
  const json = await run(['detect', '-', '--json'], 'hello world\n');
  t.is(JSON.parse(json.stdout).format, 'unknown');
  t.regex((await run(['--help'])).stdout, /1 some lines skipped \(detect: no format recognized\)/, '--help says so');
  t.regex((await run(['detect', '--help'])).stdout, /format: unknown.*exit status 1/s);
});
