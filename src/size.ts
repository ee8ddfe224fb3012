/**
 * Sizes as people write them (`1.2K`, `3,5 MiB`, `12 kB`), with the precision the text allows, so
 * an HTML index's "1.2K" becomes 1229 bytes ± half of 102.4 rather than a made-up exact number.
 */

/** Bytes per unit. Single letters (`ls -h`, Apache, nginx, lighttpd) and IEC names are binary. */
const BINARY_UNITS: Readonly<Record<string, number>> = {
  k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5, e: 1024 ** 6,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, pib: 1024 ** 5, eib: 1024 ** 6,
};

/** SI names (`kB`, `MB`: Caddy, Go's humanize) mean powers of 1000 unless the caller says otherwise. */
const SI_UNITS: Readonly<Record<string, number>> = {
  kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, tb: 1000 ** 4, pb: 1000 ** 5, eb: 1000 ** 6,
};

const BYTE_UNITS = new Set(['', 'b', 'byte', 'bytes', 'o', 'octets']);

export interface ParsedSize {
  /** Bytes, rounded to the nearest whole byte. */
  size: number;
  /** 1 for an exact byte count, else the value of one step in the last shown digit. */
  sizePrecision: number;
}

export interface SizeOptions {
  /** What `kB`/`KB`/`MB`… mean: 1000 (SI, default) or 1024 (Windows Explorer, IIS). */
  kilo?: 1000 | 1024;
}

const SIZE = /^\s*(\d+(?:[.,]\d+)?)\s*([a-z]*)\s*$/i;

/** Parses `1234`, `1.2K`, `1,5 MiB`, `12 kB`; `undefined` when the text is not a size. */
export function parseSize(text: string, options: SizeOptions = {}): ParsedSize | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const unitName = m[2]!.toLowerCase();
  let unit: number | undefined;
  if (BYTE_UNITS.has(unitName)) unit = 1;
  else if (unitName in BINARY_UNITS) unit = BINARY_UNITS[unitName];
  else if (unitName in SI_UNITS) unit = options.kilo === 1024 ? 1024 ** Math.round(Math.log(SI_UNITS[unitName]!) / Math.log(1000)) : SI_UNITS[unitName];
  if (unit === undefined) return undefined;
  const number = m[1]!.replace(',', '.');
  const decimals = number.includes('.') ? number.length - number.indexOf('.') - 1 : 0;
  return {
    size: Math.round(Number(number) * unit),
    sizePrecision: unit * 10 ** -decimals,
  };
}

/** Where `setByteCount` writes: an entry's size fields. */
export interface ByteCountTarget {
  size: number | undefined;
  sizePrecision: number | undefined;
  sizeBig?: bigint | undefined;
}

/**
 * An exact byte count shown as decimal digits (`18446744073709551615`, lftp's and ftpparse's test
 * line), written into `size` and `sizePrecision`. Up to 2^53 it is exact: precision 1. Beyond, a
 * double cannot hold it: `size` is the nearest double, `sizePrecision` the spacing of doubles there
 * (the true count lies within half of it), and `sizeBig` holds the exact count.
 */
export function setByteCount(target: ByteCountTarget, digits: string): void {
  const size = Number(digits);
  target.size = size;
  if (size <= Number.MAX_SAFE_INTEGER) {
    target.sizePrecision = 1;
    return;
  }
  target.sizePrecision = 2 ** (Math.floor(Math.log2(size)) - 52);
  target.sizeBig = BigInt(digits);
}
