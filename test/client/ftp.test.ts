/**
 * FtpTransport and parseList against real FTP servers (test/servers/ftp.mjs): pure-ftpd (MLSD,
 * MLST) and vsftpd (LIST only), serving a tree whose lstat is the ground truth.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { Client, type FileInfo } from 'basic-ftp';
import { PRECISION_MS, type ParseContext, Parser, type ParseSession, type StatResult, parseList, registerParser } from 'dirlisting';
import { FtpTransport } from '../../src/client/ftp.js';
import { assertMatchesTree, lstatChildren, useLiveServers } from './ftp-rsync-live.js';

const servers = useLiveServers(test, 'ftp');
// Serial: pure-ftpd takes 5 sessions per user (the captures' config), and each login costs it an
// argon2 hash.
const HOUR = 3_600_000;

/**
 * vsftpd.conf(5) use_localtime (set as in the captures, TZ=Europe/Berlin): LIST times and MDTM
 * replies are local time, with the UTC offset vsftpd read at startup (sysutil.c vsf_sysutil_tzset).
 */
const VSFTPD_ZONE = 'Europe/Berlin';
function offsetMs(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * 60_000) : 0;
}

function live(t: { pass(): void }): { root: string; urls: Record<string, string> } | undefined {
  const s = servers();
  if (!s) t.pass();
  return s;
}

function assertMtimes(t: import('ava').ExecutionContext, root: string, entries: readonly StatResult[], slackMs = 0): void {
  const truth = lstatChildren(root);
  for (const entry of entries) {
    const stats = truth.get(entry.name)!;
    if (!stats.isFile() || entry.mtimeMs === undefined) continue;
    const allowed = PRECISION_MS[entry.mtimePrecision ?? 'millisecond'] + slackMs;
    t.true(Math.abs(entry.mtimeMs - Math.floor(stats.mtimeMs / 1000) * 1000) < allowed, `${entry.name}: ${entry.mtime?.toISOString()} vs ${stats.mtime.toISOString()}`);
  }
}

function aFile(root: string): { name: string; bytes: Buffer } {
  const [name] = [...lstatChildren(root)].find(([n, s]) => s.isFile() && s.size > 10 && /^[a-z0-9.-]+$/.test(n))!;
  return { name, bytes: readFileSync(join(root, name)) };
}

test.serial('MLSD: pure-ftpd lists the tree as lstat sees it, with absolute URLs and no credentials', async (t) => {
  const s = live(t);
  if (!s) return;
  const transport = new FtpTransport({});
  try {
    const listing = await transport.list(new URL(s.urls.ftp!), {});
    t.is(listing.format, 'mlsd');
    assertMatchesTree(t, s.root, listing.entries);
    assertMtimes(t, s.root, listing.entries);
    const base = new URL(s.urls.ftp!);
    for (const entry of listing.entries) {
      const url = new URL(entry.url!);
      t.is(url.username + url.password, '', entry.name);
      t.is(url.host, base.host);
      t.is(decodeURIComponent(url.pathname.replace(/\/$/, '').split('/').pop()!), entry.name);
      t.is(url.pathname.endsWith('/'), entry.type === 'directory', entry.name);
    }
  } finally {
    await transport.close();
  }
});

test.serial('LIST: vsftpd (no MLSD) is detected with its SYST and banner as origin and matches lstat', async (t) => {
  const s = live(t);
  if (!s) return;
  const seen: Array<Record<string, unknown>> = [];
  // A format that claims nothing and records what detection was told.
  class OriginSpy extends Parser {
    readonly id = 'origin-spy-ftp-test';
    detect(_sample: string, ctx: ParseContext): number {
      seen.push({ ...ctx.origin });
      return 0;
    }
    open(): ParseSession {
      throw new Error('never chosen');
    }
  }
  registerParser(new OriginSpy());
  const transport = new FtpTransport({ parse: { timeZone: VSFTPD_ZONE } });
  try {
    const listing = await transport.list(new URL(s.urls['ftp-list']!), {});
    t.is(listing.format, 'unix');
    const origin = seen.at(-1)!;
    t.regex(String(origin.syst), /^215 UNIX/);
    t.regex(String(origin.banner), /^220 dirlisting fixture vsftpd/);
    t.is(origin.method, 'LIST');
    t.is(origin.url, s.urls['ftp-list']);
    assertMatchesTree(t, s.root, listing.entries);
    // LIST shows local time without a zone (RFC 959 leaves it open); vsftpd's fixed offset may
    // differ from the zone's rules by the DST hour.
    assertMtimes(t, s.root, listing.entries, HOUR);
  } finally {
    await transport.close();
  }
});

