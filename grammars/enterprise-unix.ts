/**
 * Sterling Commerce Connect:Enterprise for UNIX (now IBM Sterling Connect:Enterprise), a mailbox
 * server: `LIST` shows the batches of a mailbox, not files of a file system (Commons Net
 * EnterpriseUnixFTPEntryParser; IBM support page "Directory (dir) Command" of Sterling B2B
 * Collaboration Network, which documents the columns).
 *
 *   -C--E-----FTP B QUA1I1      18128       41 Aug 12 13:56 QUADTEST
 *   -A-R------ 1 SZ999FTI 0692432 7 Mar 3 15:33 RESTORE
 *
 * The columns: ten batch status flags (`C` in position 2 = collected, i.e. uploaded; `A` … `R` =
 * available for download; `T` in position 5 = transmitted; `I` in position 1 = upload in
 * progress), the batch type (`1` for FTP accounts; `FTP B` in Commons Net's samples, the word `FTP`
 * touching the flags), the mailbox (mailslot) ID, the batch number, a count of blocks (IBM: "this
 * field does not contain a byte count"), the processing date and the batch name.
 */
import { type Captures, capture, compileGrammar, digits, opt, restOfLine, seq, spaces, token, word } from 'dirlisting/grammar';
import { GrammarLineParser, type ParseContext, StatResult, type NoFormatOptions } from 'dirlisting';
import { lsDate, lsDateTime } from './ls-date.js';

// ---- grammar -------------------------------------------------------------------------------------

/** Ten status flags: `-` or an upper-case letter each (Commons Net `([\-]|[A-Z])` ten times). */
const flags = seq(
  capture('flags', token('[-A-Z]{10}', 'ten batch status flags such as -C--E-----')),
  opt(capture('attached', token('[^ \\r\\n]+', 'spaces'))),
);

/** `Aug 12 13:56` or `Apr 1 2014`: month, day, and the time or the year (English month names). */
const date = lsDate;

export const enterpriseUnixGrammar = compileGrammar(
  seq(
    flags,
    spaces,
    capture('batchType', word),
    spaces,
    capture('mailbox', token('[^ \\r\\n]+', 'a mailbox ID')),
    spaces,
    capture('batch', digits('a batch number')),
    spaces,
    capture('blocks', digits('a block count')),
    spaces,
    date,
    ' ',
    capture('name', restOfLine('a batch name')),
  ),
);

const G = enterpriseUnixGrammar.groups;

// ---- meaning -------------------------------------------------------------------------------------

declare module 'dirlisting' {
  interface FormatOptionsMap {
    'enterprise-unix': NoFormatOptions;
  }
}

export class EnterpriseUnixParser extends GrammarLineParser {
  readonly id = 'enterprise-unix';
  // No `systems`: Commons Net picks this parser only by name; its factory maps no SYST reply to it.
  override readonly description = 'Sterling Connect:Enterprise for UNIX mailbox batches';
  readonly grammar = enterpriseUnixGrammar;

  build(m: Captures, ctx: ParseContext): StatResult {
    const name = m[G.name]!;
    // A batch is a file. The flags are batch states, not permissions, so there is no mode; the block
    // count is no byte count, so there is no size; the mailbox owns the batch.
    const entry = new StatResult(name, 'file', this.id);
    entry.owner = m[G.mailbox]!;
    const attached = m[G.attached];
    entry.facts = {
      batchStatus: m[G.flags]!,
      batchType: attached === undefined ? m[G.batchType]! : `${attached} ${m[G.batchType]!}`,
      batchNumber: m[G.batch]!,
      blocks: m[G.blocks]!,
    };
    const shown = lsDateTime(m, G, ctx);
    entry.mtimeMs = shown.mtimeMs;
    entry.mtimePrecision = shown.mtimePrecision;
    return entry;
  }
}
