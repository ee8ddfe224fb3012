/**
 * The neutral core of the plugin API: a format is a `Parser` that scores a sample (`detect`) and opens
 * a push session turning text chunks into entries, skipped parts and listing-level facts. The core
 * knows neither lines nor documents nor any format: `LineParser` (src/lines.ts) and `DocumentParser`
 * (src/document.ts) are layers on top of it, and a plugin may extend any of the three.
 */
import type { StatResult } from './stat.js';
import { MonthTable, ServerClock, type YearRule, yearRuleForServer } from './time.js';

/**
 * The options each format takes, by format id. A format declares its entry where it is written, by
 * declaration merging, built-ins and plugins alike:
 *
 *     declare module 'dirlisting' {
 *       interface FormatOptionsMap { vms: { highestVersionOnly?: boolean } }
 *     }
 *
 * A format that takes none declares `NoFormatOptions`. The map makes a misspelt format id or option
 * name a compile error in `formatOptions` and `optionsFor`, and lets editors complete `hint`.
 */
export interface FormatOptionsMap {}

/** The `FormatOptionsMap` entry of a format that takes no options: any option given is a type error. */
export type NoFormatOptions = { readonly [option: string]: never };

/** A format id: the declared ones complete in an editor; any other string names a runtime plugin. */
export type FormatId = keyof FormatOptionsMap | (string & {});

/** `formatOptions`: each declared format's own options, checked against its declaration. */
export type FormatOptionsByFormat = { readonly [Id in keyof FormatOptionsMap]?: Readonly<FormatOptionsMap[Id]> };

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
  /**
   * When the listing was made (for dates without a year). Default: the current time. A string is
   * ISO 8601, read in `timeZone` when it has no offset; an impossible date is a RangeError.
   */
  now?: Date | number | string;
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
  /**
   * Charset of byte input when neither a byte-order mark, `origin.charset` nor a declaration early in
   * the document (`<meta charset>`, `<meta http-equiv>`, `<?xml encoding?>`) names one: any WHATWG
   * label (`latin1`, `windows-1252`, `shift_jis`). Default `utf-8`. Refused for string input, which
   * is already decoded.
   */
  encoding?: string;
  /**
   * The server's SYST reply (`UNIX Type: L8`, `Windows_NT`, `VMS`, …): detection then considers only
   * the formats such servers send, as Commons Net's parser factory does. Ignored when it names no
   * known system.
   */
  syst?: string;
  /** Where the listing came from (SYST, greeting, Content-Type, Server header, URL, method). */
  origin?: Origin;
  /**
   * Year inference for dates without a year: a preset of `YEAR_RULES` or a tolerance in ms. Default:
   * the rule of the server `origin.banner` or `origin.syst` names (`yearRuleForServer`), else
   * `DEFAULT_YEAR_RULE`.
   */
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
  formatOptions?: FormatOptionsByFormat;
}

/**
 * A part of the listing that is not an entry and not known decoration, with the reason. Nothing is
 * dropped silently. `line` is 1-based; `column` (1-based) where the format can say where it went wrong.
 */
export interface Skipped {
  line: number;
  column?: number;
  text: string;
  reason: string;
}

/** The former name of `Skipped`, when every format was line-based. */
export type SkippedLine = Skipped;

/** Why a part is not an entry, as a format explains it on demand: the reason and, where known, the column. */
export interface Rejection {
  reason: string;
  column?: number;
}

/**
 * A part of a listing that is not a valid entry of the format, as thrown by `parseLine`/`readRecord`
 * and by a strict parse. `line`, `column`, `text` and `format` are filled where known.
 */
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
      (line !== undefined ? `line ${line}: ` : '') +
        reason +
        (text !== undefined ? `: ${JSON.stringify(truncate(text))}` : ''),
    );
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What a listing says about itself rather than about an entry. */
export interface ListingFacts {
  /** The listed directory's own entry, where the format shows it (WebDAV's own response, rsync's `.`). */
  self?: StatResult;
  /** The listed directory's path as the document states it (`Index of /pub/` → `/pub/`). */
  path?: string;
  /** The document's title, where it has one. */
  title?: string;
  /** The variant of the format that was read, e.g. `apache-table` or `nginx-json`. */
  dialect?: string;
}

/** What a parse knows beyond the text: the clock, the vocabulary, the origin and the caller's options. */
export class ParseContext {
  readonly clock: ServerClock;
  readonly months: MonthTable;
  readonly strict: boolean;
  readonly keepRaw: boolean;
  /**
   * Whether the parse keeps every entry until the end (`parseListing`), rather than handing them
   * out in batches (`parseListingStream`). Line formats read a kept listing with the generated
   * scanners, which allocate less per entry, and a stream with the regexes, which match faster
   * when the garbage of a line dies young (bench/README.md, "Generated scanners").
   */
  keepsEntries = false;
  /** Base for entries' `url`: the `baseUrl` option, else `origin.url`. */
  readonly baseUrl: string | undefined;
  /** Where the listing came from; `syst` given as an option is merged in. Never undefined. */
  readonly origin: Readonly<Origin>;
  /**
   * Whether other registered formats may read the parts this parse's format rejects (a mixed
   * listing): the `mixed` option, by default on when the format was detected and off with a hint.
   */
  readonly mixed: boolean;
  /**
   * Set by a format that decodes bytes of its own (rsync's `\#ooo`, tar's `\ooo` escapes) with
   * `decodeEscaping` and got bytes that are not valid UTF-8: the engine then looks at every field as
   * it does for undecodable input (a name's exact bytes in `rawName` and a warning, a symlink
   * target's shown with U+FFFD), not only at names and paths.
   */
  bytesEscaped = false;
  private readonly options: ParseOptions;
  private readonly states = new Map<object, unknown>();
  private facts: ((facts: ListingFacts) => void) | undefined;

