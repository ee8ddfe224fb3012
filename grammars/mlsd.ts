/**
 * Machine listings of RFC 3659 §7: the data of `MLSD` and the entry lines of an `MLST` reply.
 *
 *   type=file;size=280;modify=20261121100000.123;UNIX.mode=0644;UNIX.owner=0;unique=FE00U20C1B2; a b;c=d
 *   type=OS.unix=slink:/etc/target;modify=20220304050607; link
 *    type=dir;modify=19991005213102; /pub/incoming              (MLST: one leading space, a path)
 *    only-a-name                                                  (no facts at all)
 *
 * An entry is facts, each `name=value;`, then ONE space, then the pathname, which may hold `;`, `=`
 * and spaces (§7.2: the pathname is everything after that space). Fact names are case-insensitive
 * (§7.1); times are UTC (§2.3), never the server's zone.
 */
import { type CaptureReader, type Captures, alt, capture, compileGrammar, opt, restOfLine, seq, token } from 'dirlisting/grammar';
import {
  type EntryType,
  type FormatOptions,
  GrammarLineParser,
  invalidWallClock,
  modeTypeBits,
  type ParseContext,
  ParserError,
  S_IFMT,
  sampleLines,
  type ShownTime,
  StatResult,
  typeFromMode,
  wallClockMs,
  setByteCount,
} from 'dirlisting';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * One or more `factname=value;` (§7.2: fact names hold no `=`, values no `;`, neither a space). A
 * value may itself hold `=` (`type=OS.unix=slink:/x`) and may be empty (`Type=;`, Commons Net
 * MLSxEntryParserTest). The token never matches a space, which must follow it.
 */
const FACTS = '(?:[^=; \\r\\n]+=[^; \\r\\n]*;)+';

/**
 * Lines of an MLST reply start with one space before the facts (§7.2 `mlst-info`: `1*( SP entry CRLF )`),
 * so leading spaces before facts are read as that indentation, not as part of the name.
 */
const indent = opt(token(' +', 'a fact such as type=file;'));

export const mlsdGrammar = compileGrammar(
  alt(
    seq(indent, capture('facts', token(FACTS, 'a fact such as type=file;')), ' ', capture('pathname', restOfLine('a pathname'))),
    // §7.2: "entry = [ facts ] SP pathname": with no facts the line is a space and the pathname.
    seq(' ', capture('bareName', restOfLine('a pathname'))),
  ),
);

const G = mlsdGrammar.groups;

/**
 * The framing lines of an MLST reply on the control connection (`250-Listing /a/b` … `250 End`,
 * §7.2 `mlst-info`), when a client hands over the whole reply. Entry lines never start with a digit
 * reply code and a `-` or space: their facts start with a fact name, or the line with a space.
 */
const MLST_FRAMING = /^250(?:[- ].*)?$/;

// ---- meaning -------------------------------------------------------------------------------------

/** What the fact handlers fill in; `mode` waits for the type, which a later fact may give. */
interface Draft {
  entry: StatResult;
  /** UNIX.mode as given (permission bits, possibly with type bits). */
  mode: number | undefined;
  /** `cdir`/`pdir`: the listed directory or its parent, not an entry (§7.5.1). */
  notAnEntry: boolean;
  /** Whether `owner`/`group` hold a name (which wins over a number, whatever the facts' order). */
  ownerNamed: boolean;
  groupNamed: boolean;
}

type FactHandler = (value: string, draft: Draft) => void;

/** `type` values of §7.5.1, lower-cased (values are case-insensitive there: `Type=Dir` is `dir`). */
const TYPES: Readonly<Record<string, EntryType | null>> = {
  file: 'file',
  dir: 'directory',
  cdir: null,
  pdir: null,
  // Not in RFC 3659; suppaftp's list.rs test reads `type=link` as a symbolic link.
  link: 'symlink',
};

/**
 * `OS.unix=…` types (§7.5.1 "OS.name=type"; the §7.7.3 example listing has `OS.unix=slink:/foobar`,
 * `OS.unix=chr-13/29`, `OS.unix=blk-11/108`). Spellings servers send: `symlink` (proftpd mod_facts,
 * RFC errata 1500), `slink`, `fifo`, `socket`, `chr-M/m`, `blk-M/m` (NetBSD ftpd/tnftpd cmds.c
 * fact_type), `character`, `block` (mtheall/ftpd ftpSession.cpp).
 */
