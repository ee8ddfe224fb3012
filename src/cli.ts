#!/usr/bin/env node
/**
 * The `dirlisting` command: parse a listing file (or stdin) into a table, JSON or NDJSON, show what
 * detection thinks of it, or list the registered formats; list, stat, walk, download and measure
 * remote trees (ls, stat, walk, get, du) through the ListingClient.
 *
 * Exit codes: 0 every line parsed (every directory listed); 1 some lines were not entries (skipped,
 * or the first one under --strict), or some directories of a walk could not be listed; 2 usage
 * error, unreadable input or URL (a remote error: ENOENT, EACCES, ETIMEDOUT, …), unknown format,
 * time zone, locale or date; 3 an internal error (a bug: the stack trace is printed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { clearLine, cursorTo } from 'node:readline';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SingleBar } from 'cli-progress';
import {
  ListingClient,
  RemoteError,
  type RemoteStat,
  type WalkEntry,
  redactUrl,
  type ParseOptions,
  ParseContext,
  ParserError,
  SAMPLE_CHARS,
  type SkippedLine,
  type ListingFacts,
  type ListingWarning,
  ServerClock,
  type StatResult,
  UNKNOWN_FORMAT,
  detectFormat,
  formatUnixMode,
  getParser,
  listParsers,
  normalizeTimeZone,
  parseInstant,
  Parser,
  registerParser,
  YEAR_RULES,
  type YearRule,
  CONFIDENCE_FLOOR,
  parseListingStream,
} from './index.js';

const EXIT_OK = 0;
const EXIT_SKIPPED = 1;
const EXIT_USAGE = 2;
const EXIT_BUG = 3;

/** Skipped lines listed one by one on stderr in table mode; beyond this, a count. */
const MAX_REPORTED = 20;

