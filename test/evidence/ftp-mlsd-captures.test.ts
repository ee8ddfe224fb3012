/**
 * MLSD output of real FTP servers (fixtures/ftp/<server>/mlsd.txt, made by
 * fixtures/capture/capture-ftp.mjs) against the fs.lstat() of the tree they served (expected.json,
 * taken at capture time). Nothing here is derived from dirlisting's output.
 *
 * Each server's MLSD departs from lstat in documented ways (capture.json `notes`,
 * fixtures/capture/README.md). Those quirks are spelled out below, per server and per field, so that
 * everything else is compared exactly: a quirk never loosens the check for another server or field.
 *
 * When DIRLISTING_LIVE_CAPTURES names a folder, the captures .ci/run has just made from freshly
 * started servers are checked the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { S_IFMT, type StatResult, modeTypeBits, parseListing } from '../../src/index.js';
import { fixturePath, captureDirs } from '../helpers.js';

interface Truth {
  name: string;
  type: StatResult['type'];
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  target?: string;
}

interface Capture {
  server: string;
  version: string;
  mlsdCapturedAt?: string;
}

/** What a server's MLSD shows for an entry, where it is not the entry's own lstat. */
interface Quirks {
  /** The type the server reports. */
  type(truth: Truth, all: Map<string, Truth>): StatResult['type'];
  /** The lstat the facts come from (the entry's own, or its symlink target's). */
  source(truth: Truth, all: Map<string, Truth>): Truth;
  /** Whether the server sends a size for this entry. */
  hasSize(truth: Truth): boolean;
  /** UNIX.mode and owner facts sent at all. */
  unixFacts: boolean;
  /** The owner and group names the server sends, when they are not the file's. */
  names?: { owner: string; group: string };
  /** The symlink target dirlisting can know. */
  target(truth: Truth): string | undefined;
}

const NON_FILES = new Set<StatResult['type']>(['char-device', 'block-device', 'fifo', 'socket']);

const QUIRKS: Record<string, Quirks> = {
  proftpd: {
    // mod_facts: devices, FIFOs and sockets are type=file (capture.json notes).
    type: (truth) => (NON_FILES.has(truth.type) ? 'file' : truth.type),
    source: (truth) => truth,
    // Directories get no size fact; symlinks have size = length of the link text, as lstat says.
    hasSize: (truth) => truth.type !== 'directory',
    unixFacts: true,
    // UNIX.ownername/groupname name the session user (anonymous -> nobody:nogroup) for EVERY entry,
    // while UNIX.owner/UNIX.group carry the file's ids (capture.json notes). dirlisting prefers names,
    // as basic-ftp does, so owner/group are the server's wrong names: checked as such, uid/gid exactly.
    names: { owner: 'nobody', group: 'nogroup' },
    // OS.unix=symlink gives no target; the entry sharing its unique fact does (grammars/mlsd.ts
    // finishListing). Every listed link's target is in the directory and has one name.
    target: (truth) => truth.target,
  },
  'pure-ftpd': {
    // Devices, FIFOs and sockets are type=unknown (capture.json notes).
    type: (truth) => (NON_FILES.has(truth.type) ? 'unknown' : truth.type),
    source: (truth) => truth,
    // Directories have sizd=, read as their size.
    hasSize: () => true,
    unixFacts: true,
    // OS.unix=slink: with an empty target: not shown.
    target: () => undefined,
  },
  pyftpdlib: {
    // Facts come from stat(): a symlink shows as what it points to; devices, FIFOs, sockets as type=file.
    type: (truth, all) => {
      const source = follow(truth, all);
      return NON_FILES.has(source.type) ? 'file' : source.type;
    },
    source: (truth, all) => follow(truth, all),
    hasSize: () => true,
    unixFacts: false,
    target: () => undefined,
  },
};

