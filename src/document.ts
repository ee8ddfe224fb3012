/**
 * The document layer over the neutral core: formats whose entries are records inside a document (an
 * XML element, a JSON array item, an HTML table row). A `Framer` cuts whole records out of text that
 * arrives in chunks cut anywhere, scanning each character once; `DocumentSession` keeps only the
 * unfinished record between chunks, maps offsets to line numbers so that `skipped`, `keepRaw` and
 * strict errors point into the document, and refuses a record over `maxRecordChars` while still
 * finding where it ends, so memory stays flat whatever the document holds.
 */
import { ParseContext, Parser, ParserError, type ParseSession, type ParseSink, type Rejection } from './parser.js';
import type { StatResult } from './stat.js';

/**
 * A whole record: `text.slice(start, end)` of the text the framer was given; or, with `abandoned`,
 * the end of a record the session gave up on as too long (nothing to read, nothing between).
 */
export interface Frame {
  start: number;
  end: number;
  abandoned?: boolean;
}

/**
 * Finds records in a document's text as it grows. One framer serves one parse; positions are offsets
 * into the session's buffer, which only grows at its end until the session drops a prefix (`shift`).
 */
export interface Framer {
  /** The next whole record at or after `from`, or undefined until more text (or the end, `final`) comes. */
  next(text: string, from: number, final: boolean): Frame | undefined;
  /** The first offset the framer still needs (the start of a pending record, or where it will resume). */
  keepFrom(from: number): number;
  /** Forget the pending record's text (too long) but still find its end; nothing is framed until then. */
  abandon(): void;
  /** The session dropped `n` characters from the front of its buffer. */
  shift(n: number): void;
  /** Whether a record has started and not ended (abandoned or not). */
  readonly pending: boolean;
  /** Whether the pending record was abandoned. */
  readonly abandoned: boolean;
}

/**
 * What every scanning framer keeps: where the pending record starts (-1: none), where the scan
 * resumes, and whether the pending record was given up on. Subclasses say how records are found.
 */
abstract class ScanningFramer implements Framer {
  protected start = -1;
  protected scan = 0;
  protected dropped = false;

  get pending(): boolean {
    return this.start >= 0 || this.dropped;
  }

  get abandoned(): boolean {
    return this.dropped;
  }

  /** Whether no record is in progress, so a new one may start here. */
  protected get idle(): boolean {
    return this.start < 0 && !this.dropped;
  }

  abstract next(text: string, from: number, final: boolean): Frame | undefined;

  keepFrom(from: number): number {
    return this.start >= 0 ? this.start : Math.max(from, this.scan);
  }

  abandon(): void {
    if (this.start >= 0) {
      this.start = -1;
      this.dropped = true;
    }
  }

  shift(n: number): void {
    this.scan -= n;
    if (this.start >= 0) this.start -= n;
  }

  /** The frame that ends the record in progress at `end` (or the end of an abandoned one), resuming at `resume`. */
  protected close(end: number, resume: number): Frame {
    const frame = this.dropped ? { start: resume, end: resume, abandoned: true } : { start: this.start, end };
    this.start = -1;
    this.dropped = false;
    this.scan = resume;
    return frame;
  }
}

/** Longest element or attribute name the framer looks ahead for after a `<`. */
const MAX_TAG_NAME = 128;
/** `[A-Za-z0-9_.\-:]` by char code: a regex test per character was a fifth of a WebDAV parse. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;
}

export interface ElementFramerOptions {
  /** HTML: tag names match whatever their case. Default false (XML). */
  ignoreCase?: boolean;
}

/** Comments and CDATA sections: skipped whole, so a tag inside them is no tag. */
const SPECIAL_SECTIONS = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
] as const;

class ElementFramer extends ScanningFramer {
  private depth = 0;
  private readonly wanted: ReadonlySet<string>;

  constructor(
    names: string | readonly string[],
    private readonly ignoreCase: boolean,
  ) {
    super();
    this.wanted = new Set([names].flat().map((name) => (ignoreCase ? name.toLowerCase() : name)));
  }

