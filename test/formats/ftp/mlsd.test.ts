/**
 * The mlsd format (RFC 3659 §7 MLSD data and MLST replies), behaviour by behaviour. Expected values
 * are worked out by hand from RFC 3659 (§2.3 times, §7.2 entry syntax, §7.5 facts) and from what the
 * servers cited in grammars/mlsd.ts send; none is taken from dirlisting's output.
 */
import { inspect } from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import {
  ParserError,
  S_IFCHR,
  S_IFDIR,
  S_IFLNK,
  S_IFREG,
  StatResult,
  detectFormat,
  formatListing,
  parseListing,
  parseListingStream,
} from '../../../src/index.js';
import { parseMlsxTime } from '../../../grammars/mlsd.js';
import { formatTester, iso, bestMs } from '../../helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const { parse, one } = formatTester('mlsd', NOW);

// ---- entry syntax (§7.2) ------------------------------------------------------------------------------

test('facts, one space, then the pathname, which may hold ; = and spaces', (t) => {
  t.like(one('type=file;size=11; semi;colon=equals.txt'), { name: 'semi;colon=equals.txt', type: 'file', size: 11 });
  t.is(one('type=file;size=1; a   b ').name, 'a   b ', 'inner and trailing spaces kept');
  t.is(one('type=file;size=3;  leading-space.txt').name, ' leading-space.txt', 'only ONE space separates');
  t.is(one('type=file; a=b; c').name, 'a=b; c', 'a name shaped like facts is still the name');
});

test('fact names are case-insensitive; facts keeps every fact with a lower-cased name and the value verbatim', (t) => {
  const entry = one('Type=File;SIZE=5;Modify=20220304050607;Perm=adfr;Unique=FE00U20C1B2;UNIX.mode=0644;x.Custom=A=b; f');
  t.like(entry, { type: 'file', size: 5, mode: S_IFREG | 0o644 });
  t.deepEqual(entry.facts, {
    type: 'File',
    size: '5',
    modify: '20220304050607',
    perm: 'adfr',
    unique: 'FE00U20C1B2',
    'unix.mode': '0644',
    'x.custom': 'A=b',
  });
});

test('facts are read on demand: the same object, in toJSON and inspect where they always stood, and writable', (t) => {
  const line = 'type=file;size=5;perm=adfr;unique=FE1;x.Custom=A=b; f';
  const entry = one(line);
  // Not an own property until read: the entry keeps the line's fact text.
  t.false(Object.hasOwn(entry, 'facts'));
  t.is(entry.facts!.perm, 'adfr');
  t.is(entry.facts, entry.facts, 'split once, then the same object');
  t.deepEqual(Object.keys(entry.toJSON()).slice(0, 4), ['name', 'type', 'format', 'facts']);
  t.deepEqual((entry.toJSON().facts as Record<string, string>)['x.custom'], 'A=b');
  t.regex(inspect(entry), /facts: \{[^}]*perm: 'adfr'/);
  const mlst = one(' type=dir;unique=D1; /pub/incoming');
  t.deepEqual(Object.keys(mlst.toJSON()).slice(0, 5), ['name', 'type', 'format', 'path', 'facts']);
  entry.facts = { perm: 'r' };
  t.deepEqual(entry.toJSON().facts, { perm: 'r' });
  entry.facts = undefined;
  t.false('facts' in entry.toJSON());
  t.is(one(' bare').facts, undefined);
});

test('a handled fact given twice reads as the facts object shows it: its last value, once', (t) => {
  t.like(one('size=1;type=file;size=2; f'), { size: 2, type: 'file' });
  t.deepEqual(one('size=1;type=file;SIZE=2; f').facts, { size: '2', type: 'file' });
  t.is(one('type=cdir;type=file; f')!.type, 'file');
  t.is(parse('type=file;type=cdir; .x\r\n').entries.length, 0);
});