const UNIX_TYPES: Readonly<Record<string, EntryType>> = {
  slink: 'symlink',
  symlink: 'symlink',
  fifo: 'fifo',
  socket: 'socket',
  sock: 'socket',
  chr: 'char-device',
  character: 'char-device',
  chardev: 'char-device',
  blk: 'block-device',
  block: 'block-device',
  blockdev: 'block-device',
};

function readType(value: string, draft: Draft): void {
  const lower = value.toLowerCase();
  if (Object.hasOwn(TYPES, lower)) {
    const type = TYPES[lower]!;
    if (type === null) draft.notAnEntry = true;
    else draft.entry.type = type;
    return;
  }
  if (!lower.startsWith('os.unix=')) {
    // pure-ftpd sends `type=unknown` for devices, FIFOs and sockets; any other OS type is unknown too.
    draft.entry.type = 'unknown';
    return;
  }
  const kind = value.slice('os.unix='.length);
  const colon = kind.indexOf(':');
  const dash = kind.indexOf('-');
  const cut = colon >= 0 ? colon : dash >= 0 ? dash : kind.length;
  const unixType = kind.slice(0, cut).toLowerCase();
  const type = Object.hasOwn(UNIX_TYPES, unixType) ? UNIX_TYPES[unixType]! : 'unknown';
  draft.entry.type = type;
  if (type === 'symlink' && colon >= 0) {
    // `slink:TARGET`; pure-ftpd sends `slink:` with nothing after it: the target is then not shown.
    const target = kind.slice(colon + 1);
    if (target !== '') draft.entry.target = target;
  } else if ((type === 'char-device' || type === 'block-device') && dash >= 0) {
    const device = /^(\d+)\/(\d+)$/.exec(kind.slice(dash + 1));
    if (!device) throw new ParserError(`device numbers '${kind.slice(dash + 1)}' are not MAJOR/MINOR`);
    draft.entry.major = Number(device[1]);
    draft.entry.minor = Number(device[2]);
  }
}

function readSize(fact: string): FactHandler {
  return (value, { entry }) => {
    if (!/^\d+$/.test(value)) throw new ParserError(`${fact} '${value}' is not a number of octets`);
    // `size` wins over pure-ftpd's `sizd` (its name for a directory's size), whatever their order.
    if (fact === 'sizd' && entry.size !== undefined) return;
    setByteCount(entry, value);
  };
}

/**
 * UNIX.owner/UNIX.group (proftpd) and UNIX.uid/UNIX.gid (pure-ftpd): the number goes to uid/gid, and
 * stands for the owner/group only where no name is given. A name wins whatever the order of the
 * facts: UNIX.ownername/groupname, or UNIX.owner/group holding a name (some servers). `strict`: the
 * fact is defined as a number.
 */
function readId(field: 'uid' | 'gid', nameField: 'owner' | 'group', strict: boolean): FactHandler {
  const named = nameField === 'owner' ? 'ownerNamed' : 'groupNamed';
  return (value, draft) => {
    if (/^\d+$/.test(value)) {
      draft.entry[field] = Number(value);
      if (!draft[named]) draft.entry[nameField] ??= value;
    } else if (strict) {
      throw new ParserError(`UNIX.${field} '${value}' is not a number`);
    } else if (!draft[named]) {
      draft.entry[nameField] = value;
      draft[named] = true;
    }
  };
}

function readName(nameField: 'owner' | 'group'): FactHandler {
  const named = nameField === 'owner' ? 'ownerNamed' : 'groupNamed';
  return (value, draft) => {
    draft.entry[nameField] = value;
    draft[named] = true;
  };
}

/**
 * The facts with a field of their own, by lower-cased name (as basic-ftp's parseListMLSD table).
 * Every fact, these and the rest (`perm`, `unique`, `lang`, `charset`, `create`, …), is also kept
 * verbatim in `facts`. `perm` is not turned into mode bits: §7.5.5 says it describes which FTP
 * commands may succeed for this user, which does not map onto owner/group/other permissions.
 */
