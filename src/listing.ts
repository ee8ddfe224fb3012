/**
 * One push machinery under both `parseListing` and `parseListingStream`: text or bytes arrive in
 * chunks; bytes are decoded once the charset is known (src/bytes.ts); the first `SAMPLE_CHARS` are
 * held back for detection (unless a hint names the format); then everything flows through the chosen
 * parser's session. The engine, not each format, applies the rules every entry must meet, holds the
 * listing for formats that need a whole-listing pass, and collects what the listing says about itself.
 */
import { ListingDecoder, hasEscapedBytes, unescapeBytes } from './bytes.js';
import { CONFIDENCE_FLOOR, SAMPLE_CHARS, detectFormat } from './detect.js';
import {
  type FormatId,
  type FormatOptions,
  type ListingFacts,
  ParseContext,
  type ParseOptions,
  type ParseSession,
  type ParseSink,
  Parser,
  ParserError,
  type Skipped,
} from './parser.js';
import { getParser } from './registry.js';
import { StatResult } from './stat.js';

/** An entry that was kept but whose name needed care (e.g. bytes not valid in the listing's charset). */
export interface ListingWarning {
  name: string;
  reason: string;
}

export interface Listing extends ListingFacts {
  /** The parser that produced the entries (`unknown` when none recognized the text above the floor). */
  format: FormatId;
  /** 0..1 from detection; 1 when the format was given as a hint; 0 when unrecognized. */
  confidence: number;
  /** In listing order; `.`, `..` and the listed directory itself are not entries. */
  entries: StatResult[];
  /** Parts that are not entries and not known decoration, with the reason. */
  skipped: Skipped[];
  /** Entries kept with a remark, e.g. a name whose bytes were not valid UTF-8 (see `rawName`). */
  warnings: ListingWarning[];
  /** The charset byte input was decoded with (absent for string input). */
  charset?: string;
}

export const UNKNOWN_FORMAT = 'unknown';

/**
 * What parses a listing no registered format recognizes above the floor: every non-blank line is
 * reported with one reason, and nothing is read as an entry.
 */
class Unrecognized extends Parser {
  readonly id = UNKNOWN_FORMAT;
  constructor(private readonly reason: string) {
    super();
  }
  detect(): number {
    return 0;
  }
  open(_ctx: ParseContext, sink: ParseSink): ParseSession {
    let pending = '';
    let line = 0;
    const reason = this.reason;
    const lines = (text: string, final: boolean) => {
      let pos = 0;
      for (;;) {
        const nl = text.indexOf('\n', pos);
        if (nl < 0 && !final) break;
        const end = nl < 0 ? text.length : nl;
        if (nl < 0 && end === pos) break;
        line++;
        const content = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
        if (content.trim() !== '') sink.skip({ line, text: content, reason });
        pos = end + 1;
        if (nl < 0) break;
      }
      return pos >= text.length ? '' : text.slice(pos);
    };
    return {
      write: (text) => {
        pending = lines(pending + text, false);
      },
      end: () => {
        pending = lines(pending, true);
      },
    };
  }
}

/** Normalizes `parseListing(text, 'unix')` and `parseListing(text, { hint: 'unix' })`. */
export function toOptions(options?: ParseOptions | FormatId): ParseOptions {
  if (options === undefined) return {};
  if (typeof options === 'string') return { hint: options };
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object or a format id');
  return options;
}

/** Why an entry may not be passed on, whatever parser produced it; undefined when it may. */
export function entryProblem(entry: unknown): string | undefined {
  if (!(entry instanceof StatResult)) return 'the parser produced something that is not a StatResult';
  const { name, path, mtimeMs, size } = entry;
  if (typeof name !== 'string' || name === '') return 'an entry with an empty name';
  if (name === '.' || name === '..') return `'${name}' is not an entry`;
  // The root of a tree, named by its path (`MLST /`), is the one name that is a slash.
  if (name.includes('/') && !(name === '/' && path === '/')) return `a name may not contain '/' (${path === undefined ? 'a tree format keeps it in path' : 'path holds the rest'})`;
  if (name.includes('\0')) return 'a name may not contain NUL';
  if (mtimeMs !== undefined && (typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs))) return `mtimeMs is not a finite number (${String(mtimeMs)})`;
  if (size !== undefined && (typeof size !== 'number' || !Number.isFinite(size) || size < 0)) return `size is not a finite number of bytes (${String(size)})`;
  return undefined;
}