test('a line of a space and a name has no facts (basic-ftp " filename", Commons Net " /no/facts")', (t) => {
  const entry = one(' filename');
  t.like(entry, { name: 'filename', type: 'unknown', facts: undefined, size: undefined, mtimeMs: undefined });
  t.is(one('  two spaces').name, ' two spaces');
});

test('MLST: leading spaces before facts, a path as the name (its last segment), and the 250 framing ignored', (t) => {
  const reply = '250-Listing /pub/a b\r\n type=file;size=3;modify=19991005213102; /pub/a b\r\n250 End\r\n';
  const listing = parse(reply);
  t.deepEqual(listing.skipped, []);
  t.is(listing.entries.length, 1);
  t.like(listing.entries[0], { name: 'a b', path: '/pub/a b', type: 'file', size: 3 });
  t.is(iso(listing.entries[0]!), '1999-10-05T21:31:02.000Z');
  t.is(one('type=dir;modify=19991005213102; /pub/').name, 'pub', 'a trailing slash is not a segment');
  t.is(one('type=dir; /').name, '/', 'the root keeps its path');
  t.is(one('type=dir;modify=19991005213102; /pub/').path, '/pub/', 'the path as given');
  t.is(one('type=file; plain').path, undefined, 'an MLSD name is no path');
});

test('cdir, pdir, . and .. are not entries, and are not reported as bad lines either', (t) => {
  const listing = parse(
    'type=cdir;modify=20220304050607; /home/u\r\ntype=pdir; ..\r\ntype=dir; .\r\ntype=dir; ..\r\nType=CDir; x\r\ntype=file; f\r\n',
  );
  t.deepEqual(listing.entries.map((entry) => entry.name), ['f']);
  t.deepEqual(listing.skipped, []);
});

test('lines that break §7.2 are skipped with a reason that says what is wrong', (t) => {
  const reasons = (line: string) => parse(line).skipped.map((skip) => skip.reason);
  t.deepEqual(parse('Type=dir missing-semicolon').entries, []);
  t.regex(reasons('Type=dir missing-semicolon')[0]!, /do not end with ';'/);
  t.regex(reasons('Type=dir;Size; missing =size')[0]!, /fact 'Size' is not name=value/);
  t.regex(reasons('Type=file;Size=1;/no/space')[0]!, /no space before the pathname/);
  t.regex(reasons('Type=file;Size=1; ')[0]!, /pathname after the facts is empty/);
  t.regex(reasons('modify=2014; short')[0]!, /time '2014' is not YYYYMMDDHHMMSS/);
  t.regex(reasons('modify=20140230120000; feb30')[0]!, /day 30 does not exist/);
  t.regex(reasons('size=12a; x')[0]!, /size '12a' is not a number/);
  t.regex(reasons('UNIX.mode=0x1ff; x')[0]!, /UNIX.mode '0x1ff' is not an octal mode/);
  t.regex(reasons('UNIX.mode=0170644; x')[0]!, /no meaning as a file mode/);
  t.regex(reasons('type=OS.unix=chr-1; x')[0]!, /not MAJOR\/MINOR/);
  const error = t.throws(() => parse('a=b;\ntype=file c\n', { strict: true }), { instanceOf: ParserError });
  t.is(error?.line, 1);
});

// ---- facts (§7.5) ---------------------------------------------------------------------------------------

