/**
 * Benchmark corpora: seeded generators keyed by listing family, plus the captured server fixtures.
 * Generated corpora are written once to `bench/.corpora/` (with a `.json` sidecar) and reused, so
 * every implementation and every run reads the very same bytes.
 *
 * To add a family (HTML index, WebDAV, rsync): add a generator to `generators` and implementations
 * to `bench/impls.ts` under the same key; the runner picks both up.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './prng.js';

export type Family = string;

/** Repo root (this file runs from dist/bench/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(ROOT, 'bench', '.corpora');
const FIXTURE_DIR = join(ROOT, 'fixtures', 'ftp');

/** Bump when a generator's output changes, so stale cached corpora are rebuilt. */
const GENERATOR_VERSION = 1;

/**
 * The moment the generated listings were "made": yearless dates are relative to it and every parser
 * that infers years is given it, so results do not depend on the day the benchmark runs.
 */
export const BENCH_NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

export const SIZES: Readonly<Record<string, number>> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

/** Fixtures are a few dozen lines; they are repeated to this many lines so timing is meaningful. */
const FIXTURE_TILE_LINES = 100_000;

export interface CorpusMeta {
  id: string;
  family: Family;
  source: 'generated' | 'fixture';
  description: string;
  lines: number;
  bytes: number;
  /** Entries a parser should return (`.`/`..`/`total` excluded); undefined for fixtures. */
  entries: number | undefined;
  nowMs: number;
  path: string;
  version: number;
}

export interface CorpusGenerator {
  description: string;
  /** Emits `lines` lines through `emit`; returns how many of them are entries. */
  generate(rng: Rng, lines: number, emit: (line: string) => void): number;
}

// ---- shared vocabulary ---------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WORDS = [
  'report', 'backup', 'IMG', 'data', 'final', 'draft', 'invoice', 'photo', 'notes', 'archive', 'build',
  'release', 'log', 'config', 'index', 'readme', 'src', 'test', 'v2', 'copy', 'export', 'dump', 'q3',
  'Budget', 'Meeting', 'setup', 'node', 'kernel', 'patch', 'thumbs', 'scan', 'old',
];
/** Some UTF-8: accented Latin, Cyrillic, CJK, an emoji (a surrogate pair in JS strings). */
const UTF8_WORDS = ['café', 'Überblick', 'données', 'résumé', 'Привет', '日本語', 'файл', 'niño', 'Ωmega', '😀'];
const EXTENSIONS = ['.txt', '.jpg', '.tar.gz', '.log', '.csv', '.pdf', '.json', '.zip', '.iso', '.mp4', '.html', '.bin', '.sql.gz', ''];
const OWNERS = ['root', 'www-data', 'ftp', 'deploy', 'alice', 'bob', 'backup', 'nobody', 'jenkins', 'postgres', 'svc_build'];
const GROUPS = ['root', 'www-data', 'ftp', 'staff', 'users', 'adm', 'nogroup', 'developers'];

/** A file or directory name: 1-4 words joined by separators, sometimes spaces or UTF-8 or a leading dot. */
function makeName(rng: Rng, isDir: boolean, spaceRate: number): string {
  const count = rng.int(1, 4);
  let name = rng.chance(0.02) ? '.' : '';
  for (let i = 0; i < count; i++) {
    if (i > 0) name += rng.chance(spaceRate) ? ' ' : rng.pick(['_', '-', '.', '']);
    name += rng.chance(0.03) ? rng.pick(UTF8_WORDS) : rng.pick(WORDS);
    if (rng.chance(0.25)) name += String(rng.int(0, 2025));
  }
  return isDir ? name : name + rng.pick(EXTENSIONS);
}

/** 0 bytes sometimes, else log-uniform up to 32 GiB (so ~9% are above 4 GiB). */
function makeSize(rng: Rng): number {
  return rng.chance(0.03) ? 0 : rng.logUniform(2 ** 35);
}

/** A random instant in [from, to). */
function between(rng: Rng, from: number, to: number): Date {
  return new Date(from + Math.floor(rng.next() * (to - from)));
}