test.serial('a subdirectory is listed with URLs under it', async (t) => {
  const s = live(t);
  if (!s) return;
  const transport = new FtpTransport({});
  try {
    for (const kind of ['ftp', 'ftp-list']) {
      const url = new URL('subdir/', s.urls[kind]);
      const listing = await transport.list(url, {});
      assertMatchesTree(t, join(s.root, 'subdir'), listing.entries);
      for (const entry of listing.entries) t.true(entry.url!.startsWith(`ftp://${url.host}/subdir/`), entry.url);
    }
  } finally {
    await transport.close();
  }
});

test.serial('stat: MLST on pure-ftpd, SIZE and MDTM on vsftpd, both as lstat says', async (t) => {
  const s = live(t);
  if (!s) return;
  const { name } = aFile(s.root);
  const stats = lstatChildren(s.root).get(name)!;
  const transport = new FtpTransport({});
  try {
    const mlst = (await transport.stat(new URL(name, s.urls.ftp), {}))!;
    t.is(mlst.format, 'mlsd');
    t.is(mlst.type, 'file');
    t.is(mlst.size, stats.size);
    t.is(mlst.mtimeMs, Math.floor(stats.mtimeMs / 1000) * 1000);
    t.is(mlst.url, new URL(name, s.urls.ftp!.replace(/\/\/[^@]*@/, '//')).href);
    const dir = (await transport.stat(new URL('subdir/', s.urls.ftp), {}))!;
    t.is(dir.type, 'directory');

    const sizeMdtm = (await transport.stat(new URL(name, s.urls['ftp-list']), {}))!;
    t.is(sizeMdtm.size, stats.size);
    t.is(sizeMdtm.mtimePrecision, 'second');
    // RFC 3659 §3 says UTC; vsftpd's use_localtime shifts MDTM too (vsftpd.conf(5)).
    t.is(sizeMdtm.mtimeMs, Math.floor(stats.mtimeMs / 1000) * 1000 + offsetMs(VSFTPD_ZONE, new Date()));
    // SIZE has no answer for a directory: the client lists the parent instead.
    t.is(await transport.stat(new URL('subdir', s.urls['ftp-list']), {}), undefined);
  } finally {
    await transport.close();
  }
});

test.serial('read resumes with REST: the bytes from `start` on, and the size', async (t) => {
  const s = live(t);
  if (!s) return;
  const { name, bytes } = aFile(s.root);
  const transport = new FtpTransport({});
  try {
    for (const kind of ['ftp', 'ftp-list']) {
      const result = await transport.read(new URL(name, s.urls[kind]), { start: 5 });
      const chunks: Buffer[] = [];
      for await (const chunk of result.body) chunks.push(Buffer.from(chunk));
      t.is(result.start, 5, kind);
      t.is(result.size, bytes.length, kind);
      t.deepEqual(Buffer.concat(chunks), bytes.subarray(5), kind);
    }
    await t.throwsAsync(transport.read(new URL('no-such-file.bin', s.urls.ftp), {}), { code: 'ENOENT' });
  } finally {
    await transport.close();
  }
});

test.serial('a wrong password is EACCES, and the password appears nowhere in the error', async (t) => {
  const s = live(t);
  if (!s) return;
  const url = new URL(s.urls.ftp!);
  url.password = 'Wrong-Secret-42';
  const transport = new FtpTransport({});
  try {
    const error = (await t.throwsAsync(transport.list(url, {}), { code: 'EACCES' })) as Error & { url?: string };
    for (const text of [String(error), error.stack ?? '', JSON.stringify(error), error.url ?? '']) t.false(text.includes('Wrong-Secret-42'), text);
    t.true(String(error).includes('***'));
  } finally {
    await transport.close();
  }
});

