// nginx for the live tests: one server, four locations over the same tree, each a way nginx lists a
// directory. html, json and xml are ngx_http_autoindex_module (autoindex on; autoindex_format
// html|json|xml, https://nginx.org/en/docs/http/ngx_http_autoindex_module.html); dav is
// ngx_http_dav_ext_module (Debian libnginx-mod-http-dav-ext, dav_ext_methods PROPFIND OPTIONS).
// The config is the capture template fixtures/capture/http/servers/nginx.conf.tmpl with this
// server block; the dav_ext module is loaded with -g (nginx reads -g directives before the file).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST, freePort, render, requireCommand, requireFile, runDaemon } from './kit.mjs';

export const packages = ['nginx', 'libnginx-mod-http-dav-ext'];
const TEMPLATE = fileURLToPath(new URL('../../fixtures/capture/http/servers/nginx.conf.tmpl', import.meta.url));
const DAV_EXT = '/usr/lib/nginx/modules/ngx_http_dav_ext_module.so';

/** Location (and kind) → what it turns on. */
export const KINDS = {
  html: 'autoindex on;',
  json: 'autoindex on; autoindex_format json;',
  xml: 'autoindex on; autoindex_format xml;',
  dav: 'dav_ext_methods PROPFIND OPTIONS;',
};

export async function start({ root, work }) {
  const nginx = requireCommand('nginx', packages);
  requireFile(DAV_EXT, packages);
  const port = await freePort();
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(work, temp), { recursive: true });
  const accessLog = path.join(work, 'access.log');
  const locations = Object.entries(KINDS).map(([kind, directives]) => `        location /${kind}/ {\n            alias "${root}/";\n            ${directives}\n        }`);
  const server = [`    server {`, `        listen ${HOST}:${port};`, `        access_log ${accessLog};`, ...locations, '    }'].join('\n');
  const conf = render(TEMPLATE, path.join(work, 'nginx.conf'), { RUN: work, SERVERS: server });
  // The capture config's 64 connections suit one capture at a time; here every test file's clients
  // keep their connections alive at once, and past 64 nginx stops accepting (requests then time out).
  fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/worker_connections \d+;/, 'worker_connections 1024;'));
  const errorLog = path.join(work, 'error.log');
  const stop = await runDaemon({ argv: [nginx, '-p', work, '-c', conf, '-e', errorLog, '-g', `load_module ${DAV_EXT};`], work, ports: [port], logFile: errorLog });
  const urls = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, `http://${HOST}:${port}/${kind}/`]));
  return { name: 'nginx', urls, accessLog, stop };
}