const DAY = 86_400_000;

// ---- Unix ls -l ----------------------------------------------------------------------------------

const FILE_MODES: readonly (readonly [number, string])[] = [
  [50, '-rw-r--r--'], [15, '-rw-rw-r--'], [15, '-rwxr-xr-x'], [10, '-rw-------'], [5, '-rwxrwxr-x'], [5, '-rw-r-----'],
];
const DIR_MODES: readonly (readonly [number, string])[] = [
  [60, 'drwxr-xr-x'], [15, 'drwxrwxr-x'], [10, 'drwx------'], [10, 'drwxrwsr-x'], [5, 'drwxrwxrwt'],
];
type UnixKind = 'file' | 'dir' | 'link' | 'chr' | 'blk' | 'fifo' | 'sock';
const UNIX_KINDS: readonly (readonly [number, UnixKind])[] = [
  [78, 'file'], [14, 'dir'], [7, 'link'], [0.5, 'chr'], [0.3, 'blk'], [0.1, 'fifo'], [0.1, 'sock'],
];

/** GNU ls -la as proftpd/pure-ftpd relay it: `total`, `.`, `..`, then entries; CRLF line ends. */
const unixGenerator: CorpusGenerator = {
  description:
    'GNU `ls -la` shape: total line, . and .., 78% files / 14% dirs / 7% symlinks / ~1% devices, fifos, sockets; ' +
    '60% owner/group names, 40% numeric ids, 0.2% group with a space; sizes 0..32 GiB log-uniform; ' +
    '55% `Mon DD HH:MM` (last 180 days), 45% `Mon DD  YYYY`; 6% names with spaces, ~3% UTF-8 words; CRLF',
  generate(rng, lines, emit) {
    const now = BENCH_NOW;
    emit(`total ${rng.int(lines, lines * 8)}`);
    emit(unixLine('drwxr-xr-x', 42, 'root', 'root', '4096', unixDate(new Date(now - 3 * DAY), now), '.'));
    emit(unixLine('drwxr-xr-x', 7, 'root', 'root', '4096', unixDate(new Date(now - 90 * DAY), now), '..'));
    for (let i = 3; i < lines; i++) {
      const kind = rng.weighted(UNIX_KINDS);
      const numeric = rng.chance(0.4);
      const owner = numeric ? String(rng.pick([0, 33, 1000, 1001, 1002, 65534, rng.int(0, 65534)])) : rng.pick(OWNERS);
      const group = rng.chance(0.002)
        ? 'Domain Users'
        : numeric
          ? String(rng.pick([0, 33, 100, 1000, 65534, rng.int(0, 65534)]))
          : rng.pick(GROUPS);
      const date = rng.chance(0.55)
        ? between(rng, now - 180 * DAY, now)
        : between(rng, Date.UTC(1995, 0, 1), now - 200 * DAY);
      const dateText = unixDate(date, now);
      let mode: string;
      let links = 1;
      let size: string;
      let name: string;
      switch (kind) {
        case 'file':
          mode = rng.weighted(FILE_MODES) + (rng.chance(0.02) ? '+' : '');
          if (rng.chance(0.05)) links = rng.int(2, 3);
          size = String(makeSize(rng));
          name = makeName(rng, false, 0.06);
          break;
        case 'dir':
          mode = rng.weighted(DIR_MODES);
          links = rng.int(2, 60);
          size = String(rng.chance(0.9) ? 4096 : 4096 * rng.int(2, 40));
          name = makeName(rng, true, 0.06);
          break;
        case 'link': {
          mode = 'lrwxrwxrwx';
          const target = rng.chance(0.5) ? `../${makeName(rng, false, 0.06)}` : `/usr/lib/${makeName(rng, false, 0)}`;
          size = String(Buffer.byteLength(target));
          name = `${makeName(rng, false, 0.06)} -> ${target}`;
          break;
        }
        case 'chr':
        case 'blk':
          mode = kind === 'chr' ? 'crw-rw----' : 'brw-rw----';
          size = `${String(rng.int(1, 260)).padStart(3)}, ${String(rng.int(0, 255)).padStart(3)}`;
          name = `${kind === 'chr' ? 'tty' : 'sd'}${rng.int(0, 99)}`;
          break;
        case 'fifo':
          mode = 'prw-r--r--';
          size = '0';
          name = `pipe${rng.int(0, 999)}`;
          break;
        case 'sock':
          mode = 'srwxrwxrwx';
          size = '0';
          name = `app${rng.int(0, 999)}.sock`;
          break;
      }
      emit(unixLine(mode, links, owner, group, size, dateText, name));
    }
    return lines - 3;
  },
};

