/**
 * The webdav format on hand-written multistatus documents: namespaces by URI, propstats, hrefs, the
 * listed collection, dates, safety (entities, prototype names, sizes), streaming and detection.
 * Expected values follow RFC 4918 / RFC 9110 and the servers' documented output
 * (docs/sources/webdav-servers.md), not dirlisting's output.
 */
import test from 'ava';
import fc from 'fast-check';
import { type Listing, ParserError, StatResult, detectFormat, formatListing, parseListing, parseListingStream } from '../../../src/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, fixturePath } from '../../helpers.js';

const URL_TOP = 'http://host/dav/';

function doc(responses: string, root = '<D:multistatus xmlns:D="DAV:">', end = '</D:multistatus>'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${root}\n${responses}\n${end}\n`;
}

function response(href: string, props: string, extra = ''): string {
  return `<D:response${extra}><D:href>${href}</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`;
}

const SELF = response('/dav/', '<D:resourcetype><D:collection/></D:resourcetype>');

function parse(text: string | Uint8Array, options: Parameters<typeof parseListing>[1] = {}): Listing {
  return parseListing(text, { hint: 'webdav', origin: { url: URL_TOP }, ...(typeof options === 'string' ? {} : options) });
}

function one(text: string, options: Parameters<typeof parseListing>[1] = {}): StatResult {
  const listing = parse(text, options);
  if (listing.entries.length !== 1) throw new Error(`expected one entry: ${JSON.stringify(listing)}`);
  return listing.entries[0]!;
}

// ---------------------------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------------------------

test('DAV: as the default namespace, and under odd prefixes declared per response', (t) => {
  const byDefault = one(
    doc(
      '<response><href>/dav/a.txt</href><propstat><prop><getcontentlength>5</getcontentlength><resourcetype/></prop><status>HTTP/1.1 200 OK</status></propstat></response>',
      '<multistatus xmlns="DAV:">',
      '</multistatus>',
    ),
  );
  t.is(byDefault.name, 'a.txt');
  t.is(byDefault.size, 5);
  t.is(byDefault.type, 'file');
  const apache = one(
    doc(
      `<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/"><D:href>/dav/b</D:href><D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype><lp1:getlastmodified>Fri, 04 Mar 2022 05:06:07 GMT</lp1:getlastmodified><lp2:executable>F</lp2:executable></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`,
    ),
  );
  t.is(apache.type, 'directory');
  t.is(apache.mtime?.toISOString(), '2022-03-04T05:06:07.000Z');
  t.is(apache.facts?.['http://apache.org/dav/props/:executable'], 'F');
  const seafile = one(
    doc(
      '<ns0:response><ns0:href>/dav/c</ns0:href><ns0:propstat><ns0:prop><ns0:getcontentlength>7</ns0:getcontentlength></ns0:prop><ns0:status>HTTP/1.1 200 OK</ns0:status></ns0:propstat></ns0:response>',
      '<ns0:multistatus xmlns:ns0="DAV:">',
      '</ns0:multistatus>',
    ),
  );
  t.is(seafile.size, 7);
});

test('a getcontentlength in another namespace is not the size; D bound to another URI is not DAV:', (t) => {
  const entry = one(doc(response('/dav/x', '<resourcetype/><o:getcontentlength xmlns:o="http://owncloud.org/ns">999</o:getcontentlength><getcontentlength xmlns="urn:other">5</getcontentlength>')));
  t.is(entry.size, undefined);
  t.is(entry.facts?.['http://owncloud.org/ns:getcontentlength'], '999');
  t.is(entry.facts?.['urn:other:getcontentlength'], '5');
  // The prefix D rebound on the property: not a DAV: property.
  const rebound = one(doc(response('/dav/y', '<D:getcontentlength xmlns:D="urn:not-dav">12</D:getcontentlength>')));
  t.is(rebound.size, undefined);
  t.is(rebound.facts?.['urn:not-dav:getcontentlength'], '12');
  // A document whose D: is not DAV: is not a multistatus at all.
  const foreign = parseListing(doc(response('/dav/z', ''), '<D:multistatus xmlns:D="urn:x">'), { hint: 'webdav' });
  t.is(foreign.entries.length, 0);
  t.regex(foreign.skipped[0]!.reason, /outside a DAV: multistatus/);
  t.true(detectFormat(doc(response('/dav/z', ''), '<D:multistatus xmlns:D="urn:x">'))[0]!.confidence < 0.3);
});

