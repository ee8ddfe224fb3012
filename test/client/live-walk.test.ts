/**
 * walk() over the live servers (test/servers/*.mjs), each serving the same tree of a few thousand
 * entries, compared with the tree's real recursive lstat walk: the same paths, types, sizes (within
 * the precision the listing shows) and mtimes (within PRECISION_MS of the shown precision; every
 * server runs with TZ=UTC), and one request per directory.
 */
import test from 'ava';
import { ListingClient, PRECISION_MS, type StatResult } from '../../src/index.js';
import { type LiveTarget, type TruthEntry, liveTargets, realTree, withLiveServers } from './live-servers.js';

/**
 * How a server shows a symlink (observed on this tree; test/servers/*.mjs name the configs):
 * - target: the link is followed and shows as what it leads to (nginx autoindex and dav_ext stat()
 *   the path; Apache with Options FollowSymLinks; lighttpd mod_dirlisting; Caddy browse).
 * - hidden: left out (Apache mod_dav_fs lists only regular files and directories).
 * - own: the link's own lstat, as a file of the link text's length (lighttpd mod_webdav).
 * - target-own-mtime: the target's type and size with the link's own mtime (Caddy's
 *   browse_listing.go: the size and directory flag are stat()ed through the link, the time is the
 *   directory entry's).
 * - link: a symlink, with the link's own time (rsync --list-only, vsftpd LIST, pure-ftpd MLSD's
 *   OS.unix=symlink).
 * Anything not named here is `target`.
 */
const SYMLINK_VIEW: Record<string, 'target' | 'hidden' | 'own' | 'target-own-mtime' | 'link'> = {
  'apache dav': 'hidden',
  'lighttpd dav': 'own',
  'caddy html': 'target-own-mtime',
  'ftp ftp': 'link',
  'ftp ftp-list': 'link',
  'rsyncd rsync': 'link',
  'rsyncd rsync-auth': 'link',
};

/**
 * vsftpd runs as in the captures, use_localtime=YES with TZ=Europe/Berlin, which it turns into the
 * offset in force when it starts (fixtures/capture/ftp-servers.mjs, sysutil.c vsf_sysutil_tzset): its
 * LIST times are wall-clock times at that fixed offset.
 */
const ZONE: Record<string, string> = { 'ftp ftp-list': fixedOffsetNow('Europe/Berlin') };

function fixedOffsetNow(timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((part) => part.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/** How each kind is asked for a listing: one request per directory either way. */
const METHOD: Record<string, 'get' | 'propfind'> = { html: 'get', json: 'get', xml: 'get', dav: 'propfind' };

/** The loop (tree.mjs: links/sub/up -> ..) and what is below it: walk must not go down it. */
const LOOP = 'links/sub/up';

interface Expected {
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mtimeMs: number;
}

/** The real tree as `target` sees it. */
function expectedTree(truth: Map<string, TruthEntry>, target: LiveTarget): Map<string, Expected> {
  const view = SYMLINK_VIEW[target.label] ?? 'target';
  const expected = new Map<string, Expected>();
  for (const entry of truth.values()) {
    if (entry.type !== 'symlink') expected.set(entry.path, entry);
    else if (view === 'target') expected.set(entry.path, entry.target!);
    else if (view === 'own') expected.set(entry.path, { type: 'file', size: entry.size, mtimeMs: entry.mtimeMs });
    else if (view === 'target-own-mtime') expected.set(entry.path, { ...entry.target!, mtimeMs: entry.mtimeMs });
    else if (view === 'link') expected.set(entry.path, { type: 'symlink', size: entry.size, mtimeMs: entry.mtimeMs });
  }
  return expected;
}

/** Why `entry` does not show `real`, or undefined when it does. */
function mismatch(entry: StatResult, real: Expected): string | undefined {
  if (entry.type !== real.type) return `type ${entry.type}, real ${real.type}`;
  if (real.type === 'file') {
    if (entry.size === undefined) return 'no size';
    const precision = entry.sizePrecision ?? 1;
    if (Math.abs(entry.size - real.size) > (precision === 1 ? 0 : precision)) return `size ${entry.size} (±${precision}), real ${real.size}`;
    if (entry.mtimeMs === undefined) return 'no mtime';
  }
  if (entry.mtimeMs !== undefined) {
    const span = PRECISION_MS[entry.mtimePrecision ?? 'millisecond'];
    // A shown time t means the real time is in [t, t + span).
    if (!(entry.mtimeMs <= real.mtimeMs && real.mtimeMs < entry.mtimeMs + span)) {
      return `mtime ${new Date(entry.mtimeMs).toISOString()} (${entry.mtimePrecision}), real ${new Date(real.mtimeMs).toISOString()}`;
    }
  }
  return undefined;
}

withLiveServers('walk', (live) => {
  const truth = realTree(live.root);

  for (const target of liveTargets(live)) {
    test(`walk ${target.label} equals the real tree`, async (t) => {
      const timeZone = ZONE[target.label];
      const client = new ListingClient({ timeout: 20_000, ...(timeZone ? { parse: { timeZone } } : {}) });
      try {
        const expected = expectedTree(truth, target);
        const seen = new Map<string, StatResult>();
        let directories = 0;
        const started = performance.now();
        for await (const { path, entry, depth } of client.walk(target.url, {
          method: METHOD[target.kind],
          onDirectory: () => void directories++,
        })) {
          t.false(seen.has(path), `${path} walked twice`);
          t.is(depth, path.split('/').length, path);
          seen.set(path, entry);
        }
        const ms = performance.now() - started;
        const problems: string[] = [];
        for (const [path, real] of expected) {
          const entry = seen.get(path);
          const why = entry ? mismatch(entry, real) : 'missing';
          if (why) problems.push(`${path}: ${why}`);
        }
        for (const path of seen.keys()) if (!expected.has(path)) problems.push(`${path}: not in the tree${path.startsWith(`${LOOP}/`) ? ' (walked down the symlink loop)' : ''}`);
        t.deepEqual(problems.slice(0, 20), [], `${problems.length} differences`);
        t.is(seen.size, expected.size);
        if (target.kind in METHOD) {
          // One request per directory: the start and every directory the server shows, the loop's
          // link included (a server that follows it shows a directory; walk lists it once, sees the
          // listing of an ancestor and goes no further, without an onDirectory call).
          const shownDirectories = [...expected.values()].filter((entry) => entry.type === 'directory').length + 1;
          t.is(client.stats.requests, shownDirectories, 'requests = directories shown');
          const loopFollowed = expected.get(LOOP)?.type === 'directory';
          t.is(directories, shownDirectories - (loopFollowed ? 1 : 0), 'onDirectory calls');
        } else {
          // FTP and rsync show links as links, so nothing leads back up: one listing (a CWD and MLSD
          // or LIST, or one rsync run) per directory.
          t.is(client.stats.requests, directories, 'requests = directories listed');
        }
        t.log(`${seen.size} entries, ${directories} directories, ${client.stats.requests} requests, ${Math.round(ms)} ms`);
      } finally {
        await client.close();
      }
    });
  }
});
