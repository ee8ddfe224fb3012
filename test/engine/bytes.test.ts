/**
 * Honest bytes: the engine decodes byte input itself, in the charset the bytes, the transport or
 * the caller declare, and never turns a byte it cannot decode into U+FFFD silently.
 */
import test from 'ava';
import { Buffer } from 'node:buffer';
import { parseListing, parseListingStream, registerParser } from '../../src/index.js';
import { TinyXmlParser } from './tinyxml-plugin.js';

registerParser(new TinyXmlParser());

const NOW = Date.UTC(2026, 11, 1);
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const unixLine = (name: string) => `-rw-r--r--   1 ftp ftp 12 Nov 21 10:00 ${name}\r\n`;

test('a Latin-1 listing read as bytes with encoding latin1 gives the right names', (t) => {
  const listing = parseListing(latin1(unixLine('café.txt') + unixLine('Grüße')), { encoding: 'latin1', now: NOW });
  t.deepEqual(listing.entries.map((entry) => entry.name), ['café.txt', 'Grüße']);
  t.is(listing.charset, 'windows-1252');
  t.deepEqual(listing.warnings, []);
});

test('a document declaring its charset (<?xml encoding?>, <meta charset>, <meta http-equiv>) is decoded in it', (t) => {
  const body = '<listing path="/">\n  <entry name="café" size="1"/>\n</listing>\n';
  for (const head of [
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    '<html><head><meta charset="iso-8859-1"></head>\n',
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>\n',
  ]) {
    const listing = parseListing(latin1(head + body));
    t.is(listing.format, 'tinyxml', head);
    t.deepEqual(listing.entries.map((entry) => entry.name), ['café'], head);
    t.is(listing.charset, 'windows-1252', head);
  }
});

test('order of authority: a BOM, then the transport charset (origin.charset), then the declaration, then encoding', (t) => {
  const body = '<?xml version="1.0" encoding="ISO-8859-1"?><listing><entry name="café"/></listing>';
  // The transport says UTF-8 and the bytes are UTF-8: the document's own (wrong) declaration loses.
  t.deepEqual(parseListing(Buffer.from(body, 'utf8'), { origin: { charset: 'utf-8' } }).entries.map((e) => e.name), ['café']);
  // A UTF-8 BOM wins over the transport.
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
  t.deepEqual(parseListing(bom, { origin: { charset: 'iso-8859-1' } }).entries.map((e) => e.name), ['café']);
  // UTF-16 with its BOM.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unixLine('日本語'), 'utf16le')]);
  t.deepEqual(parseListing(utf16, { now: NOW }).entries.map((e) => e.name), ['日本語']);
  // `encoding` is only the fallback: a declaration in the bytes wins over it.
  t.deepEqual(parseListing(latin1(body), { encoding: 'utf-8' }).entries.map((e) => e.name), ['café']);
});

test('invalid UTF-8 in a name is never replaced silently: the entry keeps its exact bytes in rawName and the listing warns', (t) => {
  const bytes = Buffer.concat([Buffer.from(unixLine('ok.txt')), latin1(unixLine('café.txt'))]);
  const listing = parseListing(bytes, { now: NOW });
  t.is(listing.entries.length, 2);
  const bad = listing.entries[1]!;
  t.is(bad.name, 'caf\uFFFD.txt');
  t.deepEqual([...bad.rawName!], [...latin1('café.txt')]);
  t.is(listing.entries[0]!.rawName, undefined);
  t.is(listing.warnings.length, 1);
  t.like(listing.warnings[0], { name: 'caf\uFFFD.txt' });
  t.regex(listing.warnings[0]!.reason, /not valid utf-8; its exact bytes are in rawName/);
  t.is(JSON.parse(JSON.stringify(bad)).rawName, '%63%61%66%E9%2E%74%78%74');
  // A real U+FFFD in valid UTF-8 is a character like any other.
  const real = parseListing(Buffer.from(unixLine('a\uFFFDb')), { now: NOW });
  t.is(real.entries[0]!.name, 'a\uFFFDb');
  t.is(real.entries[0]!.rawName, undefined);
  t.deepEqual(real.warnings, []);
});

test('byte streams cut inside a sequence, and one byte at a time, decode the same; invalid bytes too', async (t) => {
  const bytes = Buffer.concat([Buffer.from(unixLine('日本語 😀')), latin1(unixLine('café')), Buffer.from(unixLine('é'))]);
  const whole = parseListing(bytes, { now: NOW });
  const oneByOne = await parseListingStream(
    (function* () {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    })(),
    { now: NOW },
  ).collect();
  t.deepEqual(JSON.stringify(oneByOne), JSON.stringify(whole));
  t.deepEqual(whole.entries.map((entry) => entry.name), ['日本語 😀', 'caf\uFFFD', 'é']);
});

test('strings are already decoded: encoding with a string is a clear TypeError; so is mixing strings and bytes', async (t) => {
  t.throws(() => parseListing(unixLine('a'), { encoding: 'latin1' }), { instanceOf: TypeError, message: /decodes byte input/ });
  t.throws(() => parseListing(unixLine('a'), { encoding: 'no-such-charset' }), { instanceOf: RangeError });
  await t.throwsAsync(parseListingStream(['a', Buffer.from('b')]).collect(), { instanceOf: TypeError, message: /cannot mix/ });
  t.throws(() => parseListing(42 as unknown as string), { instanceOf: TypeError, message: /string or bytes/ });
});
