/**
 * Line ends: LF, CRLF, and the lone CR of classic Mac OS servers (NetPresenz, WebSTAR), which must
 * split into lines too, whole or streamed in chunks cut anywhere.
 */
import test from 'ava';
import { parseListing, parseListingStream } from '../../../src/index.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const LINES = [
  '-rw-r--r--    0   108215   108215 Nov 21 10:00 read me',
  'drwxrwxrwx               folder        2 Nov 20 09:00 Stuff',
  '-rw-r--r--    0       12       12 Nov 19 08:00 notes',
];
const names = ['read me', 'Stuff', 'notes'];

test('CR-only line ends split into lines', (t) => {
  for (const ending of ['\r', '\r\n', '\n']) {
    const listing = parseListing(LINES.join(ending) + ending, { now: NOW });
    t.is(listing.format, 'macos', JSON.stringify(ending));
    t.deepEqual(listing.entries.map((e) => e.name), names, JSON.stringify(ending));
    t.deepEqual(listing.skipped, []);
  }
  t.deepEqual(parseListing(LINES.join('\r'), { now: NOW, hint: 'macos' }).entries.map((e) => e.name), names, 'no CR after the last line');
  t.deepEqual(parseListing('-rw-r--r-- 1 u g 1 Nov 21 10:00 a\r', { now: NOW }).entries.map((e) => e.name), ['a'], 'one line and its CR');
});

test('CR-only listings streamed in chunks cut anywhere, right after a CR too', async (t) => {
  const text = LINES.join('\r') + '\r';
  for (let cut = 1; cut < text.length; cut++) {
    const chunks = [text.slice(0, cut), text.slice(cut)];
    const listing = await parseListingStream(chunks, { now: NOW }).collect();
    t.deepEqual(listing.entries.map((e) => e.name), names, `cut at ${cut}`);
  }
  const crlf = LINES.join('\r\n') + '\r\n';
  const cut = crlf.indexOf('\r') + 1;
  const listing = await parseListingStream([crlf.slice(0, cut), crlf.slice(cut)], { now: NOW }).collect();
  t.deepEqual(listing.entries.map((e) => e.name), names, 'CRLF cut between CR and LF stays CRLF');
});