const FACT_HANDLERS: Readonly<Record<string, FactHandler>> = {
  type: readType,
  size: readSize('size'),
  // pure-ftpd's name for the size of a directory (basic-ftp issue 95).
  sizd: readSize('sizd'),
  modify: (value, { entry }) => {
    const time = parseMlsxTime(value);
    entry.mtimeMs = time.mtimeMs;
    entry.mtimePrecision = time.mtimePrecision;
  },
  // §7.5.4: when the file was created, UTC like modify.
  create: (value, { entry }) => {
    const time = parseMlsxTime(value);
    entry.birthtimeMs = time.mtimeMs;
    entry.birthtimePrecision = time.mtimePrecision;
  },
  // §7.5.9 media-type: an IANA media type.
  'media-type': (value, { entry }) => {
    entry.contentType = value;
  },
  // proftpd mod_facts (`UNIX.mode=0644`, `0` followed by %o, so `00` for mode 000 and `01777`).
  'unix.mode': (value, draft) => {
    if (!/^[0-7]{1,7}$/.test(value)) throw new ParserError(`UNIX.mode '${value}' is not an octal mode`);
    const mode = parseInt(value, 8);
    if (mode > 0o177777 || ((mode & S_IFMT) !== 0 && typeFromMode(mode) === 'unknown')) {
      throw new ParserError(`UNIX.mode '${value}' has no meaning as a file mode`);
    }
    draft.mode = mode;
  },
  // Names are preferred to numbers for owner and group (basic-ftp "ownername/groupname preferred").
  'unix.ownername': readName('owner'),
  'unix.groupname': readName('group'),
  'unix.owner': readId('uid', 'owner', false),
  'unix.group': readId('gid', 'group', false),
  // pure-ftpd sends UNIX.uid/UNIX.gid instead of UNIX.owner/UNIX.group.
  'unix.uid': readId('uid', 'owner', true),
  'unix.gid': readId('gid', 'group', true),
};

/** Handlers that must see the others' results: after them, whatever the order of the facts. */
const LATE_FACTS = new Set(['sizd', 'unix.owner', 'unix.group', 'unix.uid', 'unix.gid']);

/**
 * A `modify`/`create` value (§2.3 `time-val = 14DIGIT [ "." 1*DIGIT ]`), always UTC. Precision is a
 * second, or a millisecond when a fraction is given (digits past the third are dropped).
 */
export function parseMlsxTime(value: string): ShownTime {
  // By char codes, not a regex: this runs once per entry (bench: a tenth of an MLSD parse).
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 4, 6);
  const day = digitsAt(value, 6, 8);
  const hour = digitsAt(value, 8, 10);
  const minute = digitsAt(value, 10, 12);
  const second = digitsAt(value, 12, 14);
  const hasFraction = value.length > 14;
  const fraction = hasFraction && value.charCodeAt(14) === 46 /* . */ ? digitsAt(value, 15, value.length) : -1;
  if ((year | month | day | hour | minute | second) < 0 || value.length < 14 || (hasFraction && fraction < 0)) {
    throw new ParserError(`time '${value}' is not YYYYMMDDHHMMSS[.sss]`);
  }
  const invalid = invalidWallClock(year, month, day, hour, minute, second);
  if (invalid) throw new ParserError(`time '${value}': ${invalid}`);
  // Milliseconds from the first three fraction digits (".5" is 500 ms; further digits are dropped).
  const ms = hasFraction ? digitsAt(`${value.slice(15, 18)}00`, 0, 3) : 0;
  return {
    mtimeMs: wallClockMs(year, month, day, hour, minute, second, ms),
    mtimePrecision: hasFraction ? 'millisecond' : 'second',
  };
}

/** The number the ASCII digits of `text[from, to)` spell, or -1 if one is no digit or the range is empty. */
function digitsAt(text: string, from: number, to: number): number {
  if (to <= from || to > text.length) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Lower-cased fact names by their spelling in the listing: each server spells them one way. */
const FACT_NAMES = new Map<string, string>();

/** The facts of a matched `a=b;c=d;` run, by lower-cased name, values verbatim. */
function splitFacts(text: string): Record<string, string> {
  const facts: Record<string, string> = {};
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(';', start);
    const eq = text.indexOf('=', start);
    const spelled = text.slice(start, eq);
    let name = FACT_NAMES.get(spelled);
    if (name === undefined) {
      name = spelled.toLowerCase();
      // Bounded: fact names are a small vocabulary, but a hostile listing could invent many.
      if (FACT_NAMES.size < 1024) FACT_NAMES.set(spelled, name);
    }
    const value = text.slice(eq + 1, end);
    // A fact called `__proto__` is data, not the object's prototype. Plain assignment otherwise:
    // defineProperty per fact turned every facts object into a slow dictionary (bench: -44% MLSD).
    if (name === '__proto__') Object.defineProperty(facts, name, { value, enumerable: true, writable: true, configurable: true });
    else facts[name] = value;
    start = end + 1;
  }
  return facts;
}

