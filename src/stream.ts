/**
 * Streaming: a listing from a string, bytes, an async iterable, a Node `Readable` or a web
 * `ReadableStream` becomes batches of entries, with memory bounded by the chunk size (line formats)
 * or the record size (document formats). Bytes go to the engine undecoded, so the charset a document
 * declares applies and a chunk may end inside a UTF-8 sequence.
 */
import { type Listing, type ListingWarning, ListingSession, toOptions } from './listing.js';
import type { FormatId, ListingFacts, ParseOptions, Skipped } from './parser.js';
import type { StatResult } from './stat.js';

export type ListingChunk = string | Uint8Array;
export type ListingSource =
  | ListingChunk
  | ArrayBuffer
  | Iterable<ListingChunk>
  | AsyncIterable<ListingChunk>
  | ReadableStream<ListingChunk>;

/** A string or byte source is handed to the parser in slices of this size, so batches stay small. */
const SLICE = 256 * 1024;

export class ListingStream implements AsyncIterable<StatResult[]> {
  /** Known once the first batch has been produced (detection needs the first 16 KiB). */
  format: FormatId | undefined;
  confidence: number | undefined;
  /** Filled as the listing is read. */
  readonly skipped: Skipped[];
  readonly warnings: ListingWarning[];
  /** What the listing says about itself (`self`, `path`, `title`, `dialect`), filled as soon as known. */
  readonly facts: ListingFacts;
  private readonly session: ListingSession;
  private consumed = false;

  constructor(
    private readonly source: ListingSource,
    options: ParseOptions = {},
  ) {
    this.session = new ListingSession(options);
    this.skipped = this.session.skipped;
    this.warnings = this.session.warnings;
    this.facts = this.session.facts;
  }

  /** Batches of entries in listing order; never an empty batch. */
  async *[Symbol.asyncIterator](): AsyncIterator<StatResult[]> {
    if (this.consumed) throw new Error('A ListingStream can be read only once');
    this.consumed = true;
    for await (const chunk of chunks(this.source)) {
      const batch = this.synced(() => this.session.write(chunk));
      if (batch.length) yield batch;
    }
    const tail = this.synced(() => this.session.end());
    if (tail.length) yield tail;
    this.session.rethrow();
  }

  /** One entry at a time (a convenience over the batches). */
  async *entries(): AsyncGenerator<StatResult> {
    for await (const batch of this) yield* batch;
  }

  /** Reads the whole stream into a `Listing`. */
  async collect(): Promise<Listing> {
    const entries: StatResult[] = [];
    for await (const batch of this) for (const entry of batch) entries.push(entry);
    return this.session.listing(entries);
  }

  /** Runs a session step and copies what detection decided, also when the step throws (strict). */
  private synced(step: () => StatResult[]): StatResult[] {
    try {
      return step();
    } finally {
      this.format = this.session.format;
      this.confidence = this.session.confidence;
    }
  }
}

/** Parses a listing as it arrives. `for await (const batch of parseListingStream(res.body))`. */
export function parseListingStream(source: ListingSource, options?: ParseOptions | FormatId): ListingStream {
  return new ListingStream(source, toOptions(options));
}

async function* chunks(source: ListingSource): AsyncGenerator<ListingChunk> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield* slices(source);
  } else if (source instanceof ArrayBuffer) {
    yield* slices(new Uint8Array(source));
  } else if (isAsyncIterable(source) || isIterable(source)) {
    for await (const chunk of source as AsyncIterable<ListingChunk>) {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) yield* slices(chunk);
      else throw new TypeError(`A listing chunk must be a string or a Uint8Array, not ${describe(chunk)}`);
    }
  } else if (source && typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<ListingChunk>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield* slices(value);
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    throw new TypeError(`Cannot read a listing from ${describe(source)}`);
  }
}

function* slices(chunk: ListingChunk): Generator<ListingChunk> {
  if (chunk.length <= SLICE) {
    yield chunk;
    return;
  }
  for (let start = 0; start < chunk.length; start += SLICE) {
    yield typeof chunk === 'string' ? chunk.slice(start, start + SLICE) : chunk.subarray(start, start + SLICE);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
