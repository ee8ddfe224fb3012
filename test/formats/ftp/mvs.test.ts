/**
 * The mvs format (IBM z/OS FTP server LIST), behaviour by behaviour. Expected values are worked out by
 * hand from the list layouts the z/OS server sends (Commons Net MVSFTPEntryParser's documented
 * examples): data set lists, PDS member lists, JES job lists, and `ls -l` for z/OS UNIX files.
 */
import test from 'ava';
import fc from 'fast-check';
import { ListingSession, detectFormat, parseListing } from '../../../src/index.js';
import { mvsDatasetGrammar, mvsJes1Grammar, mvsJes2Grammar, mvsMemberGrammar } from '../../../grammars/mvs.js';
import { formatTester, iso, normalizeCaptures, bestMs } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const { parse, one } = formatTester('mvs', NOW);

const DATASET_HEADER = 'Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname';
const MEMBER_HEADER = ' Name     VV.MM   Created       Changed      Size  Init   Mod   Id';
const JES2_HEADER = 'JOBNAME  JOBID    OWNER    STATUS CLASS';

const DATASETS = [
  DATASET_HEADER,
  'B10142 3390   2006/03/20  2   31  F       80    80  PS   MDI.OKL.WORK',
  'B1N231 3390   2006/03/20  1   15  VB     256 27998  PO   PLU',
  'B1N231 3390   2006/03/20  1   15  VB     256 27998  PO-E PLB',
  'ARCIVE Not Direct Access Device                       KJ.IOP998.ERROR.PL.UNITTEST',
  'Migrated                                              HLQ.DATASET.NAME',
  'PEX26F 3390   2017/07/03  115807  FB   29600 29600  PS    INCOMING.FIN.D170630.T160630',
  'VVVVVV 3390   2020/04/18  1   60   U   32760 32760  PO    LOADLIB',
  'DA0001 3390   2020/04/18  1    1  F       80    80  DA    DIRECT.ACCESS',
].join('\n');

test('a data set list: the header sets the list type and is no entry', (t) => {
  const listing = parse(DATASETS);
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type]),
    [
      ['MDI.OKL.WORK', 'file'],
      ['PLU', 'directory'],
      ['PLB', 'directory'],
      ['KJ.IOP998.ERROR.PL.UNITTEST', 'unknown'],
      ['HLQ.DATASET.NAME', 'unknown'],
      ['INCOMING.FIN.D170630.T160630', 'file'],
      ['LOADLIB', 'directory'],
      ['DIRECT.ACCESS', 'unknown'],
    ],
  );
});

test('a data set row keeps its columns in facts; no byte size and no mtime are invented', (t) => {
  const [ps] = parse(DATASETS).entries;
  t.deepEqual(ps!.facts, {
    volume: 'B10142',
    unit: '3390',
    referred: '2006/03/20',
    extents: '2',
    used: '31',
    recfm: 'F',
    lrecl: '80',
    blksize: '80',
    dsorg: 'PS',
  });
  t.like(ps, { size: undefined, sizePrecision: undefined, mtimeMs: undefined, owner: undefined, format: 'mvs' });
});

test('Ext and Used run together (NET-639): the number is kept whole, not split by guess', (t) => {
  const entry = parse(DATASETS).entries[5]!;
  t.is(entry.facts?.extentsAndUsed, '115807');
  t.is(entry.facts?.extents, undefined);
  t.is(entry.facts?.used, undefined);
  t.is(entry.facts?.recfm, 'FB');
});

test('migrated and tape data sets are unknown, with what the row says', (t) => {
  const entries = parse(DATASETS).entries;
  t.deepEqual(entries[3]!.facts, { volume: 'ARCIVE', status: 'Not Direct Access Device' });
  t.deepEqual(entries[4]!.facts, { status: 'Migrated' });
});

test('a row that is no data set row is reported under the data set header', (t) => {
  const listing = parse(`${DATASET_HEADER}\nPSMLC133902005/04/041VB2799427998PSfile1.I\nfile2.O`);
  t.deepEqual(listing.entries, []);
  t.is(listing.skipped.length, 2);
  t.regex(listing.skipped[0]!.reason, /expected .* at column \d+ of an MVS data set row/);
});

