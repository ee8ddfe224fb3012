/**
 * Revalidation against real nginx. Its autoindex pages carry no validator (no Last-Modified, no
 * ETag: ngx_http_autoindex_module builds the page and sets neither), so a listing there cannot be
 * revalidated; a listing served as a static file (tree.mjs STATIC_LISTING, as mirrors publish
 * ls-lR) has both, and a second list after maxAge is a 304.
 */
import test from 'ava';
import { ListingClient } from '../../src/index.js';
import { withLiveServers } from './live-servers.js';

const STATIC_LISTING = 'listings/proftpd-LIST.txt';

withLiveServers('cache', (live) => {
  const nginx = live.servers.nginx;
  if (!nginx) return;

  test('nginx autoindex pages carry no validator', async (t) => {
    const response = await fetch(`${nginx.html}bulk/`);
    await response.arrayBuffer();
    t.is(response.status, 200);
    t.is(response.headers.get('last-modified'), null);
    t.is(response.headers.get('etag'), null);
  });

  test('a second list of a static listing after maxAge is revalidated with a 304', async (t) => {
    const maxAge = 50;
    const client = new ListingClient({ cache: { max: 10, maxAge } });
    try {
      const url = `${nginx.html}${STATIC_LISTING}`;
      const first = await client.list(url, { method: 'get' });
      t.is(client.stats.requests, 1);
      t.true(first.entries.length > 0);
      t.is(client.stats.notModified, 0);
      await new Promise((resolve) => setTimeout(resolve, maxAge * 3));
      const second = await client.list(url, { method: 'get' });
      t.is(client.stats.requests, 2);
      t.is(client.stats.notModified, 1);
      t.deepEqual(second.entries.map((entry) => entry.name), first.entries.map((entry) => entry.name));
      await client.list(url, { method: 'get' });
      t.is(client.stats.requests, 2, 'within maxAge: from the cache');
      t.true(client.stats.cacheHits >= 1);
    } finally {
      await client.close();
    }
  });
});
