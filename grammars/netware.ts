/**
 * Novell NetWare FTP server (NWFTPD) `LIST` output:
 *
 *   d [RWCEAFMS] rwinston                          512 Nov 24  2005 Favorites
 *   - [R-CEAFMS] rwinston                        19968 Mar 12 15:20 Document name with spaces.doc
 *   d [R----F--] supervisor            512       Jan 16 18:53    login
 *
 * Columns: `d` or `-`, the logged-in user's effective trustee rights in brackets, the owner, the
 * size, an `ls`-style date (`Mon DD HH:MM` or `Mon DD  YYYY`) and the name (Commons Net
 * NetwareFTPEntryParser; ftpparse.c's NetWare sample).
 */
import { type Captures, capture, compileGrammar, seq, spaces, token, word } from 'dirlisting/grammar';
import {
  type FormatOptions,
  GrammarLineParser,
  type ParseContext,
  ParserError,
  ServerClock,
  StatResult,
  setByteCount,
  requireField,
  type NoFormatOptions,
} from 'dirlisting';
import { formatLsDate, lsDate, lsDateTime } from './ls-date.js';

// ---- grammar -------------------------------------------------------------------------------------

/**
 * The eight NetWare trustee rights in their fixed places, `-` where not granted: R read, W write,
 * C create, E erase, A access control, F file scan, M modify, S supervisor.
 */
const RIGHTS_PATTERN = '[-R][-W][-C][-E][-A][-F][-M][-S]';

const date = lsDate;

/** Names start at the first non-space character: ftpparse strips the padding before `login`. */
const name = capture('name', seq(token('[^ \\r\\n]', 'a name'), token('[^\\r\\n]*', 'a name')));

export const netwareGrammar = compileGrammar(
  seq(
    capture('type', token('[-d]', 'd or -')),
    spaces,
    '[',
    capture('rights', token(RIGHTS_PATTERN, 'rights such as RWCEAFMS')),
    ']',
    spaces,
    capture('owner', word),
    spaces,
    capture('size', token('\\d+', 'a size')),
    spaces,
    date,
    spaces,
    name,
  ),
);

const G = netwareGrammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    netware: NoFormatOptions;
  }
}

export class NetwareParser extends GrammarLineParser {
  readonly id = 'netware';
  /** NetWare answers SYST with `NETWARE Type: L8` (Commons Net FTPClientConfig.SYST_NETWARE). */
  override readonly systems = /NETWARE/i;
  override readonly description = 'Novell NetWare FTP LIST';
  readonly grammar = netwareGrammar;

  build(m: Captures, ctx: ParseContext): StatResult | null {
    const name = m[G.name]!;
    if (name === '.' || name === '..') return null;
    if (name.includes('/') || name.includes('\\')) throw new ParserError(`a name cannot contain a path separator: '${name}'`);
    const shown = lsDateTime(m, G, ctx);

    const entry = new StatResult(name, m[G.type] === 'd' ? 'directory' : 'file', this.id);
    setByteCount(entry, m[G.size]!);
    entry.owner = m[G.owner];
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;
    // The rights are the FTP user's effective rights, not owner/group/other permissions: no mode is
    // made up from them (Commons Net maps R and W to the user class only); they stay as shown.
    entry.facts = { rights: m[G.rights]! };
    return entry;
  }

  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatNetware(entries, options);
  }
}

// ---- formatter -----------------------------------------------------------------------------------

const RIGHTS = new RegExp(`^${RIGHTS_PATTERN}$`);


/** Writes entries as NWFTPD does; rights from `facts.rights`, else none granted (`--------`). */
export function formatNetware(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const clock = new ServerClock(options);
  return entries
    .map((entry) => {
      const label = JSON.stringify(entry.name);
      if (/^ |[\r\n/\\]/.test(entry.name) || entry.name === '' || entry.name === '.' || entry.name === '..') {
        throw new RangeError(`Cannot write ${label} in a NetWare listing`);
      }
      if (entry.type !== 'file' && entry.type !== 'directory') throw new RangeError(`A NetWare listing cannot show a ${entry.type} (${label})`);
      const rights = entry.facts?.rights ?? '--------';
      if (!RIGHTS.test(rights)) throw new RangeError(`Cannot write the rights '${rights}' of ${label} in a NetWare listing`);
      const owner = entry.owner ?? 'nobody';
      if (!/^[^\s]+$/.test(owner)) throw new RangeError(`Cannot write the owner '${owner}' in a NetWare listing`);
      // NetWare, like `ls`, shows the time of day within the last six months, else the year.
      const date = formatLsDate(clock, requireField(entry, 'mtimeMs', 'netware'));
      const size = String(entry.size ?? 0);
      return `${entry.type === 'directory' ? 'd' : '-'} [${rights}] ${owner.padEnd(27)} ${size.padStart(10)} ${date} ${entry.name}\n`;
    })
    .join('');
}