const MEMBERS = [
  MEMBER_HEADER,
  'TBSHELF   01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001',
  'TBTOOL    01.12 2002/09/12 2004/11/26 19:54:07    51    28     0 KIL001',
  'NOSTATS',
  'SAVE04                                                              ',
].join('\n');

test('a member list: Changed is the mtime (to the minute, or second when shown), sizes are lines', (t) => {
  const listing = parse(MEMBERS);
  t.deepEqual(listing.skipped, []);
  const [shelf, tool, bare, save] = listing.entries;
  t.like(shelf, { name: 'TBSHELF', type: 'file', mtimePrecision: 'minute', size: undefined });
  t.is(iso(shelf!), '2002-10-11T09:37:00.000Z');
  t.deepEqual(shelf!.facts, {
    version: '01.03',
    created: '2002/09/12',
    lines: '11',
    initialLines: '11',
    modifiedLines: '0',
    changedBy: 'KIL001',
  });
  t.like(tool, { name: 'TBTOOL', mtimePrecision: 'second' });
  t.is(iso(tool!), '2004-11-26T19:54:07.000Z');
  t.like(bare, { name: 'NOSTATS', type: 'file', mtimeMs: undefined, facts: {} });
  t.like(save, { name: 'SAVE04', mtimeMs: undefined });
});

test('member times are wall-clock times in the server zone', (t) => {
  // 2002-10-11 is summer time in Berlin (UTC+2).
  const [shelf] = parse(MEMBERS, { timeZone: 'Europe/Berlin' }).entries;
  t.is(iso(shelf!), '2002-10-11T07:37:00.000Z');
});

test('an impossible member date is reported', (t) => {
  const listing = parse(`${MEMBER_HEADER}\nBAD       01.03 2002/09/12 2002/02/30 09:37    11    11     0 KIL001`);
  t.deepEqual(listing.entries, []);
  t.regex(listing.skipped[0]!.reason, /day 30 does not exist/);
});

const JOBS = [
  JES2_HEADER,
  'IBMUSER1 JOB01906 IBMUSER  OUTPUT A        RC=0000 3 spool files',
  'IBMUSER  TSU01830 IBMUSER  OUTPUT TSU      ABEND=522 3 spool files',
  'USER1    T0000353 USER1    ACTIVE TSU',
  'USER1X   J0000504 USER1    INPUT  A        -DUP-',
].join('\n');

test('a JES job list: each job is an entry named by its job id, with owner and status', (t) => {
  const listing = parse(JOBS);
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.owner, e.facts]),
    [
      ['JOB01906', 'file', 'IBMUSER', { jobname: 'IBMUSER1', status: 'OUTPUT', class: 'A', completion: 'RC=0000', spoolFiles: '3' }],
      ['TSU01830', 'file', 'IBMUSER', { jobname: 'IBMUSER', status: 'OUTPUT', class: 'TSU', completion: 'ABEND=522', spoolFiles: '3' }],
      ['T0000353', 'file', 'USER1', { jobname: 'USER1', status: 'ACTIVE', class: 'TSU' }],
      ['J0000504', 'file', 'USER1', { jobname: 'USER1X', status: 'INPUT', class: 'A', completion: '-DUP-' }],
    ],
  );
});

test('DIR jobid: the spool data set section is not mistaken for jobs', (t) => {
  const listing = parse(
    [
      JES2_HEADER,
      'IBMUSER1 JOB01906 IBMUSER  OUTPUT A        RC=0000',
      '--------',
      'ID  STEPNAME PROCSTEP C DDNAME   BYTE-COUNT',
      '001 JES2              A JESMSGLG       858',
      '002 JES2              A JESJCL         128',
      '2 spool files',
    ].join('\n'),
  );
  t.deepEqual(listing.entries.map((e) => e.name), ['JOB01906']);
  t.deepEqual(listing.skipped.map((s) => s.line), [5, 6]);
  t.regex(listing.skipped[0]!.reason, /spool data set/);
});

