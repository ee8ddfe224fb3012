/**
 * FTP names are bytes (RFC 959; RFC 2640 only recommends UTF-8): a server on a Latin-1 file system
 * sends `café` as 63 61 66 E9. The listing keeps those exact bytes (`rawName`, and the entry's URL is
 * their escapes), and the URL reads the file back, because the transport sends a path's bytes as they
 * are. The truth is the fake server's tree.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'ava';
import { ListingClient } from '../../src/index.js';
import { type FakeTree, nodeAt, startFakeFtpServer } from './ftp-fake-server.js';

const TREE: FakeTree = { 'latin1': { 'café.txt': 'latin-1 bytes\n', 'señor': { 'x.txt': 'x' } }, 'plain.txt': 'p' };

test('a Latin-1 name is kept as its bytes, and its URL reads the file and lists the directory', async (t) => {
  const server = await startFakeFtpServer({ tree: TREE, charset: 'latin1' });
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const listing = await client.list(server.url('/latin1/', 'u', 'p'));
  const file = listing.entries.find((entry) => entry.type === 'file')!;
  t.deepEqual([...file.rawName!], [...Buffer.from('café.txt', 'latin1')]);
  t.is(file.name, 'caf\uFFFD.txt', 'the name shows U+FFFD where the byte is not UTF-8');
  t.true(file.url!.endsWith('/latin1/%63%61%66%E9%2E%74%78%74'), file.url);
  t.true(listing.warnings.length > 0, 'the listing says a name was not UTF-8');

  const dest = join(mkdtempSync(join(tmpdir(), 'dirlisting-ftp-bytes-')), 'cafe.txt');
  t.teardown(() => rmSync(dirname(dest), { recursive: true, force: true }));
  await client.download(file.url!, dest);
  t.is(readFileSync(dest, 'utf8'), nodeAt(TREE, '/latin1/café.txt') as string);
  t.true(server.commands.some(({ line }) => line === 'RETR /latin1/café.txt'), 'RETR carried the byte E9');

  const dir = listing.entries.find((entry) => entry.type === 'directory')!;
  t.deepEqual((await client.list(dir.url!)).entries.map((entry) => entry.name), ['x.txt']);
});

test('UTF-8 names on a UTF-8 server are plain names without rawName', async (t) => {
  const server = await startFakeFtpServer({ tree: TREE });
  const client = new ListingClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const listing = await client.list(server.url('/latin1/', 'u', 'p'));
  t.deepEqual(listing.entries.map((entry) => entry.name).sort(), ['café.txt', 'señor']);
  t.true(listing.entries.every((entry) => entry.rawName === undefined));
  const file = listing.entries.find((entry) => entry.type === 'file')!;
  t.is((await client.remoteFs(server.url('/', 'u', 'p')).readFile('/latin1/café.txt', 'utf8')) as string, nodeAt(TREE, '/latin1/café.txt') as string);
  t.true(file.url!.endsWith('/latin1/caf%C3%A9.txt'), file.url);
});
