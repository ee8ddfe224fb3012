/**
 * IBM z/OS (MVS) FTP server `LIST` output (Commons Net MVSFTPEntryParser). One server sends several
 * kinds of list, and the header line says which:
 *
 *   Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname          data sets
 *   B10142 3390   2006/03/20  2   31  F       80    80  PS   MDI.OKL.WORK
 *   Migrated                                                HLQ.DATASET.NAME
 *
 *    Name     VV.MM   Created       Changed      Size  Init   Mod   Id       members of a PDS
 *   TBSHELF   01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001
 *
 *   JOBNAME  JOBID    OWNER    STATUS CLASS                                   JES jobs (SITE FILETYPE=JES)
 *   IBMUSER1 JOB01906 IBMUSER  OUTPUT A        RC=0000 3 spool files
 *
 *   IBMUSER1  JOB01906  OUTPUT    3 Spool Files                             JES interface level 1 (no header)
 *
 * z/OS UNIX files are listed as `ls -l` (Commons Net: a first line `total N`) and are read by the unix
 * grammar. The list type is state of one parse (`ctx.state`): the parser instance serves many parses.
 *
 * MVS shows no byte sizes: data sets show tracks used, members show lines. They are kept in `facts`
 * and `size` stays undefined.
 */
import { type Captures, type CompiledGrammar, alt, capture, compileGrammar, digits, opt, restOfLine, seq, spaces, text, token, word } from 'dirlisting/grammar';
import {
  type EntryType,
  explainLine,
  LineParser,
  ParseContext,
  ParserError,
  resolveShownTime,
  sampleLines,
  StatResult,
} from 'dirlisting';
import { UnixParser } from './unix.js';

// ---- grammar -------------------------------------------------------------------------------------

const trailing = opt(spaces);
const dsnameToken = token('[^ \\r\\n]+', 'a data set name');

/**
 * A data set row: Volume Unit Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname. Used may be missing
 * when Ext and Used run together (`115807`, Commons Net NET-639).
 */
const datasetRow = seq(
  capture('volume', word),
  spaces,
  capture('unit', word),
  spaces,
  capture('referred', word),
  spaces,
  capture('extents', digits('a number of extents')),
  spaces,
  opt(capture('used', digits('tracks used')), spaces),
  capture('recfm', token('[A-Z?]+', 'a record format such as FB')),
  spaces,
  capture('lrecl', token('\\d+|\\?', 'a record length')),
  spaces,
  capture('blksize', token('\\d+|\\?', 'a block size')),
  spaces,
  capture('dsorg', token('[A-Z][A-Z-]*|\\?', 'a data set organization such as PS')),
  spaces,
  capture('dsname', dsnameToken),
  trailing,
);

/** A data set migrated by HSM: only its name is known (Commons Net parseFileList, `Migrated`). */
const migratedRow = seq(capture('migrated', text('Migrated')), spaces, capture('migratedName', dsnameToken), trailing);

/** A data set on tape (volume `ARCIVE` in Commons Net's notes): `VOLUME Not Direct Access Device NAME`. */
const offlineRow = seq(
  capture('offlineVolume', word),
  spaces,
  capture('offline', text('Not Direct Access Device')),
  spaces,
  capture('offlineName', dsnameToken),
  trailing,
);

export const mvsDatasetGrammar = compileGrammar(alt(datasetRow, migratedRow, offlineRow));

const DATE = '\\d{4}/\\d\\d/\\d\\d';

/** A member with ISPF statistics: Name VV.MM Created Changed(date time) Size Init Mod Id. */
const memberRow = seq(
  capture('member', word),
  spaces,
  capture('version', token('\\d\\d\\.\\d\\d', 'a version VV.MM')),
  spaces,
  capture('created', token(DATE, 'a date YYYY/MM/DD')),
  spaces,
  capture('changedDate', token(DATE, 'a date YYYY/MM/DD')),
  spaces,
  capture('changedTime', token('\\d\\d:\\d\\d(?::\\d\\d)?', 'a time HH:MM')),
  spaces,
  capture('lines', digits('a number of lines')),
  spaces,
  capture('initialLines', digits('a number of lines')),
  spaces,
  capture('modifiedLines', digits('a number of lines')),
  spaces,
  capture('changedBy', word),
  trailing,
);

/** A member without statistics: its name only (Commons Net parseMemberList's fallback). */
const bareMember = seq(capture('bareMember', word), trailing);

export const mvsMemberGrammar = compileGrammar(alt(memberRow, bareMember));

