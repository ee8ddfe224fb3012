/**
 * The live servers of this test run, as test/servers/with-servers.mjs wrote them (its JSON file is
 * named by DIRLISTING_LIVE_SERVERS), and the real tree they serve, read with `lstat`.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';

export interface LiveRun {
  /** The served tree on this machine. */
  root: string;
  nowMs: number;
  entries: number;
  /** server → kind (html, json, xml, dav, ftp, rsync, …) → the URL of the tree's root. */
  servers: Record<string, Record<string, string>>;
  /** How long each server took to start, in ms. */
  startMs: Record<string, number>;
  /** Servers not installed, under DIRLISTING_LIVE_OPTIONAL=1: name → the install command. */
  unavailable: Record<string, string>;
}

export interface LiveTarget {
  server: string;
  kind: string;
  url: string;
  /** "nginx json": how tests name it. */
  label: string;
}

const file = process.env.DIRLISTING_LIVE_SERVERS;
const optional = process.env.DIRLISTING_LIVE_OPTIONAL === '1';

export const LIVE: LiveRun | undefined = file ? (JSON.parse(readFileSync(file, 'utf8')) as LiveRun) : undefined;


/** Every server and kind of this run, e.g. nginx html, nginx dav, ftp ftp. */
export function liveTargets(live: LiveRun): LiveTarget[] {
  return Object.entries(live.servers).flatMap(([server, kinds]) =>
    Object.entries(kinds).map(([kind, url]) => ({ server, kind, url, label: `${server} ${kind}` })),
  );
}

/**
 * Registers `register(live)` when the live servers are up. Run outside the harness (plain `ava`),
 * it registers one failing test that says how to run it, or under DIRLISTING_LIVE_OPTIONAL=1 a
 * skipped one; servers that are not installed are logged (t.log) and their tests skipped.
 */
export function withLiveServers(title: string, register: (live: LiveRun) => void): void {
  if (!LIVE) {
    const why = 'no live servers: run through `npm test` (test/servers/with-servers.mjs sets DIRLISTING_LIVE_SERVERS)';
    if (optional) test.skip(`${title}: ${why}`, () => {});
    else test(`${title}: live servers are up`, (t) => t.fail(why));
    return;
  }
  for (const [server, message] of Object.entries(LIVE.unavailable)) {
    test(`${title}: ${server} is not installed`, (t) => t.log(`${message} (DIRLISTING_LIVE_OPTIONAL=1)`) ?? t.pass());
    test.skip(`${title}: ${server}`, () => {});
  }
  register(LIVE);
}

/** One entry of the real tree, from `lstat` (and `stat` for what a symlink leads to). */
export interface TruthEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mtimeMs: number;
  /** For a symlink: what it leads to, as a server that follows links shows it. */
  target?: { type: 'file' | 'directory'; size: number; mtimeMs: number };
  /** The link's own text length (what lstat gives as its size). */
}

const typeOf = (stats: { isDirectory(): boolean; isSymbolicLink(): boolean }) =>
  stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'directory' : 'file';

/** The recursive `lstat` walk of `root`: every path below it (POSIX, relative), links not followed. */
export function realTree(root: string): Map<string, TruthEntry> {
  const tree = new Map<string, TruthEntry>();
  const visit = (relative: string) => {
    for (const name of readdirSync(join(root, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      const stats = lstatSync(join(root, path));
      const entry: TruthEntry = { path, type: typeOf(stats), size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) };
      if (stats.isSymbolicLink()) {
        const target = statSync(join(root, path));
        entry.target = { type: target.isDirectory() ? 'directory' : 'file', size: target.size, mtimeMs: Math.floor(target.mtimeMs) };
      }
      tree.set(path, entry);
      if (stats.isDirectory()) visit(path);
    }
  };
  visit('');
  return tree;
}
