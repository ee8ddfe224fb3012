/**
 * The plugin API. A format is a `Parser`: it scores a sample (`detect`) and opens a push session that
 * turns text chunks into entries. Line-oriented formats extend `LineParser` and only say how one line
 * reads; `GrammarLineParser` adds the compiled fast path of a declared grammar.
 */
import type { CompiledGrammar, Captures } from './grammar.js';
import type { StatResult } from './stat.js';
import { MonthTable, ServerClock, type YearRule } from './time.js';

export type FormatId = string;

/**
 * What is known about where a listing came from, beyond its text. Detection narrows and scores
 * with it, and parsers read it as `ctx.origin` (e.g. an FTP server's rule for dates without a year).
 * The HTTP client fills it from the response; FTP callers from the SYST reply and the greeting.
 */
export interface Origin {
  /** The FTP server's SYST reply, e.g. `215 UNIX Type: L8`. */
  syst?: string;
  /** The FTP server's greeting (the 220 reply), which often names the server software. */
  banner?: string;
  /** The HTTP `Content-Type` of the response, e.g. `text/html; charset=iso-8859-1`. */
  contentType?: string;
  /** The charset the transport declared (HTTP `charset=`); wins over any declaration inside the bytes. */
  charset?: string;
  /** The HTTP `Server` header, e.g. `Apache/2.4.62 (Debian)`. */
  server?: string;
  /** The URL that was listed. */
  url?: string;
  /** The request method, e.g. `GET` or `PROPFIND`. */
  method?: string;
}

export interface ParseOptions {
  /** Skip detection and use this format. */
  hint?: FormatId;
  /** When the listing was made (for dates without a year). Default: the current time. */
  now?: Date | number;
  /** IANA zone the server shows times in. Default `UTC`. */
  timeZone?: string;
  /** Base URL for formats whose entries have URLs. */
  baseUrl?: string;
  /** Throw a `ParserError` on the first line that is not an entry, instead of reporting it in `skipped`. */
  strict?: boolean;
  /** Languages whose month names are accepted (codes of `MONTH_NAMES`). Default: all. */
  locale?: string | string[];
  /** Keep each entry's source text in `raw`. */
  keepRaw?: boolean;
  /** Character encoding of byte input. Default `utf-8`. */
  encoding?: string;
  /**
   * The server's SYST reply (`UNIX Type: L8`, `Windows_NT`, `VMS`, …): detection then considers only
   * the formats such servers send, as Commons Net's parser factory does. Ignored when it names no
   * known system.
   */
  syst?: string;
  /** Where the listing came from (SYST, greeting, Content-Type, Server header, URL, method). */
  origin?: Origin;
  /** Year inference for dates without a year: a preset of `YEAR_RULES` or a tolerance in ms. */
  yearRule?: YearRule | number;
  /** How far the server's clock runs ahead of the real time, in ms (ftputil's time_shift). */
  timeShift?: number;
  /**
   * Lines the detected format rejects are tried with the other registered line formats, and become
   * entries of the format that reads them (`entry.format` says which). Default `true` when the
   * format is detected, `false` when it is given as a hint.
   */
  mixed?: boolean;
  /** Options of individual formats, by format id, e.g. `{ vms: { highestVersionOnly: true } }`. */
  formatOptions?: Readonly<Record<FormatId, Readonly<Record<string, unknown>>>>;
}

/** A line the parser could not turn into an entry, with the reason. Nothing is dropped silently. */
export interface SkippedLine {
  line: number;
  text: string;
  reason: string;
}