/** Column widths as vsftpd/proftpd pad them (fixed minimums; longer values just widen the line). */
function unixLine(mode: string, links: number, owner: string, group: string, size: string, date: string, name: string): string {
  return `${mode.padEnd(10)} ${String(links).padStart(3)} ${owner.padEnd(8)} ${group.padEnd(8)} ${size.padStart(12)} ${date} ${name}`;
}

/** `Mon DD HH:MM` within six months of now, else `Mon DD  YYYY` (GNU ls, day padded with a space). */
function unixDate(date: Date, now: number): string {
  const head = `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2)}`;
  if (now - date.getTime() < 182 * DAY && date.getTime() <= now) {
    return `${head} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
  }
  return `${head}  ${date.getUTCFullYear()}`;
}

// ---- MS-DOS / IIS --------------------------------------------------------------------------------

/** IIS "MS-DOS" listing style: `MM-DD-YY  hh:mmAM`, `<DIR>` or a bare byte count in a 21-column field. */
const dosGenerator: CorpusGenerator = {
  description:
    'IIS MS-DOS style: `MM-DD-YY  hh:mmAM/PM`, 12% `<DIR>`, sizes 0..32 GiB right-aligned without grouping; ' +
    'dates 1998..now; 15% names with spaces, ~3% UTF-8 words; CRLF',
  generate(rng, lines, emit) {
    for (let i = 0; i < lines; i++) {
      const isDir = rng.chance(0.12);
      const d = between(rng, Date.UTC(1998, 0, 1), BENCH_NOW);
      const hours = d.getUTCHours();
      const date =
        `${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}-${two(d.getUTCFullYear() % 100)}  ` +
        `${two(hours % 12 || 12)}:${two(d.getUTCMinutes())}${hours < 12 ? 'AM' : 'PM'}`;
      const field = isDir ? '       <DIR>'.padEnd(21) : String(makeSize(rng)).padStart(21);
      emit(`${date}${field} ${makeName(rng, isDir, 0.15)}`);
    }
    return lines;
  },
};

function two(n: number): string {
  return String(n).padStart(2, '0');
}

// ---- MLSD (RFC 3659 §7) -------------------------------------------------------------------------

/** One MLSD line as a server sends it: `fact=value;…` (in the server's order), a space, the name. */
type MlsdServer = 'proftpd' | 'pure-ftpd' | 'pyftpdlib';
const MLSD_SERVERS: readonly (readonly [number, MlsdServer])[] = [[50, 'proftpd'], [30, 'pure-ftpd'], [20, 'pyftpdlib']];
type MlsdKind = 'file' | 'dir' | 'link' | 'chr' | 'blk' | 'fifo' | 'sock';
const MLSD_KINDS: readonly (readonly [number, MlsdKind])[] = [
  [78, 'file'], [14, 'dir'], [7, 'link'], [0.5, 'chr'], [0.3, 'blk'], [0.1, 'fifo'], [0.1, 'sock'],
];
const FILE_OCTAL: readonly (readonly [number, string])[] = [
  [50, '0644'], [15, '0664'], [15, '0755'], [10, '0600'], [5, '0775'], [4, '0640'], [0.5, '04755'], [0.5, '00'],
];
const DIR_OCTAL: readonly (readonly [number, string])[] = [[60, '0755'], [15, '0775'], [10, '0700'], [10, '02775'], [5, '01777']];
const IDS: readonly (readonly [number, string])[] = [
  [0, 'root'], [33, 'www-data'], [1000, 'deploy'], [1001, 'alice'], [1002, 'bob'], [34, 'backup'], [65534, 'nobody'], [50, 'staff'], [100, 'users'],
];

/** `YYYYMMDDHHMMSS`, UTC (§2.3). */
function mlsxTime(date: Date): string {
  return (
    `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
    `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`
  );
}