test('type values: file, dir and the OS.unix kinds servers send', (t) => {
  const typeOf = (value: string) => one(`type=${value}; x`);
  t.is(typeOf('file').type, 'file');
  t.is(typeOf('dir').type, 'directory');
  t.is(typeOf('Dir').type, 'directory', 'values of type are case-insensitive');
  t.like(typeOf('OS.unix=slink:/etc/target'), { type: 'symlink', target: '/etc/target' });
  t.like(typeOf('OS.unix=slink:Mixed=Case:x'), { type: 'symlink', target: 'Mixed=Case:x' }, 'the target is kept as sent');
  t.like(typeOf('OS.unix=slink:'), { type: 'symlink', target: undefined }, 'pure-ftpd: empty target = not shown');
  t.like(typeOf('OS.unix=slink'), { type: 'symlink', target: undefined });
  t.like(typeOf('OS.unix=symlink'), { type: 'symlink', target: undefined });
  t.like(typeOf('OS.unix=chr-13/29'), { type: 'char-device', major: 13, minor: 29 });
  t.like(typeOf('OS.unix=blk-11/108'), { type: 'block-device', major: 11, minor: 108 });
  t.like(typeOf('os.unix=character'), { type: 'char-device', major: undefined });
  t.is(typeOf('os.unix=block').type, 'block-device');
  t.is(typeOf('OS.unix=fifo').type, 'fifo');
  t.is(typeOf('OS.unix=socket').type, 'socket');
  t.is(typeOf('link').type, 'symlink');
  t.is(typeOf('unknown').type, 'unknown');
  t.is(typeOf('OS.unix=door').type, 'unknown');
  t.is(typeOf('OS.vms=weird').type, 'unknown');
  t.is(one('size=3; no-type').type, 'unknown');
});

test('modify is UTC whatever the server zone, to the second or the millisecond (§2.3)', (t) => {
  const plain = one('modify=20220304050607; f', { timeZone: 'America/New_York' });
  t.is(iso(plain), '2022-03-04T05:06:07.000Z');
  t.is(plain.mtimePrecision, 'second');
  const ms = one('modify=19980615100045.014; f', { timeZone: 'Asia/Kolkata' });
  t.is(iso(ms), '1998-06-15T10:00:45.014Z');
  t.is(ms.mtimePrecision, 'millisecond');
  t.is(iso(one('modify=20000101000000.5; f')), '2000-01-01T00:00:00.500Z', 'one fraction digit is tenths');
  t.is(iso(one('modify=20000101000000.123456; f')), '2000-01-01T00:00:00.123Z', 'digits past milliseconds dropped');
  t.is(iso(one('modify=19690720201700; f')), '1969-07-20T20:17:00.000Z', 'before 1970');
  t.deepEqual(parseMlsxTime('19991005213102'), { mtimeMs: Date.UTC(1999, 9, 5, 21, 31, 2), mtimePrecision: 'second' });
  t.like(one('create=20200101000000;modify=20210101000000; f'), { mtimeMs: Date.UTC(2021, 0, 1) }, 'create is not mtime');
});

test('size and sizd (pure-ftpd, basic-ftp issue 95); size wins in any order', (t) => {
  t.like(one('type=dir;sizd=4096; d'), { size: 4096, sizePrecision: 1 });
  t.is(one('sizd=4096;size=10; d').size, 10);
  t.is(one('size=10;sizd=4096; d').size, 10);
  t.is(one('size=4294967297; big').size, 4294967297);
  t.like(one('Size=; /empty/size'), { size: undefined, name: 'size' }, 'an empty value states nothing');
  t.is(one('type=dir; d').size, undefined, 'no size fact, no size');
});

test('UNIX.mode: octal with any number of digits, with or without type bits', (t) => {
  t.is(one('type=file;UNIX.mode=0644; f').mode, S_IFREG | 0o644);
  t.is(one('type=file;UNIX.mode=644; f').mode, S_IFREG | 0o644);
  t.is(one('type=file;UNIX.mode=00; f').mode, S_IFREG, "proftpd's mode 000");
  t.is(one('type=dir;UNIX.mode=01777; d').mode, S_IFDIR | 0o1777);
  t.is(one('type=file;UNIX.mode=07777; f').mode, S_IFREG | 0o7777);
  t.is(one('type=OS.unix=symlink;UNIX.mode=0777; l').mode, S_IFLNK | 0o777);
  t.like(one('UNIX.mode=0100644; f'), { type: 'file', mode: S_IFREG | 0o644 }, 'type bits give the type');
  t.like(one('type=unknown;UNIX.mode=020620; tty'), { type: 'char-device', mode: S_IFCHR | 0o620 });
  t.like(one('type=dir;UNIX.mode=0100755; d'), { type: 'directory', mode: S_IFDIR | 0o755 }, 'the type fact wins');
  t.like(one('UNIX.mode=0644; f'), { type: 'unknown', mode: 0o644 });
  t.is(one('type=file;perm=adfrw; f').mode, undefined, 'perm is not a mode (§7.5.5)');
});