test('xmlns="" undeclares the default namespace; an undeclared prefix keeps its prefix', (t) => {
  const entry = one(
    doc(
      response('/dav/u', '<D:resourcetype/><x:thing>1</x:thing><plain xmlns="">2</plain>'),
      '<D:multistatus xmlns:D="DAV:">',
    ),
  );
  t.is(entry.facts?.['x:thing'], '1');
  t.is(entry.facts?.plain, '2');
});

// ---------------------------------------------------------------------------------------------
// Propstats
// ---------------------------------------------------------------------------------------------

test('every propstat is read; a 404 propstat marks its properties absent', (t) => {
  const entry = one(
    doc(
      `<D:response><D:href>/dav/f</D:href>` +
        `<D:propstat><D:prop><D:getcontentlength/><X:author xmlns:X="urn:example"/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>` +
        `<D:propstat><D:prop><D:resourcetype/><D:getlastmodified>Sun, 06 Nov 1994 08:49:37 GMT</D:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>` +
        `<D:propstat><D:prop><D:getetag>"e"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>` +
        `</D:response>`,
    ),
  );
  t.is(entry.type, 'file');
  t.is(entry.size, undefined);
  t.is(entry.etag, '"e"', 'a third propstat is read too');
  t.is(entry.mtimeMs, Date.UTC(1994, 10, 6, 8, 49, 37));
  t.is(entry.facts?.['(absent)'], 'DAV:getcontentlength urn:example:author');
});

test('a response with only a failed status, or only failed propstats, is skipped with the reason', (t) => {
  const listing = parse(
    doc(
      SELF +
        '<D:response><D:href>/dav/gone</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>' +
        '<D:response><D:href>/dav/denied</D:href><D:propstat><D:prop><D:resourcetype/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat></D:response>' +
        response('/dav/ok', '<D:resourcetype/>'),
    ),
  );
  t.deepEqual(
    listing.entries.map((e) => e.name),
    ['ok'],
  );
  t.is(listing.skipped.length, 2);
  t.regex(listing.skipped[0]!.reason, /404 Not Found.*\/dav\/gone/);
  t.regex(listing.skipped[1]!.reason, /403 Forbidden/);
  t.throws(() => parse(doc(SELF + '<D:response><D:href>/dav/gone</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>'), { strict: true }), { instanceOf: ParserError });
});

test('a propname response gives names only: types from the trailing slash, no values', (t) => {
  const listing = parse(
    doc(
      response('/dav/', '<D:resourcetype/><D:getlastmodified/>') +
        response('/dav/sub/', '<D:resourcetype/><D:getlastmodified/><D:getcontentlength/>') +
        response('/dav/file', '<D:resourcetype/><D:getlastmodified/><D:getcontentlength/>'),
    ),
  );
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.size, e.mtimeMs]),
    [
      ['sub', 'directory', undefined, undefined],
      ['file', 'unknown', undefined, undefined],
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// Hrefs, names, url, self
// ---------------------------------------------------------------------------------------------

test('hrefs: absolute URLs, absolute paths and relative references, percent-decoded, resolved into url', (t) => {
  const listing = parse(
    doc(
      SELF +
        response('http://host/dav/caf%C3%A9%20%26%20%23.txt', '<D:resourcetype/>') +
        response('/dav/caf%c3%a9-lower.txt', '<D:resourcetype/>') +
        response('rel%20name.txt', '<D:resourcetype/>') +
        response('/dav/a&amp;b.txt', '<D:resourcetype/>') +
        response('/dav/q.txt?x=1&amp;y=2', '<D:resourcetype/>') +
        response('/dav/percent%2541.txt', '<D:resourcetype/>'),
    ),
  );
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.url]),
    [
      ['café & #.txt', 'http://host/dav/caf%C3%A9%20%26%20%23.txt'],
      ['café-lower.txt', 'http://host/dav/caf%c3%a9-lower.txt'],
      ['rel name.txt', 'http://host/dav/rel%20name.txt'],
      ['a&b.txt', 'http://host/dav/a&b.txt'],
      ['q.txt', 'http://host/dav/q.txt?x=1&y=2'],
      ['percent%41.txt', 'http://host/dav/percent%2541.txt'],
    ],
  );
  t.is(listing.path, '/dav/');
});

