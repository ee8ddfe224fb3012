/**
 * The enterprise-unix format: Sterling Connect:Enterprise for UNIX mailbox batches. Expected values
 * are worked out by hand from Commons Net's EnterpriseUnixFTPEntryParser samples and IBM's description
 * of the columns (status flags, batch type, mailbox ID, batch number, block count, date, name).
 */
import test from 'ava';
import { detectFormat, parseListing } from '../../../src/index.js';
import { formatTester, iso } from '../../helpers.js';

/** Thursday 2026-11-26 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 26, 12);

/**
 * The sample lines come from Commons Net's tests and are read under its year rule (one day of
 * clock skew); the default rule, proftpd's, is tested in year-rules.test.ts.
 */
const { parse, one } = formatTester('enterprise-unix', NOW, { yearRule: 'commons-net' });

test('a batch: owner is the mailbox, the other columns are facts', (t) => {
  const batch = one('-C--E-----FTP B QUA1I1      18128       41 Aug 12 13:56 QUADTEST');
  t.like(batch, { name: 'QUADTEST', type: 'file', owner: 'QUA1I1', mtimePrecision: 'minute' });
  // Status flags are no permissions, a block count is no byte count, a batch number is no group.
  t.like(batch, { mode: undefined, size: undefined, group: undefined, nlink: undefined });
  t.deepEqual(batch.facts, { batchStatus: '-C--E-----', batchType: 'FTP B', batchNumber: '18128', blocks: '41' });
  t.is(iso(batch), '2026-08-12T13:56:00.000Z');
});

test('the layout IBM documents: batch type 1, single spaces', (t) => {
  const batch = one('-A-R------ 1 SZ999FTI 0692432 7 Mar 3 15:33 RESTORE');
  t.like(batch, { name: 'RESTORE', owner: 'SZ999FTI' });
  t.deepEqual(batch.facts, { batchStatus: '-A-R------', batchType: '1', batchNumber: '0692432', blocks: '7' });
  t.is(iso(batch), '2026-03-03T15:33:00.000Z');
});

test('a year instead of the time is a day', (t) => {
  const batch = one('-C--E-----FTP A QUA1I1      18128       41 Apr 1 2014 QUADTEST3');
  t.like(batch, { name: 'QUADTEST3', mtimePrecision: 'day' });
  t.is(iso(batch), '2014-04-01T00:00:00.000Z');
  // Yearless dates follow the year rule: Dec 24 is more than a day after NOW, so last year's.
  t.is(iso(one('-C--E-----FTP A QUA1I1      18128       41 Dec 24 10:00 X')), '2025-12-24T10:00:00.000Z');
});

test('ls lines, bad dates and missing columns are rejected with a reason', (t) => {
  for (const line of [
    'drwxr-xr-x   2 root     root         4096 Mar  2 15:13 zxbox',
    '-C--E-----FTP B QUA1I1      18128       41 Aug 12 30:01 X',
    '-C--E-----FTP B QUA1I1      18128       41 Aug 36  2001 X',
    '-C--E-----FTP B QUA1I1      18128       41 Jam 12 13:56 X',
    '-C--E-----FTP B QUA1I1      18128       41 Aug 12  X',
    '-c--e-----FTP B QUA1I1      18128       41 Aug 12 13:56 X',
  ]) {
    const listing = parse(line);
    t.deepEqual(listing.entries, [], line);
    t.regex(listing.skipped[0]?.reason ?? '', /\S/, line);
  }
  t.regex(parse('garbage').skipped[0]!.reason, /^expected ten batch status flags such as -C--E----- at column 1/);
});

test('detection picks enterprise-unix for a batch listing', (t) => {
  const text = ['-C--E-----FTP B QUA1I1      18128       41 Aug 12 13:56 QUADTEST', '-A-R------ 1 SZ999FTI 0692432 7 Mar 3 15:33 RESTORE'].join('\r\n');
  t.is(detectFormat(text)[0]!.format, 'enterprise-unix');
  t.is(parseListing(text, { now: NOW }).entries.length, 2);
});
