// Two real FTP servers over one tree, for the live tests: pure-ftpd (MLSD,
// MLST, SIZE, MDTM, REST; virtual user with a password) and vsftpd (LIST only,
// SIZE, MDTM, REST; anonymous).  The packages come from Debian through
// ../../fixtures/capture/ftp-servers.mjs (apt-get download + dpkg -x, never
// installed), with the same configs as the captures, on free ports of
// 127.0.0.1.
//
//   const { name, urls, stop } = await start({ root, work, log })
//   urls.ftp            ftp://fixture:fixture-password@127.0.0.1:PORT/   (pure-ftpd)
//   urls['ftp-list']    ftp://127.0.0.1:PORT/                            (vsftpd)

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

import { HOST, SERVERS, checkLdd, libPath, prepareServer, setLog } from '../../fixtures/capture/ftp-servers.mjs';
import { installExitHandlers, startServer, stopServer, tcpProbe, waitUntilUp } from '../../fixtures/capture/dav/common.mjs';

/** A port nobody listens on right now (the kernel's pick for port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts one server of ftp-servers.mjs on a free control port and 200 passive ports: a walk opens a
 * data connection per directory, eight at a time, and each port it used waits in TIME_WAIT for a
 * minute; with ten, pure-ftpd soon answers 425 "Address already in use".
 */
async function startOne(name, { root, work }) {
  const info = prepareServer(name);
  const port = await freePort();
  const pasvMin = await freePort();
  const server = { ...SERVERS[name], port, pasv: [pasvMin, pasvMin + 199] };
  const run = path.join(work, name);
  fs.rmSync(run, { recursive: true, force: true }); // pure-pw refuses a user that is already there
  fs.mkdirSync(run, { recursive: true, mode: 0o755 });
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TZ: server.timeZone, LANG: 'C.UTF-8', LD_LIBRARY_PATH: libPath() };
  const { argv } = server.prepare({ tree: root, root: info.root, run, env });
  // The test files share one pure-ftpd, each with its own client pool: room for all of them
  // (pure-ftpd(8) -c; its banner says "user number 1 of 5 allowed" without it here).
  if (name === 'pure-ftpd') {
    argv.push('--maxclientsnumber=40', '--maxclientsperip=40');
    cheapPassword(info.root, run, server.login, env);
  }
  checkLdd(argv[0], env);
  const logFile = path.join(run, 'server.log');
  const child = startServer(argv, { env, logFile });
  await waitUntilUp(child, () => tcpProbe(port, { wantBanner: true }).then((b) => (b.startsWith('220') ? b : Promise.reject(new Error(b)))), logFile, 10_000);
  return { child, port, login: server.login };
}

/**
 * pure-pw hashes with argon2id tuned to take about a second on the machine (pure-pw.c; t=1023 was
 * seen here under load), so each login cost seconds and the test files' logins at once timed out.
 * The test user gets a SHA-512 crypt(3) hash instead, which pure-ftpd's PureDB check also accepts
 * (log_puredb.c falls back to crypt() for hashes other than argon2 and scrypt), and the database is
 * rebuilt from it (pure-pw mkdb).
 */
function cheapPassword(root, run, [user, password], env) {
  const passwd = path.join(run, 'pureftpd.passwd');
  const hash = spawnSync('openssl', ['passwd', '-6', '-salt', 'dirlisting', '-stdin'], { input: `${password}\n`, encoding: 'utf8' });
  if (hash.status !== 0) throw new Error(`openssl passwd failed: ${hash.stderr}`);
  const lines = fs.readFileSync(passwd, 'utf8').split('\n');
  fs.writeFileSync(passwd, lines.map((line) => (line.startsWith(`${user}:`) ? line.replace(/^([^:]*):[^:]*:/, `$1:${hash.stdout.trim()}:`) : line)).join('\n'));
  const mkdb = spawnSync(path.join(root, 'usr/bin/pure-pw'), ['mkdb', path.join(run, 'pureftpd.pdb'), '-f', passwd], { env, encoding: 'utf8' });
  if (mkdb.status !== 0) throw new Error(`pure-pw mkdb failed: ${mkdb.stderr || mkdb.stdout}`);
}

export async function start({ root, work, log = () => {} }) {
  setLog(log);
  installExitHandlers('ftp'); // the servers die with this process
  const t0 = Date.now();
  const started = [];
  try {
    const pure = await startOne('pure-ftpd', { root, work });
    started.push(pure.child);
    const vsftpd = await startOne('vsftpd', { root, work });
    started.push(vsftpd.child);
    const [user, password] = pure.login.map(encodeURIComponent);
    log(`ftp: pure-ftpd on ${pure.port}, vsftpd on ${vsftpd.port} (${Date.now() - t0} ms)`);
    return {
      name: 'ftp',
      urls: { ftp: `ftp://${user}:${password}@${HOST}:${pure.port}/`, 'ftp-list': `ftp://${HOST}:${vsftpd.port}/` },
      stop: () => Promise.all(started.map(stopServer)).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map(stopServer));
    throw error;
  }
}
