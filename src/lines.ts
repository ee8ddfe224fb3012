/**
 * The line layer over the neutral core: formats with one entry per line (or per record of a few
 * lines). `LineParser` says how one line reads; `GrammarLineParser` adds the compiled fast path of a
 * declared grammar; `LineSession` frames lines out of chunks cut anywhere, keeps the line cursor,
 * reads a mixed listing's foreign lines with the other line formats, and asks for a reason only when
 * a line is reported.
 */
import { BUDGET, type CaptureReader, type CompiledGrammar, type Captures, type Scanner } from './grammar.js';
import {
  ParseContext,
  Parser,
  ParserError,
  type ParseSession,
  type ParseSink,
  type Rejection,
} from './parser.js';
import { listParsers } from './registry.js';
import type { StatResult } from './stat.js';

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
   * `parseLine` without the cost of a reason: the entry, `null` for a valid line that names no entry,
   * or `undefined` when the line is not of this format. Detection and the mixed-listing fallback use
   * it, so a rejected line costs a failed match and no error. The default catches `parseLine`'s
   * `ParserError`; a format with a cheaper test overrides it.
   */
  tryLine(line: string, ctx: ParseContext): StatResult | null | undefined {
    try {
      return this.parseLine(line, ctx);
    } catch (error) {
      if (error instanceof ParserError) return undefined;
      throw error;
    }
  }

  /** Why `line` is not an entry: asked for only when the line is reported (skipped, strict, the CLI). */
  rejection(line: string, ctx: ParseContext): Rejection {
    try {
      this.parseLine(line, ctx);
    } catch (error) {
      if (error instanceof ParserError) return { reason: error.reason, column: error.column };
      throw error;
    }
    return { reason: `not ${article(this.id)} ${this.id} line` };
  }

  /**
   * Whether this format may read `line` when it is another format's listing that rejected it (a
   * mixed listing). MLSD refuses a bare name there: any indented text would read as one.
   */
  acceptsForeignLine(_line: string): boolean {
    return true;
  }

  /**
   * For formats whose entries may span lines (VMS wraps long names; Commons Net `readNextEntry`):
   * true while `record` (the lines so far, joined by `\n`) is not a whole entry yet.
   */
  continuesOnNextLine?(record: string): boolean;

  /**
   * Share of the sample's non-blank lines that this parser reads (as entries or as lines it knows to
   * ignore). A sample of ignorable lines only (`total 0`) scores half: a hint, not proof.
   */
  detect(sample: string, ctx: ParseContext = new ParseContext({ now: 0 })): number {
    let considered = 0;
    let parsed = 0;
    let ignored = 0;
    for (const line of sampleLines(sample)) {
      considered++;
      if (this.ignoresLine(line)) ignored++;
      else if (this.tryLine(line, ctx) !== undefined) parsed++;
    }
    return lineShare(considered, parsed, ignored);
  }

  open(ctx: ParseContext, sink: ParseSink): ParseSession {
    return new LineSession(this, ctx, sink);
  }

  /**
   * Optional fast path: parse the line that starts at `pos` of `text` (which holds whole lines) and
   * deliver its entry to the sink, returning where the next line starts; -1 sends the line through
   * `ignoresLine`/`tryLine` instead.
   */
  scanLine(_text: string, _pos: number, _ctx: ParseContext, _sink: ParseSink): number {
    return -1;
  }
}

/** The score of `LineParser.detect`: lines read, and lines known to be decoration, of those considered. */
export function lineShare(considered: number, parsed: number, ignored: number): number {
  if (considered === 0) return 0;
  return parsed > 0 ? (parsed + ignored) / considered : (0.5 * ignored) / considered;
}