  constructor(options: ParseOptions = {}) {
    const origin = mergedOrigin(options);
    this.clock = new ServerClock({
      timeZone: options.timeZone,
      now: options.now,
      // The caller's rule, else the rule of the server the greeting or SYST reply names, else the default.
      yearRule: options.yearRule ?? yearRuleForServer(origin.banner, origin.syst),
      timeShift: options.timeShift,
    });
    const locales = options.locale === undefined ? undefined : [options.locale].flat();
    this.months = locales ? new MonthTable(locales) : DEFAULT_MONTHS;
    this.strict = options.strict ?? false;
    this.keepRaw = options.keepRaw ?? false;
    this.origin = origin;
    this.baseUrl = options.baseUrl ?? this.origin.url;
    this.mixed = options.mixed ?? options.hint === undefined;
    this.options = options;
  }

  /** The caller's options for one format (`formatOptions[id]`), or an empty object. */
  optionsFor<Id extends keyof FormatOptionsMap>(format: Id): Readonly<FormatOptionsMap[Id]>;
  optionsFor(format: FormatId): Readonly<Record<string, unknown>>;
  optionsFor(format: FormatId): Readonly<Record<string, unknown>> {
    return (this.options.formatOptions as Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined)?.[format] ?? {};
  }

  /**
   * What the listing says about itself, from a format that learns it while reading one line (rsync's
   * `.` line is the listed directory itself): as `ParseSink.listing`, for line formats, whose
   * `parseLine`/`build` see the context but not the sink. A no-op outside a parse (detection).
   */
  listing(facts: ListingFacts): void {
    this.facts?.(facts);
  }

  /** Connects `listing` to a parse's sink (the engine does this once per parse). */
  reportListingTo(report: (facts: ListingFacts) => void): void {
    this.facts = report;
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
  skip(skipped: Skipped): void;
  /** What the listing says about itself, as soon as the format knows it (may be called more than once). */
  listing(facts: ListingFacts): void;
}

/** A push parser over one listing: text in, entries out through the sink. */
export interface ParseSession {
  write(text: string): void;
  end(): void;
}

export interface FormatOptions {
  now?: Date | number | string;
  timeZone?: string;
  /** A format's own layout choices, e.g. `style: 'iso'` for `dos` (see each formatter). */
  [option: string]: unknown;
}

/**
 * Origins a format claims, each a pattern over one `Origin` field: detection then considers only the
 * formats that claim a given origin (formats that claim nothing for that field always stay).
 */
export interface OriginClaims {
  syst?: RegExp;
  banner?: RegExp;
  contentType?: RegExp;
  server?: RegExp;
}

export abstract class Parser {
  /** Short stable name, e.g. `unix`. */
  abstract readonly id: FormatId;
  /** One line for `dirlisting formats`. */
  readonly description: string = '';
  /** Shorthand for `origins.syst`: SYST replies of servers that send this format. */
  readonly systems?: RegExp;
  /** Origins this format claims (see `OriginClaims`). */
  readonly origins?: OriginClaims;
  /**
   * How sure (0..1) this parser is that a sample (the start of a listing, decoded) is its format.
   * `ctx` is built from the caller's options: `ctx.origin` says where the text came from, and
   * `ctx.months` which month names the caller accepts. Below `CONFIDENCE_FLOOR` a score claims nothing: return at least
   * the floor only when the sample is evidence of the format, not merely compatible with it.
   */
  abstract detect(sample: string, ctx: ParseContext): number;
  /** Opens a session that parses one listing pushed in chunks. */
  abstract open(ctx: ParseContext, sink: ParseSink): ParseSession;
  /** The reverse direction, where the format allows it: entries to listing text. */
  format?(entries: readonly StatResult[], options?: FormatOptions): string;

  /**
   * A pass over the whole listing once it is read (Commons Net `preParse`): e.g. keep only the
   * newest VMS version, or resolve MLSD symlink targets by `unique` fact. The engine then holds the
   * entries and delivers them at the end instead of in batches.
   */
  finishListing?(entries: StatResult[], ctx: ParseContext): StatResult[];

  /**
   * Whether this parse needs `finishListing` (and so gives up streaming batches). By default, when
   * the parser has one; a parser whose pass depends on an option says so per parse.
   */
  holdsListing(_ctx: ParseContext): boolean {
    return this.finishListing !== undefined;
  }
}
