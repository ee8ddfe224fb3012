/**
 * Streaming: a listing from a string, bytes, an async iterable, a Node `Readable` or a web
 * `ReadableStream` becomes batches of entries, with memory bounded by the chunk size for line formats.
 * Bytes are decoded with one streaming `TextDecoder`, so a chunk may end inside a UTF-8 sequence.
 */
import { type Listing, ListingSession, toOptions } from './listing.js';
import type { FormatId, ParseOptions, SkippedLine } from './parser.js';
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
  readonly skipped: SkippedLine[];
  private readonly session: ListingSession;
  private consumed = false;

  constructor(
    private readonly source: ListingSource,
    options: ParseOptions = {},
  ) {
    this.session = new ListingSession(options);
    this.skipped = this.session.skipped;
    this.decoderLabel = options.encoding ?? 'utf-8';
    // Fail on a bad encoding name now, not at the first chunk.
    new TextDecoder(this.decoderLabel);
  }

  private readonly decoderLabel: string;

  /** Batches of entries in listing order; never an empty batch. */
  async *[Symbol.asyncIterator](): AsyncIterator<StatResult[]> {
    if (this.consumed) throw new Error('A ListingStream can be read only once');
    this.consumed = true;
    const decoder = new TextDecoder(this.decoderLabel);
    for await (const chunk of chunks(this.source)) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const batch = this.synced(() => this.session.write(text));
      if (batch.length) yield batch;
    }
    const tail = this.synced(() => this.session.write(decoder.decode()).concat(this.session.end()));
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
    return { format: this.format!, confidence: this.confidence!, entries, skipped: this.skipped };
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