  next(text: string, from: number, final: boolean): Frame | undefined {
    if (this.idle && this.scan < from) this.scan = from;
    for (;;) {
      const lt = text.indexOf('<', this.scan);
      if (lt < 0) {
        this.scan = text.length;
        return undefined;
      }
      const special = this.skipSpecial(text, lt);
      if (special === -1) {
        this.scan = final ? text.length : lt;
        return undefined;
      }
      if (special !== undefined) {
        this.scan = special;
        continue;
      }
      const closing = text.charCodeAt(lt + 1) === 47; // '/'
      const name = this.tagName(text, lt + (closing ? 2 : 1), final);
      if (name === null) {
        this.scan = lt;
        return undefined;
      }
      if (!this.wanted.has(name)) {
        this.scan = lt + 1;
        continue;
      }
      const end = tagEnd(text, lt);
      if (end < 0) {
        // The record has begun even though its start tag has not arrived whole.
        if (!closing && this.depth === 0 && !this.dropped) this.start = lt;
        this.scan = final ? text.length : lt;
        return undefined;
      }
      this.scan = end;
      if (closing) {
        if (this.depth === 0) continue; // a stray end tag
        this.depth--;
        if (this.depth > 0) continue;
        return this.close(end, end);
      }
      const selfClosing = text.charCodeAt(end - 2) === 47;
      // A start tag at depth 0 begins the record (again, when it was first seen cut off).
      if (this.depth === 0 && !this.dropped) {
        if (selfClosing) {
          this.start = -1;
          return { start: lt, end };
        }
        this.start = lt;
      }
      if (!selfClosing) this.depth++;
    }
  }

  /** The local name of the tag whose name starts at `at`, or null if it may go on past the text. */
  private tagName(text: string, at: number, final: boolean): string | null {
    let end = at;
    while (end < text.length && end - at <= MAX_TAG_NAME && isNameChar(text.charCodeAt(end))) end++;
    if (end === text.length && !final) return null;
    const qualified = text.slice(at, end);
    const local = qualified.slice(qualified.lastIndexOf(':') + 1);
    return this.ignoreCase ? local.toLowerCase() : local;
  }

  /** The offset after a comment or CDATA section at `lt`, -1 if it is incomplete, undefined if neither. */
  private skipSpecial(text: string, lt: number): number | undefined {
    for (const [open, close] of SPECIAL_SECTIONS) {
      if (text.startsWith(open, lt)) {
        const end = text.indexOf(close, lt + open.length);
        return end < 0 ? -1 : end + close.length;
      }
      if (lt + open.length > text.length && open.startsWith(text.slice(lt))) return -1;
    }
    return undefined;
  }
}

/** The offset after the `>` that closes the tag starting at `lt`, honouring quotes; -1 if incomplete. */
export function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Frames every element whose local name is one of `names`, under any namespace prefix (`<D:response>`,
 * `<d:response>`, `<response>`), as one record from its start tag to its matching end tag (or a
 * self-closing start tag). Elements of the same name nested inside count, so the outer one is the
 * record. Quotes are honoured inside start tags; comments and CDATA sections are skipped whole.
 */