test('the baseUrl option wins over the request URL for url, not for the listed collection', (t) => {
  const listing = parse(doc(SELF + response('/dav/a', '<D:resourcetype/>')), { baseUrl: 'https://mirror.example/' });
  t.is(listing.entries[0]!.url, 'https://mirror.example/dav/a');
  t.is(listing.self?.name, 'dav');
});

test('bytes that are not UTF-8 in an href (%FF) become rawName with a warning', (t) => {
  const listing = parse(doc(SELF + response('/dav/bad%FFname', '<D:resourcetype/>')));
  const entry = listing.entries[0]!;
  t.is(entry.name, 'bad\uFFFDname');
  t.deepEqual([...entry.rawName!], [...Buffer.from('bad'), 0xff, ...Buffer.from('name')]);
  t.is(listing.warnings.length, 1);
});

test('an href holding %2F in a name gives no entry named with a slash (the engine skips it)', (t) => {
  const listing = parse(doc(SELF + response('/dav/a%2Fb', '<D:resourcetype/>')));
  t.is(listing.entries.length, 0);
  t.is(listing.skipped.length, 1);
});

const selfCases: [string, string, string][] = [
  ['same', 'http://h/dav/dir/', '/dav/dir/'],
  ['request without the slash (nginx echoes it)', 'http://h/dav/dir', '/dav/dir'],
  ['request without, href with the slash (Apache, lighttpd, Go)', 'http://h/dav/dir', '/dav/dir/'],
  ['request with, href without', 'http://h/dav/dir/', '/dav/dir'],
  ['encoding differs: upper vs lower hex', 'http://h/dav/caf%C3%A9/', '/dav/caf%c3%a9/'],
  ['encoding differs: escaped vs raw', 'http://h/dav/a%20b%26c/', '/dav/a b&amp;c/'],
  ['an absolute URL href', 'http://h/dav/dir/', 'http://h/dav/dir/'],
];
for (const [label, url, href] of selfCases) {
  test(`the listed collection is self, not an entry: ${label}`, (t) => {
    const listing = parseListing(doc(response(href, '<D:resourcetype><D:collection/></D:resourcetype>') + response(`${href.replace(/\/?$/, '/')}child`, '<D:resourcetype/>')), {
      hint: 'webdav',
      origin: { url },
    });
    t.truthy(listing.self);
    t.deepEqual(
      listing.entries.map((e) => e.name),
      ['child'],
    );
  });
}

test('without a URL, the first response is the listed collection when it is one (servers send it first)', (t) => {
  const listing = parseListing(doc(response('/x/', '<D:resourcetype><D:collection/></D:resourcetype>') + response('/x/a', '<D:resourcetype/>')), 'webdav');
  t.is(listing.self?.name, 'x');
  t.deepEqual(
    listing.entries.map((e) => e.name),
    ['a'],
  );
  // A first response that is a file (a SEARCH result, a Depth 0 on a file) is an entry.
  const files = parseListing(doc(response('/a.txt', '<D:resourcetype/>') + response('/b.txt', '<D:resourcetype/>')), 'webdav');
  t.is(files.self, undefined);
  t.is(files.entries.length, 2);
});

test('the request URL without a trailing slash and a response without resourcetype: still the listed collection', (t) => {
  const listing = parseListing(doc(response('/dav/sub', '<D:getlastmodified>Sun, 06 Nov 1994 08:49:37 GMT</D:getlastmodified>') + response('/dav/sub/a', '<D:getcontentlength>1</D:getcontentlength>')), {
    hint: 'webdav',
    origin: { url: 'http://h/dav/sub' },
  });
  t.is(listing.self?.name, 'sub');
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.type, e.size]),
    [['a', 'unknown', 1]],
  );
});

test('Depth 0 on a file: the file is the one entry', (t) => {
  const listing = parseListing(doc(response('/dav/f.txt', '<D:resourcetype/><D:getcontentlength>3</D:getcontentlength>')), { hint: 'webdav', origin: { url: 'http://h/dav/f.txt' } });
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.size]),
    [['f.txt', 3]],
  );
});