/** A synchronous push parser over one listing; `write` and `end` return the entries completed. */
export class ListingSession {
  format: FormatId | undefined;
  confidence: number | undefined;
  readonly skipped: Skipped[] = [];
  readonly warnings: ListingWarning[] = [];
  /** What the listing said about itself so far. */
  readonly facts: ListingFacts = {};
  private readonly ctx: ParseContext;
  private parser: Parser | undefined;
  private session: ParseSession | undefined;
  private held: string[] = [];
  private heldLength = 0;
  private batch: StatResult[] = [];
  /** Every entry, for a parser that holds the listing for a whole-listing pass. */
  private holding: StatResult[] | undefined;
  private started = false;
  private input: 'text' | 'bytes' | undefined;
  private decoder: ListingDecoder | undefined;
  private failure: unknown;
  private readonly sink: ParseSink;

  constructor(private readonly options: ParseOptions = {}) {
    this.ctx = new ParseContext(options);
    // Fail on a bad encoding name now, not at the first chunk.
    if (options.encoding !== undefined) new ListingDecoder({ fallback: options.encoding });
    this.sink = {
      entry: (entry) => (this.holding ? this.holding.push(entry) : this.accept(entry)),
      skip: (skipped) => this.skipped.push(skipped),
      listing: (facts) => this.takeFacts(facts),
    };
    this.ctx.reportListingTo((facts) => this.takeFacts(facts));
    if (options.hint !== undefined) this.open(getParser(options.hint), 1);
  }

  /** Says the caller keeps every entry (`parseListing`): `ParseContext.keepsEntries`. */
  keepsEntries(): void {
    this.ctx.keepsEntries = true;
  }

  /** The charset byte input is decoded with, once known. */
  get charset(): string | undefined {
    return this.decoder?.charset;
  }