/** Bad input or bad usage: reported as one line, never with a stack trace. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly hint = true,
  ) {
    super(message);
  }
}

// ---- help ----------------------------------------------------------------------------------------

const REMOTE_HELP = `Remote options (URLs: http, https, WebDAV; ftp and rsync where installed):
      --timeout MS      milliseconds a request may take (default 30000)
      --user NAME       basic auth user; the password is read from DIRLISTING_PASSWORD
      --method M        auto (default), get (the index page) or propfind (WebDAV)
      --concurrency N   directories listed at once by walk, du, ls -R (default 8)
      --json            one JSON document
      --ndjson          one JSON record per line
  -h, --help            show this help

URLs are printed without their credentials. Exit status: 0 done; 1 some directories could not be
listed (each is reported on standard error); 2 usage error or the URL could not be read (one line:
the code, e.g. ENOENT, and the URL); 3 internal error.
`;

const HELP: Record<string, string> = {
  main: `Usage: dirlisting COMMAND [OPTIONS] [FILE|-]

Parse directory listings (FTP LIST, DOS/IIS, ...) into normalized entries.

Commands:
  parse [FILE|-]    parse a listing into a table, JSON or NDJSON
  detect [FILE|-]   show how sure each format is that the listing is its format
  formats           list the registered formats
  ls URL            list a remote directory (-l long, -R recursive)
  stat URL          show what a remote path is
  walk URL          every path below a remote directory
  get URL [DEST]    download a file (--if-newer: only when the remote one is newer)
  du URL            total size and count of a remote tree

Options:
  -h, --help        show help (also: dirlisting COMMAND --help)
  -V, --version     show the version

Exit status: 0 all lines parsed, 1 some lines skipped (detect: no format recognized) or some
directories not listed (walk, du, ls -R), 2 usage or input error (a URL that cannot be read),
3 internal error.
`,
  parse: `Usage: dirlisting parse [FILE|-] [OPTIONS]

Reads the listing from FILE, or from standard input when FILE is - or missing, as a stream.

Options:
  -f, --format ID     the format (see 'dirlisting formats'); detected by default
      --tz ZONE       IANA time zone the server shows times in (default UTC)
      --now ISO       when the listing was made, for dates shown without a year (default: now)
      --locale LIST   comma-separated languages of month names, e.g. en,de (default: all)
      --strict        stop at the first line that is not an entry
      --json          print one JSON document {format, confidence, entries, skipped}
      --ndjson        print one JSON entry per line, then {"skipped": {...}} records
      --raw           keep each entry's source line (a "raw" field; below the row in the table)
      --syst TEXT     the server's SYST reply: narrows detection, names the server's year rule
      --banner TEXT   the server's 220 greeting: names the server's year rule (e.g. ProFTPD)
      --year-rule R   how dates without a year get one: proftpd (default), pure-ftpd, pyftpdlib,
                      filezilla-server, inetutils, vsftpd, busybox, iis, commons-net, lftp,
                      ftpparse, ftputil, gnu-ls, or milliseconds ahead of --now
      --time-shift MS how far the server's clock runs ahead, in milliseconds
      --encoding NAME charset of the input when it declares none (default utf-8)
      --mixed, --no-mixed
                      let other formats read lines the listing's format rejects (default: on
                      when detected, off with --format)
      --format-option ID.KEY=VALUE
                      a format's own option, e.g. vms.highestVersionOnly=true (repeatable)
      --plugin MODULE load a parser module (its default export is registered; repeatable)
  -h, --help          show this help

--tz takes an IANA name, UTC or an offset (-0500, +05:30). --now is ISO 8601; without an offset
it is a time in the --tz zone (or UTC), never the machine's zone. Format ids ignore case.

The table shows every time, MLSD's and EPLF's UTC times too, as a wall-clock time in the --tz zone
(its first line says which), to the precision the listing gives (2019-11-21 for a day,
2026-11-21 10:00 for a minute).
Skipped lines are reported on standard error in table mode, and in the output with --json/--ndjson.

Exit status: 0 all lines parsed; 1 some lines were not entries (skipped, or the first one with
--strict); 2 usage error, unreadable file, unknown format, time zone, locale or date; 3 internal error.
`,
  detect: `Usage: dirlisting detect [FILE|-] [OPTIONS]

Prints the verdict, "format: ID", the format 'dirlisting parse' would use, or "format: unknown"
(exit status 1) when no format claims the text above the confidence floor; then every registered
format with its confidence (0..1) for the start of the listing, best first.

Options:
      --json          print {format, floor, detections: [{format, confidence}]}
  -h, --help          show this help
`,
  formats: `Usage: dirlisting formats [OPTIONS]

Lists the registered formats by id, alphabetically.

Options:
      --json          print a JSON array of {id, description, detectionRank} (rank 1 is tried first
                      and wins ties)
  -h, --help          show this help
`,
  ls: `Usage: dirlisting ls URL [-l] [-R] [OPTIONS]

Lists the directory URL names: one name a line (directories end in /); -l: mode, size, time (UTC)
and name; -R: every path below URL, breadth-first. --json prints {format, confidence, entries,
skipped, warnings} (with -R: an array of {path, depth, entry}).

  -l, --long            the long format
  -R, --recursive       the whole tree
${REMOTE_HELP}`,
  stat: `Usage: dirlisting stat URL [OPTIONS]

Shows the type, size, modification time (with the precision the server gave) and mode of URL, and
where they came from (source).

${REMOTE_HELP}`,
  walk: `Usage: dirlisting walk URL [--depth N] [OPTIONS]

Prints every path below URL (relative to it, decoded; directories end in /), breadth-first. On a
terminal, standard error shows a status line: directories, entries, bytes and entries per second.
--json prints an array and --ndjson one line per entry of {path, depth, entry}.

      --depth N         go at most N levels down (1: URL's own entries)
${REMOTE_HELP}`,
  get: `Usage: dirlisting get URL [DEST] [--if-newer] [OPTIONS]

Downloads URL to DEST (a file, or a directory to put it in; default: its name in the current
directory), with a progress bar on standard error when it is a terminal. Prints "DEST: N bytes",
or "DEST: up to date (reason)" with --if-newer when the local file is as new as the remote one.

      --if-newer        download only when the remote file is newer than DEST
${REMOTE_HELP}`,
  du: `Usage: dirlisting du URL [--depth N] [OPTIONS]

Prints the total size of the files below URL, in bytes (with ~ when a listing showed rounded sizes)
and for people, and how many files and directories there are. --json: {url, bytes, files,
directories, exact}.

      --depth N         go at most N levels down
${REMOTE_HELP}`,
};

function version(): string {
  // dist/src/cli.js -> package.json
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// ---- output --------------------------------------------------------------------------------------

/** Writes to stdout, waiting while the pipe is full so a huge listing is never all in memory. */
function write(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

// The reader has gone (`dirlisting parse big.txt | head`): nobody wants the rest, stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_OK);
  throw error;
});

function warn(message: string): void {
  process.stderr.write(`dirlisting: ${message}\n`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Control characters of a name from an untrusted server must not reach the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// ---- input ---------------------------------------------------------------------------------------

/** The bytes of FILE (or stdin for `-`/none); read errors become `UsageError`s. */
async function* input(file: string | undefined): AsyncGenerator<Uint8Array> {
  const name = file === undefined || file === '-' ? 'standard input' : file;
  let stream: NodeJS.ReadableStream;
  if (name === 'standard input') {
    stream = process.stdin;
  } else {
    try {
      stream = (await open(name)).createReadStream();
    } catch (error) {
      throw new UsageError(`cannot read ${name}: ${describeIoError(error)}`, false);
    }
  }
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${describeIoError(error)}`, false);
  }
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? String((error as Error).message ?? error);
  }
}

// ---- commands ------------------------------------------------------------------------------------

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Parses a command's arguments; `--help` prints the command's help and returns undefined. */
function args(
  command: string,
  argv: string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>,
  maxPositionals: number,
): { values: Values; positionals: string[] } | undefined {
  // A value that starts with a dash and a digit (`--tz -0500`) is the option's value, not an option.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z-]+)$/.exec(argv[i]!)?.[1];
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else {
      joined.push(argv[i]!);
    }
  }
  const { values, positionals } = parseArgs({
    args: joined,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  for (const [name, value] of Object.entries(values)) {
    for (const one of [value].flat() as unknown[]) {
      if (typeof one === 'string' && one.trim() === '') throw new UsageError(`--${name}: an empty value is no value`);
    }
  }
  if (values.help) {
    process.stdout.write(HELP[command]!);
    return undefined;
  }
  if (positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument '${positionals[maxPositionals]}'`);
  }
  return { values, positionals };
}

