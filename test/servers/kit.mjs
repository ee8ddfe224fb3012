// What every live server module (test/servers/<name>.mjs) needs: its binary checked before it
// starts, a free loopback port, its config rendered from a template, and a daemon started in the
// foreground in its own process group and stopped again. Child processes, templates and probes
// are the capture scripts' (fixtures/capture/dav/common.mjs), so both start servers the same way.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

import { renderTemplate, startServer, stopServer, tcpProbe, waitUntilUp } from '../../fixtures/capture/dav/common.mjs';

export const HOST = '127.0.0.1';
/** Daemons in /usr/sbin are found even when PATH has no sbin directory. */
const SEARCH_PATH = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
const START_TIMEOUT_MS = 15_000;

/** A server that is not installed: the harness names the install command (or skips it, when optional). */
export class MissingServerError extends Error {
  code = 'ESERVERMISSING';
  constructor(what, packages) {
    super(`${what} is not installed: apt-get install -y ${packages.join(' ')}`);
  }
}

/** The absolute path of `command`, or a MissingServerError naming the packages that bring it. */
export function requireCommand(command, packages) {
  for (const dir of SEARCH_PATH.split(':').filter(Boolean)) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* not in this directory */
    }
  }
  throw new MissingServerError(command, packages);
}

/** A module file a server loads (nginx dav_ext, lighttpd mod_webdav), checked the same way. */
export function requireFile(file, packages) {
  if (!fs.existsSync(file)) throw new MissingServerError(file, packages);
  return file;
}

/** A port the kernel says is free on loopback now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Renders `template` into the file `dest` (see renderTemplate) and returns `dest`. */
export function render(template, dest, vars) {
  fs.writeFileSync(dest, renderTemplate(template, vars), { mode: 0o644 });
  return dest;
}

/** Numeric id of a system user or group ('passwd' or 'group'), e.g. www-data for the servers' logs. */
export function systemId(database, name) {
  const line = spawnSync('getent', [database, name], { encoding: 'utf8' }).stdout.trim();
  if (!line) throw new Error(`no ${database} entry ${name}`);
  return Number(line.split(':')[2]);
}

/** A log file the server opens after switching to www-data. */
export function logFileForWwwData(file) {
  fs.writeFileSync(file, '');
  fs.chownSync(file, systemId('passwd', 'www-data'), systemId('group', 'www-data'));
  return file;
}

/**
 * Starts `argv` in `work` (stdout/stderr to work/server.log, TZ=UTC so every server shows UTC
 * times) and resolves with its stop function once every port in `ports` accepts connections.
 * A server that exits or stays silent rejects with the tail of `logFile` (default server.log).
 */
export async function runDaemon({ argv, work, ports, env = {}, logFile = path.join(work, 'server.log') }) {
  const child = startServer(argv, {
    env: { PATH: SEARCH_PATH, LANG: 'C.UTF-8', TZ: 'UTC', HOME: work, ...env },
    logFile: path.join(work, 'server.log'),
    cwd: work,
  });
  try {
    for (const port of ports) await waitUntilUp(child, () => tcpProbe(port), logFile, START_TIMEOUT_MS);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  return () => stopServer(child);
}
