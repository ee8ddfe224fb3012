/**
 * Byte escapes in names, as rsync and tar print them: a listing line shows a byte it cannot or will
 * not print as an escape sequence, and the name is the bytes once every escape is replaced. The bytes
 * are decoded as UTF-8 with `decodeEscaping`, so a name that is not valid UTF-8 keeps its exact bytes
 * (lone U+DC80–U+DCFF, which the engine turns into `rawName` and a warning).
 *
 * - rsync (`log.c`, `filtered_fwrite`): `\#` and three octal digits, for control bytes, bytes the
 *   locale cannot print, and a backslash that would otherwise start such a sequence.
 * - GNU tar (gnulib quotearg, `escape_quoting_style`) and bsdtar (`tar/util.c`, `bsdtar_expand_char`):
 *   `\\`, the C escapes `\a \b \f \n \r \t \v`, and `\` with three octal digits for other bytes.
 */
import { type ParseContext, decodeEscaping, unescapeBytes } from 'dirlisting';

/** How one escape sequence reads: the byte it stands for, or undefined to keep the text as shown. */
export type EscapeReader = (match: RegExpExecArray) => number | undefined;

const UTF8 = new TextEncoder();
const SURROGATE = /[\uD800-\uDFFF]/;
const ESCAPED_BYTE = /[\uDC80-\uDCFF]/;

/** Appends the bytes a decoded listing string stands for (lone U+DC80–U+DCFF are the bytes they escape). */
function pushBytes(out: number[], text: string): void {
  if (text === '') return;
  const bytes = SURROGATE.test(text) ? unescapeBytes(text).bytes : UTF8.encode(text);
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

/**
 * `text` with every escape `pattern` (global) finds replaced by its byte, then read as UTF-8. Text
 * without a backslash is returned as it is. Sets `ctx.bytesEscaped` when the bytes are not valid UTF-8.
 */
export function decodeByteEscapes(text: string, pattern: RegExp, read: EscapeReader, ctx: ParseContext): string {
  if (text.indexOf('\\') < 0) return text;
  const bytes: number[] = [];
  let last = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const byte = read(m);
    if (byte === undefined) continue;
    pushBytes(bytes, text.slice(last, m.index));
    bytes.push(byte);
    last = m.index + m[0].length;
  }
  if (last === 0) return text;
  pushBytes(bytes, text.slice(last));
  const decoded = decodeEscaping(Uint8Array.from(bytes));
  if (ESCAPED_BYTE.test(decoded)) ctx.bytesEscaped = true;
  return decoded;
}

/** The UTF-8 bytes of a name as an entry holds it: `rawName` when set, else the name's own bytes. */
export function nameBytes(text: string, raw?: Uint8Array): Uint8Array {
  if (raw !== undefined) return raw;
  const out: number[] = [];
  pushBytes(out, text);
  return Uint8Array.from(out);
}

/** The number of bytes a decoded listing string stands for (a lone U+DC80–U+DCFF is one byte). */
export function byteLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xdc80 && code <= 0xdcff && !(i > 0 && isHigh(text.charCodeAt(i - 1)))) length += 1;
    else if (isHigh(code) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The C escapes GNU tar's escape quoting style and bsdtar write, by letter, and the reverse. */
export const C_ESCAPES: Readonly<Record<string, number>> = { '\\': 0x5c, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
export const C_ESCAPE_OF_BYTE: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(C_ESCAPES).map(([letter, byte]) => [byte, `\\${letter}`]),
);

/** `\\`, `\n`… and `\ooo` (tar): the pattern and its reader. */
export const TAR_ESCAPE = /\\(?:([0-3][0-7]{2})|([\\abfnrtv]))/g;
export const readTarEscape: EscapeReader = (m) => (m[1] !== undefined ? parseInt(m[1], 8) : C_ESCAPES[m[2]!]);

/** `\#ooo` (rsync): the pattern and its reader. */
export const RSYNC_ESCAPE = /\\#([0-3][0-7]{2})/g;
export const readRsyncEscape: EscapeReader = (m) => parseInt(m[1]!, 8);

/** Three octal digits of a byte. */
export function octal(byte: number): string {
  return byte.toString(8).padStart(3, '0');
}
