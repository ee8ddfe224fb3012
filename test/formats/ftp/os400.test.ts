/**
 * The os400 format (IBM i FTP server LIST), behaviour by behaviour. Expected values are worked out by
 * hand from the format: owner, size in bytes, date and time in the job's date format, `*TYPE`, name;
 * members without size or date (IBM i FTP server; Commons Net OS400FTPEntryParser's examples; lftp's
 * AS400 sample).
 */
import test from 'ava';
import fc from 'fast-check';
import {
  ListingSession,
  ParseContext,
  ServerClock,
  StatResult,
  type EntryType,
  detectFormat,
  formatListing,
  parseListing,
} from '../../../src/index.js';
import { OS400_YEAR_PIVOT, os400Grammar, readOs400Date } from '../../../grammars/os400.js';
import { formatTester, iso, normalizeCaptures, bestMs, assertRoundTrip, sameFacts } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const { parse, one } = formatTester('os400', NOW);

test('a stream file: owner, size in bytes, date and time to the second, the name with spaces', (t) => {
  const entry = one('ASUSER        365255 02/28/01 15:41:40 *STMF      read me.txt');
  t.like(entry, { name: 'read me.txt', type: 'file', owner: 'ASUSER', size: 365255, sizePrecision: 1, mtimePrecision: 'second' });
  // 28 is no month: the date can only be MM/DD/YY.
  t.is(iso(entry), '2001-02-28T15:41:40.000Z');
  t.deepEqual(entry.facts, { objectType: '*STMF' });
  t.is(entry.mode, undefined, 'an OS/400 line shows no permissions');
});

test('a directory: the trailing slash IBM i writes is not part of the name; its size is kept', (t) => {
  t.like(one('PEP             36864 04/03/24 14:06:34 *DIR       dir1/'), { name: 'dir1', type: 'directory', size: 36864 });
  t.like(one('PEP             36864 04/03/24 14:06:34 *LIB       RPGUNIT.LIB'), { name: 'RPGUNIT.LIB', type: 'directory' });
});

test('sizes beyond 32 bits', (t) => {
  t.is(one('PEP              5000000000 04/03/24 14:06:29 *STMF      build.xml').size, 5_000_000_000);
});

test('an ambiguous slash date is YY/MM/DD (Commons Net default yy/MM/dd); a dotted one DD.MM.YY', (t) => {
  t.is(iso(one('PEP  36864 04/03/24 14:06:34 *DIR  d/')), '2004-03-24T14:06:34.000Z');
  t.is(iso(one('RADDATZ  200 04.07.13 09:04:14 *STMF  a')), '2013-07-04T09:04:14.000Z');
  t.is(iso(one('RADDATZ  200 21.05.11 12:31:18 *STMF  a')), '2011-05-21T12:31:18.000Z', '21 is no month: DD.MM.YY');
});

test('a date that fits one field order only teaches the listing its order', (t) => {
  // 04/26/05 is only MM/DD/YY; so the following 04/03/05 is April 3rd 2005, not 2004-03-05.
  const listing = parse(['U  1 04/26/05 13:54:16 *STMF a', 'U  1 04/03/05 13:54:16 *STMF b'].join('\n'));
  t.deepEqual(listing.entries.map(iso), ['2005-04-26T13:54:16.000Z', '2005-04-03T13:54:16.000Z']);
  // Alone, 04/03/05 is read as YY/MM/DD.
  t.is(iso(one('U  1 04/03/05 13:54:16 *STMF b')), '2004-03-05T13:54:16.000Z');
});

test('the learned order belongs to one parse: concurrent parses do not share it', (t) => {
  const a = new ListingSession({ hint: 'os400', now: NOW });
  const b = new ListingSession({ hint: 'os400', now: NOW });
  a.write('U  1 04/26/05 13:54:16 *STMF a\n');
  const fromB = b.write('U  1 04/03/05 13:54:16 *STMF b\n');
  const fromA = a.write('U  1 04/03/05 13:54:16 *STMF b\n');
  t.is(iso(fromB[0]!), '2004-03-05T13:54:16.000Z');
  t.is(iso(fromA[0]!), '2005-04-03T13:54:16.000Z');
});

