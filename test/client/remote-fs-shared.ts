/**
 * One set of `fs`-like assertions, run against `node:fs/promises` on the served tree and against
 * `client.remoteFs()` of every server serving it (test/client/live-remote-fs.test.ts): a remote
 * tree passes when it behaves like the local one. Expected values come from the local tree's
 * `lstat` and bytes, read here with the synchronous `fs` API, never from a listing.
 */
import { createReadStream as localReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import avaTest, { type ExecutionContext } from 'ava';

export interface DirentLike {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface StatsLike {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** What the suite needs of a file system: paths are relative to the tree's root, POSIX. */
export interface FsLike {
  readdir(path: string): Promise<string[]>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirentLike[]>;
  stat(path: string): Promise<StatsLike>;
  lstat(path: string): Promise<StatsLike>;
  exists(path: string): Promise<boolean>;
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  createReadStream(path: string, options?: { start?: number; end?: number }): AsyncIterable<Uint8Array | string>;
}

/** `node:fs/promises` with paths relative to `root`: the reference the remote trees are held to. */
export function localFs(root: string): FsLike {
  const at = (path: string) => join(root, path);
  return {
    readdir: ((path: string, options?: { withFileTypes: true }) => (options ? fsp.readdir(at(path), options) : fsp.readdir(at(path)))) as FsLike['readdir'],
    stat: (path) => fsp.stat(at(path)),
    lstat: (path) => fsp.lstat(at(path)),
    exists: (path) => fsp.access(at(path)).then(() => true, () => false),
    readFile: ((path: string, encoding?: 'utf8') => fsp.readFile(at(path), encoding)) as FsLike['readFile'],
    createReadStream: (path, options) => localReadStream(at(path), options),
  };
}

const sorted = (names: Iterable<string>) => [...names].sort();

async function collect(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Paths of the tree (test/servers/tree.mjs) the assertions use. */
const NAMES = 'names';
const SPECIAL_DIR = 'names/dir with space & #hash?';
const ESCAPED = ['names/with space.txt', 'names/percent%41.txt', 'names/hash#tag.txt', 'names/question?mark.txt', 'names/ünïcødé 名前.txt', 'names/emoji-😀.txt'];
const SIZED = ['sizes/empty.txt', 'sizes/size-1023.bin', 'sizes/size-1048577.bin', 'sizes/sparse-4GiB+1.bin'];
const RANGED = 'sizes/size-1048577.bin';

/**
 * Registers the suite as ava tests titled `remoteFs <name>: …`. `makeFs` is called once, lazily;
 * `close` (optional) runs after the suite. `knownFailures` (test title → why) registers those as
 * ava's test.failing: they pass while the difference stays and fail once it is gone.
 */
export function remoteFsSuite(name: string, root: string, makeFs: () => FsLike, close?: () => Promise<void>, knownFailures: Record<string, string> = {}): void {
  let made: FsLike | undefined;
  const fs = () => (made ??= makeFs());
  const title = (what: string) => `remoteFs ${name}: ${what}${knownFailures[what] ? ` (known: ${knownFailures[what]})` : ''}`;
  const test = (what: string, body: (t: ExecutionContext) => Promise<void>) => (knownFailures[what] ? avaTest.failing : avaTest)(title(what), body);
  if (close) avaTest.after.always(close);

  test('readdir lists the names', async (t) => {
    for (const dir of [NAMES, SPECIAL_DIR, 'sizes']) t.deepEqual(sorted(await fs().readdir(dir)), sorted(readdirSync(join(root, dir))), dir);
  });

  test('readdir withFileTypes tells files from directories', async (t) => {
    const dirents = await fs().readdir(NAMES, { withFileTypes: true });
    t.deepEqual(sorted(dirents.map((d) => d.name)), sorted(readdirSync(join(root, NAMES))));
    for (const dirent of dirents) {
      const real = statSync(join(root, NAMES, dirent.name));
      t.is(dirent.isDirectory(), real.isDirectory(), dirent.name);
      t.is(dirent.isFile(), real.isFile(), dirent.name);
    }
  });

  test('stat gives exact sizes and the type', async (t) => {
    for (const path of [...SIZED, ...ESCAPED]) {
      const stats = await fs().stat(path);
      t.is(stats.size, statSync(join(root, path)).size, path);
      t.true(stats.isFile(), path);
      t.false(stats.isDirectory(), path);
    }
    for (const path of [NAMES, SPECIAL_DIR]) t.true((await fs().stat(path)).isDirectory(), path);
  });

  test('a missing path is ENOENT', async (t) => {
    await t.throwsAsync(fs().stat('names/no such file.txt'), { code: 'ENOENT' });
    await t.throwsAsync(fs().readdir('no-such-dir'), { code: 'ENOENT' });
    await t.throwsAsync(fs().readFile('sizes/missing.bin'), { code: 'ENOENT' });
  });

  test('readdir of a file is ENOTDIR', async (t) => {
    await t.throwsAsync(fs().readdir('sizes/size-1.txt'), { code: 'ENOTDIR' });
  });

  test('readFile of a directory is EISDIR', async (t) => {
    await t.throwsAsync(fs().readFile(NAMES), { code: 'EISDIR' });
  });

  test('exists', async (t) => {
    t.true(await fs().exists('sizes/empty.txt'));
    t.true(await fs().exists(SPECIAL_DIR));
    t.false(await fs().exists('sizes/nope.txt'));
  });

  test('readFile gives the bytes, and text with an encoding', async (t) => {
    for (const path of [...ESCAPED, 'sizes/empty.txt', 'sizes/size-1048577.bin', `${SPECIAL_DIR}/inner file.txt`]) {
      t.true(Buffer.from(await fs().readFile(path)).equals(readFileSync(join(root, path))), path);
    }
    t.is(await fs().readFile('names/with space.txt', 'utf8'), readFileSync(join(root, 'names/with space.txt'), 'utf8'));
  });

  test('createReadStream reads a range, end inclusive', async (t) => {
    const whole = readFileSync(join(root, RANGED));
    t.true((await collect(fs().createReadStream(RANGED, { start: 1000, end: 1999 }))).equals(whole.subarray(1000, 2000)));
    t.true((await collect(fs().createReadStream(RANGED, { start: whole.length - 7 }))).equals(whole.subarray(whole.length - 7)));
    t.true((await collect(fs().createReadStream(RANGED))).equals(whole));
  });
}