/**
 * MLSD data as proftpd 1.3.8 (mod_facts), pure-ftpd 1.0.50 and pyftpdlib 1.5.7 send it (fact sets and
 * orders as in fixtures/ftp/<server>/mlsd.txt), one server's style per line.
 */
const mlsdGenerator: CorpusGenerator = {
  description:
    'RFC 3659 MLSD, CRLF: cdir + pdir lines, then entries each in the fact set and order of one of three captured servers ' +
    '(50% proftpd `modify;perm;size;type;unique;UNIX.group;UNIX.groupname;UNIX.mode;UNIX.owner;UNIX.ownername`, ' +
    '30% pure-ftpd `type;size|sizd;modify;UNIX.mode;UNIX.uid;UNIX.gid;unique`, 20% pyftpdlib `modify;perm;size;type;unique`); ' +
    '78% files / 14% dirs / 7% symlinks / ~1% devices, fifos, sockets; symlinks as proftpd `OS.unix=symlink` + the unique of an ' +
    'entry of the listing (70%) or of none, `OS.unix=slink:/target`, pure-ftpd `OS.unix=slink:` (no target), pyftpdlib ' +
    "the target's own facts; 1% hard links (shared unique); 55% modified in the last 180 days; names as the LIST corpora " +
    "(6% spaces, ~3% UTF-8) plus 1% with `;` or `=`",
  generate(rng, lines, emit) {
    const now = BENCH_NOW;
    // Inode counter and device for `unique` (proftpd: upper-case hex `FE00U<inode>`, others `fe00g<inode>`).
    let inode = rng.int(0x1000, 0xfffff);
    /** Uniques of recent non-link entries, for links and hard links to point at. */
    const recent: string[] = [];
    const unique = (server: MlsdServer, ino: number) =>
      server === 'proftpd' ? `FE00U${ino.toString(16).toUpperCase()}` : `fe00g${ino.toString(16)}`;
    const dirTime = mlsxTime(new Date(now - 3 * DAY));
    emit(`modify=${dirTime};perm=flcdmpe;type=cdir;unique=FE00U${(inode - 1).toString(16).toUpperCase()};UNIX.group=0;UNIX.groupname=root;UNIX.mode=0755;UNIX.owner=0;UNIX.ownername=root; .`);
    emit(`modify=${mlsxTime(new Date(now - 90 * DAY))};perm=fle;type=pdir;unique=FE00U${(inode - 2).toString(16).toUpperCase()};UNIX.group=0;UNIX.groupname=root;UNIX.mode=0755;UNIX.owner=0;UNIX.ownername=root; ..`);
    for (let i = 2; i < lines; i++) {
      const server = rng.weighted(MLSD_SERVERS);
      const kind = rng.weighted(MLSD_KINDS);
      const date = rng.chance(0.55) ? between(rng, now - 180 * DAY, now) : between(rng, Date.UTC(1995, 0, 1), now - 200 * DAY);
      const modify = mlsxTime(date);
      const [uid, uname] = rng.weighted(IDS.map((id) => [1, id] as const));
      const [gid, gname] = rng.chance(0.7) ? [uid, uname] : rng.weighted(IDS.map((id) => [1, id] as const));
      const id = ++inode;
      let uniq = unique(server, id);
      let type: string;
      let size: number | undefined;
      let mode: string;
      let name: string;
      let isDir = false;
      switch (kind) {
        case 'file':
          type = 'file';
          size = makeSize(rng);
          mode = rng.weighted(FILE_OCTAL);
          // A hard link: another name for a recent file (same unique).
          if (rng.chance(0.01) && recent.length) uniq = rng.pick(recent);
          name = makeName(rng, false, 0.06);
          break;
        case 'dir':
          type = 'dir';
          isDir = true;
          size = 4096;
          mode = rng.weighted(DIR_OCTAL);
          name = makeName(rng, true, 0.06);
          break;
        case 'link': {
          mode = '0777';
          name = makeName(rng, false, 0.06);
          const target = rng.chance(0.5) ? `../${makeName(rng, false, 0)}` : `/usr/lib/${makeName(rng, false, 0)}`;
          size = Buffer.byteLength(target);
          if (server === 'proftpd') {
            if (rng.chance(0.7)) {
              // RFC errata 1500: the link carries the unique of its target, which is listed too.
              type = 'OS.unix=symlink';
              if (recent.length && rng.chance(0.7)) uniq = rng.pick(recent);
            } else {
              type = `OS.unix=slink:${target.replace(/ /g, '_')}`;
            }
          } else if (server === 'pure-ftpd') {
            type = 'OS.unix=slink:';
          } else {
            // pyftpdlib follows links: the link is listed as its target, with the target's unique.
            type = 'file';
            if (recent.length) uniq = rng.pick(recent);
          }
          break;
        }
        default: {
          size = 0;
          mode = kind === 'fifo' ? '0644' : kind === 'sock' ? '0755' : '0660';
          name = kind === 'chr' ? `tty${rng.int(0, 99)}` : kind === 'blk' ? `sd${rng.int(0, 99)}` : kind === 'fifo' ? `pipe${rng.int(0, 999)}` : `app${rng.int(0, 999)}.sock`;
          if (server === 'pure-ftpd') type = 'unknown';
          else if (server === 'pyftpdlib') type = 'file';
          else if (kind === 'chr' || kind === 'blk') type = `OS.unix=${kind}-${rng.int(1, 260)}/${rng.int(0, 255)}`;
          else type = kind === 'fifo' ? 'OS.unix=fifo' : 'OS.unix=socket';
        }
      }
      if (rng.chance(0.01)) name = rng.chance(0.5) ? name.replace(/[_.-]/, ';') : `${name.replace(/[_-]/, '=')};v=2`;
      if (rng.chance(0.002)) name = ` ${name}`;
      if (type === 'file' || type === 'dir') {
        recent.push(uniq);
        if (recent.length > 64) recent.shift();
      }
      const writable = rng.chance(0.3);
      let line: string;
      if (server === 'proftpd') {
        const perm = isDir ? (writable ? 'flcdmpe' : 'fle') : writable ? 'adfrw' : 'adfr';
        const sizeFact = isDir ? '' : `size=${size};`;
        line =
          `modify=${modify};perm=${perm};${sizeFact}type=${type};unique=${uniq};UNIX.group=${gid};UNIX.groupname=${gname};` +
          `UNIX.mode=${mode};UNIX.owner=${uid};UNIX.ownername=${uname}; ${name}`;
      } else if (server === 'pure-ftpd') {
        line = `type=${type};${isDir ? 'sizd' : 'size'}=${size};modify=${modify};UNIX.mode=${mode};UNIX.uid=${uid};UNIX.gid=${gid};unique=${uniq}; ${name}`;
      } else {
        const perm = isDir ? (writable ? 'elradfmwMT' : 'el') : writable ? 'radfwMT' : 'r';
        line = `modify=${modify};perm=${perm};size=${size};type=${type};unique=${uniq}; ${name}`;
      }
      emit(line);
    }
    return lines - 2;
  },
};