test('Depth infinity: path relative to the listed collection, name the leaf', (t) => {
  const listing = parse(
    doc(
      SELF +
        response('/dav/sub/', '<D:resourcetype><D:collection/></D:resourcetype>') +
        response('/dav/sub/deeper/', '<D:resourcetype><D:collection/></D:resourcetype>') +
        response('/dav/sub/deeper/leaf%20x.txt', '<D:resourcetype/>'),
    ),
  );
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.path, e.type]),
    [
      ['sub', undefined, 'directory'],
      ['deeper', 'sub/deeper', 'directory'],
      ['leaf x.txt', 'sub/deeper/leaf x.txt', 'file'],
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// Dates and values
// ---------------------------------------------------------------------------------------------

test('getlastmodified in the three HTTP-date forms (RFC 9110 §5.6.7), to the second', (t) => {
  const at = Date.UTC(1994, 10, 6, 8, 49, 37);
  for (const date of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
    const entry = one(doc(response('/dav/d', `<D:resourcetype/><D:getlastmodified>${date}</D:getlastmodified>`)), { now: Date.UTC(2026, 0, 1) });
    t.is(entry.mtimeMs, at, date);
    t.is(entry.mtimePrecision, 'second');
  }
  // RFC 850 two-digit years: more than 50 years ahead means the previous century.
  const y2k = one(doc(response('/dav/d', '<D:getlastmodified>Saturday, 01-Jan-00 00:00:00 GMT</D:getlastmodified>')), { now: Date.UTC(2026, 0, 1) });
  t.is(y2k.mtime?.toISOString(), '2000-01-01T00:00:00.000Z');
  // A date no form reads is kept in facts, not guessed.
  const bad = one(doc(response('/dav/d', '<D:getlastmodified>yesterday</D:getlastmodified><D:getcontentlength>-1</D:getcontentlength>')));
  t.is(bad.mtimeMs, undefined);
  t.is(bad.facts?.['DAV:getlastmodified'], 'yesterday');
  t.is(bad.size, undefined);
  t.is(bad.facts?.['DAV:getcontentlength'], '-1');
  const feb30 = one(doc(response('/dav/d', '<D:getlastmodified>Mon, 30 Feb 2026 00:00:00 GMT</D:getlastmodified>')));
  t.is(feb30.mtimeMs, undefined);
});

test('creationdate (RFC 3339) is birthtimeMs, with offsets and fractions', (t) => {
  const cases: [string, number, string][] = [
    ['1997-12-01T17:42:21-08:00', Date.UTC(1997, 11, 2, 1, 42, 21), 'second'],
    ['2024-01-02T03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5), 'second'],
    ['2024-01-02T03:04:05.123456Z', Date.UTC(2024, 0, 2, 3, 4, 5, 123), 'millisecond'],
    ['1970-01-01T00:00:00+00:00', 0, 'second'],
  ];
  for (const [text, ms, precision] of cases) {
    const entry = one(doc(response('/dav/c', `<D:creationdate>${text}</D:creationdate>`)));
    t.is(entry.birthtimeMs, ms, text);
    t.is(entry.birthtimePrecision, precision as never);
  }
});

test('etag, content type, display name and sizes beyond 2^32 are exact', (t) => {
  const entry = one(
    doc(response('/dav/big', '<D:resourcetype/><D:getcontentlength>1319413953331</D:getcontentlength><D:getetag>W/"abc"</D:getetag><D:getcontenttype>text/plain; charset=utf-8</D:getcontenttype><D:displayname> spaced &amp; </D:displayname>')),
  );
  t.is(entry.size, 1319413953331);
  t.is(entry.sizePrecision, 1);
  t.is(entry.etag, 'W/"abc"');
  t.is(entry.contentType, 'text/plain; charset=utf-8');
  t.is(entry.facts?.['DAV:displayname'], ' spaced & ', 'kept exactly');
  t.is(entry.name, 'big', 'the href names the entry, not displayname');
});

test('CDATA and character references in values', (t) => {
  const entry = one(doc(response('/dav/c%20d', '<D:displayname><![CDATA[a&amp;<b>]]>&#x263A;&#169;</D:displayname>')));
  t.is(entry.facts?.['DAV:displayname'], 'a&amp;<b>☺©');
});

// ---------------------------------------------------------------------------------------------
// Safety
// ---------------------------------------------------------------------------------------------

/** Runs `work`, failing when it takes over `ms` milliseconds or grows the heap by over `mb` MB. */
function bounded<T>(t: { true(value: boolean, message?: string): void }, work: () => T, ms = 2000, mb = 64): T {
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = work();
  const took = performance.now() - start;
  t.true(took < ms, `took ${took.toFixed(0)} ms`);
  t.true(process.memoryUsage().heapUsed - heap < mb * 1024 * 1024, 'bounded memory');
  return result;
}

const LAUGHS =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  `\n]>\n<D:multistatus xmlns:D="DAV:">${response('/dav/x&lol9;', '<D:displayname>&lol9;</D:displayname>')}</D:multistatus>`;

test('billion laughs: the document is refused quickly, nothing expanded', (t) => {
  const listing = bounded(t, () => parseListing(LAUGHS, { hint: 'webdav' }));
  t.is(listing.entries.length, 0);
  t.is(listing.skipped.length, 1);
  t.regex(listing.skipped[0]!.reason, /DOCTYPE.*never expanded.*refused/);
  t.throws(() => parseListing(LAUGHS, { hint: 'webdav', strict: true }), { instanceOf: ParserError, message: /DOCTYPE/ });
  // Detected as webdav all the same (it is one, and it is refused).
  t.is(parseListing(LAUGHS).format, 'webdav');
});

test('an external entity is refused; an entity reference inside a response too', (t) => {
  const xxe = `<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<D:multistatus xmlns:D="DAV:">${response('/dav/&xxe;', '')}</D:multistatus>`;
  const listing = bounded(t, () => parseListing(xxe, { hint: 'webdav' }));
  t.is(listing.entries.length, 0);
  t.regex(listing.skipped[0]!.reason, /DOCTYPE/);
  const inside = parse(doc(SELF + response('/dav/&xxe;', '<D:resourcetype/>')));
  t.is(inside.entries.length, 0);
  t.regex(inside.skipped[0]!.reason, /undefined entity/);
  const declared = parse(doc(SELF + `<D:response><!ENTITY a "b"><D:href>/dav/a</D:href></D:response>`));
  t.is(declared.entries.length, 0);
  t.regex(declared.skipped[0]!.reason, /markup declaration/);
});

test('__proto__, constructor and prototype as element and attribute names are inert', (t) => {
  const names = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
  const props = names.map((n) => `<${n} ${n}="x" xmlns="urn:p">${n}-value</${n}><D:${n}/>`).join('');
  const listing = parse(doc(SELF + `<D:response __proto__="1" constructor="2"><D:href>/dav/__proto__</D:href><D:propstat><D:prop>${props}<__proto__ xmlns=""><polluted>yes</polluted></__proto__></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`));
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is((Object.prototype as unknown as Record<string, unknown>).x, undefined);
  const entry = listing.entries[0]!;
  t.is(entry.name, '__proto__');
  for (const n of names) {
    t.is(entry.facts?.[`urn:p:${n}`], `${n}-value`);
    t.is(entry.facts?.[`DAV:${n}`], '');
  }
  t.true(Object.prototype.hasOwnProperty.call(entry.facts, '__proto__'), 'a no-namespace __proto__ property is an own key');
  t.is(entry.facts?.['__proto__'], '<polluted xmlns="">yes</polluted>');
  t.is(Object.getPrototypeOf(entry.facts), Object.prototype);
});

test('a response over maxResponseChars is refused; a document over maxDocumentChars stops with one reason', (t) => {
  const huge = response('/dav/huge', `<D:displayname>${'x'.repeat(200_000)}</D:displayname>`);
  const listing = bounded(t, () => parse(doc(SELF + huge + response('/dav/after', '<D:resourcetype/>')), { formatOptions: { webdav: { maxResponseChars: 100_000 } } }));
  t.deepEqual(
    listing.entries.map((e) => e.name),
    ['after'],
  );
  t.regex(listing.skipped[0]!.reason, /longer than 100000 characters/);
  // The engine's own limit (maxRecordChars, 1 MiB) holds whatever the option says.
  const giant = bounded(t, () => parse(doc(SELF + response('/dav/g', `<D:displayname>${'y'.repeat(3 << 20)}</D:displayname>`))), 5000, 200);
  t.is(giant.entries.length, 0);
  t.regex(giant.skipped[0]!.reason, /longer than 1048576 characters/);
  const many = doc(SELF + Array.from({ length: 50 }, (_, i) => response(`/dav/f${i}`, '<D:resourcetype/>')).join('\n'));
  const cut = parse(many, { formatOptions: { webdav: { maxDocumentChars: 2000 } } });
  t.true(cut.entries.length > 0 && cut.entries.length < 50);
  t.is(cut.skipped.length, 1);
  t.regex(cut.skipped[0]!.reason, /maxDocumentChars/);
});

test('deeply nested elements and malformed responses are skipped, never thrown', (t) => {
  const deep = `${'<a xmlns="urn:x">'.repeat(500)}${'</a>'.repeat(500)}`;
  const listing = parse(doc(SELF + response('/dav/deep', deep) + response('/dav/ok', '') + '<D:response><D:href>/dav/bad</D:href><D:propstat></D:response>'));
  t.deepEqual(
    listing.entries.map((e) => e.name),
    ['ok'],
  );
  t.is(listing.skipped.length, 2);
});

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

const CAPTURE = fixture('webdav/apache/top-d1-allprop.xml');

function summary(listing: Listing): unknown {
  return {
    entries: listing.entries.map((e) => e.toJSON()),
    skipped: listing.skipped,
    self: listing.self?.toJSON(),
    dialect: listing.dialect,
  };
}

test('chunks cut anywhere give the same listing (strings and bytes)', async (t) => {
  const origin = { url: 'http://127.0.0.1:8101/dav/', server: 'Apache/2.4.71 (Debian)' };
  const whole = summary(parseListing(CAPTURE, { origin }));
  const bytes = Buffer.from(CAPTURE);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), fc.boolean(), async (cuts, asBytes) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const source = asBytes ? bytes : CAPTURE;
      const chunks: (string | Uint8Array)[] = [];
      let from = 0;
      for (const point of [...points, source.length]) {
        chunks.push(source.slice(from, point));
        from = point;
      }
      const listing = await parseListingStream(chunks, { origin }).collect();
      t.deepEqual(summary(listing), whole);
    }),
    { numRuns: 60 },
  );
});

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

