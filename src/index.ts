/** dirlisting: any directory listing a server can send, as one normalized StatResult per entry. */
export { StatResult, type EntryType, type TimePrecision, PRECISION_MS, typeFromMode, modeTypeBits, requireField } from './stat.js';
export { S_IFMT, S_IFSOCK, S_IFLNK, S_IFREG, S_IFBLK, S_IFDIR, S_IFCHR, S_IFIFO } from './stat.js';
export { parseUnixMode, formatUnixMode, type UnixMode } from './mode.js';
export {
  Parser,
  ParseContext,
  ParserError,
  mergedOrigin,
  type FormatId,
  type FormatOptionsMap,
  type FormatOptionsByFormat,
  type NoFormatOptions,
  type Origin,
  type OriginClaims,
  type ParseOptions,
  type FormatOptions,
  type Skipped,
  type SkippedLine,
  type Rejection,
  type ListingFacts,
  type ParseSink,
  type ParseSession,
} from './parser.js';
export { LineParser, GrammarLineParser, explainLine, diagnoseLine, sampleLines, lineShare, DETECT_LINES } from './lines.js';
export { DocumentParser, DocumentSession, elementFramer, jsonArrayFramer, tagEnd, type Frame, type Framer, type ElementFramerOptions } from './document.js';
export { registerParser, unregisterParser, getParser, listParsers, type RegisterOptions } from './registry.js';
export { detectFormat, candidateParsers, SAMPLE_CHARS, CONFIDENCE_FLOOR, type Detection, type DetectOptions } from './detect.js';
export { parseListing, formatListing, entryProblem, ListingSession, UNKNOWN_FORMAT, type Listing, type ListingWarning } from './listing.js';
export { charsetName, decodeEscaping, percentDecode, unescapeBytes } from './bytes.js';
export { parseListingStream, ListingStream, type ListingSource, type ListingChunk } from './stream.js';
export {
  ServerClock,
  MonthTable,
  MONTH_NAMES,
  DEFAULT_LOCALES,
  ENGLISH_MONTHS,
  resolveShownTime,
  invalidWallClock,
  wallClockMs,
  isLeapYear,
  daysInMonth,
  YEAR_RULES,
  DEFAULT_YEAR_RULE,
  SERVER_BANNERS,
  yearRuleForServer,
  parseInstant,
  normalizeTimeZone,
  type YearRule,
  type ClockOptions,
  type ShownTime,
  type ShownTimeTarget,
} from './time.js';
export { parseSize, setByteCount, type ParsedSize, type SizeOptions, type ByteCountTarget } from './size.js';
export * as grammar from './grammar.js';
// The built-in formats are written like plugins: they import this module (as 'dirlisting') and
// register themselves through registerParser when the registry is first used.
export { parseUnixDate, formatUnix } from '../grammars/unix.js';
export { lsDate, lsDateTime, monthNumber, formatLsDate } from '../grammars/ls-date.js';
export { parseDosDate, formatDos, DOS_YEAR_PIVOT } from '../grammars/dos.js';
export { parseMlsxTime, formatMlsd } from '../grammars/mlsd.js';
export { formatEplf } from '../grammars/eplf.js';
export { parseCheerio, HtmlLinksParser } from '../grammars/html-links.js';
import { builtinParsers } from '../grammars/index.js';
import { setBuiltins } from './registry.js';

setBuiltins(builtinParsers);
export {
  ListingClient,
  list,
  stat,
  walk,
  remoteFs,
  download,
  downloadIfNewer,
  RemoteError,
  HttpError,
  ListingError,
  RemoteFsError,
  RemoteStat,
  RemoteDirent,
  HttpTransport,
  redactUrl,
  normalizeUrl,
  parseList,
  toFileInfo,
  FtpFileInfo,
  FtpFileType,
  rsyncUrlFromSpec,
  type FtpUnixPermissions,
  safeDestination,
  type ClientOptions,
  type ClientStats,
  type ListOptions,
  type StatSource,
  type WalkOptions,
  type WalkEntry,
  type RemoteFs,
  type ReadFileOptions,
  type ReadStreamOptions,
  type DownloadOptions,
  type DownloadResult,
  type Transport,
  type TransportListOptions,
  type TransportReadOptions,
  type TransportRequestOptions,
  type ReadResult,
  type RemoteListing,
  type ListingValidators,
} from './client/index.js';
