/**
 * Honest bytes: the engine, not the caller, decodes a listing that arrives as bytes. The charset is
 * chosen as the WHATWG encoding standard and HTML's prescan do: a byte-order mark, then the charset
 * the transport declared (`origin.charset`), then a declaration early in the document (`<meta
 * charset>`, `<meta http-equiv="Content-Type">`, `<?xml … encoding?>`), then the `encoding` option,
 * then UTF-8. Bytes that are not valid UTF-8 are never silently replaced: each becomes a lone
 * surrogate U+DC80–U+DCFF (Python's "surrogateescape"), which the engine turns back into the exact
 * bytes (`StatResult.rawName`) and a reported warning.
 */
import { Buffer, isUtf8 } from 'node:buffer';

/** How many leading bytes may hold a charset declaration (HTML's prescan reads 1024). */
export const PRESCAN_BYTES = 1024;

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;
const XML_ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/** The charset a document declares in its first bytes, or undefined. */
export function declaredCharset(head: Uint8Array): string | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, PRESCAN_BYTES)).toString('latin1');
  return XML_ENCODING.exec(text)?.[1] ?? META_CHARSET.exec(text)?.[1];
}

/** The WHATWG name of a label (`latin1` → `windows-1252`), or undefined when no decoder knows it. */
export function charsetName(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

function bomCharset(head: Uint8Array): { charset: string; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

export interface DecoderOptions {
  /** The charset the transport declared (HTTP `charset=`). */
  transportCharset?: string;
  /** The caller's fallback (`ParseOptions.encoding`). */
  fallback?: string;
}

/** A streaming decoder: bytes cut anywhere in, text out, charset chosen once from the first bytes. */
export class ListingDecoder {
  /** The WHATWG name of the charset in use, once chosen. */
  charset: string | undefined;
  /** Whether any byte was not valid UTF-8 (and so was escaped as a lone surrogate). */
  sawInvalid = false;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private decoder: TextDecoder | undefined;
  /** UTF-8: the bytes of a sequence cut by the chunk boundary. */
  private tail: Uint8Array = new Uint8Array(0);
  private readonly transport: string | undefined;
  private readonly fallback: string;

  constructor(options: DecoderOptions = {}) {
    const fallback = options.fallback ?? 'utf-8';
    const name = charsetName(fallback);
    if (!name) throw new RangeError(`Unknown encoding '${fallback}'`);
    this.fallback = name;
    this.transport = options.transportCharset === undefined ? undefined : charsetName(options.transportCharset);
  }

  write(bytes: Uint8Array): string {
    if (this.charset === undefined) {
      this.head.push(bytes);
      this.headLength += bytes.length;
      if (this.headLength < PRESCAN_BYTES) return '';
      return this.choose();
    }
    return this.decode(bytes, false);
  }

  end(): string {
    const text = this.charset === undefined ? this.choose() : '';
    return text + this.decode(new Uint8Array(0), true);
  }

  private choose(): string {
    let head = Buffer.concat(this.head);
    this.head = [];
    const bom = bomCharset(head);
    if (bom) head = head.subarray(bom.length);
    const declared = declaredCharset(head);
    let charset = bom?.charset ?? this.transport ?? (declared === undefined ? undefined : charsetName(declared)) ?? this.fallback;
    // A document cannot declare itself UTF-16 in ASCII bytes (HTML: such a declaration means UTF-8).
    if (!bom && declared !== undefined && !this.transport && charset.startsWith('utf-16')) charset = 'utf-8';
    this.charset = charset;
    if (charset !== 'utf-8') this.decoder = new TextDecoder(charset);
    return this.decode(head, false);
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    if (this.decoder) return this.decoder.decode(bytes, { stream: !final });
    let buf: Uint8Array = bytes;
    if (this.tail.length) buf = Buffer.concat([this.tail, bytes]);
    const cut = final ? buf.length : completeLength(buf);
    this.tail = buf.slice(cut);
    const whole = buf.subarray(0, cut);
    if (isUtf8(whole)) return Buffer.from(whole.buffer, whole.byteOffset, whole.length).toString('utf8');
    this.sawInvalid = true;
    return decodeEscaping(whole);
  }
}

/** The length of `buf` without a UTF-8 sequence cut short at its end. */
function completeLength(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = buf[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** UTF-8 with every byte of an invalid sequence escaped as U+DC80–U+DCFF. */
export function decodeEscaping(bytes: Uint8Array): string {
  const out: string[] = [];
  let run = 0;
  let i = 0;
  const flush = (to: number) => {
    if (to > run) out.push(Buffer.from(bytes.buffer, bytes.byteOffset + run, to - run).toString('utf8'));
  };
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    flush(i);
    out.push(String.fromCharCode(0xdc00 + bytes[i]!));
    i++;
    run = i;
  }
  flush(i);
  return out.join('');
}

/** The length of the valid UTF-8 sequence at `i`, or 0 (RFC 3629 §4: no overlongs, surrogates or > U+10FFFF). */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A lone U+DC80–U+DCFF: the low half of a real surrogate pair (e.g. U+1D49E is D835 DC9E) is not an escape. */
const ESCAPED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** Whether a string holds bytes escaped by `decodeEscaping` (lone U+DC80–U+DCFF). */
export function hasEscapedBytes(text: string): boolean {
  return ESCAPED.test(text);
}

/**
 * The exact bytes an escaped string stands for, and its display form (each escaped byte shown as
 * U+FFFD). Only lone surrogates are escapes: a real pair stays the character it encodes.
 */
export function unescapeBytes(text: string): { bytes: Uint8Array; display: string } {
  const bytes: number[] = [];
  let display = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xdc80 && code <= 0xdcff) {
      bytes.push(code - 0xdc00);
      display += '\uFFFD';
    } else {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
      display += char;
    }
  }
  return { bytes: Uint8Array.from(bytes), display };
}

/**
 * Percent-decoding as bytes (a URL path or an href). The bytes are read as UTF-8 when they are valid
 * UTF-8 (servers write a name's bytes from disk whatever charset a page declares: Apache's default
 * `ISO-8859-1` header is wrong about them), otherwise in `charset` when one is given and is not
 * UTF-8, otherwise escaped (U+DC80–U+DCFF) so the engine keeps the exact bytes in `rawName`. Bytes
 * the engine already escaped count as the bytes they stand for; a `%` not followed by two hex digits
 * stays as it is.
 */
export function percentDecode(text: string, charset?: string): string {
  const escaped = ESCAPED.test(text);
  if (!escaped && !text.includes('%')) return text;
  // Fast path: well-formed escapes of valid UTF-8 (nearly every name). decodeURIComponent throws
  // on anything else, which then takes the byte-exact path below.
  if (!escaped) {
    try {
      return decodeURIComponent(text);
    } catch {
      // not UTF-8, or a bare `%`: read byte by byte
    }
  }
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hi = c === 37 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (lo >= 0) {
      bytes.push(hi * 16 + lo);
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = text.codePointAt(i)!;
      if (cp >= 0xdc80 && cp <= 0xdcff) bytes.push(cp - 0xdc00);
      else for (const byte of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(byte);
      if (cp > 0xffff) i++;
    }
  }
  const array = Uint8Array.from(bytes);
  const utf8 = decodeEscaping(array);
  if (charset === undefined || !hasEscapedBytes(utf8) || /^utf-?8$/i.test(charset)) return utf8;
  try {
    return new TextDecoder(charset).decode(array);
  } catch {
    return utf8;
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