test('detection: a DAV: multistatus scores ~1; HTML, FTP and rsync text score under 0.3', (t) => {
  const score = (text: string, contentType?: string) => detectFormat(text, { origin: contentType ? { contentType } : {} }).find((d) => d.format === 'webdav')!.confidence;
  t.true(score(CAPTURE) >= 0.99);
  t.true(score(CAPTURE, 'text/xml; charset="utf-8"') >= 0.99);
  t.true(score(fixture('vectors/webdav/webdav-client-seafile-propfind.xml')) >= 0.99);
  t.true(score('<multistatus xmlns="DAV:"></multistatus>') >= 0.99);
  t.true(score('<html><body><a href="x">multistatus</a><p>&lt;D:multistatus xmlns:D="DAV:"&gt;</p></body></html>') < 0.3);
  t.true(score('-rw-r--r--   1 owner group  1234 Nov 21 10:00 multistatus.xml\n') < 0.3);
  t.true(score('drwxr-xr-x          4,096 2026/11/21 10:00:00 .\n-rw-r--r--             12 2026/11/21 10:00:00 a\n') < 0.3);
  t.true(score('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>') < 0.3);
  t.is(detectFormat(CAPTURE)[0]!.format, 'webdav');
});

test('detection: no real capture of another family scores 0.3 (HTML pages incl. nginx XML indexes, rsync, tar, FTP)', (t) => {
  const root = fixturePath('');
  const others = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => /^(html|rsync|tar|ftp)\//.test(name) && /\.(html|xml|json|txt)$/.test(name));
  t.true(others.length >= 50, `${others.length} files`);
  for (const name of others) {
    const text = readFileSync(join(root, name), 'utf8');
    const score = detectFormat(text).find((d) => d.format === 'webdav')!.confidence;
    t.true(score < 0.3, `${name} scores ${score}`);
  }
});

