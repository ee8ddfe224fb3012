/**
 * The module list of an rsync daemon: `"%-15s\t%s\n"` per listable module (clientserver.c
 * send_listing), after the MOTD and its empty line.
 */
import test from 'ava';
import fc from 'fast-check';
import { StatResult, detectFormat, formatListing, parseListing } from '../../../src/index.js';
import { formatTester } from '../../helpers.js';

const { parse } = formatTester('rsync-modules', 0);

test('modules are directories with their comment; MOTD lines are decoration', (t) => {
  const listing = parse('Welcome!\n\nthe mirror\n\npub            \tPublic files\nempty          \t\nvery-long-module-name\tlong\n');
  t.deepEqual(listing.skipped, []);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.facts?.comment]),
    [
      ['pub', 'directory', 'Public files'],
      ['empty', 'directory', ''],
      ['very-long-module-name', 'directory', 'long'],
    ],
  );
});

test('names and comments are \\#ooo-escaped like all rsync output', (t) => {
  const listing = parse('caf\\#303\\#251       \tun \\#303\\#251t\\#303\\#251\n');
  t.is(listing.entries[0]!.name, 'café');
  t.is(listing.entries[0]!.facts!.comment, 'un été');
});

test('a line starting with the TAB or blanks names no module', (t) => {
  const listing = parse('\tcomment only\n');
  t.is(listing.entries.length, 0);
  t.is(listing.skipped.length, 1);
});

test('detection: padded module lines after a MOTD; other TAB text is no module list', (t) => {
  t.is(detectFormat('motd\n\npub            \tPublic\nsrc            \tSources\n')[0]!.format, 'rsync-modules');
  const tsv = detectFormat('a\tb\nc\td\n').find((d) => d.format === 'rsync-modules')!;
  t.is(tsv.confidence, 0);
});

test('round trip: module names and comments', (t) => {
  const word = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\t\r\n/\0\uD800-\uDFFF]/.test(s) && s.trim() === s && s !== '.' && s !== '..');
  fc.assert(
    fc.property(fc.array(fc.tuple(word, fc.string({ maxLength: 30 }).filter((s) => !/[\r\n\uD800-\uDFFF]/.test(s) && s.trimEnd() === s && !s.startsWith(' '))), { minLength: 1, maxLength: 5 }), (modules) => {
      const entries = modules.map(([name, comment]) => {
        const entry = new StatResult(name, 'directory', 'rsync-modules');
        entry.facts = { comment };
        return entry;
      });
      const listing = parseListing(formatListing(entries, 'rsync-modules', { motd: 'hello' } as never), 'rsync-modules');
      t.deepEqual(listing.skipped, []);
      t.deepEqual(listing.entries.map((e) => [e.name, e.facts?.comment]), modules);
    }),
    { numRuns: 100 },
  );
});
