/**
 * `tar -tv` listings of GNU tar 1.34, bsdtar 3.6.2 and BusyBox 1.35.0 (fixtures/tar/<tool>-<variant>.txt,
 * made by fixtures/capture/tar/capture-tar.mjs) against the fs.lstat() of the tree that was archived
 * (expected.json, taken before archiving). Nothing here is derived from dirlisting's output.
 *
 * What a tar header or a tool cannot show is recorded here, per tool or per capture, with the reason
 * (fixtures/capture/tar/README.md), never loosened in general:
 * - a header stores no link count, and 0 as the size of directories, symlinks and hard links;
 * - BusyBox prints names raw (a newline splits the line), a hard link as ` -> ` on a regular-file
 *   line, devices with size 0 and no numbers, stops at GNU sparse members, shows PAX sparse files
 *   under `GNUSparseFile.<pid>/` with their stored size, and a negative pax mtime as the epoch.
 *
 * DIRLISTING_LIVE_TAR names a folder with the same layout, made by re-running the capture script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PRECISION_MS, type StatResult, parseListing } from '../../src/index.js';
import { fixturePath } from '../helpers.js';

interface Truth {
  path: string;
  name: string;
  type: StatResult['type'];
  size: number;
  mode: number;
  uid: number;
  gid: number;
  owner: string | null;
  group: string | null;
  mtimeMs: number;
  target?: string;
  rdevMajor?: number;
  rdevMinor?: number;
  archivedPath: string;
}

interface Variant {
  name: string;
  file: string;
  tool: 'gnu-tar' | 'bsdtar' | 'busybox';
  archive: string;
  argv: string[];
  timeZone: string;
  capturedAt: string;
  exitCode: number;
}

const FORMAT = { 'gnu-tar': 'tar', bsdtar: 'bsdtar', busybox: 'tar' } as const;

/**
 * Lines a tool prints that are no member of the tree, per capture, and why. Each must still be so
 * (the test fails when a listing stops showing it).
 */
const HARD_LINK_LINE = 'tree/hardlink-? -> tree/hardlink-?';
const isHardLinkLine = (path: string) => /^tree\/hardlink-[12] -> tree\/hardlink-[12]$/.test(path);
const FORCED: Record<string, { path: string; skipped?: string; reason: string }[]> = {
  busybox: [
    { path: 'tree/new', skipped: 'line.txt', reason: 'BusyBox writes names raw: the newline in "new\\nline.txt" ends the line' },
    // Which of the pair is the link depends on the order tar read the directory.
    { path: HARD_LINK_LINE, reason: 'BusyBox prints a hard link as " -> target" on a regular-file line, which a file named so also is: kept whole' },
  ],
};

const roots = [
  { dir: fixturePath('tar'), label: 'captured' },
  ...(process.env.DIRLISTING_LIVE_TAR ? [{ dir: process.env.DIRLISTING_LIVE_TAR, label: 'live' }] : []),
];

