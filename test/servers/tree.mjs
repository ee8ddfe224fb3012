// The tree every live server serves to the tests (test/servers/with-servers.mjs builds it once per
// run). Built with buildSpecTree from fixtures/capture/web-tree.mjs, from data in the same shape as
// webTreeSpec: a few hundred directories nested to depth 4 holding a few thousand files, plus the
// cases a walk must get right — sizes 0 and past 4 GiB (sparse), names that need escaping in a URL
// or in HTML, unicode, a symlink to a file, a symlink loop to an ancestor directory, and mtimes
// years old and a few hours in the future.
//
// Not in it, on purpose: dotfiles (nginx dav_ext and lighttpd mod_dirlisting hide them), dangling
// symlinks (nginx dav_ext answers 500 for the whole directory: fixtures/capture/dav/capture-dav.mjs
// notes), names with control characters or invalid UTF-8 (the capture trees cover those).
import fs from 'node:fs';

import { buildSpecTree } from '../../fixtures/capture/web-tree.mjs';

/**
 * A listing served as a static file, as mirrors publish ls-lR: unlike the generated index pages
 * (nginx autoindex sends neither Last-Modified nor ETag), a static file carries validators, so a
 * cached listing of it is revalidated with a 304.
 */
export const STATIC_LISTING = 'listings/proftpd-LIST.txt';
const STATIC_LISTING_SOURCE = new URL('../../fixtures/ftp/proftpd/listing.txt', import.meta.url);

/** bulk/a*\/b*\/c*: FANOUT^3 leaf directories of FILES_PER_LEAF files each. */
export const FANOUT = 6;
export const FILES_PER_LEAF = 14;

const HOUR = 3600_000;
/** Whole seconds with non-zero seconds and minutes, so second- and minute-precise listings differ. */
const BASE_MTIME = Date.UTC(2024, 5, 17, 13, 37, 41);
const YEARS_OLD = '2009-02-13T23:31:30Z';

/** A varied, deterministic mtime: k steps of a little over a day back from BASE_MTIME. */
const mtimeAt = (k) => new Date(BASE_MTIME - k * 86_413_000).toISOString();

/** The tree as data (see webTreeSpec in fixtures/capture/web-tree.mjs for the shape). */
export function liveTreeSpec(nowMs) {
  let k = 0;
  const file = (name, size, extra = {}) => ({ name, kind: 'file', size, mtime: mtimeAt(k++), ...extra });
  const dir = (name, children) => ({ name, kind: 'dir', children, mtime: mtimeAt(k++) });
  const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  const bulk = range(FANOUT, (a) =>
    dir(`a${a}`, range(FANOUT, (b) => dir(`b${b}`, range(FANOUT, (c) => dir(`c${c}`, range(FILES_PER_LEAF, (f) => file(`f${f}.txt`, ((a * 7919 + b * 104729 + c * 1299709 + f * 15485863) % 20000) * (f % 5 === 0 ? 0 : 1)))))))),
  );
  return [
    dir('sizes', [
      file('empty.txt', 0),
      file('size-1.txt', 1),
      file('size-1023.bin', 1023),
      file('size-1024.bin', 1024),
      file('size-1536.bin', 1536),
      file('size-1048577.bin', 1048577),
      file('sparse-4GiB+1.bin', 4294967297, { sparse: true }),
    ]),
    dir('names', [
      file('with space.txt', 11),
      file('percent%41.txt', 12),
      file('hash#tag.txt', 13),
      file('amp&ersand.txt', 14),
      file('question?mark.txt', 15),
      file('plus+sign.txt', 16),
      file('ünïcødé 名前.txt', 17),
      file('emoji-😀.txt', 18),
      dir('dir with space & #hash?', [file('inner file.txt', 19), dir('deeper dir', [file('leaf%20.txt', 20)])]),
    ]),
    dir('times', [
      file('years-old.txt', 21, { mtime: YEARS_OLD }),
      file('near-future.txt', 22, { mtime: () => new Date(nowMs + 3 * HOUR) }),
      file('leap-day.txt', 23, { mtime: '2024-02-29T12:34:56Z' }),
    ]),
    dir('links', [
      file('target.txt', 24),
      { name: 'to-file.txt', kind: 'symlink', target: 'target.txt', mtime: mtimeAt(k++) },
      // sub/up leads back to links/: links/sub/up/sub/up/… for as long as the kernel follows links.
      dir('sub', [{ name: 'up', kind: 'symlink', target: '..', mtime: mtimeAt(k++) }, file('in-sub.txt', 25)]),
    ]),
    dir('listings', [file('proftpd-LIST.txt', undefined, { content: fs.readFileSync(STATIC_LISTING_SOURCE) })]),
    dir('bulk', bulk),
    // What the FTP and rsync transport tests (test/client/ftp.test.ts, rsync.test.ts) look for in
    // the shared tree: a plain file at the top and subdir/inner.txt.
    file('readme.txt', 42),
    dir('subdir', [file('inner.txt', 28), dir('nested', [file('deep.txt', 26)])]),
  ];
}

/**
 * Builds the tree in DIR (created; must not exist or be empty) and makes DIR traversable for the
 * servers' unprivileged users. Returns { dir, entries, nowMs }.
 */
export function buildLiveTree(dir, { now = Date.now() } = {}) {
  const nowMs = Math.floor(now / 1000) * 1000;
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (fs.readdirSync(dir).length) throw new Error(`${dir} is not empty`);
  const { entries, skipped } = buildSpecTree(dir, liveTreeSpec(nowMs), { huge: false });
  if (skipped.length) throw new Error(`tree entries skipped: ${JSON.stringify(skipped)}`);
  fs.chmodSync(dir, 0o755);
  const t = new Date(mtimeAt(0));
  fs.utimesSync(dir, t, t);
  return { dir, entries, nowMs };
}