// ---- rsync --list-only and tar -tv ---------------------------------------------------------------

/** `YYYY/MM/DD hh:mm:ss` (rsync's timestring) or `YYYY-MM-DD hh:mm` (GNU tar's tartime), UTC. */
function isoParts(date: Date): [string, string, string, string, string, string] {
  return [String(date.getUTCFullYear()), two(date.getUTCMonth() + 1), two(date.getUTCDate()), two(date.getUTCHours()), two(date.getUTCMinutes()), two(date.getUTCSeconds())];
}

/** rsync 3.1+ `-r` listing as fixtures/rsync/r.txt: size grouped in 14 columns, paths, `\#ooo` escapes. */
const rsyncGenerator: CorpusGenerator = {
  description:
    'rsync 3.1+ `--list-only -r` (fixtures/rsync/r.txt layout), LF: the `.` line, then 78% files / 14% dirs / 7% symlinks ' +
    '/ ~1% devices, fifos, sockets; sizes digit-grouped in 14 columns (log-uniform up to 32 GiB); YYYY/MM/DD hh:mm:ss from ' +
    '1995 to now; paths of 1-3 directories; 6% names with spaces, ~3% UTF-8, 0.5% with a \\#012 escape',
  generate(rng, lines, emit) {
    emit(`drwxr-xr-x ${'4,096'.padStart(14)} 2025/06/15 11:00:00 .`);
    const dirs: string[] = [''];
    for (let i = 1; i < lines; i++) {
      const r = rng.int(0, 999);
      const date = isoParts(between(rng, Date.UTC(1995, 0, 1), BENCH_NOW));
      const dir = rng.pick(dirs);
      const isDir = r >= 780 && r < 920;
      let name = makeName(rng, isDir, 0.06);
      if (rng.chance(0.005)) name = name.replace(/^(.)/, '$1\\#012');
      const path = dir + name;
      let mode = isDir ? 'drwxr-xr-x' : r < 780 ? rng.pick(['-rw-r--r--', '-rw-rw-r--', '-rwxr-xr-x', '-rw-------']) : r < 990 ? 'lrwxrwxrwx' : rng.pick(['crw-rw----', 'brw-rw----', 'prw-r--r--', 'srwxrwxrwx']);
      const size = isDir ? 4096 : mode[0] === 'l' ? rng.int(4, 60) : mode[0] === '-' ? makeSize(rng) : 0;
      if (isDir && dirs.length < 5000 && path.split('/').length < 4) dirs.push(`${path}/`);
      const grouped = String(size).replace(/\B(?=(\d{3})+$)/g, ',');
      emit(`${mode} ${grouped.padStart(14)} ${date[0]}/${date[1]}/${date[2]} ${date[3]}:${date[4]}:${date[5]} ${path}`);
    }
    return lines - 1;
  },
};