test('formatOptions.os400.dateOrder states the order', (t) => {
  const options = { formatOptions: { os400: { dateOrder: 'mdy' as const } } };
  t.is(iso(one('U  1 04/03/05 13:54:16 *STMF b', options)), '2005-04-03T13:54:16.000Z');
  const dmy = parse('U  1 04/26/05 13:54:16 *STMF b', { formatOptions: { os400: { dateOrder: 'dmy' } } });
  t.deepEqual(dmy.entries, []);
  t.regex(dmy.skipped[0]!.reason, /not a dmy date/);
});

test('four-digit years (*ISO, *USA, *EUR) and *JUL day-of-year dates', (t) => {
  t.is(iso(one('U  1 2015-07-24 08:57:01 *STMF a')), '2015-07-24T08:57:01.000Z');
  t.is(iso(one('U  1 07/24/2015 08:57:01 *STMF a')), '2015-07-24T08:57:01.000Z');
  t.is(iso(one('U  1 24.07.2015 08.57.01 *STMF a')), '2015-07-24T08:57:01.000Z', 'TIMSEP . too');
  // 2004 is a leap year: 31 (Jan) + 29 (Feb) + 24 = day 84.
  t.is(iso(one('U  1 04/084 14:06:34 *STMF a')), '2004-03-24T14:06:34.000Z');
});

test('two-digit years: IBM i reads 40-99 as 19xx and 00-39 as 20xx', (t) => {
  t.is(OS400_YEAR_PIVOT, 40);
  t.is(iso(one('U  1 39/12/31 23:59:59 *STMF a')), '2039-12-31T23:59:59.000Z');
  t.is(iso(one('U  1 40/01/01 00:00:00 *STMF a')), '1940-01-01T00:00:00.000Z');
  t.is(iso(one('U  1 98/05/20 10:38:05 *STMF a')), '1998-05-20T10:38:05.000Z');
});

test('times are wall-clock times in the server zone', (t) => {
  t.is(iso(one('U  1 24.07.15 08:57:01 *STMF a', { timeZone: 'Europe/Berlin' })), '2015-07-24T06:57:01.000Z');
});

test('*FILE: a save file is a file, a database file a directory of members, the listed file itself no entry', (t) => {
  t.like(one('QPGMR        16347136 29.06.13 15:45:09 *FILE      RPGUNIT.SAVF'), { name: 'RPGUNIT.SAVF', type: 'file', size: 16347136 });
  t.like(one('QPGMR          135168 22.06.13 13:18:19 *FILE      RPGUNITC1.FILE'), { name: 'RPGUNITC1.FILE', type: 'directory' });
  const listing = parse(
    [
      'QPGMR          135168 22.06.13 13:18:19 *FILE',
      'QPGMR                                   *MEM       MKCMD.MBR',
      'QPGMR                                   *MEM       RUCALLTST.MBR',
    ].join('\n'),
  );
  t.deepEqual(listing.skipped, [], 'the *FILE line heading its members is not an error');
  t.deepEqual(listing.entries.map((e) => [e.name, e.type, e.size, e.mtimeMs]), [
    ['MKCMD.MBR', 'file', undefined, undefined],
    ['RUCALLTST.MBR', 'file', undefined, undefined],
  ]);
});

test('*MEM in FILE/MEMBER form: the name is the member, the file is kept in facts', (t) => {
  const member = one('QPGMR                                   *MEM       RPGUNITC1.FILE/RUCALLTST.MBR');
  t.like(member, { name: 'RUCALLTST.MBR', type: 'file', owner: 'QPGMR', size: undefined, mtimeMs: undefined });
  t.deepEqual(member.facts, { objectType: '*MEM', file: 'RPGUNITC1.FILE' });
});

test('a member with a size or date, or without a name, is reported', (t) => {
  const listing = parse(
    [
      'QPGMR          135168 04/03/18 13:18:19 *MEM       RPGUNITC1.FILE/RUCALLTST.MBR',
      'QPGMR                                   *MEM       ',
    ].join('\n'),
  );
  t.deepEqual(listing.entries, []);
  t.deepEqual(listing.skipped.map((s) => s.reason), ['a *MEM member line shows no size or date', 'a *MEM line without a member name']);
});