test('owner and group: names preferred, numbers also give uid and gid, in any fact order', (t) => {
  const facts = ['UNIX.owner=0', 'UNIX.group=65534', 'UNIX.ownername=nobody', 'UNIX.groupname=nogroup'];
  for (const order of [facts, [...facts].reverse()]) {
    t.like(one(`${order.join(';')}; f`), { owner: 'nobody', group: 'nogroup', uid: 0, gid: 65534 });
  }
  t.like(one('UNIX.owner=11;UNIX.group=22; f'), { owner: '11', group: '22', uid: 11, gid: 22 });
  t.like(one('UNIX.uid=1000;UNIX.gid=2000; f'), { owner: '1000', group: '2000', uid: 1000, gid: 2000 });
  t.like(one('UNIX.owner=alice; f'), { owner: 'alice', uid: undefined });
  t.like(parse('UNIX.uid=alice; f'), { entries: [] });
});

test('owner and group: a name in UNIX.owner/UNIX.group wins over UNIX.uid/UNIX.gid in either order', (t) => {
  const facts = ['UNIX.uid=1000', 'UNIX.gid=100', 'UNIX.owner=alice', 'UNIX.group=users'];
  for (const order of [facts, [...facts].reverse(), [facts[2], facts[0], facts[3], facts[1]]]) {
    t.like(one(`${order.join(';')}; f`), { owner: 'alice', group: 'users', uid: 1000, gid: 100 }, order.join(';'));
  }
  t.like(one('UNIX.ownername=bob;UNIX.owner=alice;UNIX.uid=7; f'), { owner: 'bob', uid: 7 }, 'ownername first of all');
});

test('fact names and types that are Object.prototype members are plain data', (t) => {
  const entry = one('__proto__=x;constructor=y;toString=z;hasOwnProperty=w; f');
  t.is(entry.type, 'unknown');
  t.deepEqual(Object.keys(entry.facts!), ['__proto__', 'constructor', 'tostring', 'hasownproperty']);
  t.is(entry.facts!['__proto__'], 'x');
  t.is(Object.getPrototypeOf(entry.facts), Object.prototype);
  t.is(one('type=constructor; f').type, 'unknown');
  t.is(one('type=__proto__; f').type, 'unknown');
  t.is(one('type=OS.unix=constructor; f').type, 'unknown');
  t.is(one('type=OS.unix=__proto__; f').type, 'unknown');
});

test('media-type gives contentType; perm, unique, lang, charset stay in facts only', (t) => {
  const entry = one('type=file;media-type=text/html;charset=UTF-8;lang=en;perm=r;unique=7; index.html');
  t.is(entry.contentType, 'text/html');
  t.like(entry.facts, { charset: 'UTF-8', lang: 'en', perm: 'r', unique: '7' });
});

// ---- symlinks resolved by `unique` (RFC errata 1500, proftpd) ---------------------------------------