export function elementFramer(names: string | readonly string[], options: ElementFramerOptions = {}): Framer {
  return new ElementFramer(names, options.ignoreCase ?? false);
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPENERS = new Set([91, 123]); // [ {
const CLOSERS = new Set([93, 125]); // ] }

class JsonArrayFramer extends ScanningFramer {
  /** Nesting depth of [ and { at `scan`. */
  private depth = 0;
  private inString = false;
  private escaped = false;

  next(text: string, from: number): Frame | undefined {
    if (this.idle && this.scan < from) this.scan = from;
    for (let i = this.scan; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      const item = this.depth === 1;
      if (c === QUOTE || OPENERS.has(c)) {
        if (item && this.idle) this.start = i;
        if (c === QUOTE) this.inString = true;
        else this.depth++;
        continue;
      }
      if (CLOSERS.has(c)) {
        // The end of the array ends a scalar item in progress.
        if (item && this.pending) {
          this.depth = 0;
          return this.close(trimEnd(text, i), i);
        }
        this.depth = Math.max(0, this.depth - 1);
        if (this.depth === 1 && this.pending) return this.close(i + 1, i + 1);
        continue;
      }
      if (!item) continue;
      // ',' ends a scalar item (number, true, false, null); anything else not blank starts one.
      if (c === COMMA) {
        if (this.pending) return this.close(trimEnd(text, i), i + 1);
      } else if (this.idle && c > 32) {
        this.start = i;
      }
    }
    this.scan = text.length;
    return undefined;
  }
}

/**
 * Frames each value directly inside the document's outermost JSON array (nginx and Caddy indexes:
 * `[{…},{…}]`; JSONP's `callback([...]);` too), tracking strings, escapes and nesting one character
 * at a time, so a record's end is found in one pass whatever the chunking.
 */
export function jsonArrayFramer(): Framer {
  return new JsonArrayFramer();
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  return end;
}

/**
 * A format whose entries are records in a document. Subclasses say how records are framed and how
 * one record reads; the session does the rest, as `LineParser` does for lines.
 */
export abstract class DocumentParser extends Parser {
  /** The longest record read; a longer one is skipped with the reason, in bounded memory. */
  readonly maxRecordChars: number = 1 << 20;

  /** A framer for one parse (framers keep per-parse state). */
  abstract createFramer(ctx: ParseContext): Framer;

  /**
   * One record (e.g. a whole `<D:response>` element) to an entry, `null` for a valid record that names
   * no entry (the listed directory itself, reported through `sink.listing({ self })`), or a thrown
   * `ParserError` when the record is not a valid entry; its `line`/`column`, where given, count
   * within the record.
   */
  abstract readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null;

  /**
   * Document text outside records (the prolog, an HTML head, what follows the last record), for what
   * the document says about itself: `sink.listing({ title, path, dialect })`. Long stretches arrive
   * in pieces of at most `maxRecordChars`. Default: ignored.
   */
  readBetween(_text: string, _ctx: ParseContext, _sink: ParseSink): void {}

  open(ctx: ParseContext, sink: ParseSink): ParseSession {
    return new DocumentSession(this, ctx, sink);
  }
}

/** Feeds a DocumentParser: frames records as text arrives, with line numbers and bounded memory. */
export class DocumentSession implements ParseSession {
  private buffer = '';
  /** Where the next frame search starts in `buffer`; text before it has been read. */
  private from = 0;
  /** Lines before `buffer[0]`, and newlines counted in `buffer` up to `counted`. */
  private linesBefore = 0;
  private counted = 0;
  private countedLines = 0;
  /** The first newline at or after `counted` (-1: none found before `searchedTo`). */
  private nextNewline = -1;
  private searchedTo = 0;
  /** Text outside records not yet handed to `readBetween`. */
  private between = '';
  private readonly framer: Framer;
  /** The 1-based line of the record being read (for the engine's reports). */
  line = 0;

  constructor(
    private readonly parser: DocumentParser,
    private readonly ctx: ParseContext,
    private readonly sink: ParseSink,
  ) {
    this.framer = parser.createFramer(ctx);
  }

  write(text: string): void {
    this.buffer += text;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.framer.pending && !this.framer.abandoned) {
      const start = this.framer.keepFrom(this.from);
      this.report({ reason: 'the document ends inside a record' }, this.buffer.slice(start), this.lineAt(start));
      this.from = this.buffer.length;
    } else {
      this.gap(this.buffer.slice(this.from));
    }
    this.flushBetween();
  }

  private run(final: boolean): void {
    const { framer, parser } = this;
    for (;;) {
      const frame = framer.next(this.buffer, this.from, final);
      if (!frame) break;
      if (frame.abandoned) {
        this.from = frame.end;
        continue;
      }
      this.gap(this.buffer.slice(this.from, frame.start));
      this.flushBetween();
      this.read(frame);
      this.from = frame.end;
    }
    if (framer.abandoned) {
      // Inside a record given up on: what the framer has scanned is dropped.
      this.from = framer.keepFrom(this.from);
    } else if (framer.pending) {
      const start = framer.keepFrom(this.from);
      if (this.buffer.length - start > parser.maxRecordChars) {
        this.gap(this.buffer.slice(this.from, start));
        this.flushBetween();
        this.report({ reason: `a record longer than ${parser.maxRecordChars} characters` }, this.buffer.slice(start, start + 200), this.lineAt(start));
        framer.abandon();
        this.from = framer.keepFrom(start);
      }
    } else {
      // Nothing pending: what was scanned is between records.
      const keep = framer.keepFrom(this.from);
      this.gap(this.buffer.slice(this.from, keep));
      this.from = keep;
    }
    this.compact();
  }

  /** Drops what no record needs, keeping the line count. */
  private compact(): void {
    const drop = this.framer.pending && !this.framer.abandoned ? Math.min(this.from, this.framer.keepFrom(this.from)) : this.from;
    if (drop <= 0) return;
    this.linesBefore += this.newlines(drop);
    this.counted -= drop;
    this.countedLines = 0;
    if (this.nextNewline >= 0) this.nextNewline -= drop;
    this.searchedTo -= drop;
    this.buffer = this.buffer.slice(drop);
    this.from -= drop;
    this.framer.shift(drop);
  }

  /**
   * Newlines in `buffer[0, to)`, each character looked at once: the offsets asked for only grow, and
   * the next newline found is kept (a long line of many records must not be searched again per record).
   */
  private newlines(to: number): number {
    if (to <= this.counted) return this.countedLines;
    for (;;) {
      if (this.nextNewline < 0 && this.searchedTo < this.buffer.length) {
        this.nextNewline = this.buffer.indexOf('\n', Math.max(this.counted, this.searchedTo));
        this.searchedTo = this.nextNewline < 0 ? this.buffer.length : this.nextNewline + 1;
      }
      if (this.nextNewline < 0 || this.nextNewline >= to) break;
      this.countedLines++;
      this.counted = this.nextNewline + 1;
      this.nextNewline = -1;
    }
    this.counted = to;
    return this.countedLines;
  }

  private lineAt(offset: number): number {
    return this.linesBefore + this.newlines(offset) + 1;
  }

  private gap(text: string): void {
    if (!text) return;
    this.between += text;
    if (this.between.length >= this.parser.maxRecordChars) this.flushBetween();
  }

  private flushBetween(): void {
    if (!this.between) return;
    const text = this.between;
    this.between = '';
    this.parser.readBetween(text, this.ctx, this.sink);
  }

  private read(frame: Frame): void {
    const record = this.buffer.slice(frame.start, frame.end);
    const line = this.lineAt(frame.start);
    this.line = line;
    if (record.length > this.parser.maxRecordChars) {
      this.report({ reason: `a record longer than ${this.parser.maxRecordChars} characters` }, record.slice(0, 200), line);
      return;
    }
    let entry: StatResult | null;
    try {
      entry = this.parser.readRecord(record, this.ctx, this.sink);
    } catch (error) {
      if (!(error instanceof ParserError)) throw error;
      const at = error.line === undefined ? line : line + error.line - 1;
      this.report({ reason: error.reason, column: error.column }, record, at);
      return;
    }
    if (entry === null) return;
    if (this.ctx.keepRaw) entry.raw = record;
    this.sink.entry(entry);
  }

  private report({ reason, column }: Rejection, text: string, line: number): void {
    if (this.ctx.strict) throw new ParserError(reason, line, column, text, this.parser.id);
    this.sink.skip(column === undefined ? { line, text, reason } : { line, column, text, reason });
  }
}
