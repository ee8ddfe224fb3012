/**
 * The shared remoteFs suite (remote-fs-shared.ts) against node:fs/promises on the served tree, then
 * against client.remoteFs() of every live server serving that tree: the same assertions, one file.
 */
import { ListingClient } from '../../src/index.js';
import { type FsLike, localFs, remoteFsSuite } from './remote-fs-shared.js';
import { liveTargets, withLiveServers } from './live-servers.js';

/**
 * Where a served tree still differs from node:fs (observed; each is ava's test.failing, which fails
 * once the difference is gone): for src/client/fs.ts to handle.
 */
const KNOWN_FAILURES: Record<string, Record<string, string>> = {};

withLiveServers('remoteFs', (live) => {
  remoteFsSuite('node:fs', live.root, () => localFs(live.root));
  for (const { label, url } of liveTargets(live)) {
    const client = new ListingClient({ timeout: 20_000 });
    remoteFsSuite(label, live.root, () => client.remoteFs(url) as FsLike, () => client.close(), KNOWN_FAILURES[label]);
  }
});