for (const { dir, label } of roots) {
  if (!existsSync(join(dir, 'capture.json'))) continue;
  const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as {
    variants: Variant[];
    archives: Record<string, { excludes: string[] }>;
  };
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { self: Truth; entries: Truth[] };
  const truths = [{ ...expected.self, name: 'tree', path: '' }, ...expected.entries];
  const byArchived = new Map(truths.map((truth) => [truth.archivedPath, truth]));

  test(`${label} tar: 16 listings from three tools`, (t) => {
    t.true(capture.variants.length >= 16);
    t.deepEqual([...new Set(capture.variants.map((variant) => variant.tool))].sort(), ['bsdtar', 'busybox', 'gnu-tar']);
  });

  for (const variant of capture.variants) {
    const title = `${label} ${variant.name}`;
    const bytes = readFileSync(join(dir, variant.file));
    const listing = parseListing(new Uint8Array(bytes), { timeZone: variant.timeZone, now: Date.parse(variant.capturedAt) });
    const busybox = variant.tool === 'busybox';
    const forced = busybox ? FORCED.busybox! : [];
    const isForced = (path: string) => forced.some((f) => f.path === path || (f.path === HARD_LINK_LINE && isHardLinkLine(path)));
    // The member BusyBox's hard-link line stands for: the name before its arrow.
    const hardLinkMember = listing.entries.map((e) => e.path!).find(isHardLinkLine)?.split(' -> ')[0];
    const excludes = new Set(capture.archives[variant.archive]?.excludes ?? []);
    // BusyBox's PAX sparse members: tree/GNUSparseFile.<pid>/<name>, the stored (condensed) size.
    const sparseAlias = (path: string) => (busybox ? path.replace(/^tree\/GNUSparseFile\.\d+\//, 'tree/') : path);

    test(`${title}: detected as ${FORMAT[variant.tool]}, every member present once`, (t) => {
      t.is(listing.format, FORMAT[variant.tool]);
      t.true(listing.confidence >= 0.9, String(listing.confidence));
      // GNU tar and BusyBox are told apart by the line (seconds, ` link to `, devices) or the columns.
      if (variant.tool !== 'bsdtar') t.is(listing.dialect, busybox ? 'busybox' : 'gnu');
      t.deepEqual(
        listing.skipped.map((s) => s.text),
        forced.filter((f) => f.skipped !== undefined && listing.entries.some((e) => e.path === f.path)).map((f) => f.skipped!),
      );
      const shown = listing.entries.map((entry) => sparseAlias(entry.path!)).filter((path) => !isForced(path));
      t.is(new Set(shown).size, shown.length);
      const members = truths.filter((truth) => !excludes.has(truth.path)).map((truth) => truth.archivedPath);
      if (variant.exitCode === 0) {
        // The hard link and the raw newline name are the forced ones above.
        const missing = members.filter((path) => !shown.includes(path));
        t.deepEqual(missing.sort(), busybox ? [hardLinkMember, 'tree/new\nline.txt'] : []);
      } else {
        // busybox-gnu: "unknown typeflag: 0x53" at the first GNU sparse member; what came before is listed.
        t.true(shown.length > 10 && shown.every((path) => members.includes(path)));
      }
      // Each forced difference still shows (busybox-gnu stops before some of them).
      const shows = (f: { path: string }) => listing.entries.some((e) => e.path === f.path || (f.path === HARD_LINK_LINE && isHardLinkLine(e.path!)));
      for (const f of forced) if (variant.exitCode === 0) t.true(shows(f), f.reason);
    });

    test(`${title}: every entry matches lstat`, (t) => {
      for (const entry of listing.entries) {
        if (isForced(entry.path!)) continue;
        const path = sparseAlias(entry.path!);
        const truth = byArchived.get(path);
        const what = JSON.stringify(entry.path);
        if (!truth) {
          t.fail(`no lstat truth for ${what}`);
          continue;
        }
        t.is(entry.name, truth.name, what);
        t.is(entry.mode, truth.mode, what);
        const hardLink = entry.facts?.hardLink;
        t.is(entry.type, truth.type, what);
        if (hardLink !== undefined) {
          // LNKTYPE: the other member's path; tar shows size 0 for links, so none is read.
          t.true(/^tree\/hardlink-[12]$/.test(hardLink) && hardLink !== entry.path, what);
          t.is(entry.size, undefined, what);
        } else if (truth.type === 'directory' || truth.type === 'symlink') {
          // A tar header stores size 0 for directories and symlinks.
          t.is(entry.size, 0, what);
        } else if (truth.type === 'char-device' || truth.type === 'block-device') {
          if (busybox) {
            // BusyBox prints the header's size field (0) and no device numbers.
            t.is(entry.size, 0, what);
            t.is(entry.major, undefined, what);
          } else {
            t.is(entry.major, truth.rdevMajor, what);
            t.is(entry.minor, truth.rdevMinor, what);
          }
        } else if (busybox && entry.path !== path) {
          // PAX sparse 1.0 read without GNU.sparse records: the stored map and data, not the file size.
          t.true(entry.size! < truth.size, what);
        } else {
          t.is(entry.size, truth.size, what);
        }
        if (truth.type === 'symlink') t.is(entry.target, truth.target, what);
        else t.is(entry.target, undefined, what);
        // The owner as stored: names, or numbers where none exists (and with --numeric-owner).
        const numeric = variant.argv.includes('--numeric-owner');
        t.is(entry.owner, numeric || truth.owner === null ? String(truth.uid) : truth.owner, what);
        t.is(entry.group, numeric || truth.group === null ? String(truth.gid) : truth.group, what);
        if (numeric || truth.owner === null) t.is(entry.uid, truth.uid, what);
        if (variant.tool === 'bsdtar') t.is(entry.nlink, 0, `${what}: tar headers carry no link count`);
        // The shown time, at its precision, in the zone the tool ran in.
        let mtimeMs = truth.mtimeMs;
        if (busybox && variant.archive === 'pax.tar' && mtimeMs < 0) mtimeMs = 0; // BusyBox shows a negative pax mtime as the epoch
        const span = PRECISION_MS[entry.mtimePrecision!];
        t.true(entry.mtimeMs! <= mtimeMs && mtimeMs < entry.mtimeMs! + span, `${what}: ${entry.mtime?.toISOString()} (${entry.mtimePrecision}) vs ${new Date(mtimeMs).toISOString()}`);
        const expectedPrecision = variant.tool === 'bsdtar' ? ['minute', 'day'] : busybox || variant.argv.includes('--full-time') ? ['second'] : ['minute'];
        t.true(expectedPrecision.includes(entry.mtimePrecision!), what);
      }
    });
  }
}