/** The lstat of a symlink's target in the same directory (pyftpdlib lists only links that resolve). */
function follow(truth: Truth, all: Map<string, Truth>): Truth {
  if (truth.type !== 'symlink') return truth;
  const target = all.get(truth.target!);
  if (!target) throw new Error(`${truth.name} -> ${truth.target} does not resolve in the tree`);
  return follow(target, all);
}

const dirs = [
  ...captureDirs(fixturePath('ftp'), 'mlsd.txt').map((dir) => ({ dir, label: 'captured' })),
  ...captureDirs(process.env.DIRLISTING_LIVE_CAPTURES ?? '', 'mlsd.txt').map((dir) => ({ dir, label: 'live' })),
];

test('MLSD of at least three real servers was captured', (t) => {
  t.true(captureDirs(fixturePath('ftp'), 'mlsd.txt').length >= 3);
  if (process.env.DIRLISTING_LIVE_CAPTURES) t.true(dirs.some((d) => d.label === 'live'), 'live MLSD captures present');
});

for (const { dir, label } of dirs) {
  const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as Capture;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
    entries: Truth[];
    hidden: { name: string; command: string; reason: string }[];
  };
  const text = readFileSync(join(dir, 'mlsd.txt'), 'utf8');
  const title = `${label} ${capture.server} ${capture.version} MLSD`;
  const quirks = QUIRKS[capture.server];
  const hidden = new Set(expected.hidden.filter((h) => h.command === 'MLSD').map((h) => h.name));
  const all = new Map(expected.entries.map((truth) => [truth.name, truth]));
  const truths = expected.entries.filter((truth) => !hidden.has(truth.name));
  // MLSD times are UTC (RFC 3659 §2.3): a wrong zone or `now` must not matter.
  const options = { now: Date.parse(capture.mlsdCapturedAt ?? '2000-01-01T00:00:00Z'), timeZone: 'Pacific/Chatham' };

  test(`${title}: detected as mlsd, every line understood, every entry present once`, (t) => {
    const listing = parseListing(text, options);
    t.is(listing.format, 'mlsd');
    t.is(listing.confidence, 1);
    t.deepEqual(listing.skipped, []);
    t.deepEqual(listing.entries.map((entry) => entry.name).sort(), truths.map((truth) => truth.name).sort());
  });

  if (!quirks) {
    test(`${title}: the server's MLSD quirks are described in this test`, (t) => t.fail(`no QUIRKS entry for ${capture.server}`));
    continue;
  }

  const listing = parseListing(text, options);
  for (const truth of truths) {
    test(`${title}: ${JSON.stringify(truth.name)} matches lstat`, (t) => {
      const entry = listing.entries.find((candidate) => candidate.name === truth.name);
      if (!entry) return t.fail('missing');
      const source = quirks.source(truth, all);
      const type = quirks.type(truth, all);
      t.is(entry.type, type, 'type');
      t.is(entry.size, quirks.hasSize(truth) ? source.size : undefined, 'size');
      // modify is the mtime to the second (the tree's mtimes are whole seconds).
      t.is(entry.mtimePrecision, 'second');
      t.is(entry.mtimeMs, Math.floor(source.mtimeMs / 1000) * 1000, 'mtime');
      t.is(entry.target, quirks.target(truth), 'target');
      t.is(entry.facts?.unique !== undefined, true, 'every server sends unique');
      if (!quirks.unixFacts) {
        t.like(entry, { mode: undefined, uid: undefined, gid: undefined, owner: undefined, group: undefined });
        return;
      }
      // Permission bits exactly; the type bits are those of the type the server reports.
      t.is(entry.mode, (type === 'unknown' ? 0 : modeTypeBits(type)) | (source.mode & ~S_IFMT), 'mode');
      t.is(entry.uid, source.uid, 'uid');
      t.is(entry.gid, source.gid, 'gid');
      t.is(entry.owner, quirks.names?.owner ?? String(source.uid), 'owner');
      t.is(entry.group, quirks.names?.group ?? String(source.gid), 'group');
    });
  }
}
