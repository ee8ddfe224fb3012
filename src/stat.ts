import { formatUnixMode } from './mode.js';

/**
 * The normalized entry every format maps to, shaped like Node's `fs.Stats`/`fs.Dirent`.
 * Fields a format cannot show stay `undefined`: a missing value is never guessed.
 */

export type EntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'block-device'
  | 'char-device'
  | 'fifo'
  | 'socket'
  | 'unknown';

/** How finely a time was stated in the listing (`Nov 21 10:00` is a minute, `Nov 21  2019` a day). */
export type TimePrecision = 'millisecond' | 'second' | 'minute' | 'day' | 'month' | 'year';

/** Milliseconds a precision spans: a shown time `t` means the real time lies in `[t, t + span)`. */
export const PRECISION_MS: Readonly<Record<TimePrecision, number>> = {
  millisecond: 1,
  second: 1_000,
  minute: 60_000,
  day: 86_400_000,
  month: 31 * 86_400_000,
  year: 366 * 86_400_000,
};

/** `S_IF*` file type bits as in `fs.constants` (POSIX values, the same on every platform here). */
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

const TYPE_BITS: Readonly<Record<EntryType, number>> = {
  file: S_IFREG,
  directory: S_IFDIR,
  symlink: S_IFLNK,
  'block-device': S_IFBLK,
  'char-device': S_IFCHR,
  fifo: S_IFIFO,
  socket: S_IFSOCK,
  unknown: 0,
};

/** The entry type `st_mode` names, or `unknown`. */
export function typeFromMode(mode: number): EntryType {
  const bits = mode & S_IFMT;
  for (const type in TYPE_BITS) {
    if (TYPE_BITS[type as EntryType] === bits && bits !== 0) return type as EntryType;
  }
  return 'unknown';
}

/** The `S_IF*` bits of an entry type (0 for `unknown`). */
export function modeTypeBits(type: EntryType): number {
  return TYPE_BITS[type];
}

/**
 * Optional fields are `declare`d, not initialized: an entry carries only what its format showed,
 * in the order its format sets them, so V8 keeps one shape per format and a Unix entry is not
 * paying for 16 undefined slots (measured: a fifth of the per-entry cost, bench/README.md).
 */
export class StatResult {
  /**
   * The leaf name, decoded; never empty, `.`, `..`, nor containing `/` (the engine skips such entries
   * with the reason). Bytes that are not valid in the listing's charset appear as U+FFFD here, and
   * the exact bytes are in `rawName`.
   */
  name: string;
  type: EntryType;
  /** Size in bytes: the best value the listing gives. */
  declare size: number | undefined;
  /** 1 when exact; otherwise the width of the interval the shown size stands for (e.g. 102.4 for `1.2K`). */
  declare sizePrecision: number | undefined;
  /**
   * The exact byte count when it is beyond 2^53 (`size` is then the nearest double and
   * `sizePrecision` the spacing of doubles there). `undefined` for every smaller size.
   */
  declare sizeBig: bigint | undefined;
  /** The modification instant in ms since the epoch (UTC), resolved in the server's time zone. */
  declare mtimeMs: number | undefined;
  declare mtimePrecision: TimePrecision | undefined;
  /** The creation instant in ms since the epoch, where the listing states one (MLSD `create`, WebDAV `creationdate`). */
  declare birthtimeMs: number | undefined;
  declare birthtimePrecision: TimePrecision | undefined;
  /** Type and permission bits, as `fs.Stats.mode`. */
  declare mode: number | undefined;
  declare nlink: number | undefined;
  declare owner: string | undefined;
  declare group: string | undefined;
  declare uid: number | undefined;
  declare gid: number | undefined;
  /** Device numbers of block and character devices (`ls` shows `major, minor` instead of a size). */
  declare major: number | undefined;
  declare minor: number | undefined;
  /** The inode number, where the listing shows one (`ls -i`). */
  declare ino: number | undefined;
  /** Symlink (or junction) target, as shown. */
  declare target: string | undefined;
  /** Absolute URL, for HTTP and WebDAV entries. */
  declare url: string | undefined;
  declare etag: string | undefined;
  declare contentType: string | undefined;
  /** Facts the format states that no field above holds (MLSD facts, WebDAV properties, …). */
  declare facts: Record<string, string> | undefined;
  /**
   * For formats that list a tree (rsync -r, WebDAV Depth infinity, tar): the path relative to the
   * listed directory, `name` being its leaf; for MLST and NLST, the path the server gave.
   */
  declare path: string | undefined;
  /** The name's exact bytes, only when they are not valid in the listing's charset (see `name`). */
  declare rawName: Uint8Array | undefined;
  /** The parser that produced this entry. */
  format: string;
  /** The listing text the entry came from, when `keepRaw` was asked for. */
  declare raw: string | undefined;

