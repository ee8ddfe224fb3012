/**
 * LIST output of real FTP servers (fixtures/ftp/<server>/listing.txt, made by
 * fixtures/capture/capture-ftp.mjs) against the fs.lstat() of the tree they served
 * (expected.json, taken at capture time). Nothing here is derived from dirlisting's output.
 *
 * When DIRLISTING_LIVE_CAPTURES names a folder, the captures .ci/run has just made from freshly
 * started servers are checked the same way, so year inference meets today's date too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PRECISION_MS, ServerClock, type StatResult, YEAR_RULES, type YearRule, parseListing, yearRuleForServer } from '../../src/index.js';
import { fixturePath, captureDirs } from '../helpers.js';

interface Truth {
  name: string;
  type: StatResult['type'];
  size: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  owner: string | null;
  group: string | null;
  mtimeMs: number;
  target?: string;
  rdevMajor?: number;
  rdevMinor?: number;
}

interface Capture {
  server: string;
  version: string;
  capturedAt: string;
  timeZone: string;
  /** vsftpd turns TZ into the offset in force at its start (sysutil.c vsf_sysutil_tzset). */
  fixedUtcOffset?: string;
  /** The 220 greeting and the SYST reply, as the client saw them. */
  greeting: string;
  syst: string;
}

/** Each captured server's own year rule (README, Time), which its greeting or SYST must lead to. */
const SERVER_RULES: Readonly<Record<string, YearRule>> = {
  vsftpd: 'vsftpd',
  proftpd: 'proftpd',
  'pure-ftpd': 'pure-ftpd',
  pyftpdlib: 'pyftpdlib',
  'inetutils-ftpd': 'inetutils',
};

const dirs = [
  ...captureDirs(fixturePath('ftp'), 'listing.txt').map((dir) => ({ dir, label: 'captured' })),
  ...captureDirs(process.env.DIRLISTING_LIVE_CAPTURES ?? '', 'listing.txt').map((dir) => ({ dir, label: 'live' })),
];

test('at least three real servers were captured (five today)', (t) => {
  t.true(captureDirs(fixturePath('ftp'), 'listing.txt').length >= 3);
  if (process.env.DIRLISTING_LIVE_CAPTURES) t.true(dirs.some((d) => d.label === 'live'), 'live captures present');
});

for (const { dir, label } of dirs) {
  const capture = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8')) as Capture;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
    entries: Truth[];
    hidden: { name: string; command: string; reason: string }[];
    /** Entries a server shows with a wrong value (e.g. inetutils' 8-bit device numbers), and why. */
    misreported?: { name: string; command: string; field: 'rdev'; shown: { major: number; minor: number }; reason: string }[];
  };
  const text = readFileSync(join(dir, 'listing.txt'), 'utf8');
  const now = Date.parse(capture.capturedAt);
  const timeZone = capture.fixedUtcOffset ?? capture.timeZone;
  const title = `${label} ${capture.server} ${capture.version}`;
  const hidden = new Set(expected.hidden.filter((h) => h.command === 'LIST').map((h) => h.name));
  const truths = expected.entries.filter((truth) => !hidden.has(truth.name));
  const misreported = new Map((expected.misreported ?? []).filter((m) => m.command === 'LIST').map((m) => [m.name, m]));

  // Parsed as a client would: with the greeting and SYST reply it saw, so the server's rule applies.
  const origin = { banner: capture.greeting, syst: capture.syst };
  const yearRule = yearRuleForServer(capture.greeting, capture.syst);
  test(`${title}: the greeting or SYST names the server, and so its year rule`, (t) => {
    t.is(yearRule, SERVER_RULES[capture.server]);
  });
  const rule = YEAR_RULES[yearRule ?? 'proftpd'];
  /**
   * A server that shows HH:MM for every date not older than its window (proftpd, pure-ftpd,
   * pyftpdlib, inetutils) leaves the year of a date more than a year minus that window ahead
   * unrecoverable (`mtime-2031-01-02`); every nearer date, future ones included, must be exact.
   */
  const beyondRecovery = (mtimeMs: number) =>
    typeof rule === 'object' && mtimeMs >= now - rule.pastWindowMs + 365 * 86_400_000;

  test(`${title}: detected as unix, every line understood, every entry present once`, (t) => {
    const listing = parseListing(text, { now, timeZone, origin });
    t.is(listing.format, 'unix');
    t.true(listing.confidence >= 0.9, String(listing.confidence));
    t.deepEqual(listing.skipped, []);
    t.deepEqual(listing.entries.map((entry) => entry.name).sort(), truths.map((truth) => truth.name).sort());
  });

  const listing = parseListing(text, { now, timeZone, origin });
  const clock = new ServerClock({ now, timeZone, yearRule });
  for (const truth of truths) {
    test(`${title}: ${JSON.stringify(truth.name)} matches lstat`, (t) => {
      const entry = listing.entries.find((candidate) => candidate.name === truth.name);
      if (!entry) return t.fail('missing');
      t.is(entry.type, truth.type);
      t.is(entry.mode, truth.mode);
      t.is(entry.nlink, truth.nlink);
      // Servers show the name, or the number when the id has none (or they always show numbers).
      t.true([truth.owner, String(truth.uid)].includes(entry.owner!), `owner ${entry.owner}`);
      t.true([truth.group, String(truth.gid)].includes(entry.group!), `group ${entry.group}`);
      if (entry.major !== undefined) {
        // What the server printed, when it is known to print something else than the truth.
        const shown = misreported.get(truth.name)?.shown;
        t.deepEqual([entry.major, entry.minor], shown ? [shown.major, shown.minor] : [truth.rdevMajor, truth.rdevMinor]);
      } else {
        t.is(entry.size, truth.size);
      }
      t.is(entry.target, truth.target);

      const shown = clock.toWallClock(entry.mtimeMs!);
      const real = clock.toWallClock(truth.mtimeMs);
      const span = PRECISION_MS[entry.mtimePrecision!];
      if (beyondRecovery(truth.mtimeMs) && entry.mtimePrecision === 'minute') {
        // Shown as `Mon DD HH:MM` without its year, and further ahead than any year rule can
        // reach: the rest of the wall clock must still be right, and the year is the one the
        // server's rule gives (within a year after the window's start).
        const yearless = (ms: number) => new Date(ms).toISOString().slice(5, 16);
        t.is(yearless(shown), yearless(real - (real % 60_000)));
        t.true(entry.mtimeMs! < now + 366 * 86_400_000);
      } else {
        t.true(shown <= real && real < shown + span, `shown ${new Date(shown).toISOString()} real ${new Date(real).toISOString()} (${entry.mtimePrecision})`);
      }
    });
  }
}
