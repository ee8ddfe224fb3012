/**
 * The parsers that take part in detection, in order: on equal confidence the earlier one wins.
 * Built-in formats are registered through `registerParser` like any plugin, on the registry's first
 * use (the package entry hands them over with `setBuiltins`); users add theirs the same way.
 */
import { type FormatId, Parser } from './parser.js';

const parsers: Parser[] = [];
let pendingBuiltins: (() => Parser[]) | undefined;

/**
 * Hands the registry the factory of the built-in parsers. They are created and registered on first
 * use, when every module of the package has been evaluated: the grammars import the package itself,
 * so creating them while it loads would meet classes not yet defined.
 */
export function setBuiltins(create: () => Parser[]): void {
  pendingBuiltins = create;
}

function loadBuiltins(): void {
  const create = pendingBuiltins;
  if (!create) return;
  pendingBuiltins = undefined;
  for (const parser of create()) registerParser(parser);
}

export interface RegisterOptions {
  /** Place the parser before this format, so it wins ties against it. Default: after all others. */
  before?: FormatId;
}

/** Adds a parser to detection and to `hint`/`formatListing` lookup by its id. */
export function registerParser(parser: Parser, options: RegisterOptions = {}): void {
  loadBuiltins();
  if (!(parser instanceof Parser)) throw new TypeError('registerParser expects an instance of a Parser subclass');
  if (typeof parser.id !== 'string' || parser.id === '') throw new TypeError('A parser needs a non-empty string id');
  if (parser.id === 'unknown') throw new RangeError("'unknown' is the id of an unrecognized listing; choose another id");
  if (typeof parser.detect !== 'function' || typeof parser.open !== 'function') {
    throw new TypeError(`Parser '${parser.id}' must implement detect() and open()`);
  }
  if (parsers.some((known) => known.id === parser.id)) {
    throw new RangeError(`A parser with id '${parser.id}' is already registered`);
  }
  if (options.before === undefined) {
    parsers.push(parser);
    return;
  }
  const index = parsers.findIndex((known) => known.id === options.before);
  if (index < 0) throw new RangeError(`Cannot register before unknown format '${options.before}'`);
  parsers.splice(index, 0, parser);
}

/** Removes a registered parser (built-in or not); returns whether there was one. */
export function unregisterParser(id: FormatId): boolean {
  loadBuiltins();
  const index = parsers.findIndex((known) => known.id === id);
  if (index < 0) return false;
  parsers.splice(index, 1);
  return true;
}

/** The parser registered under an id; throws a RangeError naming the known ids otherwise. */
export function getParser(id: FormatId): Parser {
  loadBuiltins();
  const parser = parsers.find((known) => known.id === id);
  if (!parser) throw new RangeError(`Unknown format '${id}'; known formats: ${formatIds().join(', ')}`);
  return parser;
}

/** Registered parsers, in detection order. */
export function listParsers(): readonly Parser[] {
  loadBuiltins();
  return [...parsers];
}

export function formatIds(): FormatId[] {
  loadBuiltins();
  return parsers.map((parser) => parser.id);
}
