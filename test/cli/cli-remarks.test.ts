/**
 * What the CLI tells besides entries and skipped lines: warnings for names whose bytes are not valid
 * in the listing's charset, the listing's own facts in JSON, and paths of tree formats in the table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { run } from './run.js';



const dir = mkdtempSync(join(tmpdir(), 'dirlisting-cli-'));
const latin1Name = join(dir, 'latin1.txt');
writeFileSync(
  latin1Name,
  Buffer.concat([
    Buffer.from('-rw-r--r--   1 ftp ftp 12 Nov 21  2019 ok.txt\r\n'),
    Buffer.from('-rw-r--r--   1 ftp ftp 12 Nov 21  2019 café.txt\r\n', 'latin1'),
  ]),
);

test('a name that is not valid UTF-8: a warning on stderr in the table, in "warnings" with --json, exit 0', async (t) => {
  const table = await run(['parse', latin1Name]);
  t.is(table.code, 0, table.stderr);
  t.regex(table.stderr, /caf\uFFFD\.txt: the name is not valid utf-8; its exact bytes are in rawName/);
  const json = await run(['parse', latin1Name, '--json']);
  const doc = JSON.parse(json.stdout) as { entries: { name: string; rawName?: string }[]; warnings: { name: string }[] };
  t.deepEqual(doc.warnings.map((warning) => warning.name), ['caf\uFFFD.txt']);
  t.is(doc.entries[1]!.rawName, '%63%61%66%E9%2E%74%78%74');
  const ndjson = await run(['parse', latin1Name, '--ndjson']);
  t.true(ndjson.stdout.trim().split('\n').some((line) => 'warning' in JSON.parse(line)));
});

test('rsync -r in the table shows each path; --json carries the listed directory itself and the dialect', async (t) => {
  const table = await run(['parse', 'fixtures/rsync/r.txt', '--format', 'rsync', '--tz', 'UTC']);
  t.is(table.code, 0, table.stderr);
  t.regex(table.stdout, / subdir\/inner\.txt$/m);
  const json = await run(['parse', 'fixtures/rsync/r.txt', '--format', 'rsync', '--json']);
  const doc = JSON.parse(json.stdout) as { self?: { name: string; type: string }; dialect?: string };
  t.like(doc.self, { name: '.', type: 'directory' });
  t.is(typeof doc.dialect, 'string');
});
