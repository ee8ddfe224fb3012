/**
 * The document layer: records framed out of chunks cut anywhere, with line numbers, listing facts,
 * raw records, size limits in flat memory; and the rules every entry meets whatever parser made it.
 */
import test from 'ava';
import fc from 'fast-check';
import {
  type Framer,
  ParserError,
  StatResult,
  elementFramer,
  jsonArrayFramer,
  parseListing,
  parseListingStream,
  registerParser,
} from '../../src/index.js';
import { bestMs } from '../helpers.js';
import { TinyXmlParser } from './tinyxml-plugin.js';

registerParser(new TinyXmlParser());

/** Every record a framer finds in text pushed in the given chunks, with a buffer compacted as a session does. */
function frames(framer: Framer, chunks: readonly string[]): string[] {
  const out: string[] = [];
  let buffer = '';
  let from = 0;
  chunks.forEach((chunk, i) => {
    buffer += chunk;
    const final = i === chunks.length - 1;
    for (let frame = framer.next(buffer, from, final); frame; frame = framer.next(buffer, from, final)) {
      if (!frame.abandoned) out.push(buffer.slice(frame.start, frame.end));
      from = frame.end;
    }
    const keep = framer.pending ? Math.min(from, framer.keepFrom(from)) : Math.max(from, framer.keepFrom(from));
    buffer = buffer.slice(keep);
    from -= Math.min(from, keep);
    framer.shift(keep);
  });
  return out;
}

const cuts = (text: string) => fc.array(fc.nat({ max: text.length }), { maxLength: 8 }).map((points) => {
  const at = [...new Set(points)].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of [...at, text.length]) {
    out.push(text.slice(from, p));
    from = p;
  }
  return out;
});

const MULTISTATUS = [
  '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><!-- <D:response>not one</D:response> -->',
  '<D:response><D:href>/a/</D:href><D:propstat><D:prop><x:response xmlns:x="urn:x">nested</x:response></D:prop></D:propstat></D:response>',
  '<d:response ><d:href>/a/b&amp;c</d:href></d:response>',
  '<response xmlns="DAV:" a="x>y"><href>/c</href></response>',
  '<D:response/><![CDATA[<D:response>no</D:response>]]></D:multistatus>',
].join('\n');

test('elementFramer: every <response> under any prefix, nested same-name elements inside, comments and CDATA skipped, whatever the chunking', (t) => {
  const expected = frames(elementFramer('response'), [MULTISTATUS]);
  t.is(expected.length, 4);
  t.true(expected[0]!.startsWith('<D:response><D:href>/a/</D:href>') && expected[0]!.endsWith('</D:response>'));
  t.is(expected[1], '<d:response ><d:href>/a/b&amp;c</d:href></d:response>');
  t.is(expected[2], '<response xmlns="DAV:" a="x>y"><href>/c</href></response>');
  t.is(expected[3], '<D:response/>');
  fc.assert(fc.property(cuts(MULTISTATUS), (chunks) => JSON.stringify(frames(elementFramer('response'), chunks)) === JSON.stringify(expected)));
});

test('elementFramer with ignoreCase reads HTML rows', (t) => {
  t.deepEqual(frames(elementFramer('tr', { ignoreCase: true }), ['<table><TR><td>a</td></TR>\n<tr class="x"><td>b</td></tr></table>']), [
    '<TR><td>a</td></TR>',
    '<tr class="x"><td>b</td></tr>',
  ]);
});

const JSON_INDEX = 'cb([{"name":"a ] \\" [","size":1},\n {"name":"b","x":[1,{"y":"}"}]}, 17, "s,t", null ]);';

test('jsonArrayFramer: items of the outermost array, strings with brackets and escapes, JSONP, whatever the chunking', (t) => {
  const expected = frames(jsonArrayFramer(), [JSON_INDEX]);
  t.deepEqual(expected, ['{"name":"a ] \\" [","size":1}', '{"name":"b","x":[1,{"y":"}"}]}', '17', '"s,t"', 'null']);
  fc.assert(fc.property(cuts(JSON_INDEX), (chunks) => JSON.stringify(frames(jsonArrayFramer(), chunks)) === JSON.stringify(expected)));
});

const TINY = [
  '<?xml version="1.0"?>',
  '<listing path="/pub/" title="Index of /pub/">',
  '  <entry name="." type="directory" self="yes"/>',
  '  <entry name="a &amp; b.txt" size="12" mtime="2026-11-21T10:00:00Z"/>',
  '  <entry',
  '     name="bad" size="twelve"/>',
  '  <entry name="c" type="directory"></entry>',
  '</listing>',
  '',
].join('\n');

