/**
 * The `dirlisting` command, run as a child process on the hand-written listings in fixtures/cli/.
 * Expected values are worked out from those lines, not taken from the program's output.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import test from 'ava';
import { CLI, ROOT, type Run, run } from './run.js';
import { listParsers } from '../../src/index.js';



const UNIX = 'fixtures/cli/unix.txt';
const UNIX_BAD = 'fixtures/cli/unix-bad.txt';
const DOS = 'fixtures/cli/dos.txt';
/** unix.txt's dates without a year resolve against this. */
const NOW = '2026-12-01T00:00:00Z';

function noStackTrace(t: import('ava').ExecutionContext, stderr: string): void {
  t.notRegex(stderr, /\n\s+at /);
  t.notRegex(stderr, /Error:/);
}

test('parse: the table shows names, sizes, modes, owners and times at the precision shown', async (t) => {
  const { code, stdout, stderr } = await run(['parse', UNIX, '--now', NOW]);
  t.is(code, 0);
  t.is(stderr, '');
  const [header, ...lines] = stdout.trimEnd().split('\n');
  t.is(header, '# times in UTC', 'the table says which zone its times are in');
  t.is(lines.length, 4); // `total 24` is no entry
  const [docs, readme, latest, build] = lines as [string, string, string, string];
  t.regex(docs, /^drwxr-xr-x +alice +staff +4096 +2026-11-21 10:00 +docs$/);
  t.regex(readme, /^-rw-r--r-- +alice +staff +1234 +2019-03-05 +readme\.txt$/);
  // The default year rule (proftpd's): Jan 10 2026 would be older than 180 days, so it is next January.
  t.regex(latest, /^lrwxrwxrwx +alice +staff +9 +2027-01-10 08:30 +latest -> docs\/v2\.0$/);
  t.regex(build, /^-rwxr-x--- +bob +wheel +567890 +2026-12-31 23:59 +build\.sh$/);
  // Aligned: every name starts in the same column.
  t.is(new Set(lines.map((line) => line.indexOf(line.match(/ (docs|readme|latest|build)/)![0]))).size, 1);
});

test('parse: a DOS listing in the table (no mode bits or owners to show)', async (t) => {
  const { code, stdout } = await run(['parse', DOS]);
  t.is(code, 0);
  const lines = stdout.trimEnd().split('\n').slice(1);
  t.is(lines.length, 4);
  t.regex(lines[0]!, /^d\?{9} +- +1996-12-05 17:03 +My Documents$/);
  t.regex(lines[1]!, /^-\?{9} +1234567 +2019-11-14 16:21 +report final\.xlsx$/);
  t.regex(lines[2]!, /^l\?{9} +- +2012-02-15 09:49 +Application Data -> C:\\Users\\x\\AppData\\Roaming$/);
  t.regex(lines[3]!, /^-\?{9} +0 +1970-01-01 00:00 +empty\.txt$/);
});

test('parse --json: one document with format, confidence, entries and skipped', async (t) => {
  const { code, stdout } = await run(['parse', UNIX, '--json', '--now', NOW]);
  t.is(code, 0);
  const doc = JSON.parse(stdout);
  t.deepEqual(Object.keys(doc), ['format', 'confidence', 'entries', 'skipped', 'warnings']);
  t.is(doc.format, 'unix');
  // Every line reads (how much `total 24` counts is the detector's business; see unix-bad.txt for an exact value).
  t.true(doc.confidence > 0.5 && doc.confidence <= 1);
  t.deepEqual(doc.skipped, []);
  t.deepEqual(
    doc.entries.map((e: Record<string, unknown>) => e.name),
    ['docs', 'readme.txt', 'latest', 'build.sh'],
  );
  const [docs, readme, latest, build] = doc.entries;
  t.like(docs, {
    type: 'directory',
    mode: 0o40755,
    nlink: 2,
    owner: 'alice',
    group: 'staff',
    size: 4096,
    sizePrecision: 1,
    mtime: '2026-11-21T10:00:00.000Z',
    mtimeMs: Date.UTC(2026, 10, 21, 10, 0),
    mtimePrecision: 'minute',
    format: 'unix',
  });
  t.like(readme, { type: 'file', mode: 0o100644, size: 1234, mtime: '2019-03-05T00:00:00.000Z', mtimePrecision: 'day' });
  // The default year rule (proftpd's) shows every date not older than 180 days as HH:MM, future ones
  // too: Dec 31 23:59 is this December, Jan 10 the next January.
  t.like(latest, { type: 'symlink', mode: 0o120777, size: 9, target: 'docs/v2.0', mtime: '2027-01-10T08:30:00.000Z' });
  t.like(build, { type: 'file', mode: 0o100750, owner: 'bob', group: 'wheel', size: 567890, mtime: '2026-12-31T23:59:00.000Z' });
  t.false('raw' in docs);
  t.false('uid' in docs);
});