test('a path name (dir /DRV/...) gives its last segment, the path in facts (Commons Net NET-573)', (t) => {
  const entry = one('ZFTPDEV 9069 05/20/15 15:36:52 *STMF /DRV/AUDWRKSHET/AUDWRK0204232015114625.PDF');
  t.like(entry, { name: 'AUDWRK0204232015114625.PDF', owner: 'ZFTPDEV', size: 9069 });
  t.is(iso(entry), '2015-05-20T15:36:52.000Z');
  t.is(entry.facts?.path, '/DRV/AUDWRKSHET/AUDWRK0204232015114625.PDF');
});

test('object types: IFS special files by type, other QSYS objects unknown with the type in facts', (t) => {
  const kinds: [string, EntryType][] = [
    ['*SYMLNK', 'symlink'],
    ['*FIFO', 'fifo'],
    ['*CHRSF', 'char-device'],
    ['*FLR', 'directory'],
    ['*DOC', 'file'],
    ['*PGM', 'unknown'],
    ['*dtaara', 'unknown'],
  ];
  for (const [type, expected] of kinds) {
    const entry = one(`QSYS  4096 04/03/24 14:06:34 ${type} X`);
    t.is(entry.type, expected, type);
    t.is(entry.facts?.objectType, type.toUpperCase());
  }
});

test('bad lines are skipped with a reason', (t) => {
  const cases: [string, RegExp][] = [
    ['PEP USR         36864 04/03/24 14:06:34 *DIR       dir1/', /expected .* at column/],
    ['PEP             3686404/03/24 14:06:47 *DIR       zdir2/', /expected .* at column/],
    ['PEP               422 03/24 14:06:26 *STMF      readme', /'03\/24' is not a date/],
    ['PEP              6409 04/03/24 30:06:29 *STMF      build.xml', /hour 30/],
    ['PEP              4019 04/03/18 18:58:16 STMF       einladung.zip', /object type/],
    ['PEP              4019 04/03.18 18:58:16 *STMF      a', /mixed date separators/],
    ['PEP              4019 13/13/35 18:58:16 *STMF      a', /not a valid date/],
    ['PEP              4019 04/03/18 18:58:16 *STMF', /without a name/],
  ];
  for (const [line, reason] of cases) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.regex(listing.skipped[0]?.reason ?? '', reason, line);
  }
});

test('strict mode throws a ParserError naming the line', (t) => {
  const error = t.throws(() => parse('PEP  1 04/03/24 14:06:34 *STMF a\nPEP 1 *STMF b', { strict: true }));
  t.is(error?.name, 'ParserError');
  t.regex(error!.message, /^line 2: /);
});

// ---- detection and composite listings ------------------------------------------------------------

const LISTING = [
  'RADDATZ           200 21.05.11 12:31:18 *STMF      TEST_RG_02_CRLF.properties',
  'RADDATZ           187 08.05.11 12:31:40 *STMF      TEST_RG_02_LF.properties',
  'RADDATZ          8192 04.07.13 09:04:14 *DIR       testDir1/',
  'QPGMR        16347136 29.06.13 15:45:09 *FILE      RPGUNIT.SAVF',
].join('\n');

test('an OS/400 listing is detected as os400', (t) => {
  const [best] = detectFormat(LISTING);
  t.deepEqual(best, { format: 'os400', confidence: 1 });
  t.is(parseListing(LISTING, { now: NOW }).entries.length, 4);
});

test('os400 does not claim unix or dos listings', (t) => {
  const unix = '-rw-r--r--   1 owner    group        4096 Nov 21 10:00 name\ndrwxr-xr-x   2 o g 512 Jan  1  2020 dir';
  const dos = '12-05-96  05:03PM       <DIR>          myDir\n11-14-97  04:21PM                  953 MYFILE.INI';
  for (const text of [unix, dos]) {
    const scores = Object.fromEntries(detectFormat(text).map((d) => [d.format, d.confidence]));
    t.is(scores.os400, 0);
  }
});