test('a multistatus from each server is told apart by its dialect only on evidence', (t) => {
  const dialect = (file: string, server?: string) => parseListing(fixture(file), { origin: server ? { server } : {} }).dialect;
  t.is(dialect('webdav/apache/top-d1-allprop.xml'), 'apache-mod_dav');
  t.is(dialect('webdav/lighttpd/top-d1-allprop.xml'), 'lighttpd');
  t.is(dialect('webdav/nginx-no-dangling/top-d1-allprop.xml'), 'nginx-dav-ext');
  t.is(dialect('webdav/rclone/top-d1-allprop.xml'), 'golang-x-net-webdav');
  t.is(dialect('webdav/rclone/top-d1-allprop.xml', 'rclone/v1.60'), 'rclone');
  t.is(dialect('vectors/webdav/webdav-client-propfind-nextcloud-share-attributes.xml'), 'nextcloud');
  t.is(dialect('vectors/webdav/webdav-client-propfind-href-with-query.xml'), undefined);
});

// ---------------------------------------------------------------------------------------------
// Formatter round trip
// ---------------------------------------------------------------------------------------------

const nameArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom('&', '<', '>', '"', "'", '%', '#', '?', ' ', 'a', 'Z', '.', '-', 'é', '日', '😀', '+', ';', '=', '\\', '\t', '\n') }),
  fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
  fc.constant('x'.repeat(2000)),
).filter((name) => name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && !/[\uD800-\uDFFF]/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));

