// Caddy for the live tests: file_server browse (https://caddyserver.com/docs/caddyfile/directives/file_server),
// with the capture template fixtures/capture/http/servers/Caddyfile.tmpl.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST, freePort, render, requireCommand, runDaemon } from './kit.mjs';

export const packages = ['caddy'];
const TEMPLATE = fileURLToPath(new URL('../../fixtures/capture/http/servers/Caddyfile.tmpl', import.meta.url));

export async function start({ root, work }) {
  const caddy = requireCommand('caddy', packages);
  const port = await freePort();
  const conf = render(TEMPLATE, path.join(work, 'Caddyfile'), { TREE: root, PORT: port });
  const env = { XDG_DATA_HOME: path.join(work, 'data'), XDG_CONFIG_HOME: path.join(work, 'config') };
  const stop = await runDaemon({ argv: [caddy, 'run', '--config', conf, '--adapter', 'caddyfile'], work, ports: [port], env });
  return { name: 'caddy', urls: { html: `http://${HOST}:${port}/` }, stop };
}
