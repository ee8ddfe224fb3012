/**
 * A minimal FTP server on 127.0.0.1 (node:net) for the FTP transport's unit tests: enough of RFC 959
 * and RFC 3659 for basic-ftp's `Client.access()`, `list()` and `downloadTo()` (node_modules/basic-ftp/
 * dist/Client.js: greeting, `OPTS UTF8 ON`, USER/PASS, FEAT, `TYPE I`, `STRU F`, `OPTS UTF8 ON`,
 * `OPTS MLST …`; then EPSV (PASV as fallback) before each transfer, transfer.js), over an in-memory
 * tree. It records every command, counts the control connections open at once and the logins in
 * progress at once, and can refuse connections beyond a limit with 421 as pure-ftpd (-C), vsftpd
 * (max_per_ip) and proftpd (MaxClientsPerHost) do. The tree is the truth tests compare with.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';

/** A directory: names to subdirectories or to file contents (UTF-8). */
export interface FakeTree {
  [name: string]: FakeTree | string;
}

export interface FakeFtpOptions {
  tree: FakeTree;
  /**
   * Control connections served at once; one more is greeted `421 Too many connections` and closed, as
   * pure-ftpd -C / vsftpd max_per_ip / proftpd MaxClientsPerHost refuse (RFC 959 §4.2: 421 "Service
   * not available, closing control connection"). Default: no limit.
   */
  maxConnections?: number;
  /** Milliseconds before PASS is answered (pure-ftpd hashes the password with argon2: seconds). */
  loginDelay?: number;
  /** user → password. Without it any user logs in (anonymous included); with it, others get 530. */
  users?: Record<string, string>;
  /** FEAT lists ` MLST type*;size*;modify*;` (RFC 3659 §7.8) and MLSD/MLST are served. Default true. */
  mlst?: boolean;
  /** FEAT lists ` SIZE` and ` MDTM` (RFC 3659 §4, §3) and they are served. Default true. */
  sizeMdtm?: boolean;
  /** FEAT lists ` REST STREAM` (RFC 3659 §5) and REST is served. Default true. */
  rest?: boolean;
  /** Called before a listing's data is sent, with the listed directory; the listing waits for the promise. */
  holdListing?: (dir: string, session: FakeSession) => Promise<void> | undefined;
  /**
   * How names are written and read as bytes: `utf8` (default; RFC 2640) or `latin1`, as a server on a
   * Latin-1 file system sends its names' bytes unchanged (vsftpd, pure-ftpd and proftpd do).
   */
  charset?: 'utf8' | 'latin1';
  /** Called when a connection is refused with 421. */
  onRefused?: () => void;
  /** Called when a login succeeds (230). */
  onLogin?: (session: FakeSession) => void;
}

export interface FakeSession {
  id: number;
  /** The user name sent with USER. */
  user?: string;
  loggedIn: boolean;
  /** Every command line received on this connection, in order (PASS included: a test server). */
  commands: string[];
}

export interface FakeFtpServer {
  port: number;
  /** `ftp://[user[:password]@]127.0.0.1:port` + path, user info percent-encoded. */
  url(path?: string, user?: string, password?: string): string;
  /** Connections greeted with 220, in order. */
  sessions: FakeSession[];
  /** Every command received, with its session's id. */
  commands: Array<{ session: number; line: string }>;
  /** Connections refused with 421. */
  readonly refused: number;
  /** Most control connections served (greeted 220) at once. */
  readonly maxOpen: number;
  /** Most logins in progress at once: from the 220 greeting to the reply to PASS. */
  readonly maxLoggingIn: number;
  close(): Promise<void>;
}

/** Every listed time: 2025-06-14 08:30:00 UTC. */
export const FAKE_MTIME = Date.UTC(2025, 5, 14, 8, 30, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The node at an absolute path (`/a/b`, trailing `/` allowed), or undefined. */
export function nodeAt(tree: FakeTree, path: string): FakeTree | string | undefined {
  let node: FakeTree | string = tree;
  for (const name of posix.normalize(path).split('/').filter(Boolean)) {
    if (typeof node === 'string' || !Object.hasOwn(node, name)) return undefined;
    node = node[name]!;
  }
  return node;
}

/** Every entry below `dir` of the tree: its path relative to `dir`, its type and (files) size in bytes. */
export function treeEntries(tree: FakeTree, dir = '/'): Array<{ path: string; type: 'file' | 'directory'; size?: number }> {
  const out: Array<{ path: string; type: 'file' | 'directory'; size?: number }> = [];
  const visit = (node: FakeTree, prefix: string) => {
    for (const [name, child] of Object.entries(node)) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (typeof child === 'string') out.push({ path, type: 'file', size: Buffer.byteLength(child) });
      else {
        out.push({ path, type: 'directory' });
        visit(child, path);
      }
    }
  };
  const start = nodeAt(tree, dir);
  if (start === undefined || typeof start === 'string') throw new Error(`${dir} is not a directory of the tree`);
  visit(start, '');
  return out;
}