/** JES interface level 1: JOBNAME JOBID STATUS [N Spool Files]. */
export const mvsJes1Grammar = compileGrammar(
  seq(
    capture('jobname', word),
    spaces,
    capture('jobid', word),
    spaces,
    capture('status', word),
    opt(spaces, opt(capture('spoolFiles', digits('a number of spool files')), spaces, token('[Ss]pool +[Ff]iles', '"Spool Files"'), trailing)),
  ),
);

/** JES interface level 2: JOBNAME JOBID OWNER STATUS CLASS [completion] [N spool files]. */
export const mvsJes2Grammar = compileGrammar(
  seq(
    capture('jobname', word),
    spaces,
    capture('jobid', word),
    spaces,
    capture('owner', word),
    spaces,
    capture('status', word),
    spaces,
    capture('class', word),
    opt(spaces, opt(capture('rest', seq(token('[^ \\r\\n]', 'a return code'), opt(restOfLine('a return code')))))),
  ),
);

/** Header lines and the list type each announces (Commons Net preParse, with exact column words). */
const HEADERS: readonly (readonly [RegExp, MvsListType])[] = [
  [/^ *Volume +Unit +Referred +Ext +Used +Recfm +Lrecl +BlkSz +Dsorg +Dsname *$/, 'dataset'],
  [/^ *Name +VV\.MM +Created +Changed +Size +Init +Mod +Id *$/, 'member'],
  [/^ *JOBNAME +JOBID +OWNER +STATUS +CLASS *$/, 'jes2'],
];

/** z/OS UNIX listings start with `total N`, which Commons Net takes as the Unix list type. */
const TOTAL_LINE = /^total \d+ *$/;

/** `DIR jobid` (JES level 2) lists the job's spool data sets after a line of dashes. */
const JOB_DETAIL_START = /^-{4,} *$/;
const JOB_DETAIL_HEADER = /^ *ID +STEPNAME +PROCSTEP +C +DDNAME +BYTE-COUNT *$/;
const SPOOL_COUNT = /^ *\d+ spool files? *$/i;

/** JES job ids: JOB/TSU/STC and five digits, or J/T/S and seven (z/OS JES2 with more than 99999 jobs). */
const JOB_ID = /^(?:(?:JOB|TSU|STC)\d{5}|[JTS]\d{7})$/;
const JOB_STATUS = /^(?:INPUT|ACTIVE|OUTPUT)$/i;

// ---- meaning -------------------------------------------------------------------------------------

/** The kinds of list a z/OS FTP server sends; `formatOptions.mvs.listType` states one up front. */
export type MvsListType = 'dataset' | 'member' | 'jes1' | 'jes2' | 'unix';

/** Per-parse options, `formatOptions.mvs`. */
export interface MvsOptions {
  /** The kind of list the server sends, when known up front (otherwise learned from the header). */
  listType?: MvsListType;
}

const LIST_TYPES: readonly MvsListType[] = ['dataset', 'member', 'jes1', 'jes2', 'unix'];

interface MvsState {
  listType: MvsListType | undefined;
  /** Inside the spool data set section of `DIR jobid`. */
  jobDetail: boolean;
}

/** Data set organizations: PS is a sequential file, PO/PO-E a partitioned data set (a directory of members). */
/** A line that is not of the format: its `ParserError` when the reason is wanted, else `undefined`. */
function reject(explain: boolean, reason: string): undefined {
  if (explain) throw new ParserError(reason);
  return undefined;
}

const DSORG_TYPES: Readonly<Record<string, EntryType>> = { PS: 'file', PO: 'directory', 'PO-E': 'directory' };

const LIST_NAMES: Readonly<Record<MvsListType, string>> = {
  dataset: 'data set',
  member: 'PDS member',
  jes1: 'JES job',
  jes2: 'JES job',
  unix: 'unix',
};

declare module 'dirlisting' {
  interface FormatOptionsMap {
    mvs: MvsOptions;
  }
}

export class MvsParser extends LineParser {
  readonly id = 'mvs';
  /** `215 MVS is the operating system of this server. FTP Server is running on z/OS.` (Commons Net SYST_MVS). */
  override readonly systems = /MVS|z\/OS|OS\/390/i;
  override readonly description = 'IBM z/OS (MVS) FTP LIST: data sets, PDS members, JES jobs';
  private readonly unix = new UnixParser();

  private stateOf(ctx: ParseContext): MvsState {
    return ctx.state<MvsState>(this, () => {
      const listType = ctx.optionsFor(this.id).listType;
      if (listType !== undefined && !LIST_TYPES.includes(listType as MvsListType)) {
        throw new RangeError(`Unknown mvs listType '${String(listType)}': use ${LIST_TYPES.join(', ')}`);
      }
      return { listType: listType as MvsListType | undefined, jobDetail: false };
    });
  }

  parseLine(line: string, ctx: ParseContext): StatResult | null {
    return this.readLine(line, ctx, true)!;
  }