test('parse --json on a DOS listing: 2-digit years, 12-hour clock, junction target', async (t) => {
  const { code, stdout } = await run(['parse', DOS, '--json']);
  t.is(code, 0);
  const doc = JSON.parse(stdout);
  t.is(doc.format, 'dos');
  t.is(doc.confidence, 1);
  t.deepEqual(doc.entries, [
    {
      name: 'My Documents',
      type: 'directory',
      mtimeMs: Date.UTC(1996, 11, 5, 17, 3),
      mtime: '1996-12-05T17:03:00.000Z',
      mtimePrecision: 'minute',
      format: 'dos',
    },
    {
      name: 'report final.xlsx',
      type: 'file',
      size: 1234567,
      sizePrecision: 1,
      mtimeMs: Date.UTC(2019, 10, 14, 16, 21),
      mtime: '2019-11-14T16:21:00.000Z',
      mtimePrecision: 'minute',
      format: 'dos',
    },
    {
      name: 'Application Data',
      type: 'symlink',
      mtimeMs: Date.UTC(2012, 1, 15, 9, 49),
      mtime: '2012-02-15T09:49:00.000Z',
      mtimePrecision: 'minute',
      target: 'C:\\Users\\x\\AppData\\Roaming',
      format: 'dos',
    },
    {
      name: 'empty.txt',
      type: 'file',
      size: 0,
      sizePrecision: 1,
      mtimeMs: 0,
      mtime: '1970-01-01T00:00:00.000Z',
      mtimePrecision: 'minute',
      format: 'dos',
    },
  ]);
});

test('parse --raw keeps the source line', async (t) => {
  const { stdout } = await run(['parse', DOS, '--json', '--raw']);
  const doc = JSON.parse(stdout);
  t.is(doc.entries[1].raw, '11-14-2019  16:21             1,234,567 report final.xlsx');
  const table = await run(['parse', DOS, '--raw']);
  t.true(table.stdout.includes('\n    11-14-2019  16:21             1,234,567 report final.xlsx\n'));
});

test('parse --ndjson: one entry per line, then the skipped lines', async (t) => {
  const good = await run(['parse', UNIX, '--ndjson', '--now', NOW]);
  t.is(good.code, 0);
  const goodLines = good.stdout.trimEnd().split('\n');
  t.is(goodLines.length, 4);
  t.deepEqual(goodLines.map((line) => JSON.parse(line).name), ['docs', 'readme.txt', 'latest', 'build.sh']);

  const bad = await run(['parse', UNIX_BAD, '--ndjson']);
  t.is(bad.code, 1);
  const records = bad.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  t.is(records.length, 5);
  t.deepEqual(records.slice(0, 3).map((r) => r.name), ['docs', 'readme.txt', 'last.txt']);
  t.deepEqual(records.slice(3).map((r) => Object.keys(r)), [['skipped'], ['skipped']]);
  t.is(records[3].skipped.line, 3);
  t.is(records[3].skipped.text, 'this is not a listing line');
  t.is(records[4].skipped.line, 4);
  t.regex(records[4].skipped.reason, /day 30/);
  t.is(bad.stderr, '');
});

test('parse reads standard input, with - or without a file', async (t) => {
  const text = readFileSync(new URL(DOS, `file://${ROOT}`), 'utf8');
  for (const args of [['parse', '--json'], ['parse', '-', '--json']]) {
    const { code, stdout } = await run(args, text);
    t.is(code, 0);
    const doc = JSON.parse(stdout);
    t.is(doc.format, 'dos');
    t.is(doc.entries.length, 4);
    t.is(doc.entries[1].size, 1234567);
  }
  const empty = await run(['parse', '--json'], '');
  t.is(empty.code, 0);
  t.like(JSON.parse(empty.stdout), { format: 'unknown', confidence: 0, entries: [], skipped: [] });
});

test('parse --format: the hint is used instead of detection', async (t) => {
  const hinted = await run(['parse', UNIX, '--format', 'unix', '--json', '--now', NOW]);
  t.is(hinted.code, 0);
  t.like(JSON.parse(hinted.stdout), { format: 'unix', confidence: 1 });

  // A DOS listing read as unix: none of its 4 lines is an entry.
  const wrong = await run(['parse', DOS, '-f', 'unix', '--json']);
  t.is(wrong.code, 1);
  const doc = JSON.parse(wrong.stdout);
  t.is(doc.format, 'unix');
  t.deepEqual(doc.entries, []);
  t.deepEqual(doc.skipped.map((s: { line: number }) => s.line), [1, 2, 3, 4]);

  const unknown = await run(['parse', UNIX, '--format', 'no-such-format']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^dirlisting: Unknown format 'no-such-format'; known formats: .*\bunix\b.*\bdos\b/);
  noStackTrace(t, unknown.stderr);
});

