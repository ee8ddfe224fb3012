/**
 * The exported conformance suite (dirlisting/testing) over every registered built-in and over a
 * document-format plugin, with each format's real captures and peers' vector lines as samples, and
 * the other families' captures (HTML pages, WebDAV multistatus, rsync, tar) as text it must not claim.
 */
import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listParsers, registerParser } from '../../src/index.js';
import { conformanceChecks } from '../../src/testing.js';
import { ROOT } from '../helpers.js';
import { TinyXmlParser } from './tinyxml-plugin.js';

const fixtures = join(ROOT, 'fixtures');

function files(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => match.test(name))
    .map((name) => join(dir, name))
    .sort();
}

/** Up to `most` good single-record samples per format from the peers' vectors. */
function vectorSamples(most = 4): Map<string, string[]> {
  const byFormat = new Map<string, string[]>();
  for (const file of files(join(fixtures, 'vectors/ftp'), /\.jsonl$/)) {
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { format: string; line: string; expect: unknown };
      if (record.expect === null) continue;
      const list = byFormat.get(record.format) ?? [];
      if (list.length < most) list.push(`${record.line}\r\n`);
      byFormat.set(record.format, list);
    }
  }
  return byFormat;
}

const samples = vectorSamples();
const captured = (names: RegExp): string[] => files(join(fixtures, 'ftp'), names).map((file) => readFileSync(file, 'latin1'));
samples.set('unix', [...captured(/listing\.txt$/), readFileSync(join(fixtures, 'cli/unix.txt'), 'utf8')]);
samples.set('mlsd', captured(/mlsd\.txt$/));
samples.get('dos')!.push(readFileSync(join(fixtures, 'cli/dos.txt'), 'utf8'));
samples.set('nlst', ['readme.txt\r\npub\r\nname with spaces\r\n']);
samples.set('webdav', files(join(fixtures, 'webdav'), /^(apache|lighttpd|nginx-no-dangling|rclone)\/subdir-d1-allprop\.xml$/).map((file) => readFileSync(file, 'utf8')));
const capturesOf = (dir: string, names: RegExp): string[] => files(join(fixtures, dir), names).map((file) => readFileSync(file, 'utf8'));
samples.set('rsync', capturesOf('rsync', /^(default|atimes|hh|r|c-locale|daemon)\.txt$/));
samples.set('rsync-modules', capturesOf('rsync', /^daemon-modules\.txt$/));
samples.set('tar', capturesOf('tar', /^(gnutar-utf8|gnutar-c|gnutar-full-time|busybox-nosparse)\.txt$/));
samples.set('bsdtar', capturesOf('tar', /^bsdtar-(utf8|c)\.txt$/));

/** Other families' real captures: no FTP format may claim them. */
const foreignFamilies = [
  ...files(join(fixtures, 'html'), /page\.(html|json|xml)$/),
  ...files(join(fixtures, 'webdav'), /\.xml$/),
  ...files(join(fixtures, 'rsync'), /\.txt$/),
  ...files(join(fixtures, 'tar'), /\.txt$/),
].map((file) => readFileSync(file, 'utf8'));

/** Web index pages (issue 8): each style's real captures (fixtures/html, by capture dir name) and peers' pages. */
const HTML_STYLES: readonly [RegExp, string][] = [
  [/^apache-/, 'apache'],
  [/^nginx-html/, 'nginx'],
  [/^nginx-jsonp?(?:-|$)/, 'nginx-json'],
  [/^nginx-xml/, 'nginx-xml'],
  [/^lighttpd-/, 'lighttpd'],
  [/^caddy-html/, 'caddy'],
  [/^caddy-json/, 'caddy-json'],
  [/^python-/, 'python'],
  [/^go-/, 'go'],
  [/^rclone-/, 'rclone'],
  [/^tomcat-/, 'tomcat'],
  [/^jetty-/, 'jetty'],
  [/^squid-/, 'squid'],
  [/^webfs-/, 'webfs'],
  [/^mini-httpd-/, 'mini-httpd'],
  [/^serve-index-html/, 'serve-index'],
  [/^serve-index-json/, 'serve-index-json'],
  [/^http-server-/, 'http-server'],
];
for (const dir of readdirSync(join(fixtures, 'html'), { withFileTypes: true })) {
  const style = HTML_STYLES.find(([pattern]) => pattern.test(dir.name));
  if (!dir.isDirectory() || !style) continue;
  const page = readdirSync(join(fixtures, 'html', dir.name)).find((name) => name.startsWith('page.'));
  if (!page) continue;
  const list = samples.get(style[1]) ?? [];
  if (list.length < 4) list.push(readFileSync(join(fixtures, 'html', dir.name, page), 'latin1'));
  samples.set(style[1], list);
}
samples.set('iis', [readFileSync(join(fixtures, 'vectors/html/opennem-nemweb_dispatch_scada_dirlisting.html'), 'utf8').slice(0, 60_000)]);
samples.set('html-links', [readFileSync(join(fixtures, 'vectors/html/rclone-memstore.html'), 'utf8')]);

/** Text of the other families, which no web index style may claim. */
const notWebIndexes = [
  ...files(join(fixtures, 'ftp'), /listing\.txt$/),
  ...files(join(fixtures, 'webdav'), /\.xml$/).slice(0, 20),
  ...files(join(fixtures, 'rsync'), /\.txt$/),
  ...files(join(fixtures, 'tar'), /\.txt$/),
].map((file) => readFileSync(file, 'utf8'));

const FTP_FORMATS = new Set(['unix', 'dos', 'mlsd', 'eplf', 'vms', 'netware', 'os2', 'os400', 'mvs', 'macos', 'enterprise-unix', 'nlst']);
/** Formats tried after others on ties: their samples are also another format's, so detection may name that one. */
const DETECTED_BY_HINT = new Set(['nlst', 'unix-date', 'unknown']);

for (const parser of listParsers()) {
  const own = samples.get(parser.id);
  if (!own?.length) {
    test(`${parser.id}: has samples for the conformance suite`, (t) => t.fail('no samples: add its fixtures to this test'));
    continue;
  }
  const foreign = FTP_FORMATS.has(parser.id) ? foreignFamilies : HTML_STYLES.some(([, id]) => id === parser.id) || parser.id === 'iis' || parser.id === 'html-links' ? notWebIndexes : [];
  for (const check of conformanceChecks(parser, { samples: own, foreign, detected: !DETECTED_BY_HINT.has(parser.id), runs: 25 })) {
    test.serial(check.name, (t) => {
      check.run();
      t.pass();
    });
  }
}

const tinyxml = new TinyXmlParser();
registerParser(tinyxml);
const TINY = [
  '<?xml version="1.0"?>\n<listing path="/pub/" title="Index of /pub/">\n',
  '  <entry name="." type="directory" self="yes"/>\n',
  '  <entry name="a &amp; b.txt" size="12" mtime="2026-11-21T10:00:00Z"/>\n',
  '  <entry name="café ☕" type="directory" mtime="2019-06-15T10:20:30Z"></entry>\n',
  '  <entry name="long" size="5000000000"/>\n</listing>\n',
].join('');
for (const check of conformanceChecks(tinyxml, { samples: [TINY], foreign: foreignFamilies.slice(0, 20), runs: 25 })) {
  test.serial(check.name, (t) => {
    check.run();
    t.pass();
  });
}