  /**
   * A line no grammar matches costs failed matches: no ParserError (its stack) and no diagnosis. A
   * matched row whose meaning is impossible (a February 30) still throws from its builder.
   */
  override tryLine(line: string, ctx: ParseContext): StatResult | null | undefined {
    try {
      return this.readLine(line, ctx, false);
    } catch (error) {
      if (error instanceof ParserError) return undefined;
      throw error;
    }
  }

  /**
   * The line's entry, `null` for a header or total line, and for a line that is neither: a
   * `ParserError` with the reason when `explain`, else `undefined`.
   */
  private readLine(line: string, ctx: ParseContext, explain: boolean): StatResult | null | undefined {
    const state = this.stateOf(ctx);
    for (const [header, listType] of HEADERS) {
      if (header.test(line)) {
        state.listType = listType;
        state.jobDetail = false;
        return null;
      }
    }
    if (TOTAL_LINE.test(line) && (state.listType === undefined || state.listType === 'unix')) {
      state.listType = 'unix';
      return null;
    }
    switch (state.listType) {
      case undefined:
        return this.inferred(line, ctx, state) ?? reject(explain, 'no header announced an MVS list type, and the line is no data set, member or job row');
      case 'unix':
        return explain ? this.unix.parseLine(line, ctx) : this.unix.tryLine(line, ctx);
      case 'jes2':
        if (JOB_DETAIL_START.test(line)) {
          state.jobDetail = true;
          return null;
        }
        if (state.jobDetail) {
          if (JOB_DETAIL_HEADER.test(line) || SPOOL_COUNT.test(line)) return null;
          return reject(explain, 'a spool data set row of a job detail listing (DIR jobid) is not read as an entry');
        }
        return this.read(state.listType, line, ctx, explain);
      default:
        return this.read(state.listType, line, ctx, explain);
    }
  }

  /** A line of a known list type. */
  private read(listType: Exclude<MvsListType, 'unix'>, line: string, ctx: ParseContext, explain: boolean): StatResult | undefined {
    const grammar = GRAMMARS[listType];
    const m = grammar.matchLine.exec(line);
    if (m === null) return explain ? reject(explain, explainLine(grammar, line, `an MVS ${LIST_NAMES[listType]} row`)) : undefined;
    return BUILDERS[listType](m, ctx);
  }

  /**
   * No header (yet): a line is read only when its own shape says what it is: a whole data set row, a
   * member row with statistics, a JES job row with a job id, or an `ls -l` line. The first JES level 1
   * row sets the list type, as that list has no header (Commons Net preParse).
   */
  private inferred(line: string, ctx: ParseContext, state: MvsState): StatResult | undefined {
    let m = mvsDatasetGrammar.matchLine.exec(line);
    if (m) return buildDataset(m);
    m = mvsMemberGrammar.matchLine.exec(line);
    if (m && m[M.member] !== undefined) return buildMember(m, ctx);
    m = mvsJes1Grammar.matchLine.exec(line);
    if (m && m[J1.spoolFiles] !== undefined && JOB_STATUS.test(m[J1.status]!)) {
      state.listType = 'jes1';
      return buildJes1(m);
    }
    m = mvsJes2Grammar.matchLine.exec(line);
    if (m && JOB_ID.test(m[J2.jobid]!) && JOB_STATUS.test(m[J2.status]!)) return buildJes2(m);
    return this.unix.tryLine(line, ctx) ?? undefined;
  }

  /**
   * The share of sample lines that are MVS headers or rows. Lines read as `ls -l` (z/OS UNIX) do not
   * count: such a listing is the unix format's, and the unix parser claims it.
   */
  override detect(sample: string): number {
    const ctx = new ParseContext({ now: 0 });
    let considered = 0;
    let native = 0;
    for (const line of sampleLines(sample)) {
      considered++;
      const entry = this.tryLine(line, ctx);
      if (entry === null ? !TOTAL_LINE.test(line) : entry?.format === this.id) native++;
    }
    return considered === 0 ? 0 : native / considered;
  }
}

const D = mvsDatasetGrammar.groups;
const M = mvsMemberGrammar.groups;
const J1 = mvsJes1Grammar.groups;
const J2 = mvsJes2Grammar.groups;

const GRAMMARS: Readonly<Record<Exclude<MvsListType, 'unix'>, CompiledGrammar>> = {
  dataset: mvsDatasetGrammar,
  member: mvsMemberGrammar,
  jes1: mvsJes1Grammar,
  jes2: mvsJes2Grammar,
};