/** A line (or document part) that is not a valid entry of the format. */
export class ParserError extends Error {
  override name = 'ParserError';
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
    readonly text?: string,
    readonly format?: FormatId,
  ) {
    super(
      (line !== undefined ? `line ${line}: ` : '') + reason + (text !== undefined ? `: ${JSON.stringify(truncate(text))}` : ''),
    );
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What a parse knows beyond the text: the clock, the vocabulary and the caller's options. */
export class ParseContext {
  readonly clock: ServerClock;
  readonly months: MonthTable;
  readonly strict: boolean;
  readonly keepRaw: boolean;
  readonly baseUrl: string | undefined;
  /** Where the listing came from; `syst` given as an option is merged in. Never undefined. */
  readonly origin: Readonly<Origin>;
  /** The 1-based number of the line being parsed (maintained by the line session). */
  line = 0;
  /** Line formats that may read a line the listing's own format rejects (a mixed listing). */
  otherFormats: readonly LineParser[] = [];
  /**
   * True while a parser reads a line that the listing's own format rejected (a mixed listing), so
   * a format can refuse shapes that are only evidence inside a listing of its own (MLSD's bare names).
   */
  readingForeignLine = false;
  private readonly options: ParseOptions;
  private readonly states = new Map<object, unknown>();

  constructor(options: ParseOptions = {}) {
    this.clock = new ServerClock({
      timeZone: options.timeZone,
      now: options.now,
      yearRule: options.yearRule,
      timeShift: options.timeShift,
    });
    const locales = options.locale === undefined ? undefined : [options.locale].flat();
    this.months = locales ? new MonthTable(locales) : DEFAULT_MONTHS;
    this.strict = options.strict ?? false;
    this.keepRaw = options.keepRaw ?? false;
    this.origin = mergedOrigin(options);
    this.baseUrl = options.baseUrl ?? this.origin.url;
    this.options = options;
  }

  /** The caller's options for one format (`formatOptions[id]`), or an empty object. */
  optionsFor(format: FormatId): Readonly<Record<string, unknown>> {
    return this.options.formatOptions?.[format] ?? {};
  }

  /**
   * State a parser keeps for the duration of one parse (a parser instance serves many parses at
   * once): e.g. the MVS list type its header line announced. Created on first use.
   */
  state<T>(owner: object, create: () => T): T {
    if (!this.states.has(owner)) this.states.set(owner, create());
    return this.states.get(owner) as T;
  }
}

const DEFAULT_MONTHS = new MonthTable();

/** `origin`, with the older `syst` option folded in (an explicit `origin.syst` wins). */
export function mergedOrigin(options: ParseOptions): Origin {
  const origin = options.origin ?? {};
  return options.syst !== undefined && origin.syst === undefined ? { ...origin, syst: options.syst } : origin;
}

/** Where a session delivers its results. */
export interface ParseSink {
  entry(entry: StatResult): void;
  skip(skipped: SkippedLine): void;
}

/** A push parser over one listing: text in, entries out through the sink. */
export interface ParseSession {
  write(text: string): void;
  end(): void;
}

export interface FormatOptions {
  now?: Date | number;
  timeZone?: string;
  /** A format's own layout choices, e.g. `style: 'iso'` for `dos` (see each formatter). */
  [option: string]: unknown;
}

export abstract class Parser {
  /** Short stable name, e.g. `unix`. */
  abstract readonly id: FormatId;
  /** One line for `dirlisting formats`. */
  readonly description: string = '';
  /** SYST replies of servers that send this format (see `ParseOptions.syst`); none for a format any server may send. */
  readonly systems?: RegExp;
  /** How sure (0..1) this parser is that a sample (the start of a listing) is its format. */
  abstract detect(sample: string): number;
  /** Opens a session that parses one listing pushed in chunks. */
  abstract open(ctx: ParseContext, sink: ParseSink): ParseSession;
  /** The reverse direction, where the format allows it: entries to listing text. */
  format?(entries: readonly StatResult[], options?: FormatOptions): string;
}

/**
 * A format with one entry per line, as ftputil's `Parser.parse_line`/`ignores_line` and Commons Net's
 * `FTPFileEntryParser`. Subclasses say how one line reads; the session does the rest.
 */
export abstract class LineParser extends Parser {
  /**
   * Whether lines another format rejects may be tried with this one (mixed listings). A format
   * that reads any text at all (NLST's bare names) must not, or every bad line would become an entry.
   */
  readonly mixedFallback: boolean = true;

  /** Lines that carry no entry and are no error (headers, `total 17`). Blank lines are never entries. */
  ignoresLine(_line: string): boolean {
    return false;
  }

  /**
   * One entry from one line (without its terminator), or `null` for a valid line that names no entry
   * (`.`, `..`). Throws `ParserError` when the line is not of this format. For a format with
   * multi-line entries the "line" is the whole record, its lines joined by `\n`.
   */
  abstract parseLine(line: string, ctx: ParseContext): StatResult | null;

  /**
   * For formats whose entries may span lines (VMS wraps long names; Commons Net `readNextEntry`):
   * true while `record` (the lines so far, joined by `\n`) is not a whole entry yet.
   */
  continuesOnNextLine?(record: string): boolean;

  /**
   * A pass over the whole listing once it is read (Commons Net `preParse`): e.g. keep only the
   * newest VMS version, or resolve MLSD symlink targets by `unique` fact. A parser that has it
   * delivers its entries at the end instead of in batches.
   */
  finishListing?(entries: StatResult[], ctx: ParseContext): StatResult[];

  /**
   * Whether this parse needs `finishListing` (and so gives up streaming batches). By default, when
   * the parser has one; a parser whose pass depends on an option says so per parse.
   */
  holdsListing(_ctx: ParseContext): boolean {
    return this.finishListing !== undefined;
  }

  /**
   * Share of the sample's non-blank lines that this parser reads (as entries or as lines it knows to
   * ignore). A sample of ignorable lines only (`total 0`) scores half: a hint, not proof.
   */
  detect(sample: string): number {
    const ctx = new ParseContext({ now: 0 });
    let considered = 0;
    let parsed = 0;
    let ignored = 0;
    for (const line of sampleLines(sample)) {
      considered++;
      if (this.ignoresLine(line)) {
        ignored++;
        continue;
      }
      try {
        this.parseLine(line, ctx);
        parsed++;
      } catch (error) {
        if (!(error instanceof ParserError)) throw error;
      }
    }
    if (considered === 0) return 0;
    return parsed > 0 ? (parsed + ignored) / considered : (0.5 * ignored) / considered;
  }

  open(ctx: ParseContext, sink: ParseSink): ParseSession {
    return new LineSession(this, ctx, sink);
  }

  /**
   * Optional fast path: parse the line that starts at `pos` of `text` (which holds whole lines) and
   * deliver its entry to the sink, returning where the next line starts; -1 sends the line through
   * `ignoresLine`/`parseLine` instead.
   */
  scanLine(_text: string, _pos: number, _ctx: ParseContext, _sink: ParseSink): number {
    return -1;
  }
}

/** The most lines `detect` reads from a sample. */
export const DETECT_LINES = 64;

/** The non-blank lines at the start of a sample, without terminators. */
export function* sampleLines(sample: string, limit = DETECT_LINES): Generator<string> {
  let pos = 0;
  let seen = 0;
  while (pos < sample.length && seen < limit) {
    let nl = sample.indexOf('\n', pos);
    if (nl < 0) nl = sample.length;
    const line = stripCR(sample.slice(pos, nl));
    pos = nl + 1;
    if (line.trim() === '') continue;
    seen++;
    yield line;
  }
}

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Lines longer than this get a short reason instead of a parsimmon diagnosis (its stack grows per token). */
const MAX_DIAGNOSED_LINE = 4096;

/**
 * A line format whose lines are described by a compiled grammar. `build` gives the captures meaning;
 * the fast path and `parseLine` share it, so they cannot disagree on what a line means.
 */
export abstract class GrammarLineParser extends LineParser {
  abstract readonly grammar: CompiledGrammar;

  /**
   * Restrictions of `grammar` to the shapes most lines have (fewer captures, no rare alternatives),
   * composed from the same rules and tried in order on the fast path before `grammar` itself: a
   * regex with fewer groups matches faster and builds a smaller result. Each must only match lines
   * that `grammar` matches with the same captures by name (test/fast-grammar.test.ts), so `build`
   * gives the same entry whichever grammar matched.
   */
  readonly fastGrammars: readonly CompiledGrammar[] = [];

  /**
   * The entry a matched line describes, `null` for none; throws `ParserError` for impossible values.
   * `groups` is the capture-name map of the grammar that matched (`grammar.groups` unless a
   * `fastGrammars` entry did).
   */
  abstract build(captures: Captures, ctx: ParseContext, groups: Readonly<Record<string, number>>): StatResult | null;

  parseLine(line: string, ctx: ParseContext): StatResult | null {
    const match = this.grammar.matchLine.exec(line);
    if (match) return this.finish(this.build(match, ctx, this.grammar.groups), line, ctx);
    throw new ParserError(this.explain(line), ctx.line || undefined, undefined, line, this.id);
  }

  /** Why the grammar rejects a line: what was expected at which column. */
  explain(line: string): string {
    // "an os2 line", "an eplf line", but "a unix line".
    return explainLine(this.grammar, line, `${/^[aeio]/i.test(this.id) ? 'an' : 'a'} ${this.id} line`);
  }

  /** Matches the compiled regex at `pos`; on success builds the entry and returns the next line's start. */
  override scanLine(text: string, pos: number, ctx: ParseContext, sink: ParseSink): number {
    const grammars = this.fastGrammars;
    let grammar = this.grammar;
    let match: RegExpExecArray | null = null;
    for (let i = 0; i < grammars.length; i++) {
      const fast = grammars[i]!.fast;
      fast.lastIndex = pos;
      match = fast.exec(text);
      if (match !== null) {
        grammar = grammars[i]!;
        break;
      }
    }
    const fast = grammar.fast;
    if (match === null) {
      fast.lastIndex = pos;
      match = fast.exec(text);
      if (match === null) return -1;
    }
    const entry = this.build(match, ctx, grammar.groups);
    if (entry !== null) {
      if (ctx.keepRaw) entry.raw = stripCR(match[0].slice(0, -1));
      sink.entry(entry);
    }
    return fast.lastIndex;
  }

  private finish(entry: StatResult | null, line: string, ctx: ParseContext): StatResult | null {
    if (entry !== null && ctx.keepRaw) entry.raw = line;
    return entry;
  }
}

/**
 * Why a grammar rejects a line, for a `ParserError`: "expected a month name at column 43 of a unix
 * line". `what` names the kind of line. Lines over `MAX_DIAGNOSED_LINE` get a short reason.
 */
export function explainLine(grammar: CompiledGrammar, line: string, what: string): string {
  if (line.length > MAX_DIAGNOSED_LINE) return `not ${what} (${line.length} characters)`;
  const diagnosis = grammar.diagnose(line);
  if (diagnosis.ok) return `not ${what}`;
  const { expected, column } = diagnosis;
  const list = expected.length <= 1 ? (expected[0] ?? 'something else') : `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
  return `expected ${list} at column ${column} of ${what}`;
}

/** The most lines one multi-line record may take before it is reported as broken. */
const MAX_RECORD_LINES = 16;

/**
 * Feeds a LineParser: keeps the unfinished last line between chunks, tries the fast path at each line
 * start, and sends other lines through `ignoresLine`/`parseLine`; a line the parser rejects is tried
 * with the other line formats (mixed listings) before it is reported.
 */
class LineSession implements ParseSession {
  private pending: string[] = [];
  /** Lines of a multi-line record so far, and the number of its first line. */
  private record: string[] = [];
  private recordLine = 0;
  /** All entries, when the parser has a whole-listing pass; `out` then collects into it. */
  private readonly held: StatResult[] | undefined;
  private readonly out: ParseSink;

  constructor(
    private readonly parser: LineParser,
    private readonly ctx: ParseContext,
    private readonly sink: ParseSink,
  ) {
    const held: StatResult[] | undefined = parser.holdsListing(ctx) ? [] : undefined;
    this.held = held;
    this.out = held ? { entry: (entry) => held.push(entry), skip: (skipped) => sink.skip(skipped) } : sink;
  }

  write(chunk: string): void {
    const nl = chunk.lastIndexOf('\n');
    if (nl < 0) {
      if (chunk) this.pending.push(chunk);
      return;
    }
    this.pending.push(chunk.slice(0, nl + 1));
    const text = this.pending.join('');
    this.pending = nl + 1 < chunk.length ? [chunk.slice(nl + 1)] : [];
    this.run(text);
  }

  end(): void {
    const rest = this.pending.join('');
    this.pending = [];
    if (rest) this.run(`${rest}\n`);
    if (this.record.length) this.flushRecord('the listing ends inside a multi-line entry');
    if (this.held) {
      for (const entry of this.parser.finishListing!(this.held, this.ctx)) this.sink.entry(entry);
    }
  }

  /** `text` ends with a line terminator. */
  private run(text: string): void {
    const { parser, ctx, out } = this;
    let pos = 0;
    while (pos < text.length) {
      ctx.line++;
      let next = -1;
      if (this.record.length === 0) {
        try {
          next = parser.scanLine(text, pos, ctx, out);
        } catch (error) {
          if (!(error instanceof ParserError)) throw error;
        }
      }
      if (next >= 0) {
        pos = next;
        continue;
      }
      const nl = text.indexOf('\n', pos);
      this.slowLine(stripCR(text.slice(pos, nl)));
      pos = nl + 1;
    }
  }

  private slowLine(line: string): void {
    const { parser, ctx } = this;
    if (parser.continuesOnNextLine) {
      if (this.record.length === 0) {
        if (line.trim() === '' || parser.ignoresLine(line)) return;
        this.recordLine = ctx.line;
      }
      this.record.push(line);
      const record = this.record.join('\n');
      if (parser.continuesOnNextLine(record)) {
        if (this.record.length >= MAX_RECORD_LINES) this.flushRecord(`no entry ends within ${MAX_RECORD_LINES} lines`);
        return;
      }
      this.record = [];
      this.parseRecord(record, this.recordLine);
      return;
    }
    if (line.trim() === '' || parser.ignoresLine(line)) return;
    this.parseRecord(line, ctx.line);
  }

  private flushRecord(reason: string): void {
    const text = this.record.join('\n');
    this.record = [];
    this.report(new ParserError(reason), text, this.recordLine);
  }

  private parseRecord(text: string, line: number): void {
    const { parser, ctx, out } = this;
    const current = ctx.line;
    ctx.line = line;
    try {
      const entry = parser.parseLine(text, ctx);
      if (entry !== null) out.entry(entry);
    } catch (error) {
      if (!(error instanceof ParserError)) throw error;
      if (!this.tryOtherFormats(text)) this.report(error, text, line);
    } finally {
      ctx.line = current;
    }
  }

  /** A mixed listing: the first other line format that reads the line gets it. */
  private tryOtherFormats(text: string): boolean {
    for (const other of this.ctx.otherFormats) {
      if (other === this.parser || other.ignoresLine(text)) continue;
      this.ctx.readingForeignLine = true;
      try {
        const entry = other.parseLine(text, this.ctx);
        if (entry !== null) this.out.entry(entry);
        return true;
      } catch (error) {
        if (!(error instanceof ParserError)) throw error;
      } finally {
        this.ctx.readingForeignLine = false;
      }
    }
    return false;
  }

  private report(error: ParserError, text: string, line: number): void {
    const { parser, ctx } = this;
    if (ctx.strict) {
      throw error.line === undefined ? new ParserError(error.reason, line, error.column, text, parser.id) : error;
    }
    this.out.skip({ line, text, reason: error.reason });
  }
}
