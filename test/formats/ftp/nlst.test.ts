/** NLST bare names: read by hint only, never detected, never a fallback for other formats' lines. */
import test from 'ava';
import fc from 'fast-check';
import { detectFormat, formatListing, parseListing } from '../../../src/index.js';

test('each line is a name of unknown type; paths give their last segment; . and .. are not entries', (t) => {
  const listing = parseListing('readme.txt\r\npub/file one\r\nsub/\r\n.\r\n..\r\n\r\n', 'nlst');
  t.deepEqual(listing.entries.map((e) => [e.name, e.type]), [['readme.txt', 'unknown'], ['file one', 'unknown'], ['sub', 'directory']]);
  t.deepEqual(listing.skipped, []);
  t.is(listing.entries[0]!.size, undefined, 'NLST shows no size');
});

test('paths are kept: a/x and b/x are two entries named x, each with its path; a trailing / is a directory', (t) => {
  const listing = parseListing('a/x\r\nb/x\r\nb/sub/\r\n/srv/ftp/y\r\nplain\r\n', 'nlst');
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.path, e.type]),
    [['x', 'a/x', 'unknown'], ['x', 'b/x', 'unknown'], ['sub', 'b/sub', 'directory'], ['y', '/srv/ftp/y', 'unknown'], ['plain', undefined, 'unknown']],
  );
  t.is(formatListing(listing.entries.slice(2, 3), 'nlst'), 'sub/\r\n', 'a directory is written with its slash');
});

test('never detected: a list of names is no listing format anyone can recognize', (t) => {
  const names = 'readme.txt\nnotes\nsrc\n';
  t.is(detectFormat(names).find((d) => d.format === 'nlst')!.confidence, 0);
  t.is(parseListing(names).format, 'unknown');
});

test('not a fallback: a bad line in a unix listing stays skipped instead of becoming a name', (t) => {
  const listing = parseListing('-rw-r--r-- 1 a b 1 Nov 21 10:00 x\nnot a line of any format\n', { now: 0 });
  t.deepEqual(listing.entries.map((e) => e.format), ['unix']);
  t.is(listing.skipped.length, 1);
});

test('fast-check: parseListing(formatListing(xs, "nlst"), "nlst") gives the names back', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((n) => !/[\r\n/]/.test(n) && n.trim() !== '' && n !== '.' && n !== '..'), { maxLength: 10 }),
      (names) => {
        const entries = parseListing(names.map((n) => `${n}\n`).join(''), 'nlst').entries;
        const again = parseListing(formatListing(entries, 'nlst'), 'nlst').entries;
        return JSON.stringify(again.map((e) => e.name)) === JSON.stringify(names);
      },
    ),
  );
  t.pass();
});
