/**
 * Format ids and per-format options are typed (issue 11): each format declares its options in
 * `FormatOptionsMap` where it is written, so a misspelt id or option is a compile error. The
 * `@ts-expect-error` lines are the test: `npm test` compiles this file first, and an expectation that
 * no longer errors (the typing went loose) fails the build.
 */
import test from 'ava';
import { listParsers, parseListing, type FormatId, type FormatOptionsMap, type ParseOptions } from 'dirlisting';

const VMS = 'Directory DISK$USER:[ALICE]\n\nA.TXT;2    1/4  1-JAN-2020 10:00:00.00  [ALICE]  (RWED,RWED,RE,)\nA.TXT;1    1/4  1-JAN-2019 10:00:00.00  [ALICE]  (RWED,RWED,RE,)\n';

test('a declared option is typed and reaches its format', (t) => {
  const options: ParseOptions = { hint: 'vms', formatOptions: { vms: { highestVersionOnly: true } } };
  t.deepEqual(
    parseListing(VMS, options).entries.map((e) => e.name),
    ['A.TXT'],
  );
  t.is(parseListing(VMS, 'vms').entries.length, 2);
});

test('misspelt format ids and option names do not compile; at run time a bad value is still refused', (t) => {
  // @ts-expect-error -- 'vsm' is not a format id
  const misspeltId: ParseOptions = { formatOptions: { vsm: { highestVersionOnly: true } } };
  // @ts-expect-error -- 'highestVersionOnyl' is not a vms option
  const misspeltOption: ParseOptions = { hint: 'vms', formatOptions: { vms: { highestVersionOnyl: true } } };
  // @ts-expect-error -- humanBase is 1000 or 1024
  const badValue: ParseOptions = { hint: 'rsync', formatOptions: { rsync: { humanBase: 1023 } } };
  // @ts-expect-error -- unix takes no options
  const noOptions: ParseOptions = { formatOptions: { unix: { anything: 1 } } };
  // What a JavaScript caller, whom the compiler does not check, gets for each:
  t.is(parseListing(VMS, { ...misspeltId, hint: 'vms' }).entries.length, 2, 'an option of an unknown id reaches no format');
  t.is(parseListing(VMS, misspeltOption).entries.length, 2, 'a misspelt option is not read');
  t.throws(() => parseListing('-rw-r--r--          1.00K 2024/01/02 03:04:05 x\n', badValue), { instanceOf: RangeError });
  t.is(parseListing('-rw-r--r-- 1 a b 5 Jan  2  2024 x\n', noOptions).entries[0]?.name, 'x');
});

test('every registered built-in id is a declared FormatOptionsMap key, and plugin ids stay open', (t) => {
  const declared: Record<keyof FormatOptionsMap, true> = {
    macos: true, unix: true, dos: true, mlsd: true, eplf: true, vms: true, netware: true, os2: true, os400: true,
    mvs: true, 'enterprise-unix': true, rsync: true, 'rsync-modules': true, tar: true, bsdtar: true, nlst: true,
    webdav: true, apache: true, nginx: true, 'nginx-json': true, 'nginx-xml': true, lighttpd: true, caddy: true,
    'caddy-json': true, python: true, go: true, rclone: true, tomcat: true, jetty: true, squid: true, webfs: true,
    'mini-httpd': true, 'serve-index': true, 'serve-index-json': true, 'http-server': true, iis: true,
    'html-links': true,
  };
  // The record above must name every declared key (the compiler checks completeness), and the
  // registry must hold exactly those: a built-in registered without a declaration, or a declaration
  // left behind by a removed format, fails here.
  const registered = listParsers().map((p) => p.id).sort();
  t.deepEqual(registered, Object.keys(declared).sort());
  const pluginId: FormatId = 'my-plugin-format';
  t.is(pluginId, 'my-plugin-format');
});