test('a symlink without a target takes the name of the one entry sharing its unique fact', (t) => {
  const listing = parse(
    [
      'modify=20220304050607;size=12;type=OS.unix=symlink;unique=FE00U20C1B2;UNIX.mode=0777; link-to-file',
      'modify=20220304050607;size=6;type=OS.unix=symlink;unique=FE00U20C322;UNIX.mode=0777; link-to-dir',
      'modify=20220304050607;size=1;type=file;unique=FE00U20C1B2;UNIX.mode=0644; one-byte.txt',
      'modify=20220304050607;type=dir;unique=FE00U20C322;UNIX.mode=0755; subdir',
      'type=OS.unix=symlink;unique=AB; to-hardlink',
      'type=file;unique=AB; hardlink-1',
      'type=file;unique=AB; hardlink-2',
      'type=OS.unix=slink:explicit;unique=FE00U20C1B2; shown-target',
      'type=OS.unix=symlink;unique=NONE; no-match',
    ].join('\r\n'),
  );
  const targets = Object.fromEntries(listing.entries.map((entry) => [entry.name, entry.target]));
  t.deepEqual(targets, {
    'link-to-file': 'one-byte.txt',
    'link-to-dir': 'subdir',
    'one-byte.txt': undefined,
    subdir: undefined,
    'to-hardlink': undefined, // two names share the id: which one the link names is not known
    'hardlink-1': undefined,
    'hardlink-2': undefined,
    'shown-target': 'explicit',
    'no-match': undefined,
  });
});

test('a target line named by a path gives its path and is not an entry of the directory', (t) => {
  const listing = parse('type=OS.unix=symlink;unique=9; l1\r\ntype=OS.unix=symlink;unique=9; l2\r\ntype=dir;unique=9; /srv/real dir\r\n');
  t.deepEqual(
    listing.entries.map((entry) => [entry.name, entry.type, entry.target]),
    [
      ['l1', 'symlink', '/srv/real dir'],
      ['l2', 'symlink', '/srv/real dir'],
    ],
  );
  t.like(one('type=dir;unique=9; /srv/real dir'), { name: 'real dir' }, 'without a link it is the MLST entry');
});

test('streaming gives the same entries (the unique pass delivers them at the end)', async (t) => {
  const text = 'type=OS.unix=symlink;unique=1; link\r\ntype=file;unique=1;size=3; target\r\nbad line\r\n';
  const chunks = text.match(/[\s\S]{1,7}/g)!;
  const listing = await parseListingStream(chunks, { hint: 'mlsd', now: NOW }).collect();
  t.deepEqual(
    listing.entries.map((entry) => [entry.name, entry.target]),
    [
      ['link', 'target'],
      ['target', undefined],
    ],
  );
  t.is(listing.skipped.length, 1);
});

// ---- detection, systems, mixed listings -------------------------------------------------------------

test('detection: MLSD with facts is mlsd; indented text alone is not', (t) => {
  const mlsd = 'type=cdir;modify=20220304050607; .\r\ntype=file;size=1;modify=20220304050607; a\r\n';
  t.deepEqual(detectFormat(mlsd)[0], { format: 'mlsd', confidence: 1 });
  const indented = '  some text\n  more text\n';
  t.is(detectFormat(indented).find((d) => d.format === 'mlsd')?.confidence, 0);
  const mixedNames = 'type=file; a\r\n b\r\n';
  t.is(detectFormat(mixedNames).find((d) => d.format === 'mlsd')?.confidence, 1, 'bare names count next to facts');
});

test('in another format\'s listing, an indented bad line is not read as a bare MLSD name', (t) => {
  const listing = parseListing('-rw-r--r-- 1 u g 1 Nov 21  2019 a\n  junk that is no entry\n', { now: NOW });
  t.is(listing.format, 'unix');
  t.deepEqual(listing.entries.map((entry) => entry.name), ['a']);
  t.is(listing.skipped.length, 1);
});

test('keepRaw keeps the line', (t) => {
  t.is(one('type=file;size=1; a b', { keepRaw: true }).raw, 'type=file;size=1; a b');
});

// ---- formatter and properties ----------------------------------------------------------------------

