/**
 * The live FTP and rsync servers of the client tests. The integration harness starts every server
 * once and names them in the JSON file `DIRLISTING_LIVE_SERVERS` points to (`{ root, servers: {
 * [name]: { [kind]: url } } }`); without it, the test file starts the one server module it needs
 * (test/servers/*.mjs) over a tree built here. A server that cannot be obtained fails the tests
 * with the reason, unless `DIRLISTING_LIVE_OPTIONAL=1` (then they are skipped).
 */
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExecutionContext, TestFn } from 'ava';
import type { EntryType } from '../../src/index.js';
import { ROOT } from '../helpers.js';

export interface LiveServers {
  /** The served tree on disk: the ground truth. */
  root: string;
  urls: Record<string, string>;
}

interface ServerModule {
  start(options: { root: string; work: string; log?: (message: string) => void }): Promise<{ name: string; urls: Record<string, string>; stop(): Promise<void> }>;
}

/**
 * Registers `before`/`after` hooks that provide the servers of `module` (`ftp`, `rsyncd`); the
 * returned function gives them to a test, or `undefined` when they are optional and unavailable.
 */
export function useLiveServers(test: TestFn, module: 'ftp' | 'rsyncd'): () => LiveServers | undefined {
  let servers: LiveServers | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  test.before(async (t) => {
    const shared = process.env.DIRLISTING_LIVE_SERVERS;
    if (shared) {
      const config = JSON.parse(readFileSync(shared, 'utf8')) as { root: string; servers: Record<string, Record<string, string>> };
      const urls = config.servers[module];
      if (!urls) throw new Error(`${shared} names no "${module}" server`);
      servers = { root: config.root, urls };
      return;
    }
    const scratch = mkdtempSync(join(tmpdir(), `dirlisting-${module}-`));
    chmodSync(scratch, 0o755); // the servers' unprivileged users walk into the tree
    const root = join(scratch, 'tree');
    try {
      const { buildWebTree } = (await import(pathToFileURL(join(ROOT, 'fixtures/capture/web-tree.mjs')).href)) as {
        buildWebTree(dir: string, options: { huge: boolean }): unknown;
      };
      buildWebTree(root, { huge: false });
      const started = await ((await import(pathToFileURL(join(ROOT, `test/servers/${module}.mjs`)).href)) as ServerModule).start({
        root,
        work: join(scratch, 'work'),
        log: (message) => t.log(message),
      });
      servers = { root, urls: started.urls };
      cleanup = async () => {
        await started.stop();
        rmSync(scratch, { recursive: true, force: true });
      };
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      if (process.env.DIRLISTING_LIVE_OPTIONAL === '1') {
        t.log(`${module} servers unavailable, live tests skipped: ${(error as Error).message}`);
        return;
      }
      throw new Error(`cannot start the ${module} test servers (set DIRLISTING_LIVE_OPTIONAL=1 to skip): ${(error as Error).message}`);
    }
  });
  test.after.always(async () => {
    await cleanup?.();
  });
  return () => servers;
}

/** lstat of every direct child of `dir`, by name. */
export function lstatChildren(dir: string): Map<string, Stats> {
  return new Map(readdirSync(dir).map((name) => [name, lstatSync(join(dir, name))]));
}

/** The `StatResult` type an lstat result is. */
export function typeOf(stats: Stats): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  return stats.isCharacterDevice() ? 'char-device' : 'block-device';
}

/** The root must be listed as lstat says: every file and directory, each with its type and size. */
export function assertMatchesTree(
  t: ExecutionContext,
  root: string,
  entries: ReadonlyArray<{ name: string; type: string; size?: number | undefined }>,
): void {
  const truth = lstatChildren(root);
  for (const entry of entries) {
    const stats = truth.get(entry.name);
    if (!stats) {
      t.fail(`listed ${JSON.stringify(entry.name)} is not in the tree`);
      continue;
    }
    t.is(entry.type, typeOf(stats), entry.name);
    if (stats.isFile()) t.is(entry.size, stats.size, entry.name);
  }
  const listed = new Set(entries.map((e) => e.name));
  for (const [name, stats] of truth) if (stats.isFile() || stats.isDirectory()) t.true(listed.has(name), `${name} is listed`);
}