  constructor(name: string, type: EntryType, format: string) {
    this.name = name;
    this.type = type;
    this.format = format;
  }

  /** Created on each access from `mtimeMs`, as `fs.Stats` does: a `Date` per entry costs ~180 bytes. */
  get mtime(): Date | undefined {
    return this.mtimeMs === undefined ? undefined : new Date(this.mtimeMs);
  }

  /** Created on each access from `birthtimeMs`. */
  get birthtime(): Date | undefined {
    return this.birthtimeMs === undefined ? undefined : new Date(this.birthtimeMs);
  }

  /**
   * A device's `major`/`minor` in Linux's `dev_t` encoding (glibc `makedev`), which is what
   * `fs.Stats.rdev` holds on Linux; `undefined` for anything but a device with its numbers shown.
   */
  get rdev(): number | undefined {
    if (this.major === undefined || this.minor === undefined) return undefined;
    const dev =
      ((BigInt(this.major) & 0xfffff000n) << 32n) |
      ((BigInt(this.major) & 0xfffn) << 8n) |
      ((BigInt(this.minor) & 0xffffff00n) << 12n) |
      (BigInt(this.minor) & 0xffn);
    return Number(dev);
  }

  /** The permission bits as `ls` shows them (`-rw-r--r--`), or `undefined` without a mode. */
  get permissions(): string | undefined {
    return this.mode === undefined ? undefined : formatUnixMode(this.type, this.mode);
  }

  /** What `console.log(entry)` shows: the fields, with `mtime` (and `birthtime`) as dates. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: (value: unknown, options: unknown) => string): string {
    const view: Record<string, unknown> = {};
    for (const [key, value] of this.fields()) {
      if (value === undefined) continue;
      view[key] = value;
      if (key === 'mtimeMs') view.mtime = this.mtime;
      if (key === 'birthtimeMs') view.birthtime = this.birthtime;
      if (key === 'mode') view.permissions = this.permissions;
    }
    return `StatResult ${inspect(view, options)}`;
  }

  isFile(): boolean {
    return this.type === 'file';
  }
  isDirectory(): boolean {
    return this.type === 'directory';
  }
  isSymbolicLink(): boolean {
    return this.type === 'symlink';
  }
  isBlockDevice(): boolean {
    return this.type === 'block-device';
  }
  isCharacterDevice(): boolean {
    return this.type === 'char-device';
  }
  isFIFO(): boolean {
    return this.type === 'fifo';
  }
  isSocket(): boolean {
    return this.type === 'socket';
  }

  /** A plain object without the undefined fields, `mtime` as an ISO string: what `--json` prints. */
  /**
   * The entry's fields in the order its format set them: its own properties, and those a subclass
   * computes on first read (MLSD keeps `facts` as the line's text until it is read).
   */
  protected fields(): [string, unknown][] {
    return Object.entries(this);
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.fields()) {
      if (value === undefined) continue;
      if (value instanceof Uint8Array) {
        // Undecodable name bytes, percent-encoded byte by byte: what a client would request.
        out[key] = Array.from(value, (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
        continue;
      }
      // JSON has no bigint: the exact count as a decimal string.
      out[key] = typeof value === 'bigint' ? value.toString() : value;
      if (key === 'mtimeMs' && Number.isFinite(value)) out.mtime = new Date(value as number).toISOString();
      if (key === 'birthtimeMs' && Number.isFinite(value)) out.birthtime = new Date(value as number).toISOString();
      if (key === 'mode') out.permissions = this.permissions;
    }
    return out;
  }
}

/**
 * What a formatter writes for a field the entry must state: the value, or a RangeError saying which
 * entry lacks it. A formatter never writes a made-up value (1970 for a missing time, mode 000 for a
 * missing mode) that would read back as fact.
 */
export function requireField<K extends 'mtimeMs' | 'mode'>(entry: StatResult, field: K, format: string): number {
  const value = entry[field];
  if (value === undefined || !Number.isFinite(value)) {
    const what = field === 'mtimeMs' ? 'no modification time' : 'no mode';
    throw new RangeError(
      `Cannot write ${JSON.stringify(entry.name)} as a ${format} line: it has ${what}, and a ${format} listing has no placeholder for it`,
    );
  }
  return value;
}