/** GNU tar `-tv` as fixtures/tar/gnutar-utf8.txt: `user/group` and size in a growing 19-column field. */
const tarGenerator: CorpusGenerator = {
  description:
    'GNU tar 1.34 `-tvf` (fixtures/tar/gnutar-utf8.txt layout), LF: 78% files / 14% dirs (trailing /) / 7% symlinks ' +
    '(`-> target`) / 0.5% hard links (`link to`) / ~0.5% devices (`major,minor`); owner/group names or numbers; ' +
    'YYYY-MM-DD hh:mm from 1995 to now; member paths under `tree/`; 6% spaces, ~3% UTF-8, 0.5% `\\n` escapes',
  generate(rng, lines, emit) {
    const dirs: string[] = ['tree/'];
    let width = 19;
    for (let i = 0; i < lines; i++) {
      const r = rng.int(0, 999);
      const d = isoParts(between(rng, Date.UTC(1995, 0, 1), BENCH_NOW));
      const dir = rng.pick(dirs);
      const isDir = r >= 780 && r < 920;
      let name = makeName(rng, isDir, 0.06);
      if (rng.chance(0.005)) name = name.replace(/^(.)/, '$1\\n');
      const owner = rng.chance(0.8) ? `${rng.pick(OWNERS)}/${rng.pick(GROUPS)}` : `${rng.int(0, 65534)}/${rng.int(0, 65534)}`;
      let mode: string;
      let size: string;
      let tail = '';
      if (isDir) {
        mode = 'drwxr-xr-x';
        size = '0';
        name += '/';
        if (dirs.length < 5000 && dir.split('/').length < 5) dirs.push(dir + name);
      } else if (r < 775) {
        mode = rng.pick(['-rw-r--r--', '-rw-rw-r--', '-rwxr-xr-x', '-rw-------']);
        size = String(makeSize(rng));
      } else if (r < 780) {
        mode = 'hrw-r--r--';
        size = '0';
        tail = ` link to ${dir}${makeName(rng, false, 0)}`;
      } else if (r < 990) {
        mode = 'lrwxrwxrwx';
        size = '0';
        tail = ` -> ../${makeName(rng, false, 0)}`;
      } else {
        mode = rng.pick(['crw-rw----', 'brw-rw----']);
        size = `${rng.int(1, 260)},${rng.int(0, 255)}`;
      }
      const pad = owner.length + 1 + size.length;
      if (pad > width) width = pad;
      emit(`${mode} ${owner}${' '.repeat(width - pad + 1)}${size} ${d[0]}-${d[1]}-${d[2]} ${d[3]}:${d[4]} ${dir}${name}${tail}`);
    }
    return lines;
  },
};

