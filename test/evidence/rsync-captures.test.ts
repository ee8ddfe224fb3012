/**
 * `rsync --list-only` output of the real rsync binary (fixtures/rsync/<variant>.txt, made by
 * fixtures/capture/rsync/capture-rsync.mjs, local and against an rsync daemon on loopback) against the
 * fs.lstat() of the tree it listed (expected.json, taken before rsync ran) and the daemon's config
 * (fixtures/capture/rsync/rsyncd.conf.tmpl). Nothing here is derived from dirlisting's output.
 *
 * What rsync cannot show is recorded here with rsync's reason, never loosened in general: it prints
 * no owner, group, link count or device numbers; without `-l` no symlink target; times in whole
 * seconds; `-h`/`-hh` sizes rounded to two decimals of a unit.
 *
 * DIRLISTING_LIVE_RSYNC names a folder with the same layout, made by re-running the capture script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { type Listing, type ParseOptions, type StatResult, parseListing } from '../../src/index.js';
import { ROOT, fixturePath } from '../helpers.js';

interface Truth {
  path: string;
  name: string;
  type: StatResult['type'];
  size: number;
  mode: number;
  mtimeMs: number;
  atimeMs: number;
  target?: string;
}

interface Variant {
  name: string;
  file?: string;
  argv: string[];
  timeZone: string;
  capturedAt: string;
  exitCode: number;
  pathsRelativeTo: string | null;
  daemon: boolean;
}

const roots = [
  { dir: fixturePath('rsync'), label: 'captured' },
  ...(process.env.DIRLISTING_LIVE_RSYNC ? [{ dir: process.env.DIRLISTING_LIVE_RSYNC, label: 'live' }] : []),
];

/** Why an option is passed for a variant: what the listing itself cannot say. */
function optionsFor(variant: Variant): ParseOptions {
  const options: ParseOptions = { timeZone: variant.timeZone, now: Date.parse(variant.capturedAt) };
  // -hh and -hhh print units of 1024, -h of 1000 (do_big_num); the `.` line comes before any size
  // that tells them apart, so the caller says which (as it knows the command it ran).
  if (variant.argv.some((arg) => /^-hh+$/.test(arg))) options.formatOptions = { rsync: { humanBase: 1024 } };
  return options;
}

/** The listed item: the tree-relative directory whose entries are printed, or the item itself. */
function expectedPaths(variant: Variant, truths: readonly Truth[]): { paths: string[]; self: string | undefined } {
  const recursive = variant.argv.includes('-r');
  const source = variant.argv.at(-1)!;
  const base = variant.pathsRelativeTo ?? '';
  const prefix = base === '' ? '' : `${base}/`;
  if (source.endsWith('/')) {
    const under = truths.filter((truth) => truth.path.startsWith(prefix) && truth.path !== base).map((truth) => truth.path.slice(prefix.length));
    return { paths: under.filter((path) => recursive || !path.includes('/')), self: base };
  }
  // `TREE/subdir`: the item is listed under its own name, its contents only with -r.
  const item = source.slice(source.lastIndexOf('/') + 1);
  const paths = truths.filter((truth) => truth.path === item || (recursive && truth.path.startsWith(`${item}/`))).map((truth) => truth.path);
  return { paths, self: undefined };
}

