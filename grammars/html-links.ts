/**
 * The generic fallback for any HTML page no server style recognizes (issue 8): the links that name
 * children of the listed URL. Not entries: sort links and other queries, fragments, the parent and
 * the page itself, `javascript:`/`mailto:`/`data:` and links to other places. A trailing `/` marks a
 * directory. Size and time are left undefined: a page of unknown layout says nothing certain
 * about them, and they are never guessed.
 *
 * Detection says it is the fallback: just above the floor (0.31), and only for an HTML page with at
 * least one such link, so any real style wins. The page is streamed through htmlparser2's SAX
 * parser (cheerio's own parser), so memory stays flat whatever the page's length.
 *
 * `parseCheerio($)` serves a crawler that already holds a cheerio document: the fallback walks that
 * DOM directly; a page of a known style is read by that style's reader from `$.html()` (a
 * serialization of the DOM the crawler has, not a second DOM).
 */
import {
  CONFIDENCE_FLOOR,
  ParseContext,
  Parser,
  ParserError,
  detectFormat,
  parseListing,
  type Listing,
  type ParseOptions,
  type ParseSession,
  type ParseSink,
  type StatResult,
} from 'dirlisting';
import { Parser as SaxParser } from 'htmlparser2';
import type { CheerioAPI } from 'cheerio';
import { anchors, hrefTarget, looksLikeHtml, newEntry, resolveUrl } from './html-index.js';

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

export class HtmlLinksParser extends Parser {
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

  open(ctx: ParseContext, sink: ParseSink): ParseSession {
    const charset = ctx.origin.charset;
    let base = ctx.baseUrl;
    let last: string | undefined;
    let inTitle = false;
    let title = '';
    let dialectSent = false;
    const sax = new SaxParser(
      {
        onopentag: (name, attribs) => {
          if (name === 'title') inTitle = true;
          if (name === 'base' && attribs.href !== undefined && base === ctx.baseUrl) base = resolveUrl(attribs.href, ctx.baseUrl) ?? base;
          if (name !== 'a' || attribs.href === undefined) return;
          const href = attribs.href;
          if (href === last) return; // an icon link and a name link to the same child
          last = href;
          const target = childTarget(href, base, charset);
          if (typeof target === 'string') return;
          if (!dialectSent) {
            dialectSent = true;
            sink.listing({ dialect: 'html-links' });
          }
          const entry = newEntry(target.name, target.directory ? 'directory' : 'file', this.id);
          if (target.url !== undefined) entry.url = target.url;
          sink.entry(entry);
        },
        ontext: (text) => {
          if (inTitle && title.length < 4096) title += text;
        },
        onclosetag: (name) => {
          if (name === 'title' && inTitle) {
            inTitle = false;
            sink.listing({ title: title.trim() });
          }
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    return {
      write: (text) => sax.write(text),
      end: () => sax.end(),
    };
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