/** "an os2 line", "an eplf line", but "a unix line". */
function article(id: string): string {
  return /^[aeio]/i.test(id) ? 'an' : 'a';
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

/**
 * Whether the fast path uses the generated scanners (default) or the regexes only
 * (`DIRLISTING_SCANNER=0`, for benchmarks and for comparing the two on a listing).
 */
const useScanners = typeof process === 'undefined' || process.env?.DIRLISTING_SCANNER !== '0';

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
   * that `grammar` matches with the same captures by name (test/engine/fast-grammar.test.ts), so
   * `build` gives the same entry whichever grammar matched.
   */
  readonly fastGrammars: readonly CompiledGrammar[] = [];

  /**
   * The entry a matched line describes, `null` for none; throws `ParserError` for impossible values.
   * `groups` is the capture-name map of the grammar that matched (`grammar.groups` unless a
   * `fastGrammars` entry did).
   */
  abstract build(captures: Captures, ctx: ParseContext, groups: Readonly<Record<string, number>>): StatResult | null;

  /**
   * Optional: `build` written over a `CaptureReader`, which the fast path calls with the scanner's
   * offsets, so numbers are read from the text without slicing a string for each. A format that
   * has it implements `build` as `buildFrom(captures.of(m), …)` (`ArrayCaptures`), so the meaning
   * is written once; test/engine/scanner.test.ts checks both give the same entry on every line.
   */
  buildFrom?(captures: CaptureReader, ctx: ParseContext, groups: Readonly<Record<string, number>>): StatResult | null;

  parseLine(line: string, ctx: ParseContext): StatResult | null {
    const match = this.grammar.matchLine.exec(line);
    if (match) return this.finish(this.build(match, ctx, this.grammar.groups), line, ctx);
    const { reason, column } = this.grammarRejection(line);
    throw new ParserError(reason, undefined, column, line, this.id);
  }

  /**
   * A failed match costs nothing more: no error, no diagnosis. A subclass that overrides `parseLine`
   * (VMS joins wrapped records, MVS switches on headers) is read through it instead.
   */
  override tryLine(line: string, ctx: ParseContext): StatResult | null | undefined {
    if (this.parseLine !== GrammarLineParser.prototype.parseLine) return super.tryLine(line, ctx);
    const match = this.grammar.matchLine.exec(line);
    if (match === null) return undefined;
    try {
      return this.finish(this.build(match, ctx, this.grammar.groups), line, ctx);
    } catch (error) {
      if (error instanceof ParserError) return undefined;
      throw error;
    }
  }

  override rejection(line: string, ctx: ParseContext): Rejection {
    if (this.parseLine !== GrammarLineParser.prototype.parseLine || this.grammar.matchLine.test(line)) return super.rejection(line, ctx);
    return this.grammarRejection(line);
  }

  /** What the grammar expected where; a subclass that explains its own lines (MLSD) says why instead. */
  private grammarRejection(line: string): Rejection {
    if (this.explain !== GrammarLineParser.prototype.explain) return { reason: this.explain(line) };
    return diagnoseLine(this.grammar, line, `${article(this.id)} ${this.id} line`);
  }

  /** Why the grammar rejects a line: what was expected at which column. */
  explain(line: string): string {
    return explainLine(this.grammar, line, `${article(this.id)} ${this.id} line`);
  }

  /**
   * The fast path: each of `fastGrammars`, then `grammar`, is tried at `pos` with its generated
   * scanner (src/scanner.ts), or its sticky regex where it has none or a line spends the scanner's
   * budget; the first that matches gives the captures. Returns the next line's start, or -1.
   */
  override scanLine(text: string, pos: number, ctx: ParseContext, sink: ParseSink): number {
    const plan = ctx.keepsEntries ? (this.plan ??= this.fastPath(true)) : (this.regexPlan ??= this.fastPath(false));
    for (let i = 0; i < plan.length; i++) {
      const { grammar, scanner } = plan[i]!;
      let next = -1;
      let entry: StatResult | null;
      if (scanner !== undefined && (next = scanner.scan(text, pos)) !== BUDGET) {
        if (next < 0) continue;
        // Offsets only: a format that reads captures through `buildFrom` slices what it keeps.
        entry = this.buildFrom !== undefined ? this.buildFrom(scanner.match, ctx, grammar.groups) : this.build(scanner.captures(), ctx, grammar.groups);
      } else {
        const fast = grammar.fast;
        fast.lastIndex = pos;
        const match = fast.exec(text);
        if (match === null) continue;
        next = fast.lastIndex;
        entry = this.build(match, ctx, grammar.groups);
      }
      if (entry !== null) {
        if (ctx.keepRaw) entry.raw = stripCR(text.slice(pos, next - 1));
        sink.entry(entry);
      }
      return next;
    }
    return -1;
  }

  /** The grammars of the fast path in order, each with its scanner (undefined: the regex). */
  private plan: readonly { grammar: CompiledGrammar; scanner: Scanner | undefined }[] | undefined;
  /** The same grammars with their regexes only, for a stream. */
  private regexPlan: readonly { grammar: CompiledGrammar; scanner: Scanner | undefined }[] | undefined;

  /**
   * The scanners where the parse keeps its entries: measured, they save the match array and the
   * slices that a kept listing pays for in garbage collection, but match slower than irregexp, which
   * a stream (whose garbage dies young) notices (bench/README.md: unix-1m streamed +13-20%).
   */
  private fastPath(scanners: boolean): readonly { grammar: CompiledGrammar; scanner: Scanner | undefined }[] {
    return [...this.fastGrammars, this.grammar].map((grammar) => ({
      grammar,
      scanner: scanners && useScanners ? grammar.scanner : undefined,
    }));
  }

  private finish(entry: StatResult | null, line: string, ctx: ParseContext): StatResult | null {
    if (entry !== null && ctx.keepRaw) entry.raw = line;
    return entry;
  }
}

