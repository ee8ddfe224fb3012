/**
 * parseListingStream gives the same listing as parseListing whatever the source and wherever the
 * chunks are cut: inside a UTF-8 sequence, between \r and \n, inside the detection sample.
 */
import { Readable } from 'node:stream';
import test from 'ava';
import fc from 'fast-check';
import { type Listing, type ListingChunk, parseListing, parseListingStream } from '../../src/index.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const LISTING = [
  'total 12',
  'drwxr-xr-x   2 root     root         4096 Nov 21 10:00 dossier é',
  '-rw-r--r--   1 ftp      ftp      4294967297 Feb 29  2024 grand fichier 日本語',
  'lrwxrwxrwx   1 1001     1001           4 Mar  2 18:06 lien -> cible 😀',
  'not a listing line',
  '-rw-r--r--   1 ftp      ftp             0 Jan  1  1970  leading space',
].join('\r\n');

/** The listing as JSON; `charset` (which only byte input has) is left out, so string and byte sources compare. */
function summary(listing: Listing): string {
  const { charset: _charset, ...rest } = listing;
  return JSON.stringify({ ...rest, entries: listing.entries.map((entry) => entry.toJSON()) });
}

const expected = summary(parseListing(LISTING, { now: NOW }));

async function streamed(source: Parameters<typeof parseListingStream>[0]): Promise<string> {
  return summary(await parseListingStream(source, { now: NOW }).collect());
}

test('the reference listing parses as intended', (t) => {
  const listing = parseListing(LISTING, { now: NOW });
  t.is(listing.format, 'unix');
  t.deepEqual(
    listing.entries.map((entry) => entry.name),
    ['dossier é', 'grand fichier 日本語', 'lien', ' leading space'],
  );
  t.is(listing.entries[1]!.size, 4294967297);
  t.is(listing.entries[2]!.target, 'cible 😀');
  t.deepEqual(listing.skipped.map((skip) => skip.line), [5]);
});

test('byte chunks cut anywhere (inside UTF-8 sequences and CRLF) give the same listing', async (t) => {
  const bytes = new TextEncoder().encode(LISTING);
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
      return (await streamed(chunks)) === expected;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('every single cut point of a string source gives the same listing', async (t) => {
  for (let cut = 0; cut <= LISTING.length; cut++) {
    t.is(await streamed([LISTING.slice(0, cut), LISTING.slice(cut)]), expected, `cut at ${cut}`);
  }
});

test('one byte at a time', async (t) => {
  const bytes = new TextEncoder().encode(LISTING);
  t.is(await streamed(Array.from(bytes, (byte) => Uint8Array.of(byte))), expected);
});

test('sources: string, Uint8Array, ArrayBuffer, async generator, Node Readable, web ReadableStream', async (t) => {
  const bytes = new TextEncoder().encode(LISTING);
  async function* generate(): AsyncGenerator<ListingChunk> {
    yield bytes.subarray(0, 50);
    yield bytes.subarray(50);
  }
  const web = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 7));
      controller.enqueue(bytes.subarray(7));
      controller.close();
    },
  });
  t.is(await streamed(LISTING), expected);
  t.is(await streamed(bytes), expected);
  t.is(await streamed(bytes.slice().buffer), expected);
  t.is(await streamed(generate()), expected);
  t.is(await streamed(Readable.from([Buffer.from(bytes.subarray(0, 100)), Buffer.from(bytes.subarray(100))])), expected);
  t.is(await streamed(web), expected);
});

test('batches arrive before the end for a long listing, and the per-entry iterator yields them all', async (t) => {
  const line = '-rw-r--r--   1 ftp      ftp          1234 Nov 21 10:00 file\n';
  const count = 50_000;
  const text = line.repeat(count);
  let batches = 0;
  let entries = 0;
  const stream = parseListingStream(text, { now: NOW });
  for await (const batch of stream) {
    batches++;
    entries += batch.length;
    t.true(batch.length > 0);
  }
  t.is(entries, count);
  t.true(batches > 1, 'a 3 MB string is delivered in several batches');
  t.is(stream.format, 'unix');
  let one = 0;
  for await (const entry of parseListingStream(text.slice(0, line.length * 10), { now: NOW }).entries()) {
    t.is(entry.name, 'file');
    one++;
  }
  t.is(one, 10);
});

test('a stream is read once; bad sources and chunks are TypeErrors', async (t) => {
  const stream = parseListingStream('x');
  await stream.collect();
  await t.throwsAsync(() => stream.collect(), { message: /only once/ });
  t.throws(() => parseListingStream('x', { encoding: 'no-such-encoding' }), { instanceOf: RangeError });
  await t.throwsAsync(() => parseListingStream(42 as never).collect(), { instanceOf: TypeError });
  await t.throwsAsync(() => parseListingStream([42] as never).collect(), { instanceOf: TypeError, message: /Uint8Array/ });
});

test('encoding option decodes legacy single-byte listings', async (t) => {
  const latin1 = Uint8Array.from([...'-rw-r--r-- 1 a b 3 Nov 21 10:00 caf', 0xe9].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))));
  const listing = await parseListingStream(latin1, { encoding: 'latin1', now: NOW }).collect();
  t.is(listing.entries[0]!.name, 'café');
});

test('a UTF-8 byte order mark is not part of the first line', async (t) => {
  const withBom = `\uFEFF${LISTING}`;
  t.is(summary(parseListing(withBom, { now: NOW })), expected);
  t.is(await streamed(new TextEncoder().encode(withBom)), expected);
});

test('strict streaming hands out every entry before the bad line, then throws', async (t) => {
  const text = `${LISTING.split('\r\n').slice(0, 4).join('\n')}\nbroken\n-rw-r--r-- 1 a b 1 Nov 21 10:00 after\n`;
  const stream = parseListingStream(text, { strict: true, now: NOW });
  const names: string[] = [];
  const error = await t.throwsAsync(async () => {
    for await (const entry of stream.entries()) names.push(entry.name);
  });
  t.deepEqual(names, ['dossier é', 'grand fichier 日本語', 'lien']);
  t.is((error as { line?: number }).line, 5);
  t.is(stream.format, 'unix');
  // Six non-blank lines: `total` (understood), four entries, one broken line.
  t.is(stream.confidence, 5 / 6);
});
