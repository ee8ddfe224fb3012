/**
 * `download` and `downloadIfNewer` (ftputil's `download_if_newer`): the bytes go to a temporary file
 * beside the target (`.name.dirlisting-partial`), renamed into place at the end, so an interrupted
 * download never leaves a truncated file under the final name; the next attempt resumes it with a
 * range request (RFC 9110 §14.2) guarded by If-Range (§13.1.5), so a file that changed meanwhile is
 * fetched whole instead of spliced.
 */
import { open, rename, stat as lstatLocal, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { PRECISION_MS } from '../stat.js';
import type { ListingClient } from './client.js';
import { HttpError, RemoteError } from './errors.js';

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { bytes: number; total?: number }) => void;
  /** Continue a partial download left by an earlier attempt. Default `true`. */
  resume?: boolean;
  /**
   * When set, `destPath` is taken relative to this directory and refused (`ERR_UNSAFE_PATH`) if it
   * would land outside it: `..`, an absolute path, NUL or control characters.
   */
  dir?: string;
}

export interface DownloadResult {
  /** The file written (or left alone). */
  path: string;
  /** Bytes received in this call. */
  bytes: number;
  downloaded: boolean;
  /** The download continued a partial file. */
  resumed: boolean;
  /** Why `downloadIfNewer` did or did not download. */
  reason?: string;
}

const PARTIAL_SUFFIX = '.dirlisting-partial';

/** Characters no remote name may bring into a local path: NUL and the C0/C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The local path to write, refusing one that would escape `dir` whatever the remote name says. */
export function safeDestination(destPath: string, dir?: string): string {
  if (dir === undefined) return resolve(destPath);
  const unsafe = (reason: string) => new RemoteError('ERR_UNSAFE_PATH', `refusing to write ${JSON.stringify(destPath)}: ${reason}`);
  if (CONTROL.test(destPath)) throw unsafe('it contains NUL or control characters');
  if (isAbsolute(destPath) || /^[a-zA-Z]:|^[\\/]/.test(destPath)) throw unsafe('it is an absolute path');
  if (destPath.split(/[\\/]/).includes('..')) throw unsafe("it contains '..'");
  const base = resolve(dir);
  const target = resolve(base, destPath);
  if (!target.startsWith(base + sep)) throw unsafe(`it is not inside ${base}`);
  return target;
}

function partialPath(target: string): string {
  return join(dirname(target), `.${basename(target)}${PARTIAL_SUFFIX}`);
}

export async function download(client: ListingClient, url: URL, destPath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const target = safeDestination(destPath, options.dir);
  const partial = partialPath(target);
  const transport = await client.transportFor(url);
  if (!transport.read) throw new RemoteError('ERR_UNSUPPORTED_OPERATION', `${url.protocol} transport cannot read files`, { url });
  // The partial's mtime holds the remote Last-Modified it was started under: its If-Range validator.
  const held = options.resume === false ? undefined : await lstatLocal(partial).catch(() => undefined);
  const start = held && held.size > 0 ? held.size : 0;
  const ifRange = start > 0 ? new Date(Math.floor(held!.mtimeMs / 1000) * 1000).toUTCString() : undefined;
  const request = client.requestOptions(options);
  let result;
  try {
    result = await transport.read(url, { ...request, start, ...(ifRange ? { ifRange } : {}) });
  } catch (error) {
    // RFC 9110 §15.5.17: 416 when the partial is already whole or longer than the file: start over.
    if (!(error instanceof HttpError && error.status === 416)) throw error;
    await unlink(partial).catch(() => undefined);
    result = await transport.read(url, request);
  }
  const resumed = result.start > 0;
  const remoteMtime = result.entry?.mtimeMs;
  const file = await open(partial, resumed ? 'a' : 'w');
  let bytes = 0;
  let position = result.start;
  try {
    for await (const chunk of result.body) {
      await file.write(chunk);
      bytes += chunk.length;
      position += chunk.length;
      options.onProgress?.({ bytes: position, ...(result.size !== undefined ? { total: result.size } : {}) });
    }
  } finally {
    await file.close();
    if (remoteMtime !== undefined) await utimes(partial, new Date(), new Date(remoteMtime)).catch(() => undefined);
  }
  if (result.size !== undefined && position !== result.size) {
    throw new RemoteError('ECONNRESET', `the file ended after ${position} of ${result.size} bytes (kept as ${basename(partial)} to resume)`, { url });
  }
  await rename(partial, target);
  return { path: target, bytes, downloaded: true, resumed };
}

/**
 * Downloads only when the remote file is newer than the local one. The remote time is an interval
 * (`[mtime, mtime + precision)`): it is newer only when the local time lies before the interval, so
 * a minute-precision listing never causes a download loop. The local mtime is set to the remote one.
 */
export async function downloadIfNewer(client: ListingClient, url: URL, destPath: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const target = safeDestination(destPath, options.dir);
  const local = await lstatLocal(target).catch(() => undefined);
  const remote = await client.stat(url, options);
  let reason: string;
  if (local === undefined) reason = 'the local file is missing';
  else if (remote.mtimeMs === undefined) reason = 'the remote time is unknown';
  else if (local.mtimeMs < remote.mtimeMs) reason = `the remote file is newer (${remote.mtime!.toISOString()}, ${remote.mtimePrecision ?? 'second'} precision)`;
  else {
    const span = PRECISION_MS[remote.mtimePrecision ?? 'second'];
    return { path: target, bytes: 0, downloaded: false, resumed: false, reason: `the local file is not older (remote ${remote.mtime!.toISOString()} within ${span} ms)` };
  }
  const result = await download(client, url, target, { ...options, dir: undefined });
  return { ...result, reason };
}
