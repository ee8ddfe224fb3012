// Apache httpd for the live tests: mod_autoindex with FancyIndexing at / and mod_dav + mod_dav_fs at
// /dav/ (https://httpd.apache.org/docs/2.4/mod/mod_autoindex.html, .../mod/mod_dav.html), with the
// capture template fixtures/capture/http/servers/apache2.conf.tmpl (prefork, workers as www-data)
// and this virtual host. Run with -D FOREGROUND rather than -X, so several workers answer at once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST, freePort, render, requireCommand, runDaemon } from './kit.mjs';

export const packages = ['apache2'];
const TEMPLATE = fileURLToPath(new URL('../../fixtures/capture/http/servers/apache2.conf.tmpl', import.meta.url));
const MODULES = '/usr/lib/apache2/modules';

export async function start({ root, work }) {
  const apache = requireCommand('apache2', packages);
  const port = await freePort();
  const vhost = [
    `LoadModule dav_module ${MODULES}/mod_dav.so`,
    `LoadModule dav_fs_module ${MODULES}/mod_dav_fs.so`,
    `DavLockDB "${work}/DavLock"`,
    `Listen ${HOST}:${port}`,
    `<VirtualHost ${HOST}:${port}>`,
    `    DocumentRoot "${root}"`,
    '    IndexOptions FancyIndexing',
    `    Alias /dav "${root}"`,
    '    <Location /dav>',
    '        Dav On',
    '    </Location>',
    '</VirtualHost>',
  ].join('\n');
  const conf = render(TEMPLATE, path.join(work, 'apache2.conf'), { RUN: work, TREE: root, VHOSTS: vhost });
  const stop = await runDaemon({ argv: [apache, '-d', work, '-f', conf, '-D', 'FOREGROUND'], work, ports: [port], logFile: path.join(work, 'error.log') });
  return { name: 'apache', urls: { html: `http://${HOST}:${port}/`, dav: `http://${HOST}:${port}/dav/` }, stop };
}
