/**
 * Peers' HTML index test pages (fixtures/vectors/html, with SOURCES.md): rclone's backend/http test
 * pages (names and types in order, base http://example.com/nick/pub/ as in TestParse*) and opennem's
 * IIS pages (the two rows its test asserts, in Australia/Brisbane, nemweb's zone). Each difference
 * from a source's expectation would be listed in fixtures/vectors/html/differences.md; today there
 * is none, and the last test checks that file says so.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { parseListing } from '../../src/index.js';
import { fixture, fixturePath } from '../helpers.js';

interface Expect {
  name: string;
  type: 'file' | 'directory';
  size?: number | null;
  mtime?: string;
  partial?: boolean;
}

const PAGES: readonly [file: string, format: string, timeZone?: string][] = [
  ['rclone-apache.html', 'apache'],
  ['rclone-nginx.html', 'nginx'],
  ['rclone-caddy.html', 'caddy'],
  ['rclone-memstore.html', 'html-links'],
  ['rclone-empty.html', 'unknown'],
  ['opennem-nemweb_dirlisting.html', 'iis', 'Australia/Brisbane'],
];

for (const [file, format, timeZone] of PAGES) {
  test(`${file}: read as ${format}, entries as the source's test asserts`, (t) => {
    const text = readFileSync(fixturePath(`vectors/html/${file}`), 'utf8');
    const expected = JSON.parse(fixture(`vectors/html/${file}.expect.json`)) as Expect[];
    const listing = parseListing(text, { origin: { url: 'http://example.com/nick/pub/' }, ...(timeZone ? { timeZone } : {}) });
    t.is(listing.format, format);
    t.deepEqual(listing.skipped.filter(() => format !== 'unknown'), []);
    if (expected.some((e) => e.partial)) {
      for (const want of expected) {
        const entry = listing.entries.find((e) => e.name === want.name);
        t.truthy(entry, want.name);
        t.is(entry!.type, want.type);
        if (typeof want.size === 'number') t.is(entry!.size, want.size);
        else t.is(entry!.size, undefined);
        if (want.mtime) {
          const wall = Date.parse(`${want.mtime}:00Z`);
          t.is(entry!.mtimeMs, wall - 10 * 3_600_000, `${want.name}: ${want.mtime} in Brisbane (UTC+10)`);
          t.is(entry!.mtimePrecision, 'minute');
        }
      }
      return;
    }
    t.deepEqual(
      listing.entries.map((e) => [e.name, e.type]),
      expected.map((e) => [e.name, e.type]),
    );
  });
}

test('the second nemweb page (no assertion in its source) reads every row', (t) => {
  const text = readFileSync(fixturePath('vectors/html/opennem-nemweb_dispatch_scada_dirlisting.html'), 'utf8');
  const listing = parseListing(text, { timeZone: 'Australia/Brisbane' });
  t.is(listing.format, 'iis');
  t.deepEqual(listing.skipped, []);
  t.is(listing.entries.length, (text.match(/<A HREF=/g) ?? []).length - 1);
});

test('differences.md lists no open difference', (t) => {
  const text = fixture('vectors/html/differences.md');
  t.regex(text, /no difference/i);
});