/** Generators keyed by family. */
export const generators: Readonly<Record<Family, CorpusGenerator>> = {
  unix: unixGenerator,
  dos: dosGenerator,
  mlsd: mlsdGenerator,
  rsync: rsyncGenerator,
  tar: tarGenerator,
};

// ---- cache ---------------------------------------------------------------------------------------

/** Seeds differ per family and size, so a 10k corpus is not the prefix of the 100k one. */
function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

function generatedIds(families: readonly Family[], sizes: readonly string[]): string[] {
  return families.filter((f) => f in generators).flatMap((family) => sizes.map((size) => `${family}-${size}`));
}

/** Captured listings under fixtures/ftp/<server>/listing.txt (may appear while others work). */
export function fixtureServers(): string[] {
  if (!existsSync(FIXTURE_DIR)) return [];
  return readdirSync(FIXTURE_DIR)
    .filter((server) => existsSync(join(FIXTURE_DIR, server, 'listing.txt')))
    .sort();
}

/** Captured MLSD data under fixtures/ftp/<server>/mlsd.txt. */
export function mlsdFixtureServers(): string[] {
  if (!existsSync(FIXTURE_DIR)) return [];
  return readdirSync(FIXTURE_DIR)
    .filter((server) => existsSync(join(FIXTURE_DIR, server, 'mlsd.txt')))
    .sort();
}

/** MLSD fixture corpora are `fixture-<server>-mlsd` (no server directory ends with `-mlsd`). */
const MLSD_FIXTURE_SUFFIX = '-mlsd';

/** Corpus ids for the families and sizes asked for, fixtures last. */
export function corpusIds(families: readonly Family[], sizes: readonly string[], withFixtures: boolean): string[] {
  const ids = generatedIds(families, sizes);
  if (withFixtures) {
    for (const server of fixtureServers()) {
      const id = `fixture-${server}`;
      if (families.includes(fixtureFamily(server))) ids.push(id);
    }
    if (families.includes('mlsd')) for (const server of mlsdFixtureServers()) ids.push(`fixture-${server}${MLSD_FIXTURE_SUFFIX}`);
  }
  return ids;
}

/** A captured FTP LIST is MS-DOS style when its first line starts with a digit, else `ls -l`. */
function fixtureFamily(server: string): Family {
  const text = readFileSync(join(FIXTURE_DIR, server, 'listing.txt'), 'utf8');
  return /^\s*\d/.test(text) ? 'dos' : 'unix';
}

