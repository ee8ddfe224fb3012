/**
 * EPLF, D. J. Bernstein's Easily Parsed LIST Format (cr.yp.to/ftp/list/eplf.html), sent for `LIST` by
 * publicfile and by servers that offer it (ftp-srv `file_format: 'ep'`).
 *
 *   +i8388621.48594,m825718503,r,s280,\tdjb.html
 *   +i8388621.50690,m824255907,/,\t514
 *   +up644,r,s0,\tempty
 *
 * A line is `+`, facts each followed by a comma, a TAB, and the name (which may hold anything but a
 * line break). Facts: `r` RETR may work (a file), `/` CWD may work (a directory), `s<n>` size in
 * octets, `m<n>` modification time in seconds since 1970 UTC, `i<id>` an identifier two names of the
 * same file share, `up<octal>` UNIX permissions. Other facts are ignored, as the spec asks.
 */
import { type Captures, capture, compileGrammar, restOfLine, seq, token } from 'dirlisting/grammar';
import {
  type EntryType,
  type FormatOptions,
  GrammarLineParser,
  modeTypeBits,
  type ParseContext,
  ParserError,
  StatResult,
  setByteCount,
  type NoFormatOptions,
} from 'dirlisting';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * Facts up to the TAB. Each should end with a comma; a last fact without one is still read, as
 * basic-ftp's parseListEPLF splits on commas (ftpparse skips it). Never matches the TAB after it.
 */
const FACTS = '(?:[^,\\t\\r\\n]*,)*[^,\\t\\r\\n]*';

export const eplfGrammar = compileGrammar(
  seq(token('\\+', '"+" (an EPLF line)'), capture('facts', token(FACTS, 'facts such as r,s280,')), token('\\t', 'a TAB'), capture('name', restOfLine('a name'))),
);

const G = eplfGrammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

interface Draft {
  entry: StatResult;
  retrievable: boolean;
  directory: boolean;
  permissions: number | undefined;
}

/** Fact readers by the fact's first character (a table, as the spec's list of facts). */
const FACTS_BY_LETTER: Readonly<Record<string, (value: string, draft: Draft) => void>> = {
  r: (_value, draft) => {
    draft.retrievable = true;
  },
  '/': (_value, draft) => {
    draft.directory = true;
  },
  s: (value, { entry }) => {
    if (!/^\d+$/.test(value)) throw new ParserError(`size fact 's${value}' is not a number`);
    setByteCount(entry, value);
  },
  m: (value, { entry }) => {
    if (!/^\d+$/.test(value)) throw new ParserError(`time fact 'm${value}' is not a number of seconds`);
    entry.mtimeMs = Number(value) * 1000;
    entry.mtimePrecision = 'second';
    if (!Number.isFinite(new Date(entry.mtimeMs).getTime())) throw new ParserError(`time fact 'm${value}' is out of range`);
  },
  i: (value, { entry }) => {
    // Named as RFC 3659's fact with the same meaning (§7.5.2 unique), so callers compare ids alike.
    (entry.facts ??= {}).unique = value;
  },
  u: (value, draft) => {
    if (!value.startsWith('p')) return; // only `up` is defined
    if (!/^[0-7]{1,4}$/.test(value.slice(1))) throw new ParserError(`permission fact 'u${value}' is not octal`);
    draft.permissions = parseInt(value.slice(1), 8);
  },
};

declare module 'dirlisting' {
  interface FormatOptionsMap {
    eplf: NoFormatOptions;
  }
}

export class EplfParser extends GrammarLineParser {
  readonly id = 'eplf';
  // No `systems`: any server may offer EPLF (publicfile answers SYST as UNIX); the `+` and TAB identify it.
  override readonly description = 'EPLF, the Easily Parsed LIST Format (publicfile)';
  readonly grammar = eplfGrammar;

  build(m: Captures, _ctx: ParseContext): StatResult | null {
    const name = m[G.name]!;
    if (name === '.' || name === '..') return null;
    if (name.includes('/')) throw new ParserError(`a name cannot contain '/': '${name}'`);
    const entry = new StatResult(name, 'unknown', this.id);
    const draft: Draft = { entry, retrievable: false, directory: false, permissions: undefined };
    for (const fact of m[G.facts]!.split(',')) {
      const letter = fact[0] ?? '';
      if (Object.hasOwn(FACTS_BY_LETTER, letter)) FACTS_BY_LETTER[letter]!(fact.slice(1), draft);
    }
    // `/` and `r` say what may succeed: CWD is a directory, RETR a file; neither says nothing.
    const type: EntryType = draft.directory ? 'directory' : draft.retrievable ? 'file' : 'unknown';
    entry.type = type;
    if (draft.permissions !== undefined) entry.mode = modeTypeBits(type) | draft.permissions;
    return entry;
  }

  override format(entries: readonly StatResult[], _options: FormatOptions = {}): string {
    return formatEplf(entries);
  }
}

// ---- formatter -----------------------------------------------------------------------------------

/** Writes entries as EPLF lines (`+i…,m…,r,s…,up…,\tname`, CRLF as the spec says). */
export function formatEplf(entries: readonly StatResult[]): string {
  return entries
    .map((entry) => {
      const name = entry.name;
      if (/[\r\n/]/.test(name) || name === '' || name === '.' || name === '..') {
        throw new RangeError(`Cannot write ${JSON.stringify(name)} in an EPLF listing`);
      }
      if (entry.type !== 'file' && entry.type !== 'directory' && entry.type !== 'unknown') {
        throw new RangeError(`An EPLF listing cannot show a ${entry.type} (${JSON.stringify(name)})`);
      }
      const facts: string[] = [];
      const unique = entry.facts?.unique;
      if (unique !== undefined) {
        if (/[,\t\r\n]/.test(unique)) throw new RangeError(`Cannot write the identifier ${JSON.stringify(unique)} in an EPLF fact`);
        facts.push(`i${unique}`);
      }
      if (entry.mtimeMs !== undefined) facts.push(`m${Math.floor(entry.mtimeMs / 1000)}`);
      if (entry.type === 'directory') facts.push('/');
      if (entry.type === 'file') facts.push('r');
      if (entry.size !== undefined) facts.push(`s${Math.trunc(entry.size)}`);
      if (entry.mode !== undefined) facts.push(`up${(entry.mode & 0o7777).toString(8)}`);
      if (entry.mtimeMs !== undefined && entry.mtimeMs < 0) {
        throw new RangeError(`EPLF times are seconds since 1970: ${JSON.stringify(name)} is older`);
      }
      return `+${facts.map((fact) => `${fact},`).join('')}\t${name}\r\n`;
    })
    .join('');
}
