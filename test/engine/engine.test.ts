/** The engine's contract: options, detection, skipped lines, strict mode, registry, StatResult. */
import test from 'ava';
import {
  LineParser,
  ParserError,
  StatResult,
  detectFormat,
  formatListing,
  getParser,
  parseListing,
  registerParser,
  unregisterParser,
} from '../../src/index.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const UNIX = [
  'total 8',
  'drwxr-xr-x   2 root     root         4096 Nov 21 10:00 dir',
  '-rw-r--r--   1 ftp      ftp           512 Jan  2  2019 file.txt',
].join('\n');
const DOS = ['12-05-96  05:03PM       <DIR>          myDir', '11-14-97  04:21PM                  953 MYFILE.INI'].join('\r\n');

test('a hint may be given as a string or as options, and gives confidence 1', (t) => {
  for (const options of ['unix', { hint: 'unix', now: NOW }] as const) {
    const listing = parseListing(UNIX, options);
    t.is(listing.format, 'unix');
    t.is(listing.confidence, 1);
    t.is(listing.entries.length, 2);
  }
  t.throws(() => parseListing(UNIX, 'no-such-format'), { instanceOf: RangeError, message: /Unknown format 'no-such-format'.*unix/ });
});

test('detection picks the format and reports every candidate, best first', (t) => {
  const unix = detectFormat(UNIX);
  t.is(unix[0]!.format, 'unix');
  t.is(unix[0]!.confidence, 1);
  t.deepEqual(unix.map((d) => d.confidence), [...unix.map((d) => d.confidence)].sort((a, b) => b - a));
  t.is(detectFormat(DOS)[0]!.format, 'dos');
  t.is(parseListing(DOS).format, 'dos');
});

test('garbage gets a low confidence and every line in skipped with a reason', (t) => {
  const garbage = 'hello world\nthis is not\n\na directory listing\n';
  const listing = parseListing(garbage);
  t.is(listing.format, 'unknown');
  t.is(listing.confidence, 0);
  t.deepEqual(listing.entries, []);
  t.deepEqual(
    listing.skipped.map(({ line, text }) => [line, text]),
    [
      [1, 'hello world'],
      [2, 'this is not'],
      [4, 'a directory listing'],
    ],
  );
  t.true(listing.skipped.every((skip) => skip.reason.length > 0));
});

test('a mixed listing: lines of another format become entries of that format, not skipped', (t) => {
  const mixed = `${UNIX}\n${DOS}\nnot a listing line\n`;
  const listing = parseListing(mixed, { now: NOW });
  t.is(listing.format, 'unix');
  t.true(listing.confidence > 0.4 && listing.confidence < 0.9, String(listing.confidence));
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.format]),
    [['dir', 'unix'], ['file.txt', 'unix'], ['myDir', 'dos'], ['MYFILE.INI', 'dos']],
  );
  t.deepEqual(listing.skipped.map((s) => s.line), [6]);
  t.regex(listing.skipped[0]!.reason, /expected a mode/, "the listing's own format gives the reason");
  // A hint means exactly that format; mixed: true asks for the fallback anyway.
  t.deepEqual(parseListing(mixed, { hint: 'unix', now: NOW }).skipped.map((s) => s.line), [4, 5, 6]);
  t.is(parseListing(mixed, { hint: 'unix', mixed: true, now: NOW }).entries.length, 4);
  t.is(parseListing(mixed, { mixed: false, now: NOW }).skipped.length, 3);
});

test('a SYST reply narrows detection to the formats such servers send', (t) => {
  const unixCandidates = detectFormat(DOS, { syst: '215 UNIX Type: L8' }).map((d) => d.format);
  t.true(unixCandidates.includes('unix'));
  t.false(unixCandidates.includes('dos'), 'a Unix server does not send DOS listings');
  t.is(detectFormat(DOS, { syst: 'Windows_NT' })[0]!.format, 'dos');
  t.is(parseListing(DOS, { syst: '215 Windows_NT' }).format, 'dos');
  t.is(detectFormat(DOS, { syst: 'Some Unknown OS' })[0]!.format, 'dos', 'an unknown SYST does not narrow');
});

test('year rules and timeShift', (t) => {
  const line = '-rw-r--r-- 1 a b 1 Nov 25 10:00 x'; // four days after NOW
  const year = (options: object) => parseListing(line, { now: NOW, ...options }).entries[0]!.mtime!.getUTCFullYear();
  t.is(year({}), 2026, 'the default (proftpd): four days ahead is the future, not last year');
  t.is(year({ yearRule: 'commons-net' }), 2025, 'commons-net: one day of tolerance');
  t.is(year({ yearRule: 'lftp' }), 2026, 'lftp: six days');
  t.is(year({ yearRule: 'ftpparse' }), 2026);
  t.is(year({ yearRule: 'ftputil' }), 2025);
  t.is(year({ yearRule: 'gnu-ls' }), 2026);
  t.is(year({ yearRule: 5 * 86_400_000 }), 2026);
  t.throws(() => parseListing(line, { yearRule: 'nope' as never }), { instanceOf: RangeError });
  // The server's clock is 2 hours ahead: its 10:00 is 08:00 real time.
  const shifted = parseListing('-rw-r--r-- 1 a b 1 Nov 21 10:00 x', { now: NOW, timeShift: 2 * 3_600_000 }).entries[0]!;
  t.is(shifted.mtime!.toISOString(), '2026-11-21T08:00:00.000Z');
});