/** Text XML 1.0 can carry (§2.2) and that survives as a value: no control characters. */
const valueArb = fc.string({ maxLength: 30, unit: fc.constantFrom('&', '<', '>', '"', "'", ' ', 'a', '1', 'é', '日', ']]>', '&amp;') });

const entryArb = fc.record({
  name: nameArb,
  dir: fc.boolean(),
  size: fc.option(fc.maxSafeNat(), { nil: undefined }),
  mtime: fc.option(fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }), { nil: undefined }),
  birth: fc.option(fc.tuple(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.boolean()), { nil: undefined }),
  etag: fc.option(valueArb, { nil: undefined }),
  contentType: fc.option(valueArb.filter((v) => v.trim() !== '' && v === v.trim()), { nil: undefined }),
  facts: fc.dictionary(fc.constantFrom('DAV:displayname', 'http://owncloud.org/ns:fileid', 'urn:x:y:z', 'http://example.com/a#:frag'), valueArb, { maxKeys: 3 }),
  absent: fc.subarray(['DAV:getcontentlength', 'urn:example:author']),
});

test('round trip: parseListing(formatListing(entries, "webdav")) gives the entries back', (t) => {
  fc.assert(
    fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.name, maxLength: 8 }), (specs) => {
      const entries = specs.map((spec) => {
        const entry = new StatResult(spec.name, spec.dir ? 'directory' : 'file', 'webdav');
        if (spec.size !== undefined && !spec.dir) {
          entry.size = spec.size;
          entry.sizePrecision = 1;
        }
        if (spec.mtime !== undefined) {
          entry.mtimeMs = spec.mtime * 1000;
          entry.mtimePrecision = 'second';
        }
        if (spec.birth !== undefined) {
          entry.birthtimeMs = spec.birth[1] ? spec.birth[0] : Math.floor(spec.birth[0] / 1000) * 1000;
          entry.birthtimePrecision = spec.birth[1] ? 'millisecond' : 'second';
        }
        if (spec.etag !== undefined && spec.etag.trim() === spec.etag) entry.etag = spec.etag;
        if (spec.contentType !== undefined) entry.contentType = spec.contentType;
        const facts: Record<string, string> = { ...spec.facts };
        const absent = spec.absent.filter((key) => !(key in facts) && !(key === 'DAV:getcontentlength' && entry.size !== undefined));
        if (absent.length) facts['(absent)'] = absent.join(' ');
        if (Object.keys(facts).length) entry.facts = facts;
        return entry;
      });
      const text = formatListing(entries, 'webdav', { base: '/dav/' });
      const listing = parseListing(text, { hint: 'webdav', origin: { url: 'http://h/dav/' } });
      t.deepEqual(listing.skipped, []);
      const got = listing.entries.map((e) => {
        const json = e.toJSON();
        delete json.url;
        return json;
      });
      t.deepEqual(
        got,
        entries.map((e) => e.toJSON()),
      );
      for (const entry of listing.entries) t.is(entry.url, `http://h/dav/${encodeURIComponent(entry.name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}${entry.type === 'directory' ? '/' : ''}`);
    }),
    { numRuns: 150 },
  );
});
