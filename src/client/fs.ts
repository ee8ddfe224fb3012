/**
 * `remoteFs(url)`: the parts of `node:fs/promises` that make sense over a listing (`readdir`, `stat`,
 * `lstat`, `readFile`, `createReadStream`, plus `exists`), with Node's names, overloads and error
 * shapes (`ENOENT: no such file or directory, stat '/x'`), so code written for `fs` runs against a
 * remote index. Paths are relative to the root URL (or absolute POSIX paths), and never leave it.
 */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type { StatResult } from '../stat.js';
import { type ListingClient, type RemoteStat, combineStat } from './client.js';
import { FS_MESSAGES, RemoteError, RemoteFsError } from './errors.js';
import { CLIENT_DEFAULTS } from './options.js';
import type { ReadResult } from './transport.js';
import { encodeSegment } from './url.js';

/** What `readdir(path, { withFileTypes: true })` gives: a `fs.Dirent` look-alike with the full entry. */
export class RemoteDirent {
  constructor(
    readonly name: string,
    /** The directory the entry is in, as passed to `readdir` (Node ≥ 20.12 `Dirent.parentPath`). */
    readonly parentPath: string,
    readonly entry: StatResult,
  ) {}
  /** Node's older name of `parentPath`. */
  get path(): string {
    return this.parentPath;
  }
  isFile(): boolean {
    return this.entry.isFile();
  }
  isDirectory(): boolean {
    return this.entry.isDirectory();
  }
  isSymbolicLink(): boolean {
    return this.entry.isSymbolicLink();
  }
  isBlockDevice(): boolean {
    return this.entry.isBlockDevice();
  }
  isCharacterDevice(): boolean {
    return this.entry.isCharacterDevice();
  }
  isFIFO(): boolean {
    return this.entry.isFIFO();
  }
  isSocket(): boolean {
    return this.entry.isSocket();
  }
}

export interface ReadFileOptions {
  encoding?: BufferEncoding | null;
  signal?: AbortSignal;
}

export interface ReadStreamOptions {
  /** First byte (inclusive). */
  start?: number;
  /** Last byte (inclusive), as in `fs.createReadStream`. */
  end?: number;
  signal?: AbortSignal;
}

export interface RemoteFs {
  /** The root URL paths are resolved against. */
  readonly root: string;
  readdir(path: string, options?: { withFileTypes?: false } | BufferEncoding | null): Promise<string[]>;
  readdir(path: string, options: { withFileTypes: true }): Promise<RemoteDirent[]>;
  stat(path: string): Promise<RemoteStat>;
  /** As `stat`, but a symlink the parent's listing shows is reported as the symlink. */
  lstat(path: string): Promise<RemoteStat>;
  /** `true` when `stat` succeeds, `false` for `ENOENT`/`ENOTDIR`; other errors are thrown. */
  exists(path: string): Promise<boolean>;
  readFile(path: string, options?: { encoding?: null; signal?: AbortSignal } | null): Promise<Buffer>;
  readFile(path: string, options: { encoding: BufferEncoding; signal?: AbortSignal } | BufferEncoding): Promise<string>;
  createReadStream(path: string, options?: ReadStreamOptions): Readable;
}