/** The corpus file and its facts, generating (or tiling a fixture) on first use. */
export function ensureCorpus(id: string): CorpusMeta {
  const metaPath = join(CACHE_DIR, `${id}.json`);
  const path = join(CACHE_DIR, `${id}.txt`);
  if (existsSync(metaPath) && existsSync(path)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CorpusMeta;
    const fresh = meta.source === 'generated' ? meta.version === GENERATOR_VERSION : isNewer(path, fixturePath(id));
    if (fresh) return { ...meta, path };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const meta = id.startsWith('fixture-') ? tileFixture(id, path) : generate(id, path);
  writeFileSync(metaPath, `${JSON.stringify({ ...meta, path: undefined }, null, 2)}\n`);
  return meta;
}

/** Reads the sidecar only (the worker uses it to avoid touching the corpus before it has to). */
export function loadMeta(id: string): CorpusMeta {
  const meta = JSON.parse(readFileSync(join(CACHE_DIR, `${id}.json`), 'utf8')) as CorpusMeta;
  return { ...meta, path: join(CACHE_DIR, `${id}.txt`) };
}

function generate(id: string, path: string): CorpusMeta {
  const match = /^(.+)-([^-]+)$/.exec(id);
  const generator = match && generators[match[1]!];
  const lines = match && SIZES[match[2]!];
  if (!generator || !lines) throw new Error(`Unknown corpus '${id}': expected <family>-<size> or fixture-<server>`);
  const rng = new Rng(seedOf(id));
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let bytes = 0;
  // Written in blocks so a 1M-line corpus never sits in memory as one string.
  const flush = () => {
    const block = buffer.join('');
    bytes += Buffer.byteLength(block);
    writeSync(fd, block);
    buffer = [];
  };
  const entries = generator.generate(rng, lines, (line) => {
    buffer.push(`${line}\r\n`);
    if (buffer.length === 8192) flush();
  });
  flush();
  closeSync(fd);
  return {
    id, family: match[1]!, source: 'generated', description: generator.description,
    lines, bytes, entries, nowMs: BENCH_NOW, path, version: GENERATOR_VERSION,
  };
}

/** The server directory and the capture file of a fixture corpus id. */
function fixtureSource(id: string): { server: string; file: string; family: Family | undefined } {
  const rest = id.slice('fixture-'.length);
  return rest.endsWith(MLSD_FIXTURE_SUFFIX)
    ? { server: rest.slice(0, -MLSD_FIXTURE_SUFFIX.length), file: 'mlsd.txt', family: 'mlsd' }
    : { server: rest, file: 'listing.txt', family: undefined };
}

function fixturePath(id: string): string {
  const { server, file } = fixtureSource(id);
  return join(FIXTURE_DIR, server, file);
}

function isNewer(a: string, b: string): boolean {
  return existsSync(b) && statSync(a).mtimeMs >= statSync(b).mtimeMs;
}

/**
 * A captured listing repeated to ~100k lines; its yearless dates resolve against the capture time.
 * (MLSD: every copy repeats the same `unique` ids, so after tiling dirlisting resolves no proftpd symlink by
 * its unique (a shared id is not guessed), while basic-ftp takes the last entry with the id; both do the pass.)
 */
function tileFixture(id: string, path: string): CorpusMeta {
  const { server, file, family } = fixtureSource(id);
  const source = readFileSync(fixturePath(id), 'utf8');
  const body = source.endsWith('\n') ? source : `${source}\r\n`;
  const perCopy = body.split('\n').length - 1;
  const copies = Math.max(1, Math.round(FIXTURE_TILE_LINES / perCopy));
  const text = body.repeat(copies);
  writeFileSync(path, text);
  let nowMs = BENCH_NOW;
  try {
    const capture = JSON.parse(readFileSync(join(FIXTURE_DIR, server, 'capture.json'), 'utf8')) as { treeNow?: string; capturedAt?: string };
    const when = Date.parse(capture.treeNow ?? capture.capturedAt ?? '');
    if (Number.isFinite(when)) nowMs = when;
  } catch {
    // No capture facts: keep the fixed benchmark clock.
  }
  return {
    id, family: family ?? fixtureFamily(server), source: 'fixture',
    description: `fixtures/ftp/${server}/${file} (${perCopy} lines) repeated ${copies}×`,
    lines: perCopy * copies, bytes: Buffer.byteLength(text), entries: undefined, nowMs, path, version: GENERATOR_VERSION,
  };
}
