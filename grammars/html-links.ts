/**
 * The generic fallback for any HTML page no server style recognizes (issue 8): the links that name
 * children of the listed URL. Not entries: sort links and other queries, fragments, the parent and
 * the page itself, `javascript:`/`mailto:`/`data:` and links to other places. A trailing `/` marks a
 * directory. Size and time are left undefined: a page of unknown layout says nothing certain
 * about them, and they are never guessed.
 *
 * Detection says it is the fallback: just above the floor (0.31), and only for an HTML page with at
 * least one such link, so any real style wins. The page is streamed and cut before each `<a` (no
 * element stack: htmlparser2's parser, tried first, keeps one and went superlinear on the
 * conformance suite's repeated unclosed tags), so memory stays flat and time linear.
 *
 * `parseCheerio($)` serves a crawler that already holds a cheerio document: the fallback walks that
 * DOM directly; a page of a known style is read by that style's reader from `$.html()` (a
 * serialization of the DOM the crawler has, not a second DOM).
 */
import { CONFIDENCE_FLOOR, ParseContext, ParserError, detectFormat, parseListing, tagEnd, type Listing, type ParseOptions, type ParseSink, type StatResult, type NoFormatOptions } from 'dirlisting';
import type { CheerioAPI } from 'cheerio';
import {
  IndexParser,
  anchors,
  attribute,
  decodeEntities,
  hrefTarget,
  linkFramer,
  looksLikeHtml,
  newEntry,
  resolveUrl,
  type PageState,
} from './html-index.js';

/** What the fallback's detection answers for an HTML page with child links: the floor and a hair. */
export const FALLBACK_CONFIDENCE = CONFIDENCE_FLOOR + 0.01;

const NOT_CHILD_SCHEME = /^\s*(?:javascript|mailto|data|tel|about|blob|file):/i;

/**
 * Whether an href names a child of the listed directory, and which: relative single-segment hrefs
 * (`name`, `name/`, `./name`), or, with a base URL, any href that resolves to one segment under it.
 */
export function childTarget(href: string, base: string | undefined, charset: string | undefined): { name: string; directory: boolean; url?: string } | string {
  const h = href.trim();
  if (h === '' || h.startsWith('#') || h.startsWith('?')) return 'a link to the page itself';
  if (NOT_CHILD_SCHEME.test(h)) return 'not a link to a file';
  if (h.includes('?') || h.includes('#')) return 'a link with a query or fragment';
  let relative: string | undefined;
  let url: string | undefined;
  if (base !== undefined) {
    let resolved: URL;
    let dir: URL;
    try {
      resolved = new URL(h, base);
      dir = new URL('./', base);
    } catch {
      return 'not a valid URL';
    }
    if (resolved.origin !== dir.origin || !resolved.pathname.startsWith(dir.pathname)) return 'a link outside the listed directory';
    relative = resolved.pathname.slice(dir.pathname.length);
    url = resolved.href;
  } else {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(h) || h.startsWith('/')) return 'an absolute link (no base URL to place it)';
    relative = h.startsWith('./') ? h.slice(2) : h;
  }
  const segment = relative.endsWith('/') ? relative.slice(0, -1) : relative;
  if (segment === '' || segment.includes('/')) return 'not a child of the listed directory';
  const target = hrefTarget(relative, charset, true);
  if (target.kind === 'none') return target.why;
  if (target.kind === 'bad') return target.reason;
  return url === undefined ? { name: target.name, directory: target.directory } : { name: target.name, directory: target.directory, url };
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    'html-links': NoFormatOptions;
  }
}

export class HtmlLinksParser extends IndexParser {
  readonly id = 'html-links';
  override readonly description = 'Any HTML page: the links naming children of the listed URL (fallback; no size or time)';
  override readonly origins = { contentType: /text\/html|application\/xhtml/i };

  detect(sample: string, ctx: ParseContext): number {
    if (!looksLikeHtml(sample)) return 0;
    const base = ctx.baseUrl;
    for (const link of anchors(sample)) {
      if (typeof childTarget(link.href, base, undefined) !== 'string') return FALLBACK_CONFIDENCE;
    }
    return 0;
  }

  /**
   * Records start at each `<a`: a page of any shape (unclosed, misnested, 100k deep) is cut in one
   * linear pass, with no element stack, and a record longer than `maxRecordChars` is skipped.
   */
  createFramer() {
    return linkFramer();
  }

  readRow(record: string, ctx: ParseContext, sink: ParseSink, state: PageState): StatResult | null {
    if (!/^<a[\s>]/i.test(record)) return null;
    const gt = tagEnd(record, 0);
    if (gt < 0) return null;
    const raw = attribute(record.slice(0, gt), 'href');
    if (raw === undefined) return null;
    const href = decodeEntities(raw);
    // An icon link and a name link to the same child, one after the other: one entry.
    if (href === state.flags.last) return null;
    state.flags.last = href;
    const target = childTarget(href, state.base ?? ctx.baseUrl, state.charset);
    if (typeof target === 'string') return null;
    this.dialect(state, sink, 'html-links');
    const entry = newEntry(target.name, target.directory ? 'directory' : 'file', this.id);
    if (target.url !== undefined) entry.url = target.url;
    return entry;
  }
}

/**
 * A `Listing` from a cheerio document a crawler already holds (`cheerio.load(html)`), as
 * `parseListing` gives for the page's text. A known server style is detected and read by its own
 * reader from the serialized document; any other page is read as the generic fallback straight from
 * the DOM, with no serialization at all.
 */
export function parseCheerio($: CheerioAPI, options: ParseOptions = {}): Listing {
  const html = $.html();
  const best = options.hint === undefined ? detectFormat(html, options)[0] : { format: options.hint, confidence: 1 };
  if (best && best.format !== 'html-links' && best.confidence >= FALLBACK_CONFIDENCE) {
    const listing = parseListing(html, { ...options, hint: best.format });
    return { ...listing, confidence: best.confidence };
  }
  const ctx = new ParseContext(options);
  const baseHref = $('base[href]').first().attr('href');
  const base = baseHref !== undefined ? (resolveUrl(baseHref, ctx.baseUrl) ?? ctx.baseUrl) : ctx.baseUrl;
  const entries: StatResult[] = [];
  let last: string | undefined;
  $('a[href]').each((_, element) => {
    const href = $(element).attr('href')!;
    if (href === last) return;
    last = href;
    const target = childTarget(href, base, ctx.origin.charset);
    if (typeof target === 'string') return;
    const entry = newEntry(target.name, target.directory ? 'directory' : 'file', 'html-links');
    if (target.url !== undefined) entry.url = target.url;
    entries.push(entry);
  });
  const title = $('title').first().text().trim();
  const confidence = entries.length > 0 ? FALLBACK_CONFIDENCE : 0;
  if (ctx.strict && entries.length === 0) throw new ParserError('no link in this page names a child of the listed URL', undefined, undefined, undefined, 'html-links');
  return {
    format: entries.length > 0 ? 'html-links' : 'unknown',
    confidence,
    entries: entries.filter((entry) => entry.name !== '' && !entry.name.includes('\0')),
    skipped: [],
    warnings: [],
    dialect: 'html-links',
    ...(title ? { title } : {}),
  };
}