/**
 * The facts with a handler, lower-cased, by length: a fact name is matched against them by char
 * codes, so the names of the line are never sliced (ASCII lower-casing is `toLowerCase` for these:
 * no other character lower-cases into the letters, `.` and `-` they are made of).
 */
const HANDLED_BY_LENGTH: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = [];
  for (const name of Object.keys(FACT_HANDLERS)) (byLength[name.length] ??= []).push(name);
  return byLength;
})();
/** A bit per handled fact, to notice one given twice. */
const HANDLED_BIT = new Map(Object.keys(FACT_HANDLERS).map((name, i) => [name, 1 << i]));

/** The handled fact `text[from, to)` names (case-insensitively), or undefined. */
function factAt(text: string, from: number, to: number): string | undefined {
  const candidates = HANDLED_BY_LENGTH[to - from];
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (namesFact(text, from, to, candidate)) return candidate;
  return undefined;
}

/** Whether `text[from, to)` is `lower` (a lower-case ASCII name) in any case. */
function namesFact(text: string, from: number, to: number, lower: string): boolean {
  if (to - from !== lower.length) return false;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i - from)) return false;
  }
  return true;
}

/**
 * Runs the handlers over a matched `a=b;c=d;` run in one pass, slicing only the values they read
 * (late facts after the others, as `entryFor` always did). False, having changed the draft, when a
 * handled fact is given twice: the caller then starts again from the facts object.
 */
function dispatchFacts(text: string, draft: Draft): boolean {
  let seen = 0;
  let late: string[] | undefined;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(';', start);
    const eq = text.indexOf('=', start);
    const key = factAt(text, start, eq);
    if (key !== undefined) {
      const bit = HANDLED_BIT.get(key)!;
      if ((seen & bit) !== 0) return false;
      seen |= bit;
      // An empty value states nothing (`Size=; /empty/size`, Commons Net MLSxEntryParserTest).
      if (end > eq + 1) {
        const value = text.slice(eq + 1, end);
        if (LATE_FACTS.has(key)) (late ??= []).push(key, value);
        else FACT_HANDLERS[key]!(value, draft);
      }
    }
    start = end + 1;
  }
  if (late !== undefined) for (let i = 0; i < late.length; i += 2) FACT_HANDLERS[late[i]!]!(late[i + 1]!, draft);
  return true;
}

/** The last value of the fact `lower` in a facts run (as `splitFacts(text)[lower]`), without splitting it. */
function factValue(text: string, lower: string): string | undefined {
  let value: string | undefined;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(';', start);
    const eq = text.indexOf('=', start);
    if (namesFact(text, start, eq, lower)) value = text.slice(eq + 1, end);
    start = end + 1;
  }
  return value;
}

/**
 * An MLSD entry keeps its facts as the line's text and splits them into `entry.facts` when that is
 * first read (bench/README.md: building the object for every entry cost ~250 bytes and a fifth of
 * the parse). `facts` reads and writes as the plain field of every other entry; `toJSON` and
 * `inspect` show it where it always stood.
 */
class MlsdEntry extends StatResult {
  #facts: Record<string, string> | string | undefined;

  keepFacts(text: string): void {
    this.#facts = text;
  }

  // @ts-expect-error StatResult declares `facts` as a field, but emits none: here it is an accessor.
  override get facts(): Record<string, string> | undefined {
    return this.readFacts();
  }

  override set facts(facts: Record<string, string> | undefined) {
    this.writeFacts(facts);
  }

