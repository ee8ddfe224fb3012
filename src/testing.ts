/**
 * The conformance suite every parser passes, built-in or plugin: `import { checkParser } from
 * 'dirlisting/testing'`. It runs under any test runner (it throws an `AssertionError` naming what
 * failed), or check by check with `conformanceChecks` (one test each). It needs `fast-check`
 * installed next to dirlisting (an optional peer dependency).
 *
 * What it checks, for one registered parser and listings of its format:
 * - detection names the format for its samples, and the parser claims no other format's samples
 *   above `CONFIDENCE_FLOOR`;
 * - a listing cut into chunks anywhere (strings, and bytes: inside UTF-8 sequences and CRLF) parses
 *   exactly as the whole;
 * - arbitrary or damaged text and bytes never make it throw, unless `strict`; under `strict` only a
 *   `ParserError` with a line number (and a column, where given, of at least 1);
 * - `format` (where the format has a formatter) writes entries that read back the same, within the
 *   precision the text states;
 * - time grows linearly with adversarial input (8× the input may cost at most 16× the time, which
 *   an n^1.5 parser, at 22.6×, fails);
 * - no check leaves a key on a built-in prototype (`Object.prototype`, `Array.prototype`, …): names
 *   like `__proto__` in a listing are data.
 */
import { AssertionError } from 'node:assert';
import fc from 'fast-check';
import {
  CONFIDENCE_FLOOR,
  type Listing,
  ListingSession,
  PRECISION_MS,
  ParseContext,
  type ParseOptions,
  type Parser,
  ParserError,
  type StatResult,
  detectFormat,
  getParser,
  parseListing,
} from './index.js';

export interface ConformanceOptions {
  /** Listings of this format (strings or bytes), e.g. real captures; at least one. */
  samples: readonly (string | Uint8Array)[];
  /** Listings of other formats, which this parser must not claim above the floor. */
  foreign?: readonly (string | Uint8Array)[];
  /** Options for every parse (now, timeZone, origin, …); `hint` is set by the checks. */
  parseOptions?: ParseOptions;
  /** Whether detection alone names this format for each sample. Default true; false for a format read by hint only (NLST). */
  detected?: boolean;
  /** fast-check runs per property. Default 40. */
  runs?: number;
  /** Text repeated to build adversarial input for the linear-time check. Default: each sample's first 160 characters. */
  seeds?: readonly string[];
}

