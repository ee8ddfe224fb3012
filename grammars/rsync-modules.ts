/**
 * The module list an rsync daemon sends to `rsync host::` / `rsync rsync://host/`. Read from
 * RsyncProject/rsync clientserver.c: the daemon sends its motd file and an empty line, then
 * `send_listing()` writes each listable module as `"%-15s\t%s\n"` (the name left-aligned and padded to
 * 15 columns, a TAB, the comment, which may be empty) and `@RSYNCD: EXIT`. The client
 * (`start_inband_exchange`) prints every line that is not an `@RSYNCD:` or `@ERROR` line through
 * `rprintf(FINFO)`, so names and comments are `\#ooo`-escaped like any rsync output; its own comment
 * says a MOTD line and a module line cannot be told apart. A line with a TAB is read as a module, a
 * line without one is MOTD (decoration).
 *
 *   dirlisting capture rsync daemon             (MOTD)
 *                                               (the empty line after the MOTD)
 *   tree           <TAB>the dirlisting capture tree (chrooted)
 *   tree-munged    <TAB>same tree, no chroot: symlinks are munged
 *
 * Each module is a directory entry named after the module, its comment in `facts.comment`.
 */
import { type Captures, capture, compileGrammar, opt, seq, token } from 'dirlisting/grammar';
import { type FormatOptions, GrammarLineParser, type ParseContext, ParserError, StatResult, sampleLines, type NoFormatOptions } from 'dirlisting';
import { RSYNC_ESCAPE, decodeByteEscapes, readRsyncEscape } from './escapes.js';
import { rsyncEscape } from './rsync.js';

export const rsyncModulesGrammar = compileGrammar(
  seq(capture('module', token('[^\\t\\r\\n]+', 'a module name')), '\t', opt(capture('comment', token('[^\\r\\n]+', 'a comment')))),
);
const G = rsyncModulesGrammar.groups;

/** `%-15s`: the width module names are padded to. */
const NAME_WIDTH = 15;

/** Whether a module column is as `send_listing` pads it: a name and spaces to 15, or a longer name alone. */
function padded(column: string): boolean {
  const name = column.trimEnd();
  return name !== '' && !/^\s/.test(name) && (name.length < NAME_WIDTH ? column.length === NAME_WIDTH : column === name);
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    'rsync-modules': NoFormatOptions;
  }
}

export class RsyncModulesParser extends GrammarLineParser {
  readonly id = 'rsync-modules';
  override readonly description = 'the module list of an rsync daemon (rsync host::)';
  readonly grammar = rsyncModulesGrammar;
  /** Any text with a TAB would read as a module: this format claims no other format's lines. */
  override readonly mixedFallback = false;

  /** MOTD lines (no TAB). */
  override ignoresLine(line: string): boolean {
    return !line.includes('\t');
  }

  build(m: Captures, ctx: ParseContext, g: Readonly<Record<string, number>> = G): StatResult | null {
    const name = decodeByteEscapes(m[g.module!]!.trimEnd(), RSYNC_ESCAPE, readRsyncEscape, ctx);
    if (name === '' || /^\s/.test(name)) throw new ParserError('a module line starts with the module name');
    const entry = new StatResult(name, 'directory', this.id);
    entry.facts = { comment: decodeByteEscapes(m[g.comment!] ?? '', RSYNC_ESCAPE, readRsyncEscape, ctx) };
    return entry;
  }

  /**
   * Evidence is every TAB line padded as `send_listing` pads it, and the modules after the MOTD
   * (nothing but modules once they start).
   */
  override detect(sample: string): number {
    let modules = 0;
    let tabbed = 0;
    let after = 0;
    for (const line of sampleLines(sample)) {
      const tab = line.indexOf('\t');
      if (tab < 0) {
        if (modules > 0) after++;
        continue;
      }
      tabbed++;
      if (padded(line.slice(0, tab))) modules++;
    }
    if (modules === 0) return 0;
    return (modules / tabbed) * (after > 0 ? 0.5 : 0.9);
  }

  override format(entries: readonly StatResult[], options: FormatOptions & { motd?: string } = {}): string {
    let out = options.motd ? `${options.motd.endsWith('\n') ? options.motd : `${options.motd}\n`}\n` : '';
    for (const entry of entries) {
      const name = rsyncEscape(entry.name, entry.rawName);
      if (name.includes('\t') || /^\s|\s$/.test(name)) throw new RangeError(`Cannot write module ${JSON.stringify(entry.name)}: a TAB or an outer space`);
      out += `${name.padEnd(NAME_WIDTH)}\t${rsyncEscape(entry.facts?.comment ?? '', undefined)}\n`;
    }
    return out;
  }
}