for (const { dir, label } of roots) {
  if (!existsSync(join(dir, 'capture.json'))) continue;
  const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as { version: string; variants: Variant[] };
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { self: Truth; entries: Truth[] };
  const byPath = new Map(expected.entries.map((truth) => [truth.path, truth]));
  const variants = capture.variants.filter((variant) => typeof variant.file === "string");

  test(`${label} rsync ${capture.version}: ${variants.length} listings captured`, (t) => {
    t.true(variants.length >= 15);
  });

  for (const variant of variants) {
    const title = `${label} rsync ${capture.version} ${variant.name}`;
    const bytes = readFileSync(join(dir, variant.file!));

    if (variant.pathsRelativeTo === null) {
      // A module list (or nothing: --no-motd suppresses the list too, as rsync(1) says).
      test(`${title}: the module list names every listable module with its comment`, (t) => {
        const modules = moduleComments();
        const listing = parseListing(new Uint8Array(bytes), optionsFor(variant));
        if (bytes.length === 0) {
          t.deepEqual(listing.entries, []);
          return;
        }
        t.is(listing.format, 'rsync-modules');
        t.deepEqual(listing.skipped, []);
        t.deepEqual(
          listing.entries.map((entry) => [entry.name, entry.type, entry.facts?.comment]),
          modules.filter((module) => module.listed).map((module) => [module.name, 'directory', module.comment]),
        );
      });
      continue;
    }

    const listing: Listing = parseListing(new Uint8Array(bytes), optionsFor(variant));
    const { paths, self } = expectedPaths(variant, expected.entries);
    const prefix = variant.pathsRelativeTo ? `${variant.pathsRelativeTo}/` : '';

    test(`${title}: detected as rsync, every line understood, every entry present once`, (t) => {
      t.is(listing.format, 'rsync');
      t.true(listing.confidence >= 0.9, String(listing.confidence));
      t.deepEqual(listing.skipped, []);
      t.deepEqual(listing.warnings, []);
      t.deepEqual(listing.entries.map((entry) => entry.path).sort(), [...paths].sort());
    });

    test(`${title}: the '.' line is the listed directory itself`, (t) => {
      if (self === undefined) return t.is(listing.self, undefined);
      const truth = self === '' ? expected.self : byPath.get(self)!;
      t.truthy(listing.self);
      t.is(listing.self!.type, 'directory');
      t.is(listing.self!.mode, truth.mode);
      t.is(listing.self!.mtimeMs, Math.floor(truth.mtimeMs / 1000) * 1000);
      t.true(Math.abs(listing.self!.size! - truth.size) <= listing.self!.sizePrecision! / 2 + 0.5);
    });

    test(`${title}: every entry matches lstat`, (t) => {
      const atimes = variant.argv.includes('-U');
      for (const entry of listing.entries) {
        const truth = byPath.get(prefix + entry.path!);
        if (!truth) {
          t.fail(`no lstat truth for ${JSON.stringify(entry.path)}`);
          continue;
        }
        const what = JSON.stringify(entry.path);
        t.is(entry.name, truth.name, what);
        t.is(entry.type, truth.type, what);
        t.is(entry.mode, truth.mode, what);
        // rsync prints the size of every entry (directories' and symlinks' st_size, 0 for devices),
        // exactly or as -h/-hh round it to two decimals of a unit.
        t.true(Math.abs(entry.size! - truth.size) <= entry.sizePrecision! / 2 + 0.5, `${what}: ${entry.size} ± ${entry.sizePrecision} vs ${truth.size}`);
        // timestring(): whole seconds of the client's local time.
        t.is(entry.mtimePrecision, 'second', what);
        t.is(entry.mtimeMs, Math.floor(truth.mtimeMs / 1000) * 1000, what);
        // Not in an rsync listing: owner, group, link count, device numbers; and without -l the target.
        t.is(entry.owner, undefined);
        t.is(entry.uid, undefined);
        t.is(entry.major, undefined);
        t.is(entry.target, undefined, `${what}: rsync prints targets only with -l`);
        if (atimes) {
          // --atimes: the atime of a non-directory; a directory's column is blank (list_file_entry).
          const atime = entry.type === 'directory' ? undefined : new Date(Math.floor(truth.atimeMs / 1000) * 1000).toISOString();
          t.is(entry.facts?.atime, atime, what);
        } else {
          t.is(entry.facts, undefined, what);
        }
      }
    });
  }
}

/** The modules of the daemon's config, from rsyncd.conf.tmpl (`comment`, `list = no`). */
function moduleComments(): { name: string; comment: string; listed: boolean }[] {
  const text = readFileSync(join(ROOT, 'fixtures/capture/rsync/rsyncd.conf.tmpl'), 'utf8');
  const modules: { name: string; comment: string; listed: boolean }[] = [];
  for (const line of text.split('\n')) {
    const section = /^\[(.+)\]$/.exec(line.trim());
    if (section) modules.push({ name: section[1]!, comment: '', listed: true });
    const setting = /^\s*(comment|list)\s*=\s*(.*)$/.exec(line);
    const current = modules.at(-1);
    if (setting && current) {
      if (setting[1] === 'comment') current.comment = setting[2]!;
      else current.listed = setting[2] !== 'no';
    }
  }
  return modules;
}