const BUILDERS: Readonly<Record<Exclude<MvsListType, 'unix'>, (m: Captures, ctx: ParseContext) => StatResult>> = {
  dataset: (m) => buildDataset(m),
  member: (m, ctx) => buildMember(m, ctx),
  jes1: (m) => buildJes1(m),
  jes2: (m) => buildJes2(m),
};

function entryOf(name: string, type: EntryType, facts: Record<string, string | undefined>): StatResult {
  const entry = new StatResult(name, type, 'mvs');
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) kept[key] = value;
  entry.facts = kept;
  return entry;
}

/**
 * A data set: PS is a file, PO and PO-E directories; other organizations (VSAM, direct access, …) and
 * data sets whose attributes the server cannot show (migrated, on tape) are `unknown`. `Referred` is
 * the last reference, not a change, so there is no mtime (Commons Net sets no timestamp either).
 */
function buildDataset(m: Captures): StatResult {
  if (m[D.migratedName] !== undefined) return entryOf(m[D.migratedName]!, 'unknown', { status: 'Migrated' });
  if (m[D.offlineName] !== undefined) {
    return entryOf(m[D.offlineName]!, 'unknown', { volume: m[D.offlineVolume], status: m[D.offline] });
  }
  const dsorg = m[D.dsorg]!;
  const used = m[D.used];
  return entryOf(m[D.dsname]!, DSORG_TYPES[dsorg] ?? 'unknown', {
    volume: m[D.volume],
    unit: m[D.unit],
    referred: m[D.referred],
    // Without a Used column the two numbers ran together (NET-639) and cannot be told apart.
    extents: used === undefined ? undefined : m[D.extents],
    used,
    extentsAndUsed: used === undefined ? m[D.extents] : undefined,
    recfm: m[D.recfm],
    lrecl: m[D.lrecl],
    blksize: m[D.blksize],
    dsorg,
  });
}

/** A PDS member: a file; `Changed` is its mtime (minutes, or seconds when shown), sizes are in lines. */
function buildMember(m: Captures, ctx: ParseContext): StatResult {
  if (m[M.bareMember] !== undefined) return entryOf(m[M.bareMember]!, 'file', {});
  const entry = entryOf(m[M.member]!, 'file', {
    version: m[M.version],
    created: m[M.created],
    lines: m[M.lines],
    initialLines: m[M.initialLines],
    modifiedLines: m[M.modifiedLines],
    changedBy: m[M.changedBy],
  });
  const [year, month, day] = m[M.changedDate]!.split('/').map(Number) as [number, number, number];
  const [hour, minute, second] = m[M.changedTime]!.split(':').map(Number) as [number, number, number | undefined];
  const shown = resolveShownTime(ctx.clock, year, month, day, hour, minute, second);
  if (typeof shown === 'string') throw new ParserError(shown);
  const created = m[M.created]!.split('/').map(Number) as [number, number, number];
  const invalidCreated = resolveShownTime(ctx.clock, created[0], created[1], created[2], undefined, undefined);
  if (typeof invalidCreated === 'string') throw new ParserError(`created ${invalidCreated}`);
  entry.mtimeMs = shown.mtimeMs;
  entry.mtimePrecision = shown.mtimePrecision;
  return entry;
}

/** A job is named by its job id, which GET and DELETE take (Commons Net: "Job Number, used by GET"). */
function buildJes1(m: Captures): StatResult {
  return entryOf(m[J1.jobid]!, 'file', { jobname: m[J1.jobname], status: m[J1.status], spoolFiles: m[J1.spoolFiles] });
}

function buildJes2(m: Captures): StatResult {
  const { completion, spoolFiles } = splitJobRest(m[J2.rest]?.trimEnd());
  const entry = entryOf(m[J2.jobid]!, 'file', {
    jobname: m[J2.jobname],
    status: m[J2.status],
    class: m[J2.class],
    completion,
    spoolFiles,
  });
  entry.owner = m[J2.owner]!;
  return entry;
}

/** `RC=0000 3 spool files` → completion `RC=0000`, 3 spool files (a scan from the end: linear). */
function splitJobRest(rest: string | undefined): { completion?: string; spoolFiles?: string } {
  if (rest === undefined || rest === '') return {};
  const match = /(?:^| )spool files?$/i.exec(rest.slice(-12));
  if (match === null) return { completion: rest };
  const body = rest.slice(0, rest.length - match[0].length);
  let start = body.length;
  while (start > 0 && body.charCodeAt(start - 1) >= 48 && body.charCodeAt(start - 1) <= 57) start--;
  // The count must be a whole word: `RC=0000 3 spool files`, `3 spool files`.
  if (start === body.length || (start > 0 && body[start - 1] !== ' ')) return { completion: rest };
  const completion = body.slice(0, start).trimEnd();
  return { completion: completion || undefined, spoolFiles: body.slice(start) };
}
