/**
 * Origin-aware detection with a floor: text no registered format reads well enough is 'unknown'
 * with confidence 0 and every line skipped with one reason; the origin and the caller's options
 * reach detection.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  CONFIDENCE_FLOOR,
  type Parser,
  candidateParsers,
  detectFormat,
  listParsers,
  parseListing,
  registerParser,
  unregisterParser,
} from '../../src/index.js';
import { fixturePath } from '../helpers.js';
import { TinyXmlParser } from './tinyxml-plugin.js';

const FTP = new Set(['unix', 'dos', 'mlsd', 'eplf', 'vms', 'netware', 'os2', 'os400', 'mvs', 'macos', 'enterprise-unix', 'nlst']);

/** Runs `work` with only the FTP formats registered: the engine as it was before the HTML family. */
function withFtpFormatsOnly<T>(work: () => T): T {
  const all = listParsers();
  const others = all.filter((parser) => !FTP.has(parser.id));
  for (const parser of others) unregisterParser(parser.id);
  try {
    return work();
  } finally {
    for (const parser of others) registerParser(parser);
  }
}

for (const capture of ['apache-fancy', 'apache-htmltable', 'nginx-html-exact-gmt', 'nginx-json']) {
  test.serial(`${capture}: with only the FTP formats, the page is unknown, confidence 0, every line skipped with one reason`, (t) => {
    const file = readFileSync(fixturePath(`html/${capture}/page.${capture.endsWith('json') ? 'json' : 'html'}`), 'utf8');
    const listing = withFtpFormatsOnly(() => parseListing(file, { now: 0 }));
    t.is(listing.format, 'unknown');
    t.is(listing.confidence, 0);
    t.deepEqual(listing.entries, []);
    const lines = file.split('\n').filter((line) => line.trim() !== '');
    t.is(listing.skipped.length, lines.length);
    t.is(new Set(listing.skipped.map((s) => s.reason)).size, 1);
    t.regex(listing.skipped[0]!.reason, /^no registered format recognizes this listing \(confidence floor 0\.3/);
    const ranked = withFtpFormatsOnly(() => detectFormat(file));
    t.true(ranked.length >= FTP.size - 1, 'detectFormat still ranks every candidate');
    t.true(ranked[0]!.confidence < CONFIDENCE_FLOOR);
  });
}

test('garbage is unknown with every line skipped; a floor, not any score above 0, names a format', (t) => {
  const junk = Array.from({ length: 50 }, (_, i) => `${'QUJD'.repeat(10)}${i}==`).join('\n');
  const listing = parseListing(junk);
  t.is(listing.format, 'unknown');
  t.is(listing.confidence, 0);
  t.is(listing.skipped.length, 50);
  t.deepEqual(listing.entries, []);
});

test("syst: 'VMS' on a Unix listing: no candidate reads it, so it is unknown and every line is skipped", (t) => {
  const text = readFileSync(fixturePath('cli/unix.txt'), 'utf8');
  const listing = parseListing(text, { syst: 'VMS V5.5' });
  t.is(listing.format, 'unknown');
  t.deepEqual(listing.entries, []);
  t.is(listing.skipped.length, text.split('\n').filter((line) => line.trim()).length);
  t.deepEqual(
    candidateParsers({ syst: 'VMS V5.5' }).map((parser) => parser.id),
    listParsers()
      .filter((parser: Parser) => parser.id === 'vms' || !(parser.systems ?? parser.origins?.syst))
      .map((parser) => parser.id),
  );
});

test('origin.syst and the older syst option narrow alike; origin.syst wins', (t) => {
  const dos = readFileSync(fixturePath('cli/dos.txt'), 'utf8');
  t.is(parseListing(dos, { origin: { syst: 'Windows_NT' } }).format, 'dos');
  t.is(parseListing(dos, { syst: 'UNIX Type: L8', origin: { syst: 'Windows_NT' } }).format, 'dos');
  t.is(parseListing(dos, { syst: 'UNIX Type: L8' }).format, 'unknown');
});

test.serial('a format claims origins: a Content-Type narrows detection to the formats that claim it, and those that claim none', (t) => {
  class XmlClaiming extends TinyXmlParser {
    override readonly id = 'tinyxml-claims-xml';
    override readonly origins = { contentType: /^(application|text)\/xml\b/ };
  }
  class JsonClaiming extends TinyXmlParser {
    override readonly id = 'tinyxml-claims-json';
    override readonly origins = { contentType: /^application\/json\b/ };
  }
  const xml = new XmlClaiming();
  const json = new JsonClaiming();
  registerParser(xml);
  registerParser(json);
  try {
    const ids = (contentType: string) => candidateParsers({ contentType }).map((parser) => parser.id);
    t.true(ids('text/xml; charset=utf-8').includes(xml.id));
    t.false(ids('text/xml; charset=utf-8').includes(json.id));
    t.true(ids('text/xml').includes('unix'), 'formats that claim no Content-Type stay');
    t.true(ids('text/plain').includes(xml.id) && ids('text/plain').includes(json.id), 'a type nobody claims narrows nothing');
    const listing = '<listing><entry name="a"/></listing>';
    t.is(parseListing(listing, { origin: { contentType: 'application/json' } }).format, json.id);
    t.is(parseListing(listing, { origin: { contentType: 'application/xml' } }).format, xml.id);
  } finally {
    unregisterParser(xml.id);
    unregisterParser(json.id);
  }
});

test("detection reads with the caller's locale: a Croatian listing with locale 'hr' is unix", (t) => {
  const text = '-rw-r--r--   1 ftp ftp 1234 lip 21 10:00 a.txt\n-rw-r--r--   1 ftp ftp 1234 srp 21 10:00 b.txt\n';
  t.is(parseListing(text, { locale: 'hr', now: Date.UTC(2026, 11, 1) }).format, 'unix');
  t.is(parseListing(text, { locale: 'hr', now: Date.UTC(2026, 11, 1) }).entries.length, 2);
  t.is(detectFormat(text, { locale: 'hr' })[0]!.format, 'unix');
});
