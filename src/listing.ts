/**
 * One push machinery under both `parseListing` and `parseListingStream`: text arrives in chunks,
 * the first `SAMPLE_CHARS` are held back for detection (unless a hint names the format), then
 * everything flows through the chosen parser's session.
 */
import { SAMPLE_CHARS, detectFormat } from './detect.js';
import {
  type FormatId,
  type FormatOptions,
  ParseContext,
  type ParseOptions,
  type ParseSession,
  LineParser,
  type Parser,
  ParserError,
  type SkippedLine,
} from './parser.js';
import { getParser, listParsers } from './registry.js';
import type { StatResult } from './stat.js';

export interface Listing {
  /** The parser that produced the entries (`unknown` when none recognized the text). */
  format: FormatId;
  /** 0..1 from detection; 1 when the format was given as a hint. */
  confidence: number;
  /** In listing order; `.`, `..` and the listed directory itself are not entries. */
  entries: StatResult[];
  /** Lines that are not entries and not known decoration, with the reason. */
  skipped: SkippedLine[];
}

export const UNKNOWN_FORMAT = 'unknown';

/** What parses a listing no registered format recognizes: every non-blank line is reported. */
class Unrecognized extends LineParser {
  readonly id = UNKNOWN_FORMAT;
  override detect(): number {
    return 0;
  }
  parseLine(): never {
    throw new ParserError('no registered format recognizes this listing');
  }
}

/** Normalizes `parseListing(text, 'unix')` and `parseListing(text, { hint: 'unix' })`. */
export function toOptions(options?: ParseOptions | FormatId): ParseOptions {
  if (options === undefined) return {};
  if (typeof options === 'string') return { hint: options };
  return options;
}

/** A synchronous push parser over one listing; `write` and `end` return the entries completed. */
export class ListingSession {
  format: FormatId | undefined;
  confidence: number | undefined;
  readonly skipped: SkippedLine[] = [];
  private readonly ctx: ParseContext;
  private session: ParseSession | undefined;
  private held: string[] = [];
  private heldLength = 0;
  private batch: StatResult[] = [];
  private started = false;
  private failure: unknown;

  constructor(private readonly options: ParseOptions = {}) {
    this.ctx = new ParseContext(options);
    if (options.hint !== undefined) this.open(getParser(options.hint), 1);
  }

  write(text: string): StatResult[] {
    this.rethrow();
    if (!this.started && text) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.guard(() => {
      if (this.session) {
        this.session.write(text);
      } else {
        this.held.push(text);
        this.heldLength += text.length;
        if (this.heldLength >= SAMPLE_CHARS) this.detectAndFlush();
      }
    });
    return this.take();
  }

  /** The last entries. Under `strict`, call `rethrow()` after handing them out. */
  end(): StatResult[] {
    this.rethrow();
    this.guard(() => {
      if (!this.session) this.detectAndFlush();
      this.session?.end();
    });
    return this.take();
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
    const [best] = detectFormat(text, { syst: this.options.syst });
    if (best && best.confidence > 0) this.open(getParser(best.format), best.confidence);
    else this.open(new Unrecognized(), 0);
    this.session!.write(text);
  }

  private open(parser: Parser, confidence: number): void {
    // A hint says what the listing is; detection only guesses, so it lets other formats help.
    if (this.options.mixed ?? this.options.hint === undefined) {
      this.ctx.otherFormats = listParsers().filter(
        (other): other is LineParser => other instanceof LineParser && other !== parser && other.mixedFallback,
      );
    }
    this.format = parser.id;
    this.confidence = confidence;
    this.session = parser.open(this.ctx, {
      entry: (entry) => this.batch.push(entry),
      skip: (skipped) => this.skipped.push(skipped),
    });
  }

  private take(): StatResult[] {
    if (this.batch.length === 0) return [];
    const out = this.batch;
    this.batch = [];
    return out;
  }
}

/**
 * Parses a whole listing. The format is detected unless given (`'unix'` or `{ hint: 'unix' }`).
 * Lines that are not entries are reported in `skipped`, or thrown as a `ParserError` with `strict`.
 */
export function parseListing(text: string, options?: ParseOptions | FormatId): Listing {
  if (typeof text !== 'string') throw new TypeError('parseListing expects the listing as a string');
  const session = new ListingSession(toOptions(options));
  const entries = session.write(text);
  for (const entry of session.end()) entries.push(entry);
  session.rethrow();
  return { format: session.format!, confidence: session.confidence!, entries, skipped: session.skipped };
}

/** Writes entries as a listing of the given format (the reverse of `parseListing`). */
export function formatListing(entries: readonly StatResult[], format: FormatId, options?: FormatOptions): string {
  const parser = getParser(format);
  if (!parser.format) throw new RangeError(`Format '${format}' has no formatter`);
  return parser.format(entries, options);
}