test('SYST OS/400 makes os400 a candidate; the Unix lines of a composite listing are read by unix', (t) => {
  // Commons Net pairs OS400FTPEntryParser with a Unix parser (CompositeFileEntryParser): IBM i serves
  // both. Here the engine's mixed-listing fallback gives the ls lines to the unix grammar.
  const text = [
    LISTING,
    '-rw-r--r--   1 RADDATZ  0        1234 Jul  4  2013 unix.txt',
    'drwxr-xr-x   2 RADDATZ  0        8192 Jul  4  2013 unixdir',
  ].join('\n');
  const listing = parseListing(text, { now: NOW, syst: '215 OS/400 is the remote operating system. The TCP/IP version is "V7R1M0".' });
  t.is(listing.format, 'os400');
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.format, e.type]),
    [
      ['TEST_RG_02_CRLF.properties', 'os400', 'file'],
      ['TEST_RG_02_LF.properties', 'os400', 'file'],
      ['testDir1', 'os400', 'directory'],
      ['RPGUNIT.SAVF', 'os400', 'file'],
      ['unix.txt', 'unix', 'file'],
      ['unixdir', 'unix', 'directory'],
    ],
  );
  // With os400 given as a hint the listing is taken as pure OS/400: the ls lines are reported.
  t.is(parseListing(text, { hint: 'os400', now: NOW }).skipped.length, 2);
});

// ---- formatter -----------------------------------------------------------------------------------

test('the formatter writes the IBM i columns', (t) => {
  const file = new StatResult('readme.txt', 'file', 'os400');
  file.owner = 'ASUSER';
  file.size = 365255;
  file.mtimeMs = Date.UTC(2001, 1, 28, 15, 41, 40);
  const dir = new StatResult('dir', 'directory', 'os400');
  dir.owner = 'PEP';
  dir.size = 36864;
  dir.mtimeMs = Date.UTC(2004, 2, 24, 14, 6, 34);
  const member = new StatResult('RUCALLTST.MBR', 'file', 'os400');
  member.owner = 'QPGMR';
  member.facts = { objectType: '*MEM', file: 'RPGUNITC1.FILE' };
  const old = new StatResult('old', 'file', 'os400');
  old.owner = 'Q';
  old.size = 1;
  old.mtimeMs = Date.UTC(1901, 0, 2, 3, 4, 5);
  t.is(
    formatListing([file, dir, member, old], 'os400'),
    [
      'ASUSER         365255 01/02/28 15:41:40 *STMF      readme.txt',
      'PEP             36864 04/03/24 14:06:34 *DIR       dir/',
      'QPGMR                                   *MEM       RPGUNITC1.FILE/RUCALLTST.MBR',
      'Q                   1 1901-01-02 03:04:05 *STMF      old',
      '',
    ].join('\n'),
  );
});