async function parseCommand(argv: string[]): Promise<number> {
  const parsed = args(
    'parse',
    argv,
    {
      format: { type: 'string', short: 'f' },
      tz: { type: 'string' },
      now: { type: 'string' },
      locale: { type: 'string' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
      ndjson: { type: 'boolean' },
      raw: { type: 'boolean' },
      syst: { type: 'string' },
      banner: { type: 'string' },
      'year-rule': { type: 'string' },
      'time-shift': { type: 'string' },
      encoding: { type: 'string' },
      mixed: { type: 'boolean' },
      'no-mixed': { type: 'boolean' },
      'format-option': { type: 'string', multiple: true },
      plugin: { type: 'string', multiple: true },
    },
    1,
  );
  if (!parsed) return EXIT_OK;
  const { values, positionals } = parsed;
  await loadPlugins(values.plugin as string[] | undefined);
  if (values.json && values.ndjson) throw new UsageError('--json and --ndjson cannot be combined');
  const options = parseOptions(values);
  const output = values.json ? new JsonOutput() : values.ndjson ? new NdjsonOutput() : new TableOutput(options);

  const stream = parseListingStream(input(positionals[0]), options);
  let failure: ParserError | undefined;
  try {
    for await (const batch of stream) await output.entries(batch, stream.format!, stream.confidence!);
  } catch (error) {
    if (!(error instanceof ParserError) || !options.strict) throw error;
    failure = error;
  }
  const skipped = [...stream.skipped];
  // Under --strict the failing line is reported as the one skipped line, so every output stays whole.
  if (failure) skipped.push({ line: failure.line ?? 0, text: failure.text ?? '', reason: failure.reason });
  // A strict failure in the first chunk leaves stream.format unset; the error names the format.
  const format = stream.format ?? failure?.format ?? UNKNOWN_FORMAT;
  await output.end(format, stream.confidence ?? 0, skipped, failure !== undefined, { warnings: stream.warnings, facts: stream.facts });
  return skipped.length > 0 ? EXIT_SKIPPED : EXIT_OK;
}

/**
 * `--plugin MODULE`: a module path (or package name) whose default export is a parser to register,
 * or that registers its parsers itself when imported.
 */
async function loadPlugins(modules: string[] | undefined): Promise<void> {
  for (const module of modules ?? []) {
    const specifier = /^[./]/.test(module) ? pathToFileURL(resolve(module)).href : module;
    let loaded: { default?: unknown };
    try {
      loaded = (await import(specifier)) as { default?: unknown };
    } catch (error) {
      throw new UsageError(`--plugin: cannot load ${module}: ${(error as Error).message.split('\n')[0]}`);
    }
    const parser = loaded.default;
    if (parser instanceof Parser) registerParser(parser);
    else if (parser !== undefined) throw new UsageError(`--plugin: the default export of ${module} is not a Parser`);
  }
}

/** A format id as typed: ids are matched without regard to case (`UNIX` is `unix`). */
function formatId(typed: string): string {
  const exact = listParsers().find((parser) => parser.id === typed);
  if (exact) return exact.id;
  return listParsers().find((parser) => parser.id.toLowerCase() === typed.toLowerCase())?.id ?? typed;
}

/** The engine options of `parse`, each checked here so a bad value is a usage error. */
function parseOptions(values: Values): ParseOptions {
  const options: ParseOptions = {};
  if (values.format !== undefined) options.hint = formatId(values.format as string);
  if (values.tz !== undefined) {
    try {
      options.timeZone = normalizeTimeZone(values.tz as string); // -0500 is -05:00
    } catch (error) {
      throw new UsageError(`--tz: ${(error as Error).message}`);
    }
  }
  if (values.now !== undefined) {
    // Without an offset, --now is a wall-clock time in --tz (or UTC), never the machine's zone.
    try {
      options.now = parseInstant(values.now as string, options.timeZone ?? 'UTC');
    } catch (error) {
      throw new UsageError(`--now: ${(error as Error).message}`);
    }
  }
  if (values.syst !== undefined || values.banner !== undefined) {
    options.origin = { syst: values.syst as string | undefined, banner: values.banner as string | undefined };
  }
  if (values['year-rule'] !== undefined) {
    const rule = values['year-rule'] as string;
    if (/^\d+$/.test(rule)) options.yearRule = Number(rule);
    else if (Object.hasOwn(YEAR_RULES, rule)) options.yearRule = rule as YearRule;
    else throw new UsageError(`--year-rule: unknown rule '${rule}': use ${Object.keys(YEAR_RULES).join(', ')} or milliseconds`);
  }
  if (values['time-shift'] !== undefined) {
    const shift = Number(values['time-shift']);
    if (!Number.isFinite(shift)) throw new UsageError(`--time-shift: '${values['time-shift']}' is not a number of milliseconds`);
    options.timeShift = shift;
  }
  if (values.encoding !== undefined) options.encoding = values.encoding as string;
  if (values.mixed && values['no-mixed']) throw new UsageError('--mixed and --no-mixed cannot be combined');
  if (values.mixed) options.mixed = true;
  if (values['no-mixed']) options.mixed = false;
  for (const assignment of (values['format-option'] as string[] | undefined) ?? []) {
    const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(assignment);
    if (!m) throw new UsageError(`--format-option: expected ID.KEY=VALUE, e.g. vms.highestVersionOnly=true: '${assignment}'`);
    const [, id, key, text] = m as unknown as [string, string, string, string];
    const value: unknown = text === 'true' ? true : text === 'false' ? false : /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : text;
    const formatOptions = { ...(options.formatOptions ?? {}) } as Record<string, Record<string, unknown>>;
    formatOptions[formatId(id)] = { ...(formatOptions[formatId(id)] ?? {}), [key]: value };
    options.formatOptions = formatOptions;
  }
  if (values.locale !== undefined) {
    options.locale = (values.locale as string).split(',').map((code) => code.trim()).filter(Boolean);
    if (options.locale.length === 0) throw new UsageError('--locale: expected a list such as en,de');
  }
  if (values.strict) options.strict = true;
  if (values.raw) options.keepRaw = true;
  try {
    if (options.hint !== undefined) getParser(options.hint);
    new ParseContext(options); // validates the time zone and the locales
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  return options;
}

/** What a listing says besides entries and skipped lines: entries kept with a remark, and facts about itself. */
interface Remarks {
  warnings: readonly ListingWarning[];
  facts: ListingFacts;
}

interface Output {
  entries(batch: StatResult[], format: string, confidence: number): Promise<void> | void;
  end(format: string, confidence: number, skipped: SkippedLine[], stopped: boolean, remarks: Remarks): Promise<void> | void;
}

/** The listing's facts (self, path, title, dialect) as JSON members, each on its own line. */
function factMembers(facts: ListingFacts): string {
  return Object.entries(facts)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join('');
}

/** One JSON document, written as the entries arrive: the header once the format is known. */
class JsonOutput implements Output {
  private started = false;
  private count = 0;

  private header(format: string, confidence: number): string {
    if (this.started) return '';
    this.started = true;
    return `{\n  "format": ${JSON.stringify(format)},\n  "confidence": ${JSON.stringify(confidence)},\n  "entries": [`;
  }

  entries(batch: StatResult[], format: string, confidence: number): Promise<void> | void {
    let text = this.header(format, confidence);
    for (const entry of batch) text += `${this.count++ ? ',' : ''}\n    ${JSON.stringify(entry)}`;
    return write(text);
  }

  end(format: string, confidence: number, skipped: SkippedLine[], _stopped: boolean, { warnings, facts }: Remarks): Promise<void> | void {
    let text = this.header(format, confidence);
    text += this.count ? '\n  ],\n  "skipped": [' : '],\n  "skipped": [';
    text += skipped.map((line) => `\n    ${JSON.stringify(line)}`).join(',');
    text += skipped.length ? '\n  ],\n  "warnings": [' : '],\n  "warnings": [';
    text += warnings.map((warning) => `\n    ${JSON.stringify(warning)}`).join(',');
    text += warnings.length ? '\n  ]' : ']';
    text += `${factMembers(facts)}\n}\n`;
    return write(text);
  }
}

class NdjsonOutput implements Output {
  entries(batch: StatResult[]): Promise<void> | void {
    return write(batch.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  end(_format: string, _confidence: number, skipped: SkippedLine[], _stopped: boolean, { warnings }: Remarks): Promise<void> | void {
    const records = [...skipped.map((line) => ({ skipped: line })), ...warnings.map((warning) => ({ warning }))];
    if (records.length) return write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  }
}

/**
 * `ls -l`-like rows. Columns are aligned per batch, and a column never narrows, so memory stays
 * bounded by the batch and a small listing (one batch) is aligned throughout.
 */
class TableOutput implements Output {
  private readonly clock: ServerClock;
  private readonly raw: boolean;
  private widths = [0, 0, 0, 0, 0];
  private owners = false;

  constructor(options: ParseOptions) {
    this.clock = new ServerClock({ timeZone: options.timeZone });
    this.raw = options.keepRaw ?? false;
  }

  private headed = false;

  /** The first line says which zone the times are in: every time of the table, MLSD's UTC ones too, is in it. */
  private header(): string {
    if (this.headed) return '';
    this.headed = true;
    return `# times in ${this.clock.timeZone}\n`;
  }

  entries(batch: StatResult[]): Promise<void> | void {
    if (!this.owners) this.owners = batch.some((entry) => entry.owner !== undefined || entry.group !== undefined);
    const rows = batch.map((entry) => this.row(entry));
    for (const row of rows) row.cells.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i]!, cell.length)));
    const [modeW, ownerW, groupW, sizeW, timeW] = this.widths as [number, number, number, number, number];
    let text = batch.length > 0 ? this.header() : '';
    for (const { cells, name, raw } of rows) {
      const [modeText, owner, group, size, time] = cells;
      text += `${modeText.padEnd(modeW)} `;
      if (this.owners) text += `${owner.padEnd(ownerW)} ${group.padEnd(groupW)} `;
      text += `${size.padStart(sizeW)} ${time.padEnd(timeW)} ${name}\n`;
      if (raw !== undefined) text += `    ${raw}\n`;
    }
    return write(text);
  }

  private row(entry: StatResult): { cells: [string, string, string, string, string]; name: string; raw?: string } {
    const modeText = entry.mode !== undefined ? formatUnixMode(entry.type, entry.mode) : formatUnixMode(entry.type, 0).slice(0, 1) + '?'.repeat(9);
    const size =
      entry.major !== undefined ? `${entry.major}, ${entry.minor ?? '?'}` : entry.size !== undefined ? String(entry.size) : '-';
    // Tree formats (rsync -r, tar, WebDAV Depth infinity): the path below the listed directory.
    let name = printable(entry.path ?? entry.name);
    if (entry.target !== undefined) name += ` -> ${printable(entry.target)}`;
    return {
      cells: [modeText, printable(entry.owner ?? '-'), printable(entry.group ?? '-'), size, this.time(entry)],
      name,
      ...(this.raw && entry.raw !== undefined ? { raw: printable(entry.raw) } : {}),
    };
  }

  /** The mtime as the server's wall clock, cut to the precision the listing showed. */
  private time(entry: StatResult): string {
    if (entry.mtimeMs === undefined) return '-';
    const iso = new Date(this.clock.toWallClock(entry.mtimeMs)).toISOString().replace('T', ' ').replace('Z', '');
    const date = iso.slice(0, iso.indexOf(' '));
    switch (entry.mtimePrecision) {
      case 'year':
        return date.slice(0, -6);
      case 'month':
        return date.slice(0, -3);
      case 'day':
        return date;
      case 'minute':
        return iso.slice(0, -7);
      case 'second':
        return iso.slice(0, -4);
      default:
        return iso;
    }
  }

  end(format: string, _confidence: number, skipped: SkippedLine[], stopped: boolean, { warnings }: Remarks): void {
    for (const warning of warnings.slice(0, MAX_REPORTED)) warn(`${printable(warning.name)}: ${printable(warning.reason)}`);
    if (warnings.length > MAX_REPORTED) warn(`${plural(warnings.length - MAX_REPORTED, 'more warning')} (--json lists them)`);
    if (format === UNKNOWN_FORMAT && skipped.length > 0) {
      warn(`no registered format recognizes this listing (${plural(skipped.length, 'line')} skipped); try --format`);
      return;
    }
    for (const line of skipped.slice(0, MAX_REPORTED)) warn(`line ${line.line} skipped: ${printable(line.reason)}`);
    if (skipped.length > MAX_REPORTED) {
      warn(`${plural(skipped.length - MAX_REPORTED, 'more line')} skipped (${skipped.length} in all; --json lists them)`);
    }
    if (stopped) warn('stopped at the first line that is not an entry (--strict)');
  }
}