test('formatListing writes MLSD lines as proftpd spells them', (t) => {
  const file = new StatResult('a;b=c d', 'file', 'x');
  Object.assign(file, { size: 5, mtimeMs: Date.UTC(2022, 2, 4, 5, 6, 7), mtimePrecision: 'second', mode: S_IFREG | 0o644, uid: 0, owner: 'root' });
  const link = new StatResult('l', 'symlink', 'x');
  link.target = '/etc/x';
  const dev = new StatResult('tty', 'char-device', 'x');
  Object.assign(dev, { major: 4, minor: 1 });
  t.is(
    formatListing([file, link, dev], 'mlsd'),
    'type=file;size=5;modify=20220304050607;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=root; a;b=c d\r\n' +
      'type=OS.unix=slink:/etc/x; l\r\n' +
      'type=OS.unix=chr-4/1; tty\r\n',
  );
  t.throws(() => formatListing([new StatResult('a/b', 'file', 'x')], 'mlsd'), { instanceOf: RangeError });
  const spaced = new StatResult('l', 'symlink', 'x');
  spaced.target = 'a b';
  t.throws(() => formatListing([spaced], 'mlsd'), { instanceOf: RangeError, message: /fact value/ });
});

const nameArb = fc
  .string({ minLength: 1, maxLength: 24, unit: fc.oneof(fc.constantFrom(' ', ';', '=', 'a', 'Z', '.', '-', 'é', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
  .filter((name) => !/[\r\n/]/.test(name) && name !== '.' && name !== '..');
const valueArb = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/);

function mlsdEntryArb(): fc.Arbitrary<StatResult> {
  return fc
    .record({
      name: nameArb,
      type: fc.constantFrom('file', 'directory', 'symlink', 'char-device', 'block-device', 'fifo', 'socket', 'unknown' as const),
      size: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: undefined }),
      mtimeMs: fc.option(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), { nil: undefined }),
      millis: fc.boolean(),
      permissions: fc.option(fc.integer({ min: 0, max: 0o7777 }), { nil: undefined }),
      uid: fc.option(fc.nat({ max: 65535 }), { nil: undefined }),
      owner: fc.option(valueArb, { nil: undefined }),
      gid: fc.option(fc.nat({ max: 65535 }), { nil: undefined }),
      group: fc.option(valueArb, { nil: undefined }),
      target: fc.option(fc.stringMatching(/^[A-Za-z0-9_./=:-]{1,20}$/), { nil: undefined }),
      major: fc.nat({ max: 4095 }),
      minor: fc.nat({ max: 1 << 20 }),
      contentType: fc.option(fc.constantFrom('text/plain', 'application/octet-stream'), { nil: undefined }),
    })
    .map((r) => {
      const entry = new StatResult(r.name, r.type, 'mlsd');
      entry.size = r.size;
      entry.sizePrecision = r.size === undefined ? undefined : 1;
      entry.mtimeMs = r.mtimeMs;
      entry.mtimePrecision = r.mtimeMs === undefined ? undefined : r.millis ? 'millisecond' : 'second';
      if (r.permissions !== undefined) entry.mode = (r.type === 'unknown' ? 0 : modeBits(r.type)) | r.permissions;
      entry.uid = r.uid;
      entry.gid = r.gid;
      // Where only a number is known it is also the owner, as the parser reads it.
      entry.owner = r.owner ?? (r.uid === undefined ? undefined : String(r.uid));
      entry.group = r.group ?? (r.gid === undefined ? undefined : String(r.gid));
      if (r.type === 'symlink') entry.target = r.target;
      if (r.type === 'char-device' || r.type === 'block-device') Object.assign(entry, { major: r.major, minor: r.minor });
      entry.contentType = r.contentType;
      return entry;
    });
}

function modeBits(type: string): number {
  return ({ file: 0o100000, directory: 0o040000, symlink: 0o120000, 'char-device': 0o020000, 'block-device': 0o060000, fifo: 0o010000, socket: 0o140000 } as Record<string, number>)[type]!;
}

const FIELDS = ['name', 'type', 'size', 'mode', 'owner', 'group', 'uid', 'gid', 'major', 'minor', 'target', 'contentType'] as const;

