/**
 * `walk`: every entry below a directory, breadth-first, in the spirit of `os.walk` and `fs.opendir`.
 * At most `concurrency` directories are being listed ahead of the consumer; no directory is visited
 * twice, whatever spelling, redirect or symlink leads to it again.
 */
import { createHash } from 'node:crypto';
import type { Listing } from '../listing.js';
import type { StatResult } from '../stat.js';
import type { ListingClient, ListOptions } from './client.js';
import { RemoteError } from './errors.js';
import { asDirectory, normalizeUrl } from './url.js';

export interface WalkOptions {
  /** Deepest level yielded (1 = the start's children). Default: no limit. */
  maxDepth?: number;
  /** Directories listed at once. Default: the client's `concurrency` (8). */
  concurrency?: number;
  /** `false`: the entry is not yielded and, if a directory, not descended into. */
  filter?: (entry: WalkEntry) => boolean;
  signal?: AbortSignal;
  /** Descend only into URLs of the start's origin (default `true`); below the start's path either way. */
  sameOrigin?: boolean;
  method?: ListOptions['method'];
  /** Called with each directory's listing, before its entries are yielded. */
  onDirectory?: (url: string, listing: Listing) => void;
  /** A directory that cannot be listed: `skip` it or `throw` (default). */
  onError?: (error: RemoteError, url: string) => 'skip' | 'throw';
}

export interface WalkEntry {
  url: string;
  /** POSIX path relative to the start, decoded, no leading slash. */
  path: string;
  /** 1 for the start's children. */
  depth: number;
  entry: StatResult;
}

/** A directory to list: where it is, and the fingerprints of its ancestors' listings (for loops). */
interface Pending {
  url: URL;
  key: string;
  path: string;
  depth: number;
  ancestors: readonly string[];
  listing?: Promise<Listing>;
}

/**
 * Walks breadth-first. A directory is skipped (its entry was yielded, its contents are not) when:
 * - its URL, normalized (`normalizeUrl`: `..`, escapes, `//`), or the URL it redirects to was visited;
 * - its listing is the same as an ancestor's: a symlink loop (`loop -> ..`), which a web server follows
 *   and which no URL comparison can catch;
 * - it differs from a visited URL only in case and lists the same: the server is case-insensitive.
 * Two directories with the same contents that are not ancestor and descendant are both walked.
 */
export async function* walkTree(client: ListingClient, start: URL, options: WalkOptions & { concurrency: number }): AsyncGenerator<WalkEntry> {
  const maxDepth = options.maxDepth ?? Infinity;
  const concurrency = Math.max(1, options.concurrency);
  const sameOrigin = options.sameOrigin ?? true;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const listOptions: ListOptions = { signal, ...(options.method ? { method: options.method } : {}) };
  const visited = new Set<string>();
  /** Fingerprint of each listed directory, by its normalized URL lowercased (the case-variant check). */
  const folded = new Map<string, { key: string; fingerprint: string }[]>();
  let root = normalizeUrl(asDirectory(start));
  const queue: Pending[] = [{ url: start, key: root, path: '', depth: 0, ancestors: [] }];
  visited.add(root);

  /** Starts the listings of the first `concurrency` queued directories: the bound on work ahead. */
  const prefetch = () => {
    for (const pending of queue.slice(0, concurrency)) {
      if (pending.listing) continue;
      pending.listing = client.list(pending.url, listOptions);
      pending.listing.catch(() => undefined);
    }
  };

  try {
    while (queue.length) {
      prefetch();
      const dir = queue.shift()!;
      let listing: Listing & { url?: string };
      try {
        listing = await dir.listing!;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (error instanceof RemoteError && options.onError?.(error, dir.url.href) === 'skip') continue;
        throw error;
      }
      const finalKey = normalizeUrl(asDirectory(new URL(listing.url ?? dir.url.href)));
      if (dir.depth === 0) {
        root = finalKey;
        visited.add(finalKey);
      } else if (finalKey !== dir.key) {
        if (visited.has(finalKey) || !eligible(finalKey)) continue;
        visited.add(finalKey);
      }
      const fingerprint = fingerprintOf(listing);
      if (dir.ancestors.includes(fingerprint) || isCaseVariant(finalKey, fingerprint)) continue;
      remember(finalKey, fingerprint);
      options.onDirectory?.(dir.url.href, listing);
      const ancestors = [...dir.ancestors, fingerprint];
      for (const entry of listing.entries) {
        if (signal.aborted) throw options.signal?.reason ?? signal.reason;
        // ListingClient.list gives every entry an absolute url.
        const url = entry.url!;
        const item: WalkEntry = { url, path: dir.path ? `${dir.path}/${entry.name}` : entry.name, depth: dir.depth + 1, entry };
        if (options.filter && !options.filter(item)) continue;
        yield item;
        if (entry.type !== 'directory' || item.depth >= maxDepth) continue;
        const key = normalizeUrl(asDirectory(new URL(url)));
        if (visited.has(key) || !eligible(key)) continue;
        visited.add(key);
        queue.push({ url: new URL(url), key, path: item.path, depth: item.depth, ancestors });
      }
    }
  } finally {
    stop.abort(new RemoteError('ERR_ABORTED', 'the walk was ended'));
  }

  /** Below the start directory, and on its origin unless `sameOrigin` is false. */
  function eligible(key: string): boolean {
    if (key.startsWith(root)) return true;
    return !sameOrigin && new URL(key).origin !== new URL(root).origin;
  }

  function isCaseVariant(key: string, fingerprint: string): boolean {
    return (folded.get(key.toLowerCase()) ?? []).some((seen) => seen.key !== key && seen.fingerprint === fingerprint);
  }

  function remember(key: string, fingerprint: string): void {
    const fold = key.toLowerCase();
    const seen = folded.get(fold);
    if (seen) seen.push({ key, fingerprint });
    else folded.set(fold, [{ key, fingerprint }]);
  }
}

/** What identifies a directory's contents: its entries' names, types, sizes and times, hashed. */
function fingerprintOf(listing: Listing): string {
  const hash = createHash('sha256');
  for (const entry of listing.entries) hash.update(`${entry.name}\0${entry.type}\0${entry.size ?? ''}\0${entry.mtimeMs ?? ''}\n`);
  return hash.digest('base64');
}