test('parse --tz: times are read in the server zone, and shown as the listing shows them', async (t) => {
  const { code, stdout } = await run(['parse', UNIX, '--tz', 'Europe/Berlin', '--now', NOW, '--json']);
  t.is(code, 0);
  const [docs, readme] = JSON.parse(stdout).entries;
  // Berlin is UTC+1 in November and March.
  t.is(docs.mtime, '2026-11-21T09:00:00.000Z');
  t.is(readme.mtime, '2019-03-04T23:00:00.000Z');
  const table = await run(['parse', UNIX, '--tz', 'Europe/Berlin', '--now', NOW]);
  t.regex(table.stdout, / 2026-11-21 10:00 +docs\n/);
  t.regex(table.stdout, / 2019-03-05 +readme\.txt\n/);
});

test('parse --now: dates without a year take their year from --now by the year rule', async (t) => {
  const { stdout } = await run(['parse', UNIX, '--now', '2026-06-01T00:00:00Z', '--json']);
  const [docs, readme, latest, build] = JSON.parse(stdout).entries;
  t.is(docs.mtime, '2026-11-21T10:00:00.000Z'); // Nov 21 2025 is older than 180 days: this November
  t.is(readme.mtime, '2019-03-05T00:00:00.000Z'); // shows its year
  t.is(latest.mtime, '2026-01-10T08:30:00.000Z');
  t.is(build.mtime, '2025-12-31T23:59:00.000Z');

  const bad = await run(['parse', UNIX, '--now', 'yesterday']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /^dirlisting: --now: /);
});

test('parse: skipped lines give exit 1 and a message per line on stderr', async (t) => {
  const { code, stdout, stderr } = await run(['parse', UNIX_BAD]);
  t.is(code, 1);
  t.is(stdout.trimEnd().split('\n').length, 1 + 3, 'the zone line and three entries');
  t.true(stdout.includes(' last.txt\n'));
  const messages = stderr.trimEnd().split('\n');
  t.is(messages.length, 2);
  t.regex(messages[0]!, /^dirlisting: line 3 skipped: .+/);
  t.is(messages[1], 'dirlisting: line 4 skipped: day 30 does not exist in 2019-02');

  const json = await run(['parse', UNIX_BAD, '--json']);
  t.is(json.code, 1);
  t.is(JSON.parse(json.stdout).confidence, 0.6); // 3 of its 5 lines are unix entries
  t.deepEqual(
    JSON.parse(json.stdout).skipped.map((s: { line: number; text: string }) => [s.line, s.text]),
    [
      [3, 'this is not a listing line'],
      [4, '-rw-r--r--   1 alice    staff          10 Feb 30  2019 impossible.txt'],
    ],
  );
});

