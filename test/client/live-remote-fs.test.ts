/**
 * The shared remoteFs suite (remote-fs-shared.ts) against node:fs/promises on the served tree, then
 * against client.remoteFs() of every live server serving that tree: the same assertions, one file.
 * A difference a server cannot be made to hide goes to remoteFsSuite's `knownFailures` (ava's
 * test.failing) with the reason; there is none today.
 */
import { ListingClient } from '../../src/index.js';
import { type FsLike, localFs, remoteFsSuite } from './remote-fs-shared.js';
import { liveTargets, withLiveServers } from './live-servers.js';

withLiveServers('remoteFs', (live) => {
  remoteFsSuite('node:fs', live.root, () => localFs(live.root));
  for (const { label, url } of liveTargets(live)) {
    const client = new ListingClient({ timeout: 20_000 });
    remoteFsSuite(label, live.root, () => client.remoteFs(url) as FsLike, () => client.close());
  }
});