test('a JES interface level 1 list has no header: its first row sets the type', (t) => {
  const listing = parse(['IBMUSER1  JOB01906  OUTPUT    3 Spool Files', 'IBMUSER2  JOB01907  INPUT'].join('\n'));
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.facts]),
    [
      ['JOB01906', { jobname: 'IBMUSER1', status: 'OUTPUT', spoolFiles: '3' }],
      ['JOB01907', { jobname: 'IBMUSER2', status: 'INPUT' }],
    ],
  );
});

test('z/OS UNIX files: `total N` selects ls -l, read by the unix grammar', (t) => {
  const listing = parse(
    ['total 16', '-rw-r--r--   1 IBMUSER  SYS1        1234 Nov 21  2019 a.txt', 'drwxr-xr-x   2 IBMUSER  SYS1        8192 Nov 21  2019 dir'].join('\n'),
  );
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.format, e.size]),
    [
      ['a.txt', 'file', 'unix', 1234],
      ['dir', 'directory', 'unix', 8192],
    ],
  );
});

test('without a header only rows whose own shape is complete are read', (t) => {
  t.like(one('SAVE00 3390   2004/06/23  1    1  FB     128  6144  PS    INCOMING.RPTBM023.D061704'), { type: 'file' });
  t.like(one('TBSHELF   01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001'), { name: 'TBSHELF', mtimePrecision: 'minute' });
  t.like(one('IBMUSER2 JOB01906 IBMUSER  OUTPUT A        RC=0000 3 spool files'), { name: 'JOB01906', owner: 'IBMUSER' });
  t.like(one('Migrated                                                  NAME'), { name: 'NAME', type: 'unknown' });
  for (const line of ['file2.O', 'MigratedP201.$FTXPBI1.$CF2ITB.$AAB0402.I', 'PSMLC133902005/04/041VB2799427998PSfile1.I', 'a b c d e f']) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.regex(listing.skipped[0]!.reason, /no header announced an MVS list type/, line);
  }
});

test('formatOptions.mvs.listType states the list type when the header is not part of the text', (t) => {
  t.like(one('SAVE04', { formatOptions: { mvs: { listType: 'member' } } }), { name: 'SAVE04', type: 'file' });
  t.like(one('IBMUSER1 XYZ IBMUSER  INPUT A', { formatOptions: { mvs: { listType: 'jes2' } } }), { name: 'XYZ' });
  t.throws(() => parse('SAVE04', { formatOptions: { mvs: { listType: 'pds' as never } } } /* a JavaScript caller's mistake */), { instanceOf: RangeError, message: /Unknown mvs listType 'pds'/ });
});

test('the list type belongs to one parse: concurrent parses keep their own', (t) => {
  const datasets = new ListingSession({ hint: 'mvs', now: NOW });
  const members = new ListingSession({ hint: 'mvs', now: NOW });
  datasets.write(`${DATASET_HEADER}\n`);
  members.write(`${MEMBER_HEADER}\n`);
  // A single word is a member in a member list and no data set row in a data set list.
  t.deepEqual(members.write('SAVE04\n').map((e) => e.name), ['SAVE04']);
  t.deepEqual(datasets.write('SAVE04\n'), []);
  t.is(datasets.skipped.length, 1);
  t.deepEqual(members.skipped, []);
});

test('a later header switches the list type', (t) => {
  const listing = parse([DATASET_HEADER, 'B10142 3390   2006/03/20  2   31  F       80    80  PS   A.B', MEMBER_HEADER, 'M1'].join('\n'));
  t.deepEqual(listing.entries.map((e) => [e.name, e.type]), [['A.B', 'file'], ['M1', 'file']]);
});

// ---- detection -----------------------------------------------------------------------------------

test('data set, member and job lists are detected as mvs', (t) => {
  for (const text of [DATASETS, MEMBERS, JOBS]) {
    const [best] = detectFormat(text);
    t.is(best!.format, 'mvs', text.slice(0, 40));
    t.is(best!.confidence, 1);
  }
});

