/**
 * Auto-detection: every candidate parser scores the start of a listing, knowing its origin; the best
 * one parses it if it reaches the confidence floor.
 */
import { type FormatId, type Origin, type OriginClaims, ParseContext, type ParseOptions, type Parser } from './parser.js';
import { listParsers } from './registry.js';

export interface Detection {
  format: FormatId;
  /** 0..1 */
  confidence: number;
}

/** How much of a listing detection reads: enough lines for a vote, little enough to stay cheap. */
export const SAMPLE_CHARS = 16 * 1024;

/**
 * The least confidence that names a format. Below it a listing is unrecognized: format `unknown`,
 * confidence 0, every line in `skipped`. The default line detection scores the share of lines a
 * format reads, so a sample of which fewer than 3 lines in 10 read is no evidence of that format.
 */
export const CONFIDENCE_FLOOR = 0.3;

/** The start of a listing cut at a line end (unless lines are very long), as detection sees it. */
export function takeSample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf('\n', SAMPLE_CHARS);
  // A document may hold long physical lines (IIS writes its whole listing on one): a line end that
  // would leave less than half the sample is not a better cut than the sample's end.
  return cut >= SAMPLE_CHARS / 2 ? text.slice(0, cut + 1) : text.slice(0, SAMPLE_CHARS);
}

/** What detection may know besides the text: the origin (and `syst`), and the vocabulary (`locale`). */
export type DetectOptions = Pick<ParseOptions, 'syst' | 'origin' | 'locale' | 'timeZone' | 'formatOptions' | 'now'>;

const CLAIMED_FIELDS = ['syst', 'banner', 'contentType', 'server'] as const;

function claimFor(parser: Parser, field: keyof OriginClaims): RegExp | undefined {
  return parser.origins?.[field] ?? (field === 'syst' ? parser.systems : undefined);
}

/**
 * The registered parsers an origin leaves as candidates. For each origin field given (SYST reply,
 * greeting, Content-Type, Server), formats that claim nothing for that field always stay; of the
 * others, those whose claim matches stay. A value no format claims narrows nothing, as Commons Net's
 * parser factory falls back to its default.
 */
export function candidateParsers(origin: Readonly<Origin> | string = {}): readonly Parser[] {
  if (typeof origin === 'string') origin = { syst: origin };
  let parsers = listParsers();
  for (const field of CLAIMED_FIELDS) {
    const value = origin[field];
    if (!value) continue;
    const claimed = parsers.filter((parser) => claimFor(parser, field)?.test(value));
    if (claimed.length) parsers = parsers.filter((parser) => !claimFor(parser, field) || claimed.includes(parser));
  }
  return parsers;
}

/** Every candidate format with its confidence for this text, best first (ties in registry order). */
export function detectFormat(text: string, options: DetectOptions = {}): Detection[] {
  const sample = takeSample(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const ctx = new ParseContext({ ...options, now: options.now ?? 0 });
  const scored = candidateParsers(ctx.origin).map((parser, order) => {
    let confidence = 0;
    try {
      confidence = parser.detect(sample, ctx);
    } catch {
      // A plugin whose detect throws simply does not claim the listing.
    }
    if (typeof confidence !== 'number' || !Number.isFinite(confidence)) confidence = 0;
    return { format: parser.id, confidence: Math.min(1, Math.max(0, confidence)), order };
  });
  scored.sort((a, b) => b.confidence - a.confidence || a.order - b.order);
  return scored.map(({ format, confidence }) => ({ format, confidence }));
}