test('empty input is an empty listing, not an error', (t) => {
  t.deepEqual(parseListing(''), { format: 'unknown', confidence: 0, entries: [], skipped: [], warnings: [] });
  t.deepEqual(parseListing('total 0\n').entries, []);
  t.is(parseListing('  \r\ntotal 0\r\n      \r\n  ').format, 'unix', 'basic-ftp #206: an empty list with "total 0"');
});

test('strict mode throws a ParserError with the line number and reason', (t) => {
  const error = t.throws(() => parseListing(`${UNIX}\nbroken line\n`, { strict: true, now: NOW }), { instanceOf: ParserError });
  t.is(error?.line, 4);
  t.is(error?.text, 'broken line');
  t.regex(error?.message ?? '', /^line 4: expected a mode/);
  t.notThrows(() => parseListing(UNIX, { strict: true, now: NOW }));
});

test('keepRaw keeps each entry\'s source line (fast path and slow path alike)', (t) => {
  const listing = parseListing(`${UNIX}\r\n`, { keepRaw: true, now: NOW });
  t.deepEqual(listing.entries.map((e) => e.raw), UNIX.split('\n').slice(1));
  t.is(parseListing(UNIX, { now: NOW }).entries[0]!.raw, undefined);
});

test('StatResult behaves like fs.Stats', (t) => {
  const [dir, file] = parseListing(UNIX, { now: NOW }).entries;
  t.true(dir!.isDirectory());
  t.false(dir!.isFile());
  t.true(file!.isFile());
  t.false(file!.isSymbolicLink());
  t.true(file!.mtime instanceof Date);
  t.is(file!.mtime!.toISOString(), '2019-01-02T00:00:00.000Z');
  t.not(file!.mtime, file!.mtime, 'mtime is created on each access from mtimeMs, as in fs.Stats');
  t.is(file!.mode, 0o100644);
  const json = file!.toJSON();
  t.is(json.mtime, '2019-01-02T00:00:00.000Z');
  t.false('url' in json, 'undefined fields are left out');
});

test('the listing options reach the clock: timeZone and now', (t) => {
  const line = '-rw-r--r-- 1 a b 1 Jul  1 12:00 x';
  const berlin = parseListing(line, { now: NOW, timeZone: 'Europe/Berlin' }).entries[0]!;
  t.is(berlin.mtime!.toISOString(), '2026-07-01T10:00:00.000Z', 'CEST is UTC+2');
  const earlier = parseListing(line, { now: Date.UTC(2026, 5, 1), yearRule: 'commons-net' }).entries[0]!;
  t.is(earlier.mtime!.toISOString(), '2025-07-01T12:00:00.000Z', 'a month after now is last year (commons-net rule)');
  t.throws(() => parseListing(line, { timeZone: 'Mars/Olympus' }), { instanceOf: RangeError, message: /Unknown time zone/ });
});

class SemicolonParser extends LineParser {
  readonly id: string = 'test-semicolon';
  override detect(sample: string): number {
    return sample.includes(';') ? 1 : 0;
  }
  parseLine(line: string): StatResult {
    return new StatResult(line.split(';')[0]!, 'file', this.id);
  }
}

test('registry: duplicates refused, `before` wins ties, unregister restores', (t) => {
  t.throws(() => registerParser(getParser('unix')), { message: /already registered/ });
  t.throws(() => registerParser({ id: 'x' } as never), { instanceOf: TypeError });
  t.throws(() => registerParser(new SemicolonParser(), { before: 'nope' }), { message: /unknown format 'nope'/ });

  const tie = 'a;b\n-rw-r--r-- 1 a b 1 Nov 21 10:00 x;y';
  registerParser(new SemicolonParser());
  t.is(parseListing(tie).format, 'test-semicolon', 'confidence 1 beats unix at 0.5');
  t.true(unregisterParser('test-semicolon'));
  registerParser(new SemicolonParser(), { before: 'unix' });
  t.is(detectFormat('-rw-r--r-- 1 a b 1 Nov 21 10:00 x;y')[0]!.format, 'test-semicolon', 'equal confidence: earlier wins');
  t.true(unregisterParser('test-semicolon'));
  t.is(detectFormat('-rw-r--r-- 1 a b 1 Nov 21 10:00 x;y')[0]!.format, 'unix');
  t.false(unregisterParser('test-semicolon'));
});

test('a plugin whose detect throws does not break detection', (t) => {
  class Broken extends SemicolonParser {
    override readonly id: string = 'test-broken';
    override detect(): number {
      throw new Error('boom');
    }
  }
  registerParser(new Broken());
  t.is(detectFormat(UNIX)[0]!.format, 'unix');
  t.is(detectFormat(UNIX).find((d) => d.format === 'test-broken')!.confidence, 0);
  unregisterParser('test-broken');
});

test('formatListing refuses what the format cannot show', (t) => {
  const newline = new StatResult('two\nlines', 'file', 'unix');
  t.throws(() => formatListing([newline], 'unix'), { instanceOf: RangeError, message: /line break/ });
  t.throws(() => formatListing([new StatResult(' lead', 'file', 'dos')], 'dos'), { instanceOf: RangeError });
  t.throws(() => formatListing([new StatResult('fifo', 'fifo', 'dos')], 'dos'), { message: /cannot show a fifo/ });
  t.throws(() => formatListing([], 'nope'), { instanceOf: RangeError });
});
