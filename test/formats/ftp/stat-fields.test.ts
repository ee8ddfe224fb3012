/**
 * What users of Node's fs.Stats look for, where a format shows it: birthtime (MLSD `create`), rdev
 * for devices, ino (`ls -i`); the mode also as a permission string in JSON; console.log shows mtime.
 */
import { inspect } from 'node:util';
import test from 'ava';
import { parseListing } from '../../../src/index.js';

test('MLSD create is the birthtime, with its precision', (t) => {
  const entry = parseListing('type=file;modify=20261121100000;create=20200102030405.5; f\r\n', 'mlsd').entries[0]!;
  t.is(entry.birthtimeMs, Date.UTC(2020, 0, 2, 3, 4, 5, 500));
  t.is(entry.birthtimePrecision, 'millisecond');
  t.is(entry.birthtime!.toISOString(), '2020-01-02T03:04:05.500Z');
  t.is(entry.toJSON().birthtime, '2020-01-02T03:04:05.500Z');
  t.is(parseListing('type=file;modify=20261121100000; g\r\n', 'mlsd').entries[0]!.birthtime, undefined);
});

test('rdev of a device in Linux dev_t encoding, as fs.Stats.rdev on Linux', (t) => {
  const [loop0, big, file] = parseListing(
    'brw-rw---- 1 root disk 7, 0 Nov 21  2019 loop0\ncrw-rw---- 1 root tty 259, 65536 Nov 21  2019 big\n-rw-r--r-- 1 u g 1 Nov 21  2019 f\n',
    'unix',
  ).entries;
  t.is(loop0!.rdev, 1792);
  t.is(big!.rdev, Number((259n & 0xfffn) << 8n | (65536n & 0xffffff00n) << 12n), 'wide minors above bit 8');
  t.is(file!.rdev, undefined);
});

test('ino from ls -i (and ls -is); an ls -s block count alone is no inode', (t) => {
  const [is, i, s] = parseListing(
    '  123456    8 -rw-r--r-- 1 u g 8000 Nov 21  2019 a\n 777 -rw-r--r-- 1 u g 8000 Nov 21  2019 b\n 8 -rw-r--r-- 1 u g 8000 Nov 21  2019 c\n',
    'unix',
  ).entries;
  t.is(is!.ino, 123456);
  t.is(i!.ino, 777);
  t.is(s!.ino, undefined, '8 blocks of 1024 for 8000 bytes');
});

test('JSON gives the mode also as a permission string; console.log shows mtime', (t) => {
  const entry = parseListing('-rwsr-xr-x 1 u g 1 Nov 21  2019 f\n', 'unix').entries[0]!;
  t.is(entry.toJSON().permissions, '-rwsr-xr-x');
  t.is(entry.permissions, '-rwsr-xr-x');
  const shown = inspect(entry);
  t.regex(shown, /mtime: 2019-11-21T00:00:00\.000Z/);
  t.regex(shown, /permissions: '-rwsr-xr-x'/);
});