  readFacts(): Record<string, string> | undefined {
    const facts = this.#facts;
    if (typeof facts !== 'string') return facts;
    return (this.#facts = splitFacts(facts));
  }

  writeFacts(facts: Record<string, string> | undefined): void {
    this.#facts = facts;
  }

  /** One fact by lower-cased name, without splitting the rest. */
  fact(lower: string): string | undefined {
    const facts = this.#facts;
    return typeof facts === 'string' ? factValue(facts, lower) : facts?.[lower];
  }

  protected override fields(): [string, unknown][] {
    const own = Object.entries(this);
    const facts = this.readFacts();
    if (facts === undefined) return own;
    // Where `entryFor` used to assign it: after `path` when there is one, else after `format`.
    const after = own.findIndex(([key]) => key === (this.path !== undefined ? 'path' : 'format'));
    own.splice(after + 1, 0, ['facts', facts]);
    return own;
  }
}

/** The `unique` fact of an entry, read without splitting an MLSD entry's facts. */
function uniqueOf(entry: StatResult): string | undefined {
  return entry instanceof MlsdEntry ? entry.fact('unique') : entry.facts?.unique;
}

/**
 * An MLST reply names the entry by its path (`/pub/a b`): the entry's name is the last segment, as
 * for every other format here (a name never holds `/`). MLSD sends plain names (§7.2), so this only
 * changes MLST entries and the path-named lines some servers add (cdir, RFC errata 1500 targets).
 */
function lastSegment(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const name = slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
  return name === '' ? pathname : name;
}

/** Per-parse options, `formatOptions.mlsd`. */
export interface MlsdOptions {
  /** Resolve symlinks shown without a target through their `unique` fact (holds the listing to its end). Default true. */
  resolveLinks?: boolean;
}

/** Per parse: the full pathname of entries named by a path, for symlink resolution. */
type Pathnames = WeakMap<StatResult, string>;

declare module 'dirlisting' {
  interface FormatOptionsMap {
    mlsd: MlsdOptions;
  }
}

export class MlsdParser extends GrammarLineParser {
  readonly id = 'mlsd';
  // No `systems`: MLSD is part of RFC 3659, not of one operating system, and a pattern matching every
  // SYST reply would make any unknown reply narrow detection to the SYST-independent formats.
  override readonly description = 'RFC 3659 MLSD / MLST machine listings';
  readonly grammar = mlsdGrammar;

  override ignoresLine(line: string): boolean {
    return MLST_FRAMING.test(line);
  }

  /**
   * The share of lines read, as the default; but a line that is only a space and a name (no facts)
   * is no evidence of MLSD by itself (any indented text is one), so it counts only next to lines
   * with facts.
   */
  override detect(sample: string): number {
    let considered = 0;
    let withFacts = 0;
    let bare = 0;
    let ignored = 0;
    for (const line of sampleLines(sample)) {
      considered++;
      if (this.ignoresLine(line)) ignored++;
      else {
        const m = this.grammar.matchLine.exec(line);
        if (m?.[G.facts] !== undefined) withFacts++;
        else if (m) bare++;
      }
    }
    if (considered === 0 || withFacts === 0) return ignored && !bare ? (0.5 * ignored) / considered : 0;
    return (withFacts + bare + ignored) / considered;
  }

  /**
   * A line of a space and a name is read as such only where MLSD is the listing's format: as the
   * fallback of a mixed listing it would turn any indented line of another format into an entry.
   */
  override acceptsForeignLine(line: string): boolean {
    return this.grammar.matchLine.exec(line)?.[G.facts] !== undefined;
  }

  build(m: Captures, ctx: ParseContext): StatResult | null {
    const factsText = m[G.facts];
    if (factsText === undefined) {
      return this.entryFor(m[G.bareName]!, undefined, ctx);
    }
    return this.entryFor(m[G.pathname]!, factsText, ctx);
  }

  /** `build` on the scanner's offsets: only the facts and the pathname are sliced. */
  override buildFrom(m: CaptureReader, ctx: ParseContext): StatResult | null {
    if (!m.has(G.facts)) return this.entryFor(m.str(G.bareName)!, undefined, ctx);
    return this.entryFor(m.str(G.pathname)!, m.str(G.facts)!, ctx);
  }