test('a document format: entries, listing facts (self, path, title, dialect), skipped records with their line and column', (t) => {
  const listing = parseListing(TINY, { baseUrl: 'https://example.org/pub/' });
  t.is(listing.format, 'tinyxml');
  t.deepEqual(listing.entries.map((entry) => entry.name), ['a & b.txt', 'c']);
  t.is(listing.entries[0]!.url, 'https://example.org/pub/a%20%26%20b.txt');
  t.is(listing.path, '/pub/');
  t.is(listing.title, 'Index of /pub/');
  t.is(listing.dialect, 'tinyxml-1');
  t.true(listing.self instanceof StatResult);
  t.is(listing.self!.type, 'directory');
  t.deepEqual(listing.skipped, [{ line: 6, column: 17, text: '<entry\n     name="bad" size="twelve"/>', reason: "size 'twelve' is not a number" }]);
  const strict = t.throws(() => parseListing(TINY, { strict: true }), { instanceOf: ParserError });
  t.like(strict, { line: 6, column: 17, format: 'tinyxml', reason: "size 'twelve' is not a number" });
});

test('keepRaw keeps each record; a stream delivers the facts as soon as they are known', async (t) => {
  t.is(parseListing(TINY, { keepRaw: true }).entries[1]!.raw, '<entry name="c" type="directory"></entry>');
  const stream = parseListingStream([TINY.slice(0, 120), TINY.slice(120)]);
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  t.is(stream.facts.path, '/pub/');
  t.is(stream.facts.dialect, 'tinyxml-1');
});

test('a record over maxRecordChars is skipped with the reason, in bounded memory, and reading resumes after it', (t) => {
  const huge = `<listing>\n<entry name="a"/>\n<entry name="${'x'.repeat(10 * 1024 * 1024)}"/>\n<entry name="b"/>\n</listing>\n`;
  const listing = parseListing(huge);
  t.deepEqual(listing.entries.map((entry) => entry.name), ['a', 'b']);
  t.is(listing.skipped.length, 1);
  t.like(listing.skipped[0], { line: 3, reason: 'a record longer than 4096 characters' });
  t.true(listing.skipped[0]!.text.length <= 200);
});

test('a document cut off inside a record reports it', (t) => {
  const listing = parseListing('<listing>\n<entry name="a"/>\n<entry name="b"');
  t.deepEqual(listing.entries.map((entry) => entry.name), ['a']);
  t.like(listing.skipped[0], { line: 3, reason: 'the document ends inside a record' });
});

test('framing is linear: deep nesting and many records', (t) => {
  const deep = (n: number) => `<listing><entry name="a">${'<entry>'.repeat(n)}${'</entry>'.repeat(n)}</entry><entry name="b"/></listing>`;
  const many = (n: number) => `<listing>${'<entry name="x"/>'.repeat(n)}</listing>`;
  for (const make of [deep, many]) {
    const small = make(10_000);
    const large = make(80_000);
    parseListing(small);
    const ratio = bestMs(() => parseListing(large)) / Math.max(0.5, bestMs(() => parseListing(small)));
    t.true(ratio < 16, `8x the input took ${ratio.toFixed(1)}x the time`);
  }
});

test('entry rules apply to every parser: empty, ".", "..", "/" and NUL names, non-finite times and sizes are skipped with the reason', (t) => {
  const rows = ['', '.', '..', 'a/b', 'nul\0x']
    .map((name) => `<entry name="${name}"/>`)
    .concat(['<entry name="t" mtime="not a date"/>', '<entry name="ok"/>']);
  const listing = parseListing(`<listing>\n${rows.join('\n')}\n</listing>`);
  t.deepEqual(listing.entries.map((entry) => entry.name), ['ok']);
  t.deepEqual(
    listing.skipped.map((s) => s.reason),
    [
      'an entry with an empty name',
      "'.' is not an entry",
      "'..' is not an entry",
      "a name may not contain '/' (a tree format keeps it in path)",
      'a name may not contain NUL',
      'mtimeMs is not a finite number (NaN)',
    ],
  );
  t.deepEqual(listing.skipped.map((s) => s.line), [2, 3, 4, 5, 6, 7]);
});

test('an entry always serializes: toJSON with a non-finite mtimeMs does not throw', (t) => {
  const entry = new StatResult('x', 'file', 'test');
  entry.mtimeMs = Number.NaN;
  t.notThrows(() => JSON.stringify(entry));
});

test('ParserError carries line, column, format and reason as fields', (t) => {
  const error = t.throws(() => parseListing('-rw-r--r-- 1 a b 1 Nov 21 10:00 ok\nbroken line\n', { hint: 'unix', strict: true }), {
    instanceOf: ParserError,
  });
  t.like(error, { line: 2, column: 1, format: 'unix', text: 'broken line' });
  t.regex(error!.reason, /^expected a mode such as drwxr-xr-x at column 1 of a unix line$/);
  t.is(error!.message, `line 2: ${error!.reason}: "broken line"`);
});
