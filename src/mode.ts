/**
 * `ls -l` mode strings (`drwxr-sr-t`) to and from `st_mode` numbers.
 * The letters follow POSIX `ls` (XCU "ls", STDOUT section) and GNU coreutils `filemode.c`.
 */
import { type EntryType, modeTypeBits } from './stat.js';

/** The file type letter in column 1. */
const TYPE_LETTERS: Readonly<Record<string, EntryType>> = {
  '-': 'file',
  f: 'file', // some servers (Commons Net UnixFTPEntryParserTest "frw-r--r--") mark plain files with f
  d: 'directory',
  l: 'symlink',
  e: 'symlink', // z/OS UNIX external link (Commons Net UnixFTPEntryParser; basic-ftp parseListUnix)
  b: 'block-device',
  c: 'char-device',
  p: 'fifo',
  s: 'socket',
  D: 'unknown', // Solaris door
  n: 'unknown', // HP-UX network special file
  w: 'unknown', // BSD whiteout
  '?': 'unknown',
};

const LETTER_OF_TYPE: Readonly<Record<EntryType, string>> = {
  file: '-',
  directory: 'd',
  symlink: 'l',
  'block-device': 'b',
  'char-device': 'c',
  fifo: 'p',
  socket: 's',
  unknown: '?',
};

/**
 * What each letter means in each of the nine permission columns. The execute columns also carry the
 * set-id and sticky bits: lower case = the bit plus execute, upper case = the bit alone.
 * `l`/`L` in the group execute column is System V's mandatory-locking mark (setgid without group x).
 */
const PERMISSION_COLUMNS: ReadonlyArray<Readonly<Record<string, number>>> = [
  { r: 0o400, '-': 0 },
  { w: 0o200, '-': 0 },
  { x: 0o100, s: 0o4100, S: 0o4000, '-': 0 },
  { r: 0o040, '-': 0 },
  { w: 0o020, '-': 0 },
  { x: 0o010, s: 0o2010, S: 0o2000, l: 0o2000, L: 0o2000, '-': 0 },
  { r: 0o004, '-': 0 },
  { w: 0o002, '-': 0 },
  { x: 0o001, t: 0o1001, T: 0o1000, '-': 0 },
];

export interface UnixMode {
  type: EntryType;
  /** Type bits plus permission bits, as `fs.Stats.mode`. */
  mode: number;
}

/**
 * Parses a mode string such as `drwxr-sr-t` (a trailing ACL/xattr mark `+`, `.` or `@` is allowed).
 * A string one permission letter short (`drw-r--rw`, basic-ftp issue #193) is read as if the last
 * column were `-`. Returns `undefined` when a letter is not valid in its column.
 */
export function parseUnixMode(text: string): UnixMode | undefined {
  let end = text.length;
  const last = text[end - 1];
  if (last === '+' || last === '.' || last === '@') end--;
  const perms = end - 1;
  if (perms !== 9 && perms !== 8) return undefined;
  const type = TYPE_LETTERS[text[0]!];
  if (type === undefined) return undefined;
  let mode = modeTypeBits(type);
  for (let column = 0; column < perms; column++) {
    const bits = PERMISSION_COLUMNS[column]![text[column + 1]!];
    if (bits === undefined) return undefined;
    mode |= bits;
  }
  return { type, mode };
}

/** The 10-letter `ls -l` mode string of a type and `st_mode` permission bits. */
export function formatUnixMode(type: EntryType, mode: number): string {
  let out = LETTER_OF_TYPE[type];
  for (const column of PERMISSION_COLUMNS) {
    let letter = '-';
    let best = 0;
    // Pick the letter whose bits are all present and that explains the most bits.
    for (const [candidate, bits] of Object.entries(column)) {
      if (bits !== 0 && (mode & bits) === bits && bitCount(bits) > best) {
        letter = candidate;
        best = bitCount(bits);
      }
    }
    out += letter;
  }
  return out;
}

function bitCount(n: number): number {
  let count = 0;
  for (let v = n; v; v &= v - 1) count++;
  return count;
}