function sameEntry(parsed: StatResult, original: StatResult): boolean {
  if (!FIELDS.every((field) => parsed[field] === original[field])) return false;
  if (original.mtimeMs === undefined) return parsed.mtimeMs === undefined;
  const span = original.mtimePrecision === 'millisecond' ? 1 : 1000;
  return parsed.mtimeMs === Math.floor(original.mtimeMs / span) * span && parsed.mtimePrecision === original.mtimePrecision;
}

test('fast-check: parseListing(formatListing(xs, mlsd)) gives xs back (times to their precision)', (t) => {
  fc.assert(
    fc.property(fc.array(mlsdEntryArb(), { maxLength: 8 }), (entries) => {
      const listing = parseListing(formatListing(entries, 'mlsd'), { hint: 'mlsd', timeZone: 'Europe/Berlin', now: NOW });
      return (
        listing.skipped.length === 0 &&
        listing.entries.length === entries.length &&
        entries.every((original, i) => sameEntry(listing.entries[i]!, original))
      );
    }),
    { numRuns: 400 },
  );
  t.pass();
});

/** A fact name in random letter case. */
function casedArb(name: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
    [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
  );
}

test('fast-check: any fact order and any casing of fact names give the same entry', (t) => {
  const arb = mlsdEntryArb().chain((entry) => {
    const line = formatListing([entry], 'mlsd').replace(/\r\n$/, '');
    const space = line.indexOf('; ') + 1; // fact values hold no space: the first "; " ends the facts
    const facts = line.slice(0, space).split(';').filter(Boolean);
    const recased = facts.map((fact) => {
      const key = fact.slice(0, fact.indexOf('='));
      return casedArb(key).map((cased) => cased + fact.slice(key.length));
    });
    return fc.tuple(
      fc.constant(entry),
      fc.constant(line.slice(space + 1)),
      fc.tuple(...recased).chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })),
    );
  });
  fc.assert(
    fc.property(arb, ([entry, name, facts]) => {
      const parsed = parseListing(`${facts.join(';')}; ${name}\r\n`, { hint: 'mlsd', now: NOW }).entries;
      return parsed.length === 1 && sameEntry(parsed[0]!, entry);
    }),
    { numRuns: 500 },
  );
  t.pass();
});

// ---- linear time on MLSD-shaped input ------------------------------------------------------------------


const SHAPES: [string, (n: number) => string][] = [
  ['facts without the space before the name', (n) => 'a=b;'.repeat(n / 4)],
  ['values full of =', (n) => `a=${'='.repeat(n)}`],
  ['names without =', (n) => `${'a;'.repeat(n / 2)} x`],
  ['spaces then facts that never end', (n) => `${' '.repeat(n / 2)}${'a=b'.repeat(n / 6)}`],
  ['spaces and semicolons', (n) => ' ;'.repeat(n / 2)],
];

for (const [shape, make] of SHAPES) {
  test.serial(`mlsd: linear on ${shape}`, (t) => {
    const run = (size: number) => () => parseListing(`${make(size)}\n`, { hint: 'mlsd', now: 0 });
    run(128 * 1024)();
    const ratio = bestMs(run(1024 * 1024)) / Math.max(0.5, bestMs(run(128 * 1024)));
    t.true(ratio < 24, `1 MiB took ${ratio.toFixed(1)}× the time of 128 KiB`);
  });
}

test('resolveLinks: false streams MLSD and leaves proftpd-style link targets unset', async (t) => {
  const text = 'type=OS.unix=symlink;unique=7; link\r\ntype=file;size=3;unique=7; target\r\n';
  const resolved = parseListing(text, 'mlsd').entries;
  t.is(resolved[0]!.target, 'target');
  const batches: string[][] = [];
  for await (const batch of parseListingStream([text.slice(0, 40), text.slice(40)], { hint: 'mlsd', formatOptions: { mlsd: { resolveLinks: false } } })) {
    batches.push(batch.map((entry) => entry.name));
  }
  t.deepEqual(batches, [['link'], ['target']], 'each chunk gives its entries at once');
});