export interface ConformanceCheck {
  name: string;
  run(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function text(sample: string | Uint8Array): string {
  return typeof sample === 'string' ? sample : decoder.decode(sample);
}

function bytes(sample: string | Uint8Array): Uint8Array {
  return typeof sample === 'string' ? encoder.encode(sample) : sample;
}

/** A listing as comparable JSON. */
function summary(listing: Listing): string {
  return JSON.stringify({ ...listing, entries: listing.entries.map((entry) => entry.toJSON()), self: listing.self?.toJSON() });
}

function parseChunks(chunks: readonly (string | Uint8Array)[], options: ParseOptions): Listing {
  const session = new ListingSession(options);
  const entries: StatResult[] = [];
  for (const chunk of chunks) entries.push(...session.write(chunk));
  entries.push(...session.end());
  session.rethrow();
  return session.listing(entries);
}

function cut<T extends string | Uint8Array>(whole: T, points: readonly number[]): T[] {
  const at = [...new Set(points.map((p) => Math.min(whole.length, p)))].sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const p of [...at, whole.length]) {
    out.push(whole.slice(from, p) as T);
    from = p;
  }
  return out;
}

function fail(check: string, message: string): never {
  throw new AssertionError({ message: `${check}: ${message}` });
}

/**
 * CPU milliseconds of the best of five runs: this process's own time, so other processes on the
 * machine do not count. For comparing two runs in the same process (a ratio), never as an absolute.
 */
export function bestMs(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** The checks for one registered parser, each runnable on its own (e.g. one test each). */
export function conformanceChecks(parser: Parser, options: ConformanceOptions): ConformanceCheck[] {
  if (options.samples.length === 0) throw new RangeError('conformanceChecks needs at least one sample of the format');
  let registered: Parser | undefined;
  try {
    registered = getParser(parser.id);
  } catch {
    registered = undefined;
  }
  if (registered !== parser) throw new RangeError(`Register parser '${parser.id}' (registerParser) before checking it`);
  const base: ParseOptions = { now: 0, ...options.parseOptions };
  const hinted: ParseOptions = { ...base, hint: parser.id };
  const runs = options.runs ?? 40;
  const samples = options.samples;
  const id = parser.id;
  const checks: ConformanceCheck[] = [];

  if (options.detected ?? true) {
    checks.push({
      name: `${id}: detection names it for each of its samples`,
      run() {
        for (const sample of samples) {
          const [best] = detectFormat(text(sample), base);
          if (best?.format !== id || best.confidence < CONFIDENCE_FLOOR) {
            fail(this.name, `detected as ${best?.format} at ${best?.confidence} for ${JSON.stringify(text(sample).slice(0, 120))}`);
          }
        }
      },
    });
  }

  checks.push({
    name: `${id}: claims no other format's samples above the floor`,
    run() {
      const ctx = new ParseContext(base);
      for (const sample of options.foreign ?? []) {
        const confidence = parser.detect(text(sample), ctx);
        if (confidence >= CONFIDENCE_FLOOR) fail(this.name, `scores ${confidence} on ${JSON.stringify(text(sample).slice(0, 120))}`);
      }
    },
  });

  checks.push({
    name: `${id}: text and bytes cut anywhere parse as the whole`,
    run() {
      for (const sample of samples) {
        const whole = text(sample);
        const raw = bytes(sample);
        for (const opts of [hinted, options.detected === false ? hinted : base]) {
          const expectText = summary(parseListing(whole, opts));
          const expectBytes = summary(parseListing(raw, opts));
          fc.assert(
            fc.property(fc.array(fc.nat({ max: Math.max(1, whole.length) }), { maxLength: 6 }), (points) => {
              const got = summary(parseChunks(cut(whole, points), opts));
              if (got !== expectText) fail(this.name, `string cut at ${points.join(',')} differs`);
            }),
            { numRuns: runs },
          );
          fc.assert(
            fc.property(fc.array(fc.nat({ max: Math.max(1, raw.length) }), { maxLength: 6 }), (points) => {
              const got = summary(parseChunks(cut(raw, points), opts));
              if (got !== expectBytes) fail(this.name, `bytes cut at ${points.join(',')} differ`);
            }),
            { numRuns: runs },
          );
        }
      }
    },
  });

  /** Samples damaged at random: a slice replaced by arbitrary text. */
  const damaged = fc
    .tuple(fc.constantFrom(...samples.map(text)), fc.nat(), fc.nat({ max: 64 }), fc.string({ maxLength: 24, unit: 'binary' }))
    .map(([sample, at, length, junk]) => {
      const p = at % (sample.length + 1);
      return sample.slice(0, p) + junk + sample.slice(p + length);
    });

  checks.push({
    name: `${id}: arbitrary or damaged text and bytes never throw unless strict`,
    run() {
      const inputs = fc.oneof(damaged, fc.string({ maxLength: 400, unit: 'binary' }), fc.uint8Array({ maxLength: 400 }));
      fc.assert(
        fc.property(inputs, fc.boolean(), (input, useHint) => {
          parseListing(input, useHint ? hinted : base);
        }),
        { numRuns: runs * 2 },
      );
    },
  });

  checks.push({
    name: `${id}: strict throws only a ParserError with a line`,
    run() {
      fc.assert(
        fc.property(damaged, (input) => {
          try {
            parseListing(input, { ...hinted, strict: true });
          } catch (error) {
            if (!(error instanceof ParserError)) fail(this.name, `threw ${String(error)}`);
            if (!Number.isInteger(error.line) || error.line! < 1) fail(this.name, `a ParserError without a line: ${error.message}`);
            if (error.column !== undefined && !(Number.isInteger(error.column) && error.column >= 1)) {
              fail(this.name, `column ${error.column} in ${error.message}`);
            }
          }
        }),
        { numRuns: runs },
      );
    },
  });

  if (parser.format) {
    checks.push({
      name: `${id}: what format writes reads back the same`,
      run() {
        let written = 0;
        for (const sample of samples) {
          const { entries } = parseListing(sample, hinted);
          let text: string;
          try {
            text = parser.format!(entries, { now: base.now, timeZone: base.timeZone });
          } catch (error) {
            // A formatter refuses what its format cannot show (a RangeError), rather than invent it.
            if (error instanceof RangeError) continue;
            throw error;
          }
          written++;
          const back = parseListing(text, hinted).entries;
          if (back.length !== entries.length) fail(this.name, `${entries.length} entries written, ${back.length} read back`);
          entries.forEach((entry, i) => {
            const other = back[i]!;
            for (const key of ['name', 'type', 'path', 'target'] as const) {
              if (entry[key] !== other[key]) fail(this.name, `${key} ${JSON.stringify(entry[key])} read back as ${JSON.stringify(other[key])}`);
            }
            if (entry.size !== undefined && other.size !== undefined) {
              const slack = Math.max(entry.sizePrecision ?? 1, other.sizePrecision ?? 1);
              if (Math.abs(entry.size - other.size) >= slack) fail(this.name, `size ${entry.size} read back as ${other.size}`);
            }
            if (entry.mtimeMs !== undefined && other.mtimeMs !== undefined) {
              const span = Math.max(PRECISION_MS[entry.mtimePrecision ?? 'millisecond'], PRECISION_MS[other.mtimePrecision ?? 'millisecond']);
              if (Math.abs(entry.mtimeMs - other.mtimeMs) >= span) fail(this.name, `mtime ${entry.mtimeMs} read back as ${other.mtimeMs}`);
            }
          });
        }
        if (written === 0) fail(this.name, 'the formatter refused every sample');
      },
    });
  }

  checks.push({
    name: `${id}: time grows linearly with adversarial input`,
    run() {
      const seeds = options.seeds ?? samples.map((sample) => text(sample).slice(0, 160));
      const SMALL = 128 * 1024;
      for (const seed of seeds.filter((s) => s.length > 0)) {
        const pieces = [seed, seed.replace(/\s+/g, ''), seed.replace(/\n/g, ' ')];
        for (const piece of pieces.filter((p) => p.length > 0)) {
          const make = (n: number) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n);
          const small = make(SMALL);
          const large = make(8 * SMALL);
          const parse = (input: string) => () => void parseListing(input, hinted);
          parse(small)();
          // Measured again when over the bound: noise passes on a later look, growth does not (on a
          // loaded 2-core machine the GC of the larger input overshot on about one run in three).
          let ratio = Infinity;
          for (let attempt = 0; attempt < 5 && ratio >= 16; attempt++) {
            ratio = Math.min(ratio, bestMs(parse(large)) / Math.max(1, bestMs(parse(small))));
          }
          if (ratio >= 16) fail(this.name, `8× the input took ${ratio.toFixed(1)}× the time for ${JSON.stringify(piece.slice(0, 40))}`);
        }
      }
    },
  });

  return checks.map((check) => ({ name: check.name, run: () => guardPrototypes(check) }));
}

/** The built-in prototypes a parse must never write to (a name `__proto__` in a listing is data). */
const PROTOTYPES: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['String.prototype', String.prototype],
  ['Function.prototype', Function.prototype],
];

function ownKeys(target: object): string {
  return Reflect.ownKeys(target).map(String).sort().join(',');
}

/** Runs a check and fails it if it left a key on a built-in prototype (removing the key again). */
function guardPrototypes(check: ConformanceCheck): void {
  const before = PROTOTYPES.map(([, proto]) => ownKeys(proto));
  try {
    check.run();
  } finally {
    PROTOTYPES.forEach(([label, proto], i) => {
      if (ownKeys(proto) === before[i]) return;
      const added = Reflect.ownKeys(proto).filter((key) => !before[i]!.split(',').includes(String(key)));
      for (const key of added) delete (proto as Record<PropertyKey, unknown>)[key];
      fail(check.name, `wrote ${added.map(String).join(', ')} on ${label}`);
    });
  }
}

/** Runs every conformance check; throws an `AssertionError` listing each that failed. */
export function checkParser(parser: Parser, options: ConformanceOptions): void {
  const failures: string[] = [];
  for (const check of conformanceChecks(parser, options)) {
    try {
      check.run();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length) throw new AssertionError({ message: `${parser.id} fails ${failures.length} conformance check(s):\n${failures.join('\n')}` });
}