test.serial('credentials from the auth option when the URL has none', async (t) => {
  const s = live(t);
  if (!s) return;
  const url = new URL(s.urls.ftp!);
  const auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  const transport = new FtpTransport({ auth });
  try {
    t.is((await transport.list(url, {})).format, 'mlsd');
  } finally {
    await transport.close();
  }
});

test.serial('a missing directory is ENOENT on both servers', async (t) => {
  const s = live(t);
  if (!s) return;
  const transport = new FtpTransport({});
  try {
    for (const kind of ['ftp', 'ftp-list']) {
      await t.throwsAsync(transport.list(new URL('no-such-dir/', s.urls[kind]), {}), { code: 'ENOENT' }, kind);
    }
  } finally {
    await transport.close();
  }
});

/** A TCP server that accepts and never sends the 220 greeting. */
async function silentServer(): Promise<{ url: URL; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: new URL(`ftp://user:Silent-Secret@127.0.0.1:${port}/`),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

test.serial('a server that never greets: ETIMEDOUT after the timeout, without the password', async (t) => {
  const silent = await silentServer();
  const transport = new FtpTransport({ timeout: 300 });
  try {
    const started = Date.now();
    const error = (await t.throwsAsync(transport.list(silent.url, {}), { code: 'ETIMEDOUT' }))!;
    t.true(Date.now() - started < 3000);
    t.false(String(error).includes('Silent-Secret'));
  } finally {
    await transport.close();
    await silent.close();
  }
});

test.serial('abort rejects with the signal reason and frees the connection', async (t) => {
  const silent = await silentServer();
  const transport = new FtpTransport({ timeout: 10_000 });
  try {
    const controller = new AbortController();
    const reason = new Error('stop now');
    setTimeout(() => controller.abort(reason), 100);
    const error = await t.throwsAsync(transport.list(silent.url, { signal: controller.signal }));
    t.is(error, reason);
    const already = AbortSignal.abort(reason);
    t.is(await t.throwsAsync(transport.stat(silent.url, { signal: already })), reason);
  } finally {
    await transport.close();
    await silent.close();
  }
});

test.serial("basic-ftp's Client with dirlisting's parseList lists both servers as lstat says", async (t) => {
  const s = live(t);
  if (!s) return;
  for (const kind of ['ftp', 'ftp-list']) {
    const url = new URL(s.urls[kind]!);
    const client = new Client(10_000);
    client.parseList = parseList;
    try {
      await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username) || 'anonymous', password: decodeURIComponent(url.password) || 'guest' });
      const files: FileInfo[] = await client.list();
      const named = files.map((f) => ({ name: f.name, type: f.isDirectory ? 'directory' : f.isSymbolicLink ? 'symlink' : f.isFile ? 'file' : 'other', size: f.size }));
      assertMatchesTree(t, s.root, named);
      const truth = lstatChildren(s.root);
      for (const f of files) {
        const stats = truth.get(f.name)!;
        if (!stats.isFile()) continue;
        t.deepEqual(f.permissions, { user: (stats.mode >> 6) & 7, group: (stats.mode >> 3) & 7, world: stats.mode & 7 }, f.name);
        // MLSD times are exact; vsftpd's LIST shows a year (no seconds) for these old files.
        if (kind === 'ftp') t.is(f.modifiedAt?.getTime(), Math.floor(stats.mtimeMs / 1000) * 1000, f.name);
      }
    } finally {
      client.close();
    }
  }
});

test.serial('parseList throws on a listing no format reads, like basic-ftp', (t) => {
  t.throws(() => parseList('this is\nnot a listing\n'), { code: 'ERR_UNRECOGNIZED_LISTING' } as never);
  t.deepEqual(parseList(''), []);
});
