/**
 * The remote-tree client's public face: `ListingClient` (context-full: one per site, reusing
 * connections, cache and settings) and one-shot `list`, `stat`, `walk`, `remoteFs`, `download`,
 * `downloadIfNewer` (context-free: a client made and closed for the call).
 */
import { type ListOptions, ListingClient, type RemoteStat } from './client.js';
import type { DownloadOptions, DownloadResult } from './download.js';
import type { RemoteFs } from './fs.js';
import type { ClientOptions } from './options.js';
import type { RemoteListing } from './transport.js';
import type { WalkEntry, WalkOptions } from './walk.js';

export { ListingClient, RemoteStat, type ListOptions, type StatSource } from './client.js';
export { RemoteError, HttpError, ListingError, RemoteFsError, redactUrl } from './errors.js';
export { HttpTransport } from './http.js';
export { RemoteDirent, type RemoteFs, type ReadFileOptions, type ReadStreamOptions } from './fs.js';
export { safeDestination, type DownloadOptions, type DownloadResult } from './download.js';
export { normalizeUrl } from './url.js';
export { parseList, toFileInfo, FtpFileInfo, FtpFileType, type FtpUnixPermissions } from './basic-ftp.js';
export { rsyncUrlFromSpec } from './rsync.js';
export type { WalkEntry, WalkOptions } from './walk.js';
export type { ClientOptions, ClientStats } from './options.js';
export type {
  Transport,
  TransportListOptions,
  TransportReadOptions,
  TransportRequestOptions,
  ReadResult,
  RemoteListing,
  ListingValidators,
} from './transport.js';

/** Runs `call` on a client made from `options`, closing it afterwards. */
async function once<T>(options: ClientOptions, call: (client: ListingClient) => Promise<T>): Promise<T> {
  const client = new ListingClient(options);
  try {
    return await call(client);
  } finally {
    await client.close();
  }
}

export function list(url: string | URL, options: ClientOptions & ListOptions = {}): Promise<RemoteListing> {
  return once(options, (client) => client.list(url, options));
}

export function stat(url: string | URL, options: ClientOptions & ListOptions = {}): Promise<RemoteStat> {
  return once(options, (client) => client.stat(url, options));
}

/** Walks with a client of its own, closed when the iteration ends (finished, broken off or failed). */
export async function* walk(url: string | URL, options: ClientOptions & WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const client = new ListingClient(options);
  try {
    yield* client.walk(url, options);
  } finally {
    await client.close();
  }
}

/** A `remoteFs` on a client of its own (`close()` it when done; it holds connections and a cache). */
export function remoteFs(url: string | URL, options: ClientOptions = {}): RemoteFs & { close(): Promise<void> } {
  const client = new ListingClient(options);
  return Object.assign(client.remoteFs(url), { close: () => client.close() });
}

export function download(url: string | URL, destPath: string, options: ClientOptions & DownloadOptions = {}): Promise<DownloadResult> {
  return once(options, (client) => client.download(url, destPath, options));
}

export function downloadIfNewer(url: string | URL, destPath: string, options: ClientOptions & DownloadOptions = {}): Promise<DownloadResult> {
  return once(options, (client) => client.downloadIfNewer(url, destPath, options));
}
