/**
 * The exported conformance suite (dirlisting/testing) on the webdav format, with the real servers'
 * responses of every layout (one element per line, one line per response, one line per document) and
 * webdav-client's samples, and FTP listings and HTML index pages as text it must not claim.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { getParser } from '../../../src/index.js';
import { checkParser } from '../../../src/testing.js';
import { fixturePath } from '../../helpers.js';

function files(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => match.test(name))
    .map((name) => join(dir, name))
    .sort();
}

const read = (file: string) => readFileSync(file);

test('webdav passes the conformance suite', (t) => {
  const samples = [
    ...files(fixturePath('webdav'), /^(apache-depth-infinity\/subdir-dinf-prop|lighttpd\/spaced-d1-allprop|rclone\/unicode-d1-allprop|nginx\/file-d0-allprop)\.xml$/),
    ...files(fixturePath('vectors/webdav'), /(seafile-propfind|nextcloud-share-attributes|href-html-entities|search-truncated)\.xml$/),
  ].map(read);
  t.true(samples.length >= 8);
  const foreign = [...files(fixturePath('ftp'), /(listing|mlsd)\.txt$/), ...files(fixturePath('html'), /page\.html$/).slice(0, 10)].map((file) => readFileSync(file, 'utf8'));
  t.true(foreign.length >= 5);
  checkParser(getParser('webdav'), { samples, foreign, runs: 20 });
  t.pass();
});
