/**
 * Built-in formats are written exactly like plugins: a module under grammars/ imports only what the
 * package exports ('dirlisting', 'dirlisting/grammar') and its sibling grammar modules, and every
 * built-in passes through registerParser's checks.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, listParsers, registerParser, unregisterParser } from '../../src/index.js';
import { ROOT } from '../helpers.js';

const GRAMMARS = join(ROOT, 'grammars');
/** npm libraries a grammar may use (the user's chosen parsers), never the engine's own files. */
const NPM_LIBRARIES = new Set(['fast-xml-parser', 'htmlparser2', 'cheerio']);
const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm;

test('modules under grammars/ import only the package and each other, never src/', (t) => {
  const files = readdirSync(GRAMMARS).filter((name) => name.endsWith('.ts'));
  t.true(files.length >= 12);
  for (const file of files) {
    const source = readFileSync(join(GRAMMARS, file), 'utf8');
    for (const [, specifier] of source.matchAll(IMPORT)) {
      const allowed = specifier === 'dirlisting' || specifier === 'dirlisting/grammar' || NPM_LIBRARIES.has(specifier!) || /^\.\/[\w-]+\.js$/.test(specifier!);
      t.true(allowed, `${file} imports '${specifier}'`);
    }
  }
});

test('every built-in is a registered Parser that registerParser accepts again after removal', (t) => {
  const builtins = listParsers();
  t.true(builtins.length >= 12);
  for (const parser of builtins) {
    t.true(parser instanceof Parser);
    t.throws(() => registerParser(parser), { message: new RegExp(`already registered`) });
  }
  const unix = builtins.find((parser) => parser.id === 'unix')!;
  const before = builtins[builtins.indexOf(unix) + 1]!.id;
  t.true(unregisterParser('unix'));
  try {
    t.false(listParsers().includes(unix));
  } finally {
    registerParser(unix, { before });
  }
  t.deepEqual(
    listParsers().map((parser) => parser.id),
    builtins.map((parser) => parser.id),
  );
});

test("'unknown' is reserved for unrecognized listings", (t) => {
  class Unknown extends Parser {
    readonly id = 'unknown';
    detect(): number {
      return 0;
    }
    open(): never {
      throw new Error('not used');
    }
  }
  t.throws(() => registerParser(new Unknown()), { instanceOf: RangeError });
});