  write(chunk: string | Uint8Array): StatResult[] {
    this.rethrow();
    const text = this.decode(chunk);
    if (!this.started && text) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) return this.push(text.slice(1));
    }
    return this.push(text);
  }

  /** The last entries. Under `strict`, call `rethrow()` after handing them out. */
  end(): StatResult[] {
    this.rethrow();
    const rest = this.decoder ? this.decoder.end() : '';
    // The decoder's last text may complete entries (a hinted parse of bytes shorter than the prescan):
    // they are handed out with the rest, not dropped.
    const flushed = rest ? this.push(rest) : [];
    if (this.heldCr) {
      // The listing's first line end was its last character, a CR.
      this.heldCr = false;
      this.feed('\n');
    }
    this.guard(() => {
      if (!this.session) this.detectAndFlush();
      this.session!.end();
      if (this.holding) {
        const held = this.holding;
        this.holding = undefined;
        for (const entry of this.parser!.finishListing!(held, this.ctx)) this.accept(entry);
      }
    });
    const last = this.take();
    return flushed.length ? flushed.concat(last) : last;
  }

  private decode(chunk: string | Uint8Array): string {
    const kind = typeof chunk === 'string' ? 'text' : chunk instanceof Uint8Array ? 'bytes' : undefined;
    if (kind === undefined) throw new TypeError(`A listing is a string or bytes (Uint8Array), not ${describe(chunk)}`);
    if (this.input !== undefined && this.input !== kind) throw new TypeError('A listing cannot mix string and byte chunks');
    this.input = kind;
    if (kind === 'text') {
      if (this.options.encoding !== undefined) {
        throw new TypeError('The encoding option decodes byte input; this listing is already a string (pass its bytes instead)');
      }
      return chunk as string;
    }
    this.decoder ??= new ListingDecoder({ transportCharset: this.ctx.origin.charset, fallback: this.options.encoding });
    return this.decoder.write(chunk as Uint8Array);
  }

  private push(text: string): StatResult[] {
    this.feed(text);
    return this.take();
  }

  private feed(text: string): void {
    if (this.crOnly !== false) text = this.crToLf(text);
    this.guard(() => {
      if (this.session) {
        this.session.write(text);
      } else {
        this.held.push(text);
        this.heldLength += text.length;
        if (this.heldLength >= SAMPLE_CHARS) this.detectAndFlush();
      }
    });
  }

  /**
   * Classic Mac OS line ends (a lone CR) become LF, so every format sees lines. Decided by the first
   * line end of the listing: LF or CRLF leaves the text alone (no cost per chunk after that).
   */
  private crOnly: boolean | undefined;
  private heldCr = false;

  private crToLf(text: string): string {
    if (this.heldCr) {
      text = `\r${text}`;
      this.heldCr = false;
    }
    if (this.crOnly === undefined) {
      const cr = text.indexOf('\r');
      const lf = text.indexOf('\n');
      if (cr < 0 && lf < 0) return text;
      if (cr < 0 || (lf >= 0 && lf <= cr + 1)) {
        this.crOnly = false;
        return text;
      }
      if (cr === text.length - 1) {
        // A CR at the end of a chunk: whether an LF follows is only known with the next one.
        this.heldCr = true;
        return text.slice(0, -1);
      }
      this.crOnly = true;
    }
    return this.crOnly ? text.replaceAll('\r', '\n') : text;
  }

  /**
   * A strict failure is thrown after the entries parsed before it have been handed out, so a stream
   * delivers every entry up to the bad line and then the error.
   */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.failure = error;
      if (this.batch.length === 0) this.rethrow();
    }
  }

  /** Throws the strict failure that `write` or `end` held back while handing out earlier entries. */
  rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private detectAndFlush(): void {
    const text = this.held.join('');
    this.held = [];
    const ranked = detectFormat(text, this.options);
    const best = ranked[0];
    if (best && best.confidence >= CONFIDENCE_FLOOR) {
      this.open(getParser(best.format), best.confidence);
    } else {
      const guess = best && best.confidence > 0 ? `; the best guess, ${best.format}, scores ${best.confidence.toFixed(2)}` : '';
      this.open(new Unrecognized(`no registered format recognizes this listing (confidence floor ${CONFIDENCE_FLOOR}${guess})`), 0);
    }
    this.session!.write(text);
  }

  private open(parser: Parser, confidence: number): void {
    this.parser = parser;
    this.format = parser.id;
    this.confidence = confidence;
    if (parser.finishListing && parser.holdsListing(this.ctx)) this.holding = [];
    this.session = parser.open(this.ctx, this.sink);
  }

  /** The rules every entry meets, whatever parser produced it; an entry that breaks one is skipped. */
  private accept(entry: StatResult): void {
    const problem = entryProblem(entry);
    if (problem !== undefined) {
      const line = (this.session as { line?: number } | undefined)?.line ?? 0;
      const text = entry instanceof StatResult ? (entry.raw ?? String(entry.name)) : String(entry);
      if (this.ctx.strict) throw new ParserError(problem, line || undefined, undefined, text, this.format);
      this.skipped.push({ line, text, reason: problem });
      return;
    }
    // Names decoded from escapes inside the text (a WebDAV href's `%FF`) can hold bytes that are not
    // valid UTF-8 even when the text itself was; a format that decodes its own byte escapes (rsync,
    // tar) also says so for the other fields (a symlink target).
    if (this.decoder?.sawInvalid || this.ctx.bytesEscaped || hasEscapedBytes(entry.name) || (entry.path !== undefined && hasEscapedBytes(entry.path))) this.escapedName(entry);
    this.batch.push(entry);
  }

  /** A name with bytes that were not valid UTF-8: shown with U+FFFD, kept exactly in `rawName`, reported. */
  private escapedName(entry: StatResult): void {
    for (const key of ['name', 'path', 'target'] as const) {
      const value = entry[key];
      if (value === undefined || !hasEscapedBytes(value)) continue;
      const { bytes, display } = unescapeBytes(value);
      entry[key] = display;
      if (key === 'name') {
        entry.rawName = bytes;
        this.warnings.push({ name: display, reason: `the name is not valid ${this.decoder?.charset ?? "UTF-8"}; its exact bytes are in rawName` });
      }
    }
  }

  private takeFacts(facts: ListingFacts): void {
    for (const [key, value] of Object.entries(facts)) {
      if (value !== undefined) (this.facts as Record<string, unknown>)[key] = value;
    }
  }

  private take(): StatResult[] {
    if (this.batch.length === 0) return [];
    const out = this.batch;
    this.batch = [];
    return out;
  }

  /** The listing so far, as `parseListing` returns it. */
  listing(entries: StatResult[]): Listing {
    const listing: Listing = {
      format: this.format!,
      confidence: this.confidence!,
      entries,
      skipped: this.skipped,
      warnings: this.warnings,
      ...this.facts,
    };
    if (this.charset !== undefined) listing.charset = this.charset;
    return listing;
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/**
 * Parses a whole listing, given as a string or as bytes (decoded by the engine: see `encoding`). The
 * format is detected unless given (`'unix'` or `{ hint: 'unix' }`). Parts that are not entries are
 * reported in `skipped`, or thrown as a `ParserError` with `strict`.
 */
export function parseListing(text: string | Uint8Array, options?: ParseOptions | FormatId): Listing {
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
    throw new TypeError(`parseListing expects the listing as a string or bytes (Uint8Array), not ${describe(text)}`);
  }
  const session = new ListingSession(toOptions(options));
  session.keepsEntries();
  const entries = session.write(text);
  for (const entry of session.end()) entries.push(entry);
  session.rethrow();
  return session.listing(entries);
}

/** Writes entries as a listing of the given format (the reverse of `parseListing`). */
export function formatListing(entries: readonly StatResult[], format: FormatId, options?: FormatOptions): string {
  const parser = getParser(format);
  if (!parser.format) throw new RangeError(`Format '${format}' has no formatter`);
  return parser.format(entries, options);
}
