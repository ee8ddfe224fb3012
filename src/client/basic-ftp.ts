/**
 * dirlisting's parsers for basic-ftp users: `client.parseList = parseList` makes basic-ftp's `list()`
 * read every LIST dialect and MLSD that dirlisting reads, returning basic-ftp `FileInfo`s.
 *
 * basic-ftp stays optional: the objects built here have `FileInfo`'s shape (basic-ftp
 * dist/FileInfo.d.ts: fields, `FileType` numbers, `isDirectory`/`isFile`/`isSymbolicLink` getters)
 * without importing its class.
 */
import { type ParseOptions, type StatResult, UNKNOWN_FORMAT, parseListing } from '../index.js';
import { RemoteError } from './errors.js';

/** basic-ftp's `FileType` enum values (dist/FileInfo.js). */
export const FtpFileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 3 } as const;
export type FtpFileType = (typeof FtpFileType)[keyof typeof FtpFileType];

const FILE_TYPES: Readonly<Partial<Record<StatResult['type'], FtpFileType>>> = {
  file: FtpFileType.File,
  directory: FtpFileType.Directory,
  symlink: FtpFileType.SymbolicLink,
};

/** basic-ftp's `UnixPermissions`: rwx bits (Read 4, Write 2, Execute 1) per class. */
export interface FtpUnixPermissions {
  readonly user: number;
  readonly group: number;
  readonly world: number;
}

/** An entry in basic-ftp's `FileInfo` shape. */
export class FtpFileInfo {
  type: FtpFileType = FtpFileType.Unknown;
  size = 0;
  /** The modification time as dirlisting resolved it (ISO 8601), or `''` when the listing shows none. */
  rawModifiedAt = '';
  /** Set when the time is exact to the second (MLSD, or a listing that shows seconds and a year). */
  modifiedAt?: Date;
  permissions?: FtpUnixPermissions;
  hardLinkCount?: number;
  link?: string;
  group?: string;
  user?: string;
  uniqueID?: string;

  constructor(public name: string) {}

  get isDirectory(): boolean {
    return this.type === FtpFileType.Directory;
  }
  get isSymbolicLink(): boolean {
    return this.type === FtpFileType.SymbolicLink;
  }
  get isFile(): boolean {
    return this.type === FtpFileType.File;
  }
  /** basic-ftp's deprecated alias of `rawModifiedAt`. */
  get date(): string {
    return this.rawModifiedAt;
  }
  set date(rawModifiedAt: string) {
    this.rawModifiedAt = rawModifiedAt;
  }
}

/** One dirlisting entry as a basic-ftp `FileInfo`. */
export function toFileInfo(entry: StatResult): FtpFileInfo {
  const info = new FtpFileInfo(entry.name);
  info.type = FILE_TYPES[entry.type] ?? FtpFileType.Unknown;
  info.size = entry.size ?? 0;
  if (entry.mtimeMs !== undefined) {
    info.rawModifiedAt = new Date(entry.mtimeMs).toISOString();
    if (entry.mtimePrecision === 'second' || entry.mtimePrecision === 'millisecond') info.modifiedAt = new Date(entry.mtimeMs);
  }
  if (entry.mode !== undefined) info.permissions = { user: (entry.mode >> 6) & 7, group: (entry.mode >> 3) & 7, world: entry.mode & 7 };
  if (entry.nlink !== undefined) info.hardLinkCount = entry.nlink;
  if (entry.target !== undefined) info.link = entry.target;
  const group = entry.group ?? entry.gid?.toString();
  if (group !== undefined) info.group = group;
  const user = entry.owner ?? entry.uid?.toString();
  if (user !== undefined) info.user = user;
  const unique = entry.facts?.unique;
  if (unique !== undefined) info.uniqueID = unique;
  return info;
}

/**
 * A drop-in for basic-ftp's `Client.parseList`: the raw text of a LIST or MLSD data connection to
 * `FileInfo`s. Like basic-ftp's own parser it throws on a non-empty listing it cannot read. `options`
 * (e.g. the server's `timeZone`) are passed to `parseListing`; bind them with
 * `client.parseList = (raw) => parseList(raw, { timeZone })`.
 */
export function parseList(rawList: string, options: ParseOptions = {}): FtpFileInfo[] {
  const listing = parseListing(rawList, options);
  if (listing.format === UNKNOWN_FORMAT && listing.skipped.length > 0) {
    throw new RemoteError('ERR_UNRECOGNIZED_LISTING', `no format reads this listing; first line: ${JSON.stringify(listing.skipped[0]!.text)}`);
  }
  return listing.entries.map(toFileInfo);
}