function mdtm(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** RFC 3659 §7.2 facts of one node. */
function mlsxFacts(node: FakeTree | string, type?: 'cdir' | 'pdir'): string {
  if (typeof node === 'string') return `type=file;size=${Buffer.byteLength(node)};modify=${mdtm(FAKE_MTIME)};`;
  return `type=${type ?? 'dir'};modify=${mdtm(FAKE_MTIME)};`;
}

/** An `ls -l` line as vsftpd writes it (older than six months: the year shown). */
function listLine(name: string, node: FakeTree | string): string {
  const d = new Date(FAKE_MTIME);
  const date = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}  ${d.getUTCFullYear()}`;
  const [mode, size] = typeof node === 'string' ? ['-rw-r--r--', Buffer.byteLength(node)] : ['drwxr-xr-x', 4096];
  return `${mode}    1 ftp      ftp      ${String(size).padStart(8)} ${date} ${name}`;
}

export async function startFakeFtpServer(options: FakeFtpOptions): Promise<FakeFtpServer> {
  const mlst = options.mlst ?? true;
  const sizeMdtm = options.sizeMdtm ?? true;
  const rest = options.rest ?? true;
  const charset = options.charset ?? 'utf8';
  const sessions: FakeSession[] = [];
  const commands: FakeFtpServer['commands'] = [];
  const sockets = new Set<net.Socket>();
  const dataServers = new Set<net.Server>();
  const counters = { open: 0, maxOpen: 0, loggingIn: 0, maxLoggingIn: 0, refused: 0 };

  const features = [
    ' EPSV',
    ' PASV',
    ' UTF8',
    ...(mlst ? [' MLST type*;size*;modify*;'] : []),
    ...(sizeMdtm ? [' SIZE', ' MDTM'] : []),
    ...(rest ? [' REST STREAM'] : []),
  ];

  const serve = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.maxConnections !== undefined && counters.open >= options.maxConnections) {
      counters.refused++;
      // pure-ftpd's wording for -C; vsftpd: "421 There are too many connections from your internet address."
      socket.end(`421 Too many connections (${counters.open}) from this IP\r\n`);
      options.onRefused?.();
      return;
    }
    const session: FakeSession = { id: sessions.length + 1, loggedIn: false, commands: [] };
    sessions.push(session);
    counters.open++;
    counters.maxOpen = Math.max(counters.maxOpen, counters.open);
    let loggingIn = true;
    counters.loggingIn++;
    counters.maxLoggingIn = Math.max(counters.maxLoggingIn, counters.loggingIn);
    const endLogin = () => {
      if (!loggingIn) return;
      loggingIn = false;
      counters.loggingIn--;
    };
    socket.on('close', () => {
      counters.open--;
      endLogin();
    });

    let cwd = '/';
    let restAt = 0;
    let data: Promise<net.Socket> | undefined;
    const reply = (text: string) => {
      if (!socket.destroyed) socket.write(`${text}\r\n`, charset);
    };
    const resolve = (arg: string) => posix.resolve(cwd, arg || '.');

    /** A passive data listener (RFC 959 §4.1.1 PASV, RFC 2428 §3 EPSV) accepting one connection. */
    const openData = async (): Promise<number> => {
      const server = net.createServer();
      dataServers.add(server);
      data = new Promise<net.Socket>((accept) => {
        server.once('connection', (dataSocket) => {
          dataSocket.on('error', () => undefined);
          sockets.add(dataSocket);
          dataSocket.on('close', () => sockets.delete(dataSocket));
          server.close();
          dataServers.delete(server);
          accept(dataSocket);
        });
      });
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
      return (server.address() as AddressInfo).port;
    };

    /** 150, the bytes on the data connection, then 226 once it is closed (RFC 959 §4.2 sequences for RETR/LIST). */
    const transfer = async (bytes: string | Buffer) => {
      const pending = data;
      data = undefined;
      if (!pending) return reply('425 No data connection');
      const dataSocket = await pending;
      reply('150 Accepted data connection');
      await new Promise<void>((done) => {
        dataSocket.once('close', () => done());
        dataSocket.end(typeof bytes === 'string' ? Buffer.from(bytes, charset) : bytes);
      });
      reply('226 Transfer complete');
    };

    const listing = async (command: 'MLSD' | 'LIST', arg: string) => {
      // LIST's options (basic-ftp sends `LIST -a`) are not a path.
      const pathArg = command === 'LIST' ? arg.split(' ').filter((word) => !word.startsWith('-')).join(' ') : arg;
      const dir = resolve(pathArg);
      const node = nodeAt(options.tree, dir);
      if (node === undefined) return reply(`550 ${pathArg}: No such file or directory`);
      let lines: string[];
      if (typeof node === 'string') {
        if (command === 'MLSD') return reply(`501 ${pathArg}: not a directory`);
        lines = [listLine(posix.basename(dir), node)];
      } else if (command === 'MLSD') {
        // pure-ftpd sends the cdir and pdir facts first (RFC 3659 §7.5.1).
        lines = [`${mlsxFacts(node, 'cdir')} .`, `${mlsxFacts(node, 'pdir')} ..`, ...Object.entries(node).map(([name, child]) => `${mlsxFacts(child)} ${name}`)];
      } else {
        lines = Object.entries(node).map(([name, child]) => listLine(name, child));
      }
      await options.holdListing?.(dir, session);
      await transfer(lines.map((line) => `${line}\r\n`).join(''));
    };

    const handle = async (line: string) => {
      const space = line.indexOf(' ');
      const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
      const arg = space < 0 ? '' : line.slice(space + 1);
      switch (verb) {
        case 'USER':
          session.user = arg;
          return reply(`331 User ${arg} OK. Password required`);
        case 'PASS': {
          if (session.user === undefined) return reply('503 Login with USER first');
          if (options.loginDelay) await new Promise((wait) => setTimeout(wait, options.loginDelay));
          const ok = options.users === undefined || (Object.hasOwn(options.users, session.user) && options.users[session.user] === arg);
          endLogin();
          if (!ok) return reply('530 Login authentication failed');
          session.loggedIn = true;
          options.onLogin?.(session);
          return reply('230 OK. Current directory is /');
        }
        case 'QUIT':
          reply('221 Goodbye');
          return void socket.end();
        case 'OPTS':
          return reply('200 OK');
        case 'FEAT':
          return reply(['211-Extensions supported:', ...features, '211 End.'].join('\r\n'));
        case 'SYST':
          return reply('215 UNIX Type: L8');
      }
      if (!session.loggedIn) return reply('530 You aren\'t logged in');
      switch (verb) {
        case 'TYPE':
        case 'STRU':
        case 'NOOP':
          return reply('200 OK');
        case 'PWD':
          return reply(`257 "${cwd}" is your current location`);
        case 'CWD': {
          const target = resolve(arg);
          const node = nodeAt(options.tree, target);
          // Wordings: proftpd ("x: Not a directory"), pure-ftpd ("Can't change directory to x: No such file or directory").
          if (node === undefined) return reply(`550 Can't change directory to ${arg}: No such file or directory`);
          if (typeof node === 'string') return reply(`550 ${arg}: Not a directory`);
          cwd = target;
          return reply(`250 OK. Current directory is ${cwd}`);
        }
        case 'EPSV':
          return reply(`229 Extended Passive mode OK (|||${await openData()}|)`);
        case 'PASV': {
          const port = await openData();
          return reply(`227 Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255})`);
        }
        case 'MLSD':
          if (!mlst) break;
          return listing('MLSD', arg);
        case 'LIST':
          return listing('LIST', arg);
        case 'MLST': {
          if (!mlst) break;
          const target = resolve(arg);
          const node = nodeAt(options.tree, target);
          if (node === undefined) return reply(`550 ${arg}: No such file or directory`);
          return reply(`250-Begin\r\n ${mlsxFacts(node)} ${target}\r\n250 End.`);
        }
        case 'SIZE':
        case 'MDTM': {
          if (!sizeMdtm) break;
          const node = nodeAt(options.tree, resolve(arg));
          // proftpd's wording for a directory; RFC 3659 §4.2: SIZE answers for files only.
          if (typeof node !== 'string') return reply(node === undefined ? `550 ${arg}: No such file or directory` : `550 ${arg}: not a regular file`);
          return reply(`213 ${verb === 'SIZE' ? Buffer.byteLength(node) : mdtm(FAKE_MTIME)}`);
        }
        case 'REST':
          if (!rest) break;
          restAt = Number(arg);
          return reply(`350 Restarting at ${restAt}`);
        case 'RETR': {
          const node = nodeAt(options.tree, resolve(arg));
          const from = restAt;
          restAt = 0;
          if (typeof node !== 'string') {
            data = undefined;
            return reply('550 Failed to open file.');
          }
          return transfer(Buffer.from(node).subarray(from));
        }
      }
      return reply(`502 ${verb} not implemented`);
    };

    // One command at a time, in order (RFC 959 §5.4: a reply per command before the next is read).
    let queue = Promise.resolve();
    let buffered = '';
    socket.setEncoding(charset);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        session.commands.push(line);
        commands.push({ session: session.id, line });
        queue = queue.then(() => handle(line)).catch(() => void socket.destroy());
      }
    });
    reply('220 fake FTP server ready');
  };

  const server = net.createServer(serve);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url(path = '/', user?: string, password?: string) {
      const auth = user === undefined ? '' : `${encodeURIComponent(user)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@`;
      return `ftp://${auth}127.0.0.1:${port}${path}`;
    },
    sessions,
    commands,
    get refused() {
      return counters.refused;
    },
    get maxOpen() {
      return counters.maxOpen;
    },
    get maxLoggingIn() {
      return counters.maxLoggingIn;
    },
    close: () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        for (const dataServer of dataServers) dataServer.close();
        server.close(() => closed());
      }),
  };
}
