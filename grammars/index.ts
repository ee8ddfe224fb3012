/**
 * The built-in formats, in detection order (earlier wins ties). One line per format. They are
 * registered through `registerParser`, like any plugin, when the registry is first used.
 */
import type { FormatOptionsMap, Parser } from 'dirlisting';
import { DosParser } from './dos.js';
import { UnixParser } from './unix.js';
import { MacosParser } from './macos.js';
import { EnterpriseUnixParser } from './enterprise-unix.js';
import { Os400Parser } from './os400.js';
import { MvsParser } from './mvs.js';
import { MlsdParser } from './mlsd.js';
import { EplfParser } from './eplf.js';
import { VmsParser } from './vms.js';
import { NetwareParser } from './netware.js';
import { Os2Parser } from './os2.js';
import { NlstParser } from './nlst.js';
import { WebdavParser } from './webdav.js';
import { RsyncParser } from './rsync.js';
import { RsyncModulesParser } from './rsync-modules.js';
import { TarParser } from './tar.js';
import { BsdtarParser } from './bsdtar.js';
import { ApacheParser } from './apache.js';
import { IisParser } from './iis.js';
import { HtmlLinksParser } from './html-links.js';
import { LighttpdParser } from './lighttpd.js';
import { CaddyJsonParser, CaddyParser } from './caddy.js';
import {
  GoParser,
  HttpServerParser,
  JettyParser,
  MiniHttpdParser,
  PythonParser,
  RcloneParser,
  ServeIndexJsonParser,
  ServeIndexParser,
  SquidParser,
  TomcatParser,
  WebfsParser,
} from './simple-indexes.js';
import { NginxJsonParser, NginxParser, NginxXmlParser } from './nginx.js';

/**
 * Creates the built-in parsers (called once, after every module has been evaluated). `satisfies`
 * makes a built-in whose id has no `FormatOptionsMap` declaration a compile error.
 */
export function builtinParsers(): Parser[] {
  const parsers = [
    new MacosParser(),
    new UnixParser(),
    new DosParser(),
    new MlsdParser(),
    new EplfParser(),
    new VmsParser(),
    new NetwareParser(),
    new Os2Parser(),
    new Os400Parser(),
    new MvsParser(),
    new EnterpriseUnixParser(),
    new RsyncParser(),
    new RsyncModulesParser(),
    new TarParser(),
    new BsdtarParser(),
    new NlstParser(),
    new WebdavParser(),
    new ApacheParser(),
    new NginxParser(),
    new NginxJsonParser(),
    new NginxXmlParser(),
    new LighttpdParser(),
    new CaddyParser(),
    new CaddyJsonParser(),
    new PythonParser(),
    new GoParser(),
    new RcloneParser(),
    new TomcatParser(),
    new JettyParser(),
    new SquidParser(),
    new WebfsParser(),
    new MiniHttpdParser(),
    new ServeIndexParser(),
    new ServeIndexJsonParser(),
    new HttpServerParser(),
    new IisParser(),
    new HtmlLinksParser(),
  ] satisfies readonly { readonly id: keyof FormatOptionsMap }[];
  return parsers;
}
