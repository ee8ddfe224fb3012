/**
 * Detection tells the families apart on every captured listing: rsync (and its module list), tar
 * (GNU/BusyBox, bsdtar), FTP's `ls -l`/MLSD and the other FTP formats, and HTML/XML pages. For each
 * fixture, no format of another family claims it at or above the confidence floor, and the rsync and
 * tar captures are detected as their own format.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { CONFIDENCE_FLOOR, detectFormat, listParsers } from '../../src/index.js';
import { fixturePath } from '../helpers.js';

const FAMILY_OF_FORMAT: Record<string, string> = { rsync: 'rsync', 'rsync-modules': 'rsync', tar: 'tar', bsdtar: 'tar' };
const familyOfFormat = (format: string) => FAMILY_OF_FORMAT[format] ?? 'other';

const FIXTURE_FAMILIES: [string, string][] = [
  ['ftp', 'other'],
  ['cli', 'other'],
  ['html', 'other'],
  ['webdav', 'other'],
  ['rsync', 'rsync'],
  ['vectors/rsync', 'rsync'],
  ['tar', 'tar'],
];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(json|md)$|^\.gitattributes$/.test(name) ? [] : [path];
  });
}

const samples = FIXTURE_FAMILIES.flatMap(([dir, family]) => files(fixturePath(dir)).map((path) => ({ path, family, name: `${dir}/${path.slice(fixturePath(dir).length + 1)}` })));

test('the rsync and tar formats are registered', (t) => {
  const ids = listParsers().map((parser) => parser.id);
  for (const id of Object.keys(FAMILY_OF_FORMAT)) t.true(ids.includes(id), id);
  t.true(samples.filter((s) => s.family === 'other').length > 50);
});

for (const { path, family, name } of samples) {
  test(`${name}: no other family claims it`, (t) => {
    const text = readFileSync(path, 'utf8');
    const ranked = detectFormat(text);
    const claims = ranked.filter((d) => d.confidence >= CONFIDENCE_FLOOR && familyOfFormat(d.format) !== family);
    // The other family's formats among themselves (unix vs dos…) are not this test's concern.
    t.deepEqual(family === 'other' ? claims.filter((d) => familyOfFormat(d.format) !== 'other') : claims, []);
    if (family !== 'other' && text.trim() !== '') t.is(familyOfFormat(ranked[0]!.format), family);
  });
}