async function detectCommand(argv: string[]): Promise<number> {
  const parsed = args('detect', argv, { json: { type: 'boolean' } }, 1);
  if (!parsed) return EXIT_OK;
  // Detection reads only the start of a listing: stop reading once there is enough.
  const decoder = new TextDecoder();
  let sample = '';
  for await (const chunk of input(parsed.positionals[0])) {
    sample += decoder.decode(chunk, { stream: true });
    if (sample.length >= SAMPLE_CHARS) break;
  }
  sample += decoder.decode();
  const detections = detectFormat(sample);
  // The verdict: the format parse would use, or unknown when none claims the text above the floor.
  const best = detections[0];
  const verdict = best && best.confidence >= CONFIDENCE_FLOOR ? best.format : UNKNOWN_FORMAT;
  if (parsed.values.json) {
    await write(`${JSON.stringify({ format: verdict, floor: CONFIDENCE_FLOOR, detections }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...detections.map((d) => d.format.length));
    await write(`format: ${verdict}\n`);
    await write(detections.map((d) => `${d.format.padEnd(width)}  ${d.confidence.toFixed(2)}\n`).join(''));
  }
  return verdict === UNKNOWN_FORMAT ? EXIT_SKIPPED : EXIT_OK;
}

async function formatsCommand(argv: string[]): Promise<number> {
  const parsed = args('formats', argv, { json: { type: 'boolean' } }, 0);
  if (!parsed) return EXIT_OK;
  const formats = listParsers()
    .map((parser, index) => ({ id: parser.id, description: parser.description, detectionRank: index + 1 }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (parsed.values.json) {
    await write(`${JSON.stringify(formats, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...formats.map((f) => f.id.length));
    await write(formats.map((f) => `${f.id.padEnd(width)}  ${f.description}`.trimEnd() + '\n').join(''));
  }
  return EXIT_OK;
}

// ---- remote trees: ls, stat, walk, get, du ------------------------------------------------------

/** Options every remote command takes. */
const REMOTE_OPTIONS = {
  timeout: { type: 'string' },
  user: { type: 'string' },
  method: { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
} as const;

const LIST_METHODS = ['auto', 'get', 'propfind'] as const;
type ListMethod = (typeof LIST_METHODS)[number];

function positiveInteger(values: Values, name: string): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${name}: '${text}' is not a positive whole number`);
  return Number(text);
}

/** The client the options ask for; `--user` takes its password from DIRLISTING_PASSWORD, never from argv. */
function remoteClient(values: Values): ListingClient {
  const options: ConstructorParameters<typeof ListingClient>[0] = {};
  const timeout = positiveInteger(values, 'timeout');
  if (timeout !== undefined) options.timeout = timeout;
  const concurrency = positiveInteger(values, 'concurrency');
  if (concurrency !== undefined) options.concurrency = concurrency;
  if (values.user !== undefined) {
    const password = process.env.DIRLISTING_PASSWORD;
    if (password === undefined) throw new UsageError('--user: set the password in the environment variable DIRLISTING_PASSWORD');
    options.auth = { username: values.user as string, password };
  }
  return new ListingClient(options);
}

function listMethod(values: Values): ListMethod | undefined {
  const method = values.method as string | undefined;
  if (method === undefined) return undefined;
  if (!(LIST_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method: '${method}' is not one of ${LIST_METHODS.join(', ')}`);
  return method as ListMethod;
}

/** The one URL a remote command needs, checked, with its output mode. */
function remoteArgs(command: string, argv: string[], extra: Parameters<typeof args>[2] = {}, maxPositionals = 1) {
  const parsed = args(command, argv, { ...REMOTE_OPTIONS, ...extra }, maxPositionals);
  if (!parsed) return undefined;
  const { values, positionals } = parsed;
  if (positionals[0] === undefined) throw new UsageError(`${command}: a URL is required`);
  if (values.json && values.ndjson) throw new UsageError('--json and --ndjson cannot be combined');
  try {
    new URL(positionals[0]);
  } catch {
    throw new UsageError(`not a URL: '${redactUrl(positionals[0])}'`);
  }
  return { values, positionals, url: positionals[0], method: listMethod(values), client: remoteClient(values) };
}

/** An entry as printed: its URL without credentials. */
function redacted(entry: StatResult): StatResult {
  if (entry.url !== undefined) entry.url = redactUrl(entry.url);
  return entry;
}

/** 1.2 MiB: sizes for people (the exact bytes are in --json). */
function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * The walk's status line on a terminal (stderr only, and only when it is a TTY): directories,
 * entries, bytes and rate, redrawn in place by cli-progress (a bar without the bar: it brings the
 * throttled redraw, the terminal checks and the clean-up on exit that a hand-written \r line would
 * have to redo).
 */
class WalkStatus {
  private readonly bar: SingleBar | undefined;
  private readonly started = performance.now();
  directories = 0;
  entries = 0;
  bytes = 0;

  constructor() {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({
      stream: process.stderr,
      format: '{directories} directories, {entries} entries, {bytes}, {rate} entries/s',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    });
    this.bar.start(0, 0, this.payload());
  }

  private payload() {
    const seconds = (performance.now() - this.started) / 1000;
    return { directories: this.directories, entries: this.entries, bytes: humanBytes(this.bytes), rate: seconds > 0 ? Math.round(this.entries / seconds) : 0 };
  }

  add(entry: StatResult): void {
    this.entries++;
    if (entry.type === 'file' && entry.size !== undefined) this.bytes += entry.size;
    this.bar?.update(this.entries, this.payload());
  }

  directory(): void {
    this.directories++;
    this.bar?.update(this.entries, this.payload());
  }

  /** Before output goes to the same terminal: take the status line away (the next update redraws it). */
  clearLine(): void {
    if (this.bar && process.stdout.isTTY) {
      clearLine(process.stderr, 0);
      cursorTo(process.stderr, 0);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

/** Walks `url`, reporting directories that could not be listed; resolves with how many failed. */
async function walkEach(
  client: ListingClient,
  url: string,
  options: { method?: ListMethod; maxDepth?: number },
  each: (entry: WalkEntry) => Promise<void> | void,
  status?: WalkStatus,
): Promise<number> {
  let failures = 0;
  const walk = client.walk(url, {
    ...options,
    onDirectory: () => status?.directory(),
    // A directory that cannot be listed is reported and skipped; the rest of the tree is walked.
    onError: (error: RemoteError) => {
      failures++;
      status?.clearLine();
      warn(remoteMessage(error));
      return 'skip' as const;
    },
  });
  for await (const entry of walk) {
    redacted(entry.entry);
    status?.add(entry.entry);
    await each(entry);
  }
  return failures;
}

/** A path as `ls -R`/`walk` print it: directories end in `/`. */
function walkedPath(path: string, entry: StatResult): string {
  return printable(entry.type === 'directory' ? `${path}/` : path);
}

async function lsCommand(argv: string[]): Promise<number> {
  const parsed = remoteArgs('ls', argv, { long: { type: 'boolean', short: 'l' }, recursive: { type: 'boolean', short: 'R' } });
  if (!parsed) return EXIT_OK;
  const { values, url, method, client } = parsed;
  try {
    if (values.recursive) return await printWalk(client, url, { method }, values);
    const listing = await client.list(url, { method });
    const entries = listing.entries.map(redacted);
    if (values.json || values.ndjson || values.long) {
      const output = values.json ? new JsonOutput() : values.ndjson ? new NdjsonOutput() : new TableOutput({});
      await output.entries(entries, listing.format, listing.confidence);
      await output.end(listing.format, listing.confidence, listing.skipped as SkippedLine[], false, { warnings: listing.warnings, facts: {} });
    } else {
      await write(entries.map((entry) => `${printable(entry.type === 'directory' ? `${entry.name}/` : entry.name)}\n`).join(''));
    }
    return listing.skipped.length > 0 ? EXIT_SKIPPED : EXIT_OK;
  } finally {
    await client.close();
  }
}

/** walk and ls -R: paths (-l: rows), or JSON/NDJSON records {path, depth, entry}; the status line on a terminal. */
async function printWalk(client: ListingClient, url: string, options: { method?: ListMethod; maxDepth?: number }, values: Values): Promise<number> {
  const status = new WalkStatus();
  const table = values.long ? new TableOutput({}) : undefined;
  let count = 0;
  if (values.json) await write('[');
  try {
    const failures = await walkEach(
      client,
      url,
      options,
      async ({ path, depth, entry }) => {
        status.clearLine();
        if (values.json) await write(`${count++ ? ',' : ''}\n  ${JSON.stringify({ path, depth, entry })}`);
        else if (values.ndjson) await write(`${JSON.stringify({ path, depth, entry })}\n`);
        else if (table) {
          entry.path = path;
          await table.entries([entry]);
        } else await write(`${walkedPath(path, entry)}\n`);
      },
      status,
    );
    if (values.json) await write(count ? '\n]\n' : ']\n');
    return failures > 0 ? EXIT_SKIPPED : EXIT_OK;
  } finally {
    status.stop();
  }
}

async function walkCommand(argv: string[]): Promise<number> {
  const parsed = remoteArgs('walk', argv, { depth: { type: 'string' } });
  if (!parsed) return EXIT_OK;
  const { values, url, method, client } = parsed;
  try {
    return await printWalk(client, url, { method, maxDepth: positiveInteger(values, 'depth') }, values);
  } finally {
    await client.close();
  }
}

/** A time with the precision it was shown with, in UTC. */
function shownTime(ms: number | undefined, precision: string | undefined): string {
  return ms === undefined ? '-' : `${new Date(ms).toISOString()} (${precision ?? 'millisecond'})`;
}

async function statCommand(argv: string[]): Promise<number> {
  const parsed = remoteArgs('stat', argv);
  if (!parsed) return EXIT_OK;
  const { values, url, client } = parsed;
  try {
    const stat = redacted(await client.stat(url)) as RemoteStat;
    if (values.json || values.ndjson) {
      await write(`${JSON.stringify(stat, null, values.json ? 2 : undefined)}\n`);
      return EXIT_OK;
    }
    const size = stat.size === undefined ? '-' : stat.sizePrecision === undefined || stat.sizePrecision === 1 ? `${stat.size}` : `${stat.size} (±${stat.sizePrecision})`;
    const rows: [string, string][] = [
      ['url', stat.url ?? redactUrl(url)],
      ['name', printable(stat.name)],
      ['type', stat.type],
      ['size', size],
      ['mtime', shownTime(stat.mtimeMs, stat.mtimePrecision)],
      ['mode', stat.mode === undefined ? '-' : formatUnixMode(stat.type, stat.mode)],
      ['source', String(stat.source)],
    ];
    await write(rows.map(([key, value]) => `${`${key}:`.padEnd(8)}${value}\n`).join(''));
    return EXIT_OK;
  } finally {
    await client.close();
  }
}

/** The download bar on a terminal (cli-progress): bytes of total, or bytes alone when the size is unknown. */
class DownloadBar {
  private bar: SingleBar | undefined;

  update({ bytes, total }: { bytes: number; total?: number }): void {
    if (!process.stderr.isTTY) return;
    const payload = { got: humanBytes(bytes), size: total === undefined ? '?' : humanBytes(total) };
    if (!this.bar) {
      this.bar = new SingleBar({
        stream: process.stderr,
        format: total === undefined ? '{got} | {duration_formatted}' : '{bar} {percentage}% | {got} of {size} | eta {eta_formatted}',
        hideCursor: true,
        fps: 10,
      });
      this.bar.start(total ?? 0, bytes, payload);
    }
    this.bar.update(bytes, payload);
  }

  stop(): void {
    this.bar?.stop();
  }
}

/** Where `get` saves: DEST, DEST/<name> when DEST is a directory, or ./<name>. */
function destination(url: string, dest: string | undefined): string {
  const name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '');
  if (dest !== undefined && !(existsSync(dest) && statSync(dest).isDirectory())) return dest;
  if (!name || name === '.' || name === '..' || name.includes('/')) throw new UsageError(`get: the URL names no file: give DEST`);
  return join(dest ?? '.', name);
}

async function getCommand(argv: string[]): Promise<number> {
  const parsed = remoteArgs('get', argv, { 'if-newer': { type: 'boolean' } }, 2);
  if (!parsed) return EXIT_OK;
  const { values, positionals, url, client } = parsed;
  const bar = new DownloadBar();
  try {
    const dest = destination(url, positionals[1]);
    const options = { onProgress: (progress: { bytes: number; total?: number }) => bar.update(progress) };
    const result = values['if-newer'] ? await client.downloadIfNewer(url, dest, options) : await client.download(url, dest, options);
    bar.stop();
    if (values.json || values.ndjson) await write(`${JSON.stringify(result)}\n`);
    else if (result.downloaded) await write(`${result.path}: ${result.bytes} bytes${result.resumed ? ' (resumed)' : ''}\n`);
    else await write(`${result.path}: up to date${result.reason ? ` (${result.reason})` : ''}\n`);
    return EXIT_OK;
  } finally {
    bar.stop();
    await client.close();
  }
}

async function duCommand(argv: string[]): Promise<number> {
  const parsed = remoteArgs('du', argv, { depth: { type: 'string' } });
  if (!parsed) return EXIT_OK;
  const { values, url, method, client } = parsed;
  const status = new WalkStatus();
  const total = { bytes: 0, files: 0, directories: 0, exact: true };
  try {
    const failures = await walkEach(
      client,
      url,
      { method, maxDepth: positiveInteger(values, 'depth') },
      ({ entry }) => {
        if (entry.type === 'directory') total.directories++;
        if (entry.type !== 'file') return;
        total.files++;
        total.bytes += entry.size ?? 0;
        if (entry.size === undefined || (entry.sizePrecision ?? 1) !== 1) total.exact = false;
      },
      status,
    );
    status.stop();
    if (values.json || values.ndjson) await write(`${JSON.stringify({ url: redactUrl(url), ...total })}\n`);
    else {
      const bytes = `${total.exact ? '' : '~'}${total.bytes}`;
      await write(`${bytes}\t${humanBytes(total.bytes)}\t${plural(total.files, 'file')}\t${plural(total.directories, 'directory').replace(/ys$/, 'ies')}\t${redactUrl(url)}\n`);
    }
    return failures > 0 ? EXIT_SKIPPED : EXIT_OK;
  } finally {
    status.stop();
    await client.close();
  }
}

/** A remote failure as one line: the code and what failed, the URL redacted (RemoteError does that). */
function remoteMessage(error: unknown): string {
  if (error instanceof RemoteError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  parse: parseCommand,
  detect: detectCommand,
  formats: formatsCommand,
  ls: lsCommand,
  stat: statCommand,
  walk: walkCommand,
  get: getCommand,
  du: duCommand,
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(HELP.main!);
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    process.stdout.write(HELP.main!);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0] ?? 'main';
    if (!(topic in COMMANDS) && topic !== 'main') throw new UsageError(`unknown command '${topic}'`);
    process.stdout.write(HELP[topic]!);
    return EXIT_OK;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[first];
  if (!command) {
    throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
  }
  return command(rest);
}

/** An error of a system call (writing DEST: EACCES, ENOSPC, …), which names its path itself. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string';
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof RemoteError || isSystemError(error)) {
      // A URL that cannot be read, or a DEST that cannot be written: one line, never a stack.
      warn(remoteMessage(error));
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof UsageError || isParseArgsError(error)) {
      // parseArgs appends advice on '--' to an unknown option; the first sentence is the message.
      warn((error as Error).message.split('. To specify')[0]!);
      if (!(error instanceof UsageError) || error.hint) process.stderr.write("Try 'dirlisting --help' for more information.\n");
      process.exitCode = EXIT_USAGE;
    } else {
      process.stderr.write(
        `dirlisting: internal error (a bug in dirlisting; please report it with the input that caused it):\n` +
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = EXIT_BUG;
    }
  },
);
