// lighttpd for the live tests: mod_dirlisting at / and mod_webdav (Debian lighttpd-mod-webdav,
// read-only) at /dav/ (https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_dirlisting,
// .../wiki/Mod_webdav), with the capture template fixtures/capture/http/servers/lighttpd.conf.tmpl;
// the WebDAV lines go in its trailing {{SOCKETS}} slot.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST, freePort, logFileForWwwData, render, requireCommand, requireFile, runDaemon } from './kit.mjs';

export const packages = ['lighttpd', 'lighttpd-mod-webdav'];
const TEMPLATE = fileURLToPath(new URL('../../fixtures/capture/http/servers/lighttpd.conf.tmpl', import.meta.url));
const MOD_WEBDAV = '/usr/lib/lighttpd/mod_webdav.so';

export async function start({ root, work }) {
  const lighttpd = requireCommand('lighttpd', packages);
  requireFile(MOD_WEBDAV, packages);
  const port = await freePort();
  const webdav = [
    'server.modules += ( "mod_alias", "mod_webdav" )',
    `alias.url = ( "/dav/" => "${root}/" )`,
    '$HTTP["url"] =~ "^/dav/" {',
    '    webdav.activate = "enable"',
    '    webdav.is-readonly = "enable"',
    '}',
  ].join('\n');
  const conf = render(TEMPLATE, path.join(work, 'lighttpd.conf'), { RUN: work, TREE: root, PORT: port, SOCKETS: webdav });
  // lighttpd opens its error log after switching to www-data.
  const errorLog = logFileForWwwData(path.join(work, 'error.log'));
  const stop = await runDaemon({ argv: [lighttpd, '-D', '-f', conf], work, ports: [port], logFile: errorLog });
  return { name: 'lighttpd', urls: { html: `http://${HOST}:${port}/`, dav: `http://${HOST}:${port}/dav/` }, stop };
}