export function createRemoteFs(client: ListingClient, root: URL): RemoteFs {
  /** The absolute POSIX path inside the root (`..` stops at `/`), and its URL. */
  const resolve = (path: string, directory = false): { path: string; url: URL } => {
    if (typeof path !== 'string' || path.includes('\0')) throw new RemoteError('ERR_INVALID_ARG_VALUE', `a path must be a string without NUL bytes, not ${JSON.stringify(path)}`);
    const clean = posix.normalize(`/${path}`);
    const relative = clean.slice(1).replace(/\/$/, '');
    const encoded = relative.split('/').map(encodeSegment).join('/');
    return { path: clean, url: new URL(encoded + (directory && relative ? '/' : ''), root) };
  };

  /** A client error as Node's fs would throw it, for the codes fs has; others unchanged. */
  const asFsError = (error: unknown, syscall: string, path: string): unknown =>
    error instanceof RemoteError && error.code in FS_MESSAGES && !(error instanceof RemoteFsError)
      ? new RemoteFsError(error.code as keyof typeof FS_MESSAGES, syscall, path, { url: error.url, cause: error })
      : error;

  const stat = async (path: string): Promise<RemoteStat> => {
    const target = resolve(path, path.endsWith('/'));
    try {
      return await client.stat(target.url);
    } catch (error) {
      throw asFsError(error, 'stat', target.path);
    }
  };

  /** Opens a file's bytes, refusing a directory (by its path, or the server redirecting to `…/`). */
  const open = async (path: string, syscall: string, start: number, signal: AbortSignal | undefined): Promise<ReadResult> => {
    const target = resolve(path);
    if (target.path === '/' || path.endsWith('/')) throw new RemoteFsError('EISDIR', syscall, target.path, { url: target.url });
    try {
      const transport = await client.transportFor(target.url);
      if (!transport.read) throw new RemoteError('ERR_UNSUPPORTED_OPERATION', `${target.url.protocol} transport cannot read files`, { url: target.url });
      const result = await transport.read(target.url, { ...client.requestOptions({ signal }), start });
      if (result.entry?.type === 'directory') {
        await result.body[Symbol.asyncIterator]().return?.();
        throw new RemoteFsError('EISDIR', syscall, target.path, { url: target.url });
      }
      return result;
    } catch (error) {
      throw asFsError(error, syscall, target.path);
    }
  };

  async function readdir(path: string, options?: { withFileTypes?: boolean } | BufferEncoding | null): Promise<string[] | RemoteDirent[]> {
    const target = resolve(path, true);
    let entries: StatResult[];
    try {
      entries = (await client.list(target.url)).entries;
    } catch (error) {
      throw asFsError(error, 'scandir', target.path);
    }
    const withTypes = typeof options === 'object' && options !== null && options.withFileTypes === true;
    return withTypes ? entries.map((entry) => new RemoteDirent(entry.name, target.path, entry)) : entries.map((entry) => entry.name);
  }

  async function readFile(path: string, options?: ReadFileOptions | BufferEncoding | null): Promise<Buffer | string> {
    const { encoding, signal } = typeof options === 'string' ? { encoding: options, signal: undefined } : (options ?? {});
    const max = client.options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes;
    const result = await open(path, 'open', 0, signal);
    if (result.size !== undefined && result.size > max) {
      await result.body[Symbol.asyncIterator]().return?.();
      throw new RemoteError('ERR_RESPONSE_TOO_LARGE', `the file is larger than ${max} bytes (maxResponseBytes)`, { url: result.entry?.url });
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of result.body) {
        total += chunk.length;
        if (total > max) throw new RemoteError('ERR_RESPONSE_TOO_LARGE', `the file is larger than ${max} bytes (maxResponseBytes)`, { url: result.entry?.url });
        chunks.push(chunk);
      }
    } catch (error) {
      throw asFsError(error, 'read', resolve(path).path);
    }
    const buffer = Buffer.concat(chunks, total);
    return encoding ? buffer.toString(encoding) : buffer;
  }

  return {
    root: root.href,
    readdir: readdir as RemoteFs['readdir'],
    stat,
    async lstat(path) {
      const target = resolve(path);
      const parent = posix.dirname(target.path);
      if (target.path !== '/') {
        const listing = await client.list(resolve(parent, true).url).catch(() => undefined);
        const name = posix.basename(target.path);
        const shown = listing?.entries.find((entry) => entry.name === name);
        if (shown?.isSymbolicLink()) return combineStat(undefined, shown);
      }
      return stat(path);
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch (error) {
        if (error instanceof RemoteError && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return false;
        throw error;
      }
    },
    readFile: readFile as RemoteFs['readFile'],
    createReadStream(path, options = {}) {
      const start = options.start ?? 0;
      const end = options.end ?? Infinity;
      async function* bytes(): AsyncGenerator<Uint8Array> {
        const result = await open(path, 'open', start, options.signal);
        // A server that ignored the range sends from 0: the bytes before `start` are dropped here.
        let position = result.start;
        for await (const chunk of result.body) {
          const from = Math.max(0, start - position);
          const to = Math.min(chunk.length, end + 1 - position);
          position += chunk.length;
          if (to > from) yield chunk.subarray(from, to);
          if (position > end) break;
        }
      }
      return Readable.from(bytes(), { objectMode: false });
    },
  };
}