  private entryFor(pathname: string, factsText: string | undefined, ctx: ParseContext): StatResult | null {
    const name = lastSegment(pathname);
    let entry = new MlsdEntry(name, 'unknown', this.id);
    if (pathname.includes('/')) entry.path = pathname;
    let draft: Draft = { entry, mode: undefined, notAnEntry: false, ownerNamed: false, groupNamed: false };
    if (factsText !== undefined) {
      entry.keepFacts(factsText);
      if (!dispatchFacts(factsText, draft)) {
        // A handled fact given twice: read the facts as one object, as `entry.facts` shows them
        // (each name once, at its first place, with its last value), on a fresh entry.
        entry = new MlsdEntry(name, 'unknown', this.id);
        if (pathname.includes('/')) entry.path = pathname;
        entry.keepFacts(factsText);
        draft = { entry, mode: undefined, notAnEntry: false, ownerNamed: false, groupNamed: false };
        const facts = entry.facts!;
        const late: string[] = [];
        for (const key in facts) {
          const value = facts[key]!;
          // An empty value states nothing (`Size=; /empty/size`, Commons Net MLSxEntryParserTest).
          if (value === '' || !Object.hasOwn(FACT_HANDLERS, key)) continue;
          if (LATE_FACTS.has(key)) late.push(key);
          else FACT_HANDLERS[key]!(value, draft);
        }
        for (const key of late) FACT_HANDLERS[key]!(facts[key]!, draft);
      }
    }
    if (draft.notAnEntry || name === '.' || name === '..') return null;
    if (draft.mode !== undefined) {
      // The type fact says what the entry is; type bits in UNIX.mode fill in only an unknown type.
      if (entry.type === 'unknown' && (draft.mode & S_IFMT) !== 0) entry.type = typeFromMode(draft.mode);
      entry.mode = entry.type === 'unknown' ? draft.mode : modeTypeBits(entry.type) | (draft.mode & 0o7777);
    }
    if (name !== pathname) ctx.state<Pathnames>(this, () => new WeakMap()).set(entry, pathname);
    return entry;
  }

  /**
   * Symlinks shown as `type=OS.unix=symlink` without their target (proftpd mod_facts) carry the
   * `unique` fact of what they point to; the entry of this listing with that `unique` is the target
   * (RFC errata 1500; basic-ftp transformList). A target named by a path is not in the directory and
   * is dropped once it has served. Where several entries share the id (hard links), the target is
   * not guessed.
   *
   * This pass makes MLSD listings arrive whole at the end instead of in batches (LineParser.finishListing);
   * `formatOptions.mlsd.resolveLinks: false` turns it off and lets them stream.
   */
  override holdsListing(ctx: ParseContext): boolean {
    return ctx.optionsFor(this.id).resolveLinks !== false;
  }

  override finishListing(entries: StatResult[], ctx: ParseContext): StatResult[] {
    const pathnames = ctx.state<Pathnames>(this, () => new WeakMap());
    // Only a symlink without its target needs the pass; the facts of the others stay unread text.
    let links = false;
    for (const entry of entries) {
      if (entry.format === this.id && entry.type === 'symlink' && entry.target === undefined && uniqueOf(entry)) {
        links = true;
        break;
      }
    }
    if (!links) return entries;
    const byUnique = new Map<string, StatResult | null>();
    for (const entry of entries) {
      if (entry.format !== this.id || entry.type === 'symlink') continue;
      const unique = uniqueOf(entry);
      if (unique) byUnique.set(unique, byUnique.has(unique) ? null : entry);
    }
    const used = new Set<StatResult>();
    for (const entry of entries) {
      if (entry.format !== this.id || entry.type !== 'symlink' || entry.target !== undefined) continue;
      const unique = uniqueOf(entry);
      if (!unique) continue;
      const target = byUnique.get(unique);
      if (!target) continue;
      entry.target = pathnames.get(target) ?? target.name;
      used.add(target);
    }
    return entries.filter((entry) => !(used.has(entry) && pathnames.has(entry)));
  }

  /** Says which part of a rejected line breaks §7.2, where the grammar would only name column 1. */
  override explain(line: string): string {
    const space = line.indexOf(' ');
    const factsText = space < 0 ? line : line.slice(0, space);
    if (space < 0) return `no space before the pathname (RFC 3659 "facts SP pathname")`;
    if (space === line.length - 1) return 'the pathname after the facts is empty';
    if (!factsText.endsWith(';')) return `the facts '${truncate(factsText)}' do not end with ';' before the space`;
    const bad = factsText.slice(0, -1).split(';').find((fact) => !/^[^=]+=/.test(fact));
    if (bad !== undefined) return `fact '${truncate(bad)}' is not name=value`;
    return super.explain(line);
  }