test('mvs does not claim unix (with or without total), dos or OS/400 listings', (t) => {
  const unix = '-rw-r--r--   1 owner    group        4096 Nov 21 10:00 name\ndrwxr-xr-x   2 o g 512 Jan  1  2020 dir';
  const dos = '12-05-96  05:03PM       <DIR>          myDir\n11-14-97  04:21PM                  953 MYFILE.INI';
  const os400 = 'PEP             36864 04/03/24 14:06:34 *DIR       dir1/';
  for (const text of [unix, `total 8\n${unix}`, dos, os400]) {
    const scores = Object.fromEntries(detectFormat(text).map((d) => [d.format, d.confidence]));
    t.is(scores.mvs, 0, text.slice(0, 30));
  }
  t.is(detectFormat(`total 8\n${unix}`)[0]!.format, 'unix');
});

test('SYST of z/OS leaves mvs and unix as candidates; each listing goes to its own', (t) => {
  const syst = '215 MVS is the operating system of this server. FTP Server is running on z/OS.';
  const formats = detectFormat(DATASETS, { syst }).map((d) => d.format);
  t.true(formats.includes('mvs') && formats.includes('unix'));
  t.false(formats.includes('dos'));
  t.is(parseListing(DATASETS, { syst, now: NOW }).format, 'mvs');
  t.is(parseListing('total 8\n-rw-r--r--   1 IBMUSER  SYS1  1 Nov 21  2019 a', { syst, now: NOW }).format, 'unix');
});

// ---- the grammars --------------------------------------------------------------------------------

const PIECES = ['B10142', '3390', '2006/03/20', ' ', '   ', '2', '31', 'FB', 'U', '?', '80', '27998', 'PS', 'PO-E', 'MDI.OKL.WORK',
  'Migrated', 'Not Direct Access Device', 'TBSHELF', '01.03', '09:37', '09:37:12', 'KIL001', 'JOB01906', 'OUTPUT', 'A',
  'RC=0000', '3 Spool Files', 'spool files', '\t', 'é'];

for (const [name, grammar] of [
  ['data set', mvsDatasetGrammar],
  ['member', mvsMemberGrammar],
  ['JES level 1', mvsJes1Grammar],
  ['JES level 2', mvsJes2Grammar],
] as const) {
  test(`${name} grammar: fast path and parsimmon agree`, (t) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 16 }), fc.boolean(), (parts, spaced) => {
        const line = parts.join(spaced ? ' ' : '');
        const fast = normalizeCaptures(grammar.matchLine.exec(line));
        const diagnosis = grammar.diagnose(line);
        return JSON.stringify(fast) === JSON.stringify(diagnosis.ok ? normalizeCaptures(diagnosis.captures) : null);
      }),
      { numRuns: 2000 },
    );
    t.pass();
  });
}


const ADVERSARIAL: [string, string, (n: number) => string][] = [
  ['data set columns repeated', DATASET_HEADER, (n) => 'B10142 3390 2006/03/20 1 '.repeat(n / 25)],
  ['member columns repeated', MEMBER_HEADER, (n) => 'X 01.03 2002/09/12 '.repeat(n / 19)],
  ['a job rest of digits', JES2_HEADER, (n) => `A JOB01906 B OUTPUT A ${'1 '.repeat(n / 2)}spool`],
  ['no header, numbers', '', (n) => '1 '.repeat(n / 2)],
  ['Migrated and spaces', DATASET_HEADER, (n) => `Migrated${' '.repeat(n)}`],
];

for (const [shape, header, make] of ADVERSARIAL) {
  test.serial(`linear on ${shape}`, (t) => {
    const run = (size: number) => {
      const text = `${header}\n${make(size)}\n`;
      return () => parseListing(text, { hint: 'mvs', now: 0 });
    };
    run(128 * 1024)();
    const ratio = bestMs(run(1024 * 1024)) / Math.max(0.5, bestMs(run(128 * 1024)));
    t.true(ratio < 24, `ratio ${ratio.toFixed(1)}`);
  });
}