test('the formatter refuses what an OS/400 line cannot show', (t) => {
  const bad = (name: string, type: EntryType = 'file', owner = 'U') => {
    const entry = new StatResult(name, type, 'os400');
    entry.owner = owner;
    return () => formatListing([entry], 'os400');
  };
  t.throws(bad('a/b'), { instanceOf: RangeError });
  t.throws(bad(' lead'), { instanceOf: RangeError });
  t.throws(bad('trail '), { instanceOf: RangeError });
  t.throws(bad('x', 'unknown'), { instanceOf: RangeError });
  t.throws(bad('x', 'file', 'two words'), { instanceOf: RangeError });
});

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
const nameArb = fc
  .string({ minLength: 1, maxLength: 24, unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_', ' ', 'é', '日', '$', '#') })
  .filter((name) => !/^ | $/.test(name) && name !== '.' && name !== '..' && !/\.savf$/i.test(name));
const entryArb = fc
  .record({
    kind: fc.constantFrom('stmf', 'dir', 'mem', 'savf', 'pgm'),
    name: nameArb,
    owner: fc.stringMatching(/^[A-Z#$@][A-Z0-9#$@_]{0,9}$/),
    size: fc.oneof(fc.nat({ max: 1 << 20 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    mtimeMs: fc.integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2099, 11, 31) }),
    file: fc.option(fc.stringMatching(/^[A-Z][A-Z0-9]{0,9}\.FILE$/), { nil: undefined }),
  })
  .map((r) => {
    const shapes = {
      stmf: ['file', '*STMF', r.name],
      dir: ['directory', '*DIR', r.name],
      mem: ['file', '*MEM', r.name],
      savf: ['file', '*FILE', `${r.name}.SAVF`],
      pgm: ['unknown', '*PGM', r.name],
    } as const;
    const [type, objectType, name] = shapes[r.kind as keyof typeof shapes];
    const entry = new StatResult(name, type, 'os400');
    entry.owner = r.owner;
    entry.facts = { objectType };
    if (objectType === '*MEM') {
      if (r.file !== undefined) entry.facts.file = r.file;
    } else {
      entry.size = r.size;
      entry.sizePrecision = 1;
      entry.mtimeMs = r.mtimeMs;
      entry.mtimePrecision = 'second';
    }
    return entry;
  });

test('parseListing(formatListing(xs)) gives xs back, to the second, in any zone', (t) => {
  // Compared as the server's wall clock to the second: in a repeated DST hour the shown time means the earlier instant.
  const wall = (clock: ServerClock, ms: number | undefined) => (ms === undefined ? undefined : Math.floor(clock.toWallClock(ms) / 1000) * 1000);
  assertRoundTrip({
    format: 'os400',
    entry: () => entryArb,
    now: NOW,
    zones: ZONES,
    fields: ['name', 'type', 'owner', 'size', 'mtimePrecision'],
    time: (clock, parsed, original) => wall(clock, parsed.mtimeMs) === wall(clock, original.mtimeMs),
    agrees: sameFacts,
    maxEntries: 12,
    numRuns: 300,
  });
  t.pass();
});

// ---- the grammar ---------------------------------------------------------------------------------

test('readOs400Date is usable by plugins', (t) => {
  t.deepEqual(readOs400Date('24.07.15', new ParseContext()), { year: 2015, month: 7, day: 24 });
  t.regex(readOs400Date('31/02/31', new ParseContext()) as string, /not a valid date/);
});

const PIECES = ['PEP', 'QPGMR', ' ', '   ', '36864', '04/03/24', '21.05.11', '04/084', '2015-07-24', '14:06:34', '08.57.01',
  '*STMF', '*DIR', '*MEM', '*FILE', 'dir1/', 'A.FILE/B.MBR', '/DRV/x.pdf', 'é', '\t', 'x'.repeat(20)];

test('fast path and parsimmon agree on lines made of OS/400 pieces', (t) => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 14 }), (parts) => {
      const line = parts.join('');
      const fast = normalizeCaptures(os400Grammar.matchLine.exec(line));
      const diagnosis = os400Grammar.diagnose(line);
      return JSON.stringify(fast) === JSON.stringify(diagnosis.ok ? normalizeCaptures(diagnosis.captures) : null);
    }),
    { numRuns: 3000 },
  );
  t.pass();
});


const ADVERSARIAL: [string, (n: number) => string][] = [
  ['sizes and dates repeated', (n) => `PEP ${'1 04/03/24 '.repeat(n / 11)}`],
  ['object types repeated', (n) => `PEP ${'*STMF '.repeat(n / 6)}`],
  ['dates without a type', (n) => `PEP 1 04/03/24 14:06:34 ${'04/03/24 '.repeat(n / 9)}`],
  ['spaces after the type', (n) => `PEP  *MEM${' '.repeat(n)}`],
];

for (const [shape, make] of ADVERSARIAL) {
  test.serial(`linear on ${shape}`, (t) => {
    const run = (size: number) => {
      const line = `${make(size)}\n`;
      return () => parseListing(line, { hint: 'os400', now: 0 });
    };
    run(128 * 1024)();
    const ratio = bestMs(run(1024 * 1024)) / Math.max(0.5, bestMs(run(128 * 1024)));
    t.true(ratio < 24, `ratio ${ratio.toFixed(1)}`);
  });
}