  override format(entries: readonly StatResult[], _options: FormatOptions = {}): string {
    return formatMlsd(entries);
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// ---- formatter -----------------------------------------------------------------------------------

const TYPE_FACT: Readonly<Record<EntryType, string>> = {
  file: 'file',
  directory: 'dir',
  symlink: 'OS.unix=symlink',
  'char-device': 'OS.unix=chr',
  'block-device': 'OS.unix=blk',
  fifo: 'OS.unix=fifo',
  socket: 'OS.unix=socket',
  unknown: 'unknown',
};

/** Fields the formatter writes itself; other facts of `entry.facts` are written as they are. */
const WRITTEN = new Set(['type', 'size', 'sizd', 'modify', 'media-type', 'unix.mode', 'unix.owner', 'unix.ownername',
  'unix.group', 'unix.groupname', 'unix.uid', 'unix.gid']);

/** Writes entries as MLSD lines (CRLF, as §7.2 and every server does), facts in proftpd's spelling. */
export function formatMlsd(entries: readonly StatResult[]): string {
  return entries.map((entry) => `${mlsdFacts(entry)} ${checkedName(entry)}\r\n`).join('');
}

function mlsdFacts(entry: StatResult): string {
  const facts: string[] = [];
  const add = (name: string, value: string) => {
    if (/[; \r\n]/.test(value)) {
      throw new RangeError(`Cannot write ${name}=${JSON.stringify(value)} in an MLSD line: a fact value holds no ';', space or line break`);
    }
    facts.push(`${name}=${value};`);
  };
  let type = TYPE_FACT[entry.type];
  if (entry.type === 'symlink' && entry.target !== undefined) type = `OS.unix=slink:${entry.target}`;
  if ((entry.type === 'char-device' || entry.type === 'block-device') && entry.major !== undefined) {
    type += `-${entry.major}/${entry.minor ?? 0}`;
  }
  add('type', type);
  if (entry.size !== undefined) add('size', String(Math.trunc(entry.size)));
  if (entry.mtimeMs !== undefined) add('modify', mlsxTime(entry.mtimeMs, entry.mtimePrecision === 'millisecond'));
  if (entry.contentType !== undefined) add('media-type', entry.contentType);
  if (entry.mode !== undefined) {
    const mode = entry.type === 'unknown' ? entry.mode : entry.mode & 0o7777;
    add('UNIX.mode', `0${mode.toString(8)}`);
  }
  if (entry.uid !== undefined) add('UNIX.owner', String(entry.uid));
  if (entry.owner !== undefined && (entry.uid === undefined || entry.owner !== String(entry.uid))) add('UNIX.ownername', entry.owner);
  if (entry.gid !== undefined) add('UNIX.group', String(entry.gid));
  if (entry.group !== undefined && (entry.gid === undefined || entry.group !== String(entry.gid))) add('UNIX.groupname', entry.group);
  for (const [name, value] of Object.entries(entry.facts ?? {})) {
    if (WRITTEN.has(name.toLowerCase()) || /[=; \r\n]/.test(name) || name === '') continue;
    add(name, value);
  }
  return facts.join('');
}

/** `YYYYMMDDHHMMSS` or `YYYYMMDDHHMMSS.sss`, UTC (§2.3). */
function mlsxTime(ms: number, withMs: boolean): string {
  const iso = new Date(ms).toISOString(); // 2026-11-21T10:00:00.123Z (years 0-9999)
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`Cannot write ${iso} as an RFC 3659 time: the year is not 0000-9999`);
  const text = iso.slice(0, 19).replace(/[-T:]/g, '');
  return withMs ? `${text}.${iso.slice(20, 23)}` : text;
}

function checkedName(entry: StatResult): string {
  const name = entry.name;
  if (/[\r\n/]/.test(name) || name === '' || name === '.' || name === '..') {
    throw new RangeError(`Cannot write ${JSON.stringify(name)} in an MLSD listing: it is not a name in a directory`);
  }
  return name;
}
