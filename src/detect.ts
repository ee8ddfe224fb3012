/** Auto-detection: every registered parser scores the start of a listing; the best one parses it. */
import type { FormatId, Parser } from './parser.js';
import { listParsers } from './registry.js';

export interface Detection {
  format: FormatId;
  /** 0..1 */
  confidence: number;
}

/** How much of a listing detection reads: enough lines for a vote, little enough to stay cheap. */
export const SAMPLE_CHARS = 16 * 1024;

/** The start of a listing cut at a line end, as detection sees it. */
export function takeSample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf('\n', SAMPLE_CHARS);
  return cut > 0 ? text.slice(0, cut + 1) : text.slice(0, SAMPLE_CHARS);
}

export interface DetectOptions {
  /** The server's SYST reply: only formats whose `systems` match it are scored (when any does). */
  syst?: string;
}

/**
 * The registered parsers a SYST reply leaves as candidates. Formats tied to no system (no
 * `systems`: MLSD, EPLF, plugins) always stay; of the others, those that claim the reply stay. A
 * reply no format claims narrows nothing.
 */
export function candidateParsers(syst?: string): readonly Parser[] {
  const parsers = listParsers();
  if (!syst) return parsers;
  const claimed = parsers.filter((parser) => parser.systems?.test(syst));
  return claimed.length ? parsers.filter((parser) => !parser.systems || claimed.includes(parser)) : parsers;
}

/** Every candidate format with its confidence for this text, best first (ties in registry order). */
export function detectFormat(text: string, options: DetectOptions = {}): Detection[] {
  const sample = takeSample(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const scored = candidateParsers(options.syst).map((parser, order) => {
    let confidence = 0;
    try {
      confidence = parser.detect(sample);
    } catch {
      // A plugin whose detect throws simply does not claim the listing.
    }
    if (!Number.isFinite(confidence)) confidence = 0;
    return { format: parser.id, confidence: Math.min(1, Math.max(0, confidence)), order };
  });
  scored.sort((a, b) => b.confidence - a.confidence || a.order - b.order);
  return scored.map(({ format, confidence }) => ({ format, confidence }));
}