test('parse: more than 20 skipped lines end in a count', async (t) => {
  const junk = Array.from({ length: 25 }, (_, i) => `junk ${i + 1}`).join('\n');
  const { code, stderr } = await run(['parse', '--format', 'unix'], junk);
  t.is(code, 1);
  const messages = stderr.trimEnd().split('\n');
  t.is(messages.length, 21);
  t.regex(messages[19]!, /^dirlisting: line 20 skipped: /);
  t.regex(messages[20]!, /^dirlisting: 5 more lines skipped \(25 in all/);
});

test('parse --strict: stops at the first line that is not an entry, exit 1', async (t) => {
  const { code, stderr } = await run(['parse', UNIX_BAD, '--strict']);
  t.is(code, 1);
  t.regex(stderr, /^dirlisting: line 3 skipped: /);
  t.notRegex(stderr, /line 4/);
  noStackTrace(t, stderr);

  const json = await run(['parse', UNIX_BAD, '--strict', '--json']);
  t.is(json.code, 1);
  const doc = JSON.parse(json.stdout); // still one whole document
  t.deepEqual(doc.skipped.map((s: { line: number }) => s.line), [3]);
});

test('usage errors and unreadable input exit 2 with one line and no stack trace', async (t) => {
  const cases: [string[], RegExp][] = [
    [['parse', UNIX, '--bogus'], /^dirlisting: Unknown option '--bogus'\n/],
    [['parse', UNIX, '--tz'], /^dirlisting: .*--tz/],
    [['parse', UNIX, '--json', '--ndjson'], /^dirlisting: --json and --ndjson cannot be combined\n/],
    [['parse', UNIX, DOS], /^dirlisting: unexpected argument/],
    [['parse', 'fixtures/cli/missing.txt'], /^dirlisting: cannot read fixtures\/cli\/missing\.txt: no such file\n$/],
    [['parse', 'fixtures/cli'], /^dirlisting: cannot read fixtures\/cli: is a directory\n$/],
    [['parse', UNIX, '--tz', 'Mars/Olympus'], /^dirlisting: Unknown time zone 'Mars\/Olympus'/],
    [['parse', UNIX, '--locale', 'xx'], /^dirlisting: Unknown locale 'xx'/],
    [['frobnicate'], /^dirlisting: unknown command 'frobnicate'\n/],
    [['--bogus'], /^dirlisting: unknown option '--bogus'\n/],
    [['detect', '--bogus'], /^dirlisting: Unknown option '--bogus'\n/],
    [['formats', 'extra'], /^dirlisting: unexpected argument 'extra'\n/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await run(args);
    t.is(code, 2, args.join(' '));
    t.is(stdout, '', args.join(' '));
    t.regex(stderr, message, args.join(' '));
    noStackTrace(t, stderr);
  }
  const bare = await run([]);
  t.is(bare.code, 2);
  t.regex(bare.stderr, /^Usage: dirlisting/);
});

test('detect: the verdict, then every format with its confidence, best first', async (t) => {
  const registered = listParsers().map((parser) => parser.id);
  const unix = await run(['detect', UNIX_BAD]);
  t.is(unix.code, 0);
  const [verdict, ...lines] = unix.stdout.trimEnd().split('\n');
  t.is(verdict, 'format: unix');
  t.regex(lines[0]!, /^unix +0\.60$/); // 3 of 5 lines
  t.deepEqual(lines.map((line) => line.split(/ +/)[0]).sort(), [...registered].sort(), 'one line per registered format');
  const confidences = lines.map((line) => Number(line.split(/ +/)[1]));
  t.deepEqual(confidences, [...confidences].sort((a, b) => b - a), 'best first');

  const clean = await run(['detect', UNIX]);
  t.regex(clean.stdout, /^format: unix\nunix +[01]\.\d\d\n/);

  const dos = await run(['detect', DOS]);
  t.regex(dos.stdout.split('\n')[1]!, /^dos +1\.00$/);

  const json = await run(['detect', '-', '--json'], readFileSync(new URL(DOS, `file://${ROOT}`), 'utf8'));
  const { format, detections } = JSON.parse(json.stdout) as { format: string; detections: { format: string; confidence: number }[] };
  t.is(format, 'dos');
  t.deepEqual(detections[0], { format: 'dos', confidence: 1 });
  t.is(detections.find((d) => d.format === 'unix')!.confidence, 0);
});

test('formats: the registered formats with their descriptions, by id', async (t) => {
  const { code, stdout } = await run(['formats']);
  t.is(code, 0);
  const lines = stdout.trimEnd().split('\n');
  const ids = lines.map((line) => line.split(' ')[0]!);
  t.deepEqual(ids, [...ids].sort(), 'alphabetical, not registration order (macos first)');
  t.regex(lines.find((line) => line.startsWith('unix '))!, /^unix +\S.*ls -l/);
  t.regex(lines.find((line) => line.startsWith('dos '))!, /^dos +\S.*DOS/);
  const json = await run(['formats', '--json']);
  const formats = JSON.parse(json.stdout) as { id: string; detectionRank: number }[];
  t.deepEqual(
    [...formats].sort((a, b) => a.detectionRank - b.detectionRank).map((f) => f.id),
    listParsers().map((parser) => parser.id),
    'detectionRank is the order detection tries them',
  );
});

test('--version prints the version of package.json; --help documents the exit codes', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8'));
  for (const flag of ['--version', '-V']) {
    const { code, stdout } = await run([flag]);
    t.is(code, 0);
    t.is(stdout, `${pkg.version}\n`);
  }
  const help = await run(['--help']);
  t.is(help.code, 0);
  t.regex(help.stdout, /^Usage: dirlisting COMMAND/);
  const parseHelp = await run(['parse', '--help']);
  t.is(parseHelp.code, 0);
  t.regex(parseHelp.stdout, /--ndjson/);
  t.regex(parseHelp.stdout, /Exit status: 0 .*; 1 .*skipped/s);
});

test('stdout closed early (| head) ends quietly', async (t) => {
  const line = '-rw-r--r--   1 alice    staff        1234 Mar  5  2019 f';
  const big = Array.from({ length: 100_000 }, (_, i) => `${line}${i}`).join('\n');
  const result = await new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'parse'], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => {}); // the child may stop reading before all is written
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
    child.stdin.end(big);
  });
  t.is(result.code, 0);
  t.is(result.stderr, '');
});
