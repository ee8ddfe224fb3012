/**
 * The WebDAV samples of webdav-client (fixtures/vectors/webdav, SOURCES.md): each `.expect.json`
 * (webdav-client's own assertions, translated) must hold field by field, except the differences
 * documented in differences.md/differences.json, which must still hold as documented. Samples without
 * a sidecar are checked against what SOURCES.md says webdav-client's test asserts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { type Listing, type StatResult, parseListing } from '../../../src/index.js';
import { fixturePath } from '../../helpers.js';

const DIR = fixturePath('vectors/webdav');

interface Expect {
  name: string;
  type: StatResult['type'];
  size?: number | null;
  mtime?: string | null;
  etag?: string;
  contentType?: string;
}

interface Difference {
  file: string;
  field: string;
  expected: unknown;
  dirlisting: unknown;
  reason: string;
}

const differences = JSON.parse(readFileSync(join(DIR, 'differences.json'), 'utf8')) as Difference[];

function parse(file: string): Listing {
  return parseListing(readFileSync(join(DIR, file)));
}

/** The value of a difference's field in a listing. */
function actual(listing: Listing, field: string): unknown {
  if (field === 'skipped') return listing.skipped.map((s) => s.reason).join('; ') || null;
  const entry = listing.entries[0] ?? listing.self;
  if (field.startsWith('facts.')) return entry?.facts?.[field.slice('facts.'.length)];
  return (entry as unknown as Record<string, unknown>)?.[field];
}

const files = readdirSync(DIR).filter((name) => name.endsWith('.xml'));

test('every sample is detected as webdav with confidence ~1', (t) => {
  t.true(files.length >= 14);
  for (const file of files) {
    const listing = parse(file);
    t.is(listing.format, 'webdav', file);
    t.true(listing.confidence >= 0.9, file);
  }
});

for (const file of files.filter((name) => readdirSync(DIR).includes(`${name}.expect.json`))) {
  test(`${file} as webdav-client expects`, (t) => {
    const expects = JSON.parse(readFileSync(join(DIR, `${file}.expect.json`), 'utf8')) as Expect[];
    const listing = parse(file);
    const known = differences.filter((d) => d.file === file);
    t.is(listing.entries.length, expects.length);
    expects.forEach((want, i) => {
      const entry = listing.entries[i]!;
      const check = (field: string, got: unknown, expected: unknown) => {
        const difference = known.find((d) => d.field === field);
        if (difference) {
          t.deepEqual(expected, difference.expected, `${field}: the documented expectation`);
          t.deepEqual(got, difference.dirlisting, `${field}: the documented difference holds`);
        } else {
          t.deepEqual(got, expected, field);
        }
      };
      check('name', entry.name, want.name);
      check('type', entry.type, want.type);
      if ('size' in want) check('size', entry.size ?? null, want.size);
      if ('mtime' in want) check('mtime', entry.mtime ? entry.mtime.toISOString().replace('.000Z', 'Z') : null, want.mtime);
      if ('etag' in want) check('etag', entry.etag, want.etag);
      if ('contentType' in want) check('contentType', entry.contentType, want.contentType);
    });
  });
}

test('every documented difference still holds', (t) => {
  for (const difference of differences) {
    t.truthy(difference.reason);
    const listing = parse(difference.file);
    t.deepEqual(actual(listing, difference.field), difference.dirlisting, `${difference.file} ${difference.field}`);
    t.notDeepEqual(difference.dirlisting, difference.expected);
  }
});

test('display names stay strings (webdav-client: no number coercion)', (t) => {
  t.is(parse('webdav-client-propfind-numeric-displayname.xml').self?.facts?.['DAV:displayname'], '1');
  t.is(parse('webdav-client-propfind-float-like-displayname.xml').self?.facts?.['DAV:displayname'], '2024.10');
});

test('Nextcloud properties are kept under namespaced keys; 404 ones are absent', (t) => {
  const self = parse('webdav-client-propfind-nextcloud-share-attributes.xml').self!;
  t.is(self.type, 'directory');
  t.is(self.facts?.['http://owncloud.org/ns:fileid'], '56');
  t.is(self.facts?.['http://owncloud.org/ns:permissions'], 'SRGDNVCK');
  t.is(self.facts?.['http://open-collaboration-services.org/ns:share-permissions'], '31', 'a prefix declared on the property itself');
  t.regex(self.facts?.['http://nextcloud.org/ns:share-attributes'] ?? '', /\[\{"scope":"permissions","key":"download","value":false\}\]$/);
  t.is(self.size, undefined, 'getcontentlength is in the 404 propstat');
  t.true(self.facts?.['(absent)']?.split(' ').includes('DAV:getcontentlength'));
});

test('attributes of structured values are kept (system-tags)', (t) => {
  const tags = parse('webdav-client-propfind-attributes.xml').self?.facts?.['http://ns.example.com/standards/z1.2.3.4:system-tags'] ?? '';
  t.regex(tags, /<system-tag xmlns="http:\/\/ns\.example\.com\/standards\/z1\.2\.3\.4" xmlns:a0="http:\/\/ns\.example\.com\/standards\/z1\.2\.3\.4" a0:can-assign="true" a0:id="321" a0:checked="">Tag1<\/system-tag>/);
  t.regex(tags, />Tag2<\/system-tag>$/);
  const conflict = parse('webdav-client-propfind-attributes-conflict.xml').self?.facts?.['http://ns.example.com/standards/z1.2.3.4:prop'];
  t.is(conflict, '<link xmlns="http://ns.example.com/standards/z1.2.3.4">text value</link>');
});

test('quota samples: the collection is the listing itself, creationdate with an offset', (t) => {
  const invalid = parse('webdav-client-quota-invalid.xml');
  t.is(invalid.entries.length, 0);
  t.is(invalid.self?.birthtimeMs, Date.parse('2017-08-06T09:43:20-03:00'));
  const valid = parse('webdav-client-quota-valid.xml');
  t.is(valid.self?.facts?.['DAV:quota-used-bytes'], '6864755191');
});
