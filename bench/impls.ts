/**
 * The implementations the benchmark runs, keyed by listing family. Each one is loaded lazily in the
 * worker (so a process measuring basic-ftp never loads dirlisting, and peak RSS is its own) and
 * returns how many entries it produced, which the runner compares across implementations.
 *
 * To benchmark a new family, add `implementations[family] = [...]` and a generator in corpora.ts.
 */
import { createReadStream } from 'node:fs';
import type { CorpusMeta, Family } from './corpora.js';

/** `text`: the worker reads the corpus into one string first; `file`: the implementation reads it. */
export type InputKind = 'text' | 'file';

/** One timed call: parse the input, return the number of entries. */
export type RunFn = (input: string, corpus: CorpusMeta) => number | Promise<number>;

export interface Impl {
  /** Unique across families for one library path; the worker is called with it. */
  id: string;
  /** What the README and the table call it. */
  label: string;
  input: InputKind;
  /** Shown as a ratio column (`× id`) in the table. */
  peer?: boolean;
  /** Not run unless asked for with `--impl`. */
  optional?: boolean;
  load(): Promise<RunFn>;
}

const STREAM_CHUNK = 64 * 1024;

const dirlisting = () => import('../src/index.js');

/** dirlisting entry points, shared by every family it parses. */
function dirlistingImpls(format: string): Impl[] {
  return [
    {
      id: 'dirlisting',
      label: `dirlisting parseListing(text, { hint: '${format}' })`,
      input: 'text',
      peer: true,
      async load() {
        const { parseListing } = await dirlisting();
        return (text, corpus) => parseListing(text, { hint: format, now: corpus.nowMs }).entries.length;
      },
    },
    {
      id: 'dirlisting-auto',
      label: 'dirlisting parseListing(text) (auto-detect)',
      input: 'text',
      async load() {
        const { parseListing } = await dirlisting();
        return (text, corpus) => {
          const listing = parseListing(text, { now: corpus.nowMs });
          if (listing.format !== format) throw new Error(`detected '${listing.format}', expected '${format}'`);
          return listing.entries.length;
        };
      },
    },
    {
      id: 'dirlisting-stream',
      label: `dirlisting parseListingStream(fs.createReadStream(file, 64 KiB), '${format}'), counting`,
      input: 'file',
      async load() {
        const { parseListingStream } = await dirlisting();
        return async (path, corpus) => {
          // Bytes straight from the file in 64 KiB chunks, as from a socket: nothing is kept.
          const source = createReadStream(path, { highWaterMark: STREAM_CHUNK });
          let count = 0;
          for await (const batch of parseListingStream(source, { hint: format, now: corpus.nowMs })) count += batch.length;
          return count;
        };
      },
    },
    {
      id: 'dirlisting-tz',
      label: `dirlisting parseListing(text, { hint: '${format}', timeZone: 'Europe/Berlin' })`,
      input: 'text',
      optional: true,
      async load() {
        const { parseListing } = await dirlisting();
        return (text, corpus) =>
          parseListing(text, { hint: format, now: corpus.nowMs, timeZone: 'Europe/Berlin' }).entries.length;
      },
    },
  ];
}

/** basic-ftp's own LIST parser (it detects Unix/DOS/MLSD from the last line; no mtime, raw date text). */
const basicFtp: Impl = {
  id: 'basic-ftp',
  label: "basic-ftp parseList(text) (dist/parseList.js; keeps the date as text)",
  input: 'text',
  peer: true,
  async load() {
    const { parseList } = (await import('basic-ftp/dist/parseList.js')) as {
      parseList(text: string): unknown[];
    };
    return (text) => parseList(text).length;
  },
};

/** parse-listing (sergi): splits lines, one regex per line, `new Date(string)` for the time. */
const parseListingNpm: Impl = {
  id: 'parse-listing',
  label: 'parse-listing parseEntries(text, cb) (npm)',
  input: 'text',
  peer: true,
  async load() {
    const mod = (await import('parse-listing')) as unknown as {
      default: { parseEntries(text: string, cb: (err: unknown, entries: unknown[]) => void): void };
    };
    return (text) => {
      let count = -1;
      // The callback is called synchronously (checked: count would stay -1 otherwise).
      mod.default.parseEntries(text, (err, entries) => {
        if (err) throw err;
        count = entries.length;
      });
      if (count < 0) throw new Error('parse-listing did not call back synchronously');
      return count;
    };
  },
};

function scannerImpl(family: 'unix' | 'dos' | 'mlsd'): Impl {
  return {
    id: 'scanner',
    label: `hand-written charCode scanner (bench/scanner.ts, ${family})`,
    input: 'text',
    peer: true,
    async load() {
      const { scanUnix, scanDos, scanMlsd } = await import('./scanner.js');
      return family === 'unix'
        ? (text, corpus) => scanUnix(text, corpus.nowMs).entries.length
        : family === 'dos'
          ? (text) => scanDos(text).entries.length
          : (text) => scanMlsd(text).entries.length;
    },
  };
}

/**
 * MLSD: dirlisting with its defaults, i.e. `formatOptions.mlsd.resolveLinks` on. basic-ftp's parseList
 * always runs parseListMLSD.transformList, which maps non-links by `unique` and names the target of
 * each target-less symlink, so the default is the same work (dirlisting skips its second loop when no
 * symlink lacks a target; basic-ftp always builds its map). `dirlisting-nolinks` measures the pass.
 */
const dirlistingNoLinks: Impl = {
  id: 'dirlisting-nolinks',
  label: "dirlisting parseListing(text, { hint: 'mlsd', formatOptions: { mlsd: { resolveLinks: false } } })",
  input: 'text',
  async load() {
    const { parseListing } = await dirlisting();
    return (text, corpus) =>
      parseListing(text, { hint: 'mlsd', now: corpus.nowMs, formatOptions: { mlsd: { resolveLinks: false } } }).entries.length;
  },
};

export const implementations: Readonly<Record<Family, readonly Impl[]>> = {
  unix: [...dirlistingImpls('unix'), basicFtp, parseListingNpm, scannerImpl('unix')],
  dos: [...dirlistingImpls('dos'), basicFtp, parseListingNpm, scannerImpl('dos')],
  // parse-listing 1.1.3 has no MLSD parser (its parseMList is commented out; parseEntry dispatches on
  // the first character to Unix or DOS and returns null for `modify=…`/`type=…` lines): not run.
  mlsd: [...dirlistingImpls('mlsd'), dirlistingNoLinks, basicFtp, scannerImpl('mlsd')],
  // No peer parses rsync or tar listings; the measure is lines/s against `unix` in the same run.
  rsync: dirlistingImpls('rsync'),
  tar: dirlistingImpls('tar'),
};

export function findImpl(family: Family, id: string): Impl {
  const impl = implementations[family]?.find((candidate) => candidate.id === id);
  if (!impl) {
    const known = (implementations[family] ?? []).map((i) => i.id).join(', ');
    throw new Error(`No implementation '${id}' for family '${family}' (known: ${known || 'none'})`);
  }
  return impl;
}