/**
 * Why a grammar rejects a line: "expected a month name at column 43 of a unix line", with the column.
 * `what` names the kind of line. Lines over `MAX_DIAGNOSED_LINE` get a short reason.
 */
export function diagnoseLine(grammar: CompiledGrammar, line: string, what: string): Rejection {
  if (line.length > MAX_DIAGNOSED_LINE) return { reason: `not ${what} (${line.length} characters)` };
  const diagnosis = grammar.diagnose(line);
  if (diagnosis.ok) return { reason: `not ${what}` };
  const { expected, column } = diagnosis;
  const list = expected.length <= 1 ? (expected[0] ?? 'something else') : `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
  return { reason: `expected ${list} at column ${column} of ${what}`, column };
}

/** `diagnoseLine`'s reason alone. */
export function explainLine(grammar: CompiledGrammar, line: string, what: string): string {
  return diagnoseLine(grammar, line, what).reason;
}

/** The most lines one multi-line record may take before it is reported as broken. */
const MAX_RECORD_LINES = 16;

/**
 * Feeds a LineParser: keeps the unfinished last line between chunks, tries the fast path at each line
 * start, and sends other lines through `ignoresLine`/`tryLine`; a line the parser rejects is tried
 * with the other line formats (mixed listings) before it is reported with its reason.
 */
class LineSession implements ParseSession {
  private pending: string[] = [];
  /** The 1-based number of the line being read. */
  private line = 0;
  /** Lines of a multi-line record so far, and the number of its first line. */
  private record: string[] = [];
  private recordLine = 0;
  /** Other line formats that may read a line this one rejects (a mixed listing). */
  private readonly others: readonly LineParser[];

  constructor(
    private readonly parser: LineParser,
    private readonly ctx: ParseContext,
    private readonly sink: ParseSink,
  ) {
    this.others = ctx.mixed
      ? listParsers().filter((other): other is LineParser => other instanceof LineParser && other !== parser && other.mixedFallback)
      : [];
  }

  write(chunk: string): void {
    const nl = chunk.lastIndexOf('\n');
    if (nl < 0) {
      if (chunk) this.pending.push(chunk);
      return;
    }
    // The lines are read in place, up to `end`: slicing them off the chunk would give the
    // scanners a sliced string, whose every charCodeAt goes through its parent (measured: the
    // streamed unix-1m parse 20-30% slower than on a flat string).
    let text = chunk;
    let end = nl + 1;
    if (this.pending.length > 0) {
      this.pending.push(chunk);
      text = this.pending.join('');
      end = text.length - (chunk.length - end);
    }
    this.pending = nl + 1 < chunk.length ? [chunk.slice(nl + 1)] : [];
    this.run(text, end);
  }

  end(): void {
    const rest = this.pending.join('');
    this.pending = [];
    if (rest) this.run(`${rest}\n`);
    if (this.record.length) this.flushRecord('the listing ends inside a multi-line entry');
  }

  /** The lines of `text` before `end`, where a line terminator ends. */
  private run(text: string, end = text.length): void {
    const { parser, ctx, sink } = this;
    let pos = 0;
    while (pos < end) {
      this.line++;
      let next = -1;
      if (this.record.length === 0) {
        try {
          next = parser.scanLine(text, pos, ctx, sink);
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
    const { parser } = this;
    if (parser.continuesOnNextLine) {
      if (this.record.length === 0) {
        if (line.trim() === '' || parser.ignoresLine(line)) return;
        this.recordLine = this.line;
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
    this.parseRecord(line, this.line);
  }

  private flushRecord(reason: string): void {
    const text = this.record.join('\n');
    this.record = [];
    this.report({ reason }, text, this.recordLine);
  }

  private parseRecord(text: string, line: number): void {
    const { parser, ctx, sink } = this;
    const entry = parser.tryLine(text, ctx);
    if (entry !== undefined) {
      if (entry !== null) sink.entry(entry);
      return;
    }
    if (!this.tryOtherFormats(text)) this.report(parser.rejection(text, ctx), text, line);
  }

  /** A mixed listing: the first other line format that reads the line gets it. */
  private tryOtherFormats(text: string): boolean {
    for (const other of this.others) {
      if (other.ignoresLine(text) || !other.acceptsForeignLine(text)) continue;
      const entry = other.tryLine(text, this.ctx);
      if (entry === undefined) continue;
      if (entry !== null) this.sink.entry(entry);
      return true;
    }
    return false;
  }

  private report({ reason, column }: Rejection, text: string, line: number): void {
    if (this.ctx.strict) throw new ParserError(reason, line, column, text, this.parser.id);
    this.sink.skip(column === undefined ? { line, text, reason } : { line, column, text, reason });
  }
}
