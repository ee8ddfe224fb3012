/** What the FTP and rsync transports share: URLs of listed entries, paths, the abort check. */
import { type StatResult, percentDecode } from '../index.js';

/** The URL without user name and password: what listed entries are addressed by. */
export function withoutCredentials(url: URL): URL {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare;
}

/** The listed directory's URL, ending in `/`, without credentials. */
export function directoryUrl(url: URL): URL {
  const dir = withoutCredentials(url);
  if (!dir.pathname.endsWith('/')) dir.pathname += '/';
  dir.search = '';
  dir.hash = '';
  return dir;
}

/**
 * The absolute URL of an entry of the listing of `dir`: the name percent-encoded (its exact bytes
 * when it was not valid in the listing's charset), directories ending in `/`.
 */
export function entryUrl(dir: URL, entry: StatResult): string {
  const segment = entry.rawName
    ? Array.from(entry.rawName, (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    : encodeURIComponent(entry.name);
  return new URL(`${segment}${entry.type === 'directory' ? '/' : ''}`, dir).href;
}

/** The path a URL names, percent-decoded: what FTP commands and rsync arguments take. */
export function decodedPath(url: URL): string {
  return percentDecode(url.pathname);
}

/** Rejects with the signal's reason when it is already aborted (the Transport contract). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
