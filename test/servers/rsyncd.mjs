// A real rsync daemon over one tree, for the live tests: Debian's `rsync`
// (apt-get installed when missing, as ../../fixtures/capture/rsync/ does),
// `rsync --daemon --no-detach` on a free port of 127.0.0.1 with two modules:
//
//   urls.rsync          rsync://127.0.0.1:PORT/tree/     (open)
//   urls['rsync-auth']  rsync://fixture:fixture-password@127.0.0.1:PORT/secret/
//                       (rsyncd.conf(5) "auth users" + "secrets file")
//
//   const { name, urls, stop } = await start({ root, work, log })

import fs from 'node:fs';
import path from 'node:path';

import { ensurePackages, installExitHandlers, startServer, stopServer, tcpProbe, waitUntilUp } from '../../fixtures/capture/dav/common.mjs';
import { freePort } from './ftp.mjs';

const HOST = '127.0.0.1';
export const RSYNC_USER = 'fixture';
export const RSYNC_PASSWORD = 'fixture-password';

export async function start({ root, work, log = () => {} }) {
  const t0 = Date.now();
  installExitHandlers('rsyncd'); // the daemon dies with this process
  ensurePackages(['rsync'], log);
  const port = await freePort();
  const run = path.join(work, 'rsyncd');
  fs.rmSync(run, { recursive: true, force: true }); // a stale pid file stops the daemon
  fs.mkdirSync(run, { recursive: true });
  const secrets = path.join(run, 'rsyncd.secrets');
  // rsyncd.conf(5): the secrets file must not be readable by others ("strict modes").
  fs.writeFileSync(secrets, `${RSYNC_USER}:${RSYNC_PASSWORD}\n`, { mode: 0o600 });
  // As root the daemon chroots into each module and serves it as root; otherwise it runs as the
  // calling user without chroot.
  const asRoot = process.getuid?.() === 0;
  const conf = path.join(run, 'rsyncd.conf');
  fs.writeFileSync(
    conf,
    [
      `port = ${port}`,
      `address = ${HOST}`,
      `pid file = ${run}/rsyncd.pid`,
      `lock file = ${run}/rsyncd.lock`,
      `log file = ${run}/rsyncd.log`,
      'read only = yes',
      `use chroot = ${asRoot ? 'yes' : 'no'}`,
      ...(asRoot ? ['uid = root', 'gid = root'] : []),
      '',
      '[tree]',
      '\tcomment = the dirlisting test tree',
      `\tpath = ${root}`,
      '',
      '[secret]',
      '\tcomment = the same tree behind a password',
      `\tpath = ${root}`,
      `\tauth users = ${RSYNC_USER}`,
      `\tsecrets file = ${secrets}`,
      '',
    ].join('\n'),
  );
  const logFile = path.join(run, 'rsyncd.stdout.log');
  const child = startServer(['rsync', '--daemon', '--no-detach', `--config=${conf}`], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    logFile,
  });
  try {
    await waitUntilUp(child, () => tcpProbe(port, { wantBanner: true }).then((b) => (b.startsWith('@RSYNCD:') ? b : Promise.reject(new Error(b)))), logFile, 10_000);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  log(`rsyncd on ${port} (${Date.now() - t0} ms)`);
  return {
    name: 'rsyncd',
    urls: {
      rsync: `rsync://${HOST}:${port}/tree/`,
      'rsync-auth': `rsync://${RSYNC_USER}:${RSYNC_PASSWORD}@${HOST}:${port}/secret/`,
    },
    stop: () => stopServer(child),
  };
}
