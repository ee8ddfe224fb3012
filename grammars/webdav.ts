/**
 * WebDAV `PROPFIND` multistatus (RFC 4918 §9.1, §13, §14): one entry per `<response>`, read as the
 * document arrives. `elementFramer('response')` cuts each `<response>` (whatever its prefix) out of
 * the stream, so a 100,000-response document is never one tree; fast-xml-parser reads each framed
 * response, and this module resolves its namespaces by URI (never by stripping prefixes), reads
 * every `propstat` and maps the `DAV:` properties through one table (`DAV_PROPERTIES`).
 *
 * What the servers send was read from their source and captured from the real ones
 * (docs/sources/webdav-servers.md, fixtures/capture/dav/README.md):
 * - prefixes differ per server and even per response (Apache `lp1:`/`lp2:` declared on each
 *   `<D:response>`, Go's `<D:collection xmlns:D="DAV:"/>` redeclaring, Seafile `ns0:`, default
 *   namespaces for dead properties);
 * - hrefs are absolute paths or absolute URLs, escaped differently by each server (Apache lower-case
 *   `%3c`, lighttpd escaping `&` as `%26`, nginx keeping `&` raw then `&amp;`), so names are compared
 *   and reported decoded, never as sent;
 * - the requested collection comes first; nginx echoes its href exactly as requested (without the
 *   trailing slash when the request had none), the others add the slash;
 * - `getlastmodified` is an HTTP-date (RFC 9110 §5.6.7), second precision;
 * - missing properties come back in a second propstat with `404 Not Found` (Apache, lighttpd, Go).
 *
 * Safety (fast-xml-parser's own advisories: entity expansion, prototype pollution):
 * - no entity is ever expanded: fast-xml-parser runs with `processEntities: false` and only the five
 *   predefined entities and character references are decoded here; a document with a `<!DOCTYPE`
 *   (which is where `<!ENTITY` lives: billion laughs, external entities) is refused as a whole in
 *   `readBetween`, before any response is read, and a `<!` declaration inside a response refuses
 *   that response;
 * - every element and attribute name reaches fast-xml-parser's result only behind a prefix
 *   (`transformTagName`), so `__proto__`, `constructor` or `prototype` are plain strings here, and
 *   the tree this module builds uses arrays and `Map`s, never objects keyed by XML names;
 * - a control character where XML allows none (nginx dav-ext writes a name's raw U+0001 into
 *   `displayname`) does not make the response unreadable: the href, which every server escapes,
 *   still names the entry, and the value keeps the character;
 * - a response longer than `maxResponseChars` (default: the engine's `maxRecordChars`, 1 MiB) and a
 *   document longer than `maxDocumentChars` (default unlimited) are refused with the reason.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  DocumentParser,
  type FormatOptions,
  type Framer,
  type ParseContext,
  ParserError,
  type ParseSink,
  StatResult,
  type TimePrecision,
  percentDecode,
  elementFramer,
} from 'dirlisting';

export const DAV = 'DAV:';
/**
 * The facts key listing, space-separated, the properties a non-2xx propstat named (RFC 4918 §9.1:
 * `404 Not Found` = the resource has no such property). Parentheses cannot occur in an XML name, so
 * no property key collides with it.
 */
export const ABSENT = '(absent)';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Per-parse options, `formatOptions.webdav`. */
export interface WebdavOptions {
  /** The longest `<response>` read, in characters; longer ones are skipped with the reason. At most the parser's `maxRecordChars`. */
  maxResponseChars?: number;
  /** The longest document read, in characters; what follows is refused with one reason. Default: no limit. */
  maxDocumentChars?: number;
}

// ---------------------------------------------------------------------------------------------
// A small namespace-resolved tree over fast-xml-parser's ordered output
// ---------------------------------------------------------------------------------------------

/** An element with its namespace resolved: `ns` is the URI (undefined: no namespace, or an undeclared prefix). */
export interface XmlElement {
  ns: string | undefined;
  local: string;
  /** The prefix as written, when it was not declared (the element then has no namespace URI). */
  undeclared?: string;
  /** Attributes other than namespace declarations: [namespace URI or undefined, local name, value]. */
  attrs: [string | undefined, string, string][];
  children: (XmlElement | string)[];
}

/** Every name fast-xml-parser puts in its result carries this prefix, so no XML name is ever a bare object key. */
const NAME_MARK = '\u0001';
const CDATA = '#cdata';
const TEXT = '#text';

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: CDATA,
  textNodeName: TEXT,
  commentPropName: false,
  transformTagName: (name: string) => NAME_MARK + name,
  transformAttributeName: (name: string) => NAME_MARK + name,
  maxNestedTags: 64,
  // No path strings for callbacks this module does not use: halves fast-xml-parser's time per response.
  jPath: false,
});

/** The five predefined entities and character references (XML 1.0 §4.1, §4.6); anything else is refused. */
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));|&/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its references decoded; an undefined entity (or a bare `&`) is a ParserError: nothing is expanded. */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name]!;
    if (dec === undefined && hex === undefined) {
      const word = /^&[^\s;<&]{0,40};?/.exec(text.slice(text.indexOf(match)))?.[0] ?? '&';
      throw new ParserError(`undefined entity or bare '&' (${word}): entities are never expanded`);
    }
    const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!legal) throw new ParserError(`character reference ${match} is not an XML character`);
    return String.fromCodePoint(code);
  });
}

/** A chain of prefix → URI scopes; `''` is the default namespace. */
interface Scope {
  readonly map: ReadonlyMap<string, string>;
  readonly parent: Scope | undefined;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const uri = s.map.get(prefix);
    if (uri !== undefined) return uri;
  }
  return prefix === 'xml' ? XML_NS : undefined;
}

type FxpNode = Record<string, unknown>;

/** fast-xml-parser's ordered node → XmlElement, namespaces resolved in `scope`. */
function toElement(node: FxpNode, scope: Scope | undefined): XmlElement {
  let tag: string | undefined;
  for (const key of Object.keys(node)) if (key !== ':@') tag = key;
  if (tag === undefined || !tag.startsWith(NAME_MARK)) throw new ParserError('unexpected parser output');
  // fast-xml-parser applies transformTagName twice to self-closing tags.
  const qname = tag.replace(/^\u0001+/, '');
  const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
  const attrs: [string, string][] = [];
  let declared: Map<string, string> | undefined;
  if (rawAttrs) {
    for (const key of Object.keys(rawAttrs)) {
      const name = key.slice(NAME_MARK.length);
      const raw = rawAttrs[key];
      const value = typeof raw === 'string' ? unescapeXml(raw) : '';
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        (declared ??= new Map()).set(name === 'xmlns' ? '' : name.slice(6), value);
      } else {
        attrs.push([name, value]);
      }
    }
  }
  const inner: Scope | undefined = declared ? { map: declared, parent: scope } : scope;
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  let ns = lookup(inner, prefix);
  // `xmlns=""` undeclares the default namespace (Namespaces in XML §6.2).
  if (ns === '') ns = undefined;
  const element: XmlElement = { ns, local, attrs: [], children: [] };
  if (ns === undefined && prefix !== '') element.undeclared = prefix;
  for (const [name, value] of attrs) {
    const c = name.indexOf(':');
    // Unprefixed attributes are in no namespace (Namespaces in XML §6.3).
    element.attrs.push(c < 0 ? [undefined, name, value] : [lookup(inner, name.slice(0, c)), name.slice(c + 1), value]);
  }
  for (const child of node[tag] as FxpNode[]) {
    if (TEXT in child) element.children.push(unescapeXml(String(child[TEXT])));
    else if (CDATA in child) element.children.push((child[CDATA] as FxpNode[]).map((t) => String(t[TEXT] ?? '')).join(''));
    else element.children.push(toElement(child, inner));
  }
  return element;
}

/** A start or end tag (quotes honoured), a comment, a CDATA section or a processing instruction. */
// No part may run past a '<' (XML allows none inside a tag or an attribute value), so each character is
// looked at a bounded number of times whatever the input: linear time. Comments and CDATA sections
// reach a record only closed (the framer skips them whole).
const MARKUP = /<(?:!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|(\/?)([^\s/<>]+)(?:[^<>"']|"[^"<]*"|'[^'<]*')*?(\/?)>)|</g;

/**
 * Every end tag closes the element its name opened (XML 1.0 §3, well-formedness). fast-xml-parser
 * pops its stack at any end tag whatever its name, so `<D:href>/a</D:prop>` would silently
 * restructure the response; this one pass (fast-xml-parser's validator costs as much as the parse)
 * refuses it. Other well-formedness errors are left to fast-xml-parser.
 */
function checkNesting(record: string): void {
  const open: string[] = [];
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(record); m; m = MARKUP.exec(record)) {
    const name = m[2];
    if (name === undefined) {
      if (m[0] === '<') throw new ParserError(`not well-formed XML: an unclosed '<' at offset ${m.index}`);
      continue;
    }
    if (m[1]) {
      const expected = open.pop();
      if (expected !== name) throw new ParserError(`not well-formed XML: </${name}> closes ${expected === undefined ? 'nothing' : `<${expected}>`}`);
    } else if (!m[3]) {
      open.push(name);
    }
  }
  if (open.length) throw new ParserError(`not well-formed XML: <${open[open.length - 1]}> is not closed`);
}

/** Parses one framed element (a `<response>`) with the declarations in force around it. */
export function parseElement(record: string, scope: Scope | undefined): XmlElement {
  const declaration = /<!(?!--|\[CDATA\[)/.exec(record);
  if (declaration) throw new ParserError('a markup declaration (<!DOCTYPE, <!ENTITY) inside a response is refused: entities are never expanded');
  if (record.includes('<?')) throw new ParserError('a processing instruction inside a response');
  checkNesting(record);
  let nodes: FxpNode[];
  try {
    nodes = xmlParser.parse(record) as FxpNode[];
  } catch (error) {
    throw new ParserError(`not well-formed XML: ${(error as Error).message}`);
  }
  const root = nodes.find((node) => !(TEXT in node) && !(CDATA in node));
  if (!root) throw new ParserError('no element');
  return toElement(root, scope);
}

const isElement = (child: XmlElement | string): child is XmlElement => typeof child !== 'string';

function childElements(element: XmlElement, ns: string | undefined, local: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => isElement(child) && child.ns === ns && child.local === local);
}

/** The text content of an element (all descendant text, in order). */
export function textOf(element: XmlElement): string {
  const { children } = element;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let out = '';
  for (const child of children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

const ANY = /^/;

/**
 * The same string, flat in memory. fast-xml-parser builds text one character at a time (`+=`), which
 * V8 keeps as a chain of concatenation nodes, ~32 bytes per character, for as long as the entry lives;
 * running a regular expression over it flattens it in place (measured, with `shared` below: 2.1 kB → 0.5 kB per entry of
 * Apache's allprop).
 */
function flat(text: string): string {
  ANY.test(text);
  return text;
}

const XML_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const trimXml = (text: string): string => text.replace(XML_SPACE, '');

/**
 * The key a property is kept under in `facts`: the namespace URI followed by the local name, with a
 * `:` between them unless the URI already ends with one (`DAV:displayname`,
 * `http://owncloud.org/ns:fileid`, `urn:example:dirlisting:author`); a property in no namespace is
 * its local name; one with an undeclared prefix keeps the prefix as written (`nc:is-encrypted`).
 */
export function propertyKey(element: Pick<XmlElement, 'ns' | 'local' | 'undeclared'>): string {
  if (element.ns === undefined) return element.undeclared === undefined ? element.local : `${element.undeclared}:${element.local}`;
  return element.ns.endsWith(':') ? element.ns + element.local : `${element.ns}:${element.local}`;
}

/** Splits a facts key back into namespace URI and local name (the formatter's inverse of `propertyKey`). */
export function splitPropertyKey(key: string): { ns: string | undefined; local: string } {
  const colon = key.lastIndexOf(':');
  if (colon < 0) return { ns: undefined, local: key };
  const ns = key.slice(0, colon);
  // A URI always has a scheme, so a namespace part without ':' lost its trailing one (`DAV:`).
  return { ns: ns.includes(':') ? ns : `${ns}:`, local: key.slice(colon + 1) };
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

/**
 * A structured property value (one with child elements) as compact XML that needs no outside
 * declaration: each element names its namespace with `xmlns="…"` where it differs from its parent's.
 */
export function canonicalXml(children: readonly (XmlElement | string)[], parentNs: string | undefined = '\0'): string {
  let out = '';
  // Whitespace between elements is layout (pretty-printing), not content.
  const layout = children.some(isElement);
  for (const child of children) {
    if (layout && typeof child === 'string' && trimXml(child) === '') continue;
    if (typeof child === 'string') {
      out += escapeText(child);
      continue;
    }
    const name = child.ns === undefined && child.undeclared !== undefined ? `${child.undeclared}:${child.local}` : child.local;
    let start = `<${name}`;
    if (child.ns !== parentNs && child.undeclared === undefined) start += ` xmlns="${escapeAttr(child.ns ?? '')}"`;
    const prefixes = new Map<string, string>();
    for (const [ns, local, value] of child.attrs) {
      if (ns === undefined) {
        start += ` ${local}="${escapeAttr(value)}"`;
        continue;
      }
      let prefix = prefixes.get(ns);
      if (prefix === undefined) {
        prefixes.set(ns, (prefix = `a${prefixes.size}`));
        start += ` xmlns:${prefix}="${escapeAttr(ns)}"`;
      }
      start += ` ${prefix}:${local}="${escapeAttr(value)}"`;
    }
    const inner = canonicalXml(child.children, child.ns);
    out += inner === '' ? `${start}/>` : `${start}>${inner}</${name}>`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates: HTTP-date (getlastmodified) and RFC 3339 (creationdate)
// ---------------------------------------------------------------------------------------------

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** RFC 9110 §5.6.7 IMF-fixdate (RFC 1123): `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^${WEEKDAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** RFC 850 (obsolete, RFC 9110 §5.6.7): `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(`^${LONG_WEEKDAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** ANSI C asctime() (obsolete, RFC 9110 §5.6.7): `Sun Nov  6 08:49:37 1994`, always UTC. */
const ASCTIME_DATE = new RegExp(`^${WEEKDAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

function utc(year: number, month: number, day: number, h: string, m: string, s: string): number | undefined {
  const hour = Number(h);
  const minute = Number(m);
  const second = Number(s);
  if (day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const back = new Date(ms);
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly.
  if (year < 100) back.setUTCFullYear(year);
  return back.getUTCDate() === day ? back.getTime() : undefined;
}

/**
 * An HTTP-date in any of RFC 9110's three forms, in ms since the epoch, or undefined. An RFC 850
 * two-digit year that would lie more than 50 years after `nowMs` is in the previous century
 * (RFC 9110 §5.6.7).
 */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  m = RFC850_DATE.exec(text);
  if (m) {
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(m[3]);
    if (year > nowYear + 50) year -= 100;
    return utc(year, MONTHS[m[2]!]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), MONTHS[m[1]!]!, Number(m[2]!.trim()), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/** RFC 3339 `date-time` (RFC 4918 §15.1 creationdate): `1997-12-01T17:42:21-08:00`, fractions kept to the ms. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339(text: string): { ms: number; precision: TimePrecision } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const base = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), m[4]!, m[5]!, m[6]!);
  if (base === undefined || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  const fraction = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  if (m[10] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  return { ms: base + fraction - offset, precision: m[7] === undefined ? 'second' : 'millisecond' };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = Object.keys(MONTHS);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** IMF-fixdate (RFC 9110 §5.6.7) of an instant, seconds truncated toward the past. */
export function formatHttpDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = d.getUTCFullYear();
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()]} ${pad(year, 4)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

// ---------------------------------------------------------------------------------------------
// The property table (the one place a DAV: property gets its meaning)
// ---------------------------------------------------------------------------------------------

/** What a property handler sees. */
interface PropertyInput {
  entry: StatResult;
  element: XmlElement;
  /** The trimmed text content. */
  text: string;
  nowMs: number;
}

/** A handler puts the value in its field and returns true, or returns false to keep it in facts (e.g. a malformed date). */
type PropertyHandler = (input: PropertyInput) => boolean;

const MAX_SIZE = /^\d{1,16}$/;

/** Properties whose value is never empty: all of them empty means a propname response. */
const NEVER_EMPTY = new Set(['DAV:getcontentlength', 'DAV:getlastmodified', 'DAV:creationdate']);

/** RFC 4918 §15 live properties that have a `StatResult` field. Every other property goes to `facts`. */
const DAV_PROPERTIES: ReadonlyMap<string, PropertyHandler> = new Map<string, PropertyHandler>([
  // §15.9 resourcetype: `collection` makes a directory; an empty value is a non-collection resource.
  // Other resource types (CalDAV calendars, principals) are kept in facts.
  [
    'DAV:resourcetype',
    ({ entry, element }) => {
      const types = element.children.filter(isElement);
      entry.type = types.some((t) => t.ns === DAV && t.local === 'collection') ? 'directory' : 'file';
      return types.every((t) => t.ns === DAV && t.local === 'collection');
    },
  ],
  // §15.4 getcontentlength: decimal octets (exact).
  [
    'DAV:getcontentlength',
    ({ entry, text }) => {
      if (!MAX_SIZE.test(text) || !Number.isSafeInteger(Number(text))) return false;
      entry.size = Number(text);
      entry.sizePrecision = 1;
      return true;
    },
  ],
  // §15.7 getlastmodified: an HTTP-date (rfc1123-date; RFC 850 and asctime are read too, RFC 9110 §5.6.7).
  [
    'DAV:getlastmodified',
    ({ entry, text, nowMs }) => {
      const ms = parseHttpDate(text, nowMs);
      if (ms === undefined) return false;
      entry.mtimeMs = ms;
      entry.mtimePrecision = 'second';
      return true;
    },
  ],
  // §15.1 creationdate: RFC 3339 date-time. Apache sends the inode change time here (repos.c), so it
  // is what the server calls creation, not necessarily a birth time.
  [
    'DAV:creationdate',
    ({ entry, text }) => {
      const parsed = parseRfc3339(text);
      if (!parsed) return false;
      entry.birthtimeMs = parsed.ms;
      entry.birthtimePrecision = parsed.precision;
      return true;
    },
  ],
  // §15.6 getetag: the entity-tag as sent (quotes and `W/` included).
  [
    'DAV:getetag',
    ({ entry, text }) => {
      entry.etag = text;
      return true;
    },
  ],
  // §15.5 getcontenttype: the media type as sent.
  [
    'DAV:getcontenttype',
    ({ entry, text }) => {
      if (text === '') return false;
      entry.contentType = text;
      return true;
    },
  ],
]);

// ---------------------------------------------------------------------------------------------
// Hrefs
// ---------------------------------------------------------------------------------------------

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The path part of an href (RFC 4918 §8.3: an absolute URI or an absolute path), still escaped:
 * without scheme and authority, query and fragment. A relative reference is resolved against `base`.
 */
function hrefPath(href: string, base: string | undefined): string {
  let rest = href;
  if (SCHEME.test(rest)) {
    rest = rest.replace(SCHEME, '');
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      rest = slash < 0 ? '/' : rest.slice(slash);
    }
  } else if (!rest.startsWith('/') && base !== undefined) {
    try {
      rest = new URL(rest, base).pathname;
    } catch {
      // keep it as given
    }
  } else if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '/' : rest.slice(slash);
  }
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

const withoutSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path);

// ---------------------------------------------------------------------------------------------
// Dialects (only from evidence)
// ---------------------------------------------------------------------------------------------

/** Evidence of a server: a pattern over the Server header or over the document text, and the dialect it shows. */
const DIALECTS: readonly { dialect: string; server?: RegExp; text?: RegExp }[] = [
  // rclone adds the dead property <D:lastmodified> (Unix seconds) to x/net/webdav's set (rclone cmd/serve/webdav).
  { dialect: 'rclone', server: /\brclone\b/i, text: /<(?:[\w.-]+:)?lastmodified\b/ },
  { dialect: 'nextcloud', server: /nextcloud/i, text: /["']http:\/\/nextcloud\.org\/ns["']/ },
  { dialect: 'owncloud', text: /["']http:\/\/owncloud\.org\/ns["']/ },
  { dialect: 'sabredav', text: /["']http:\/\/sabredav\.org\/ns["']/ },
  { dialect: 'sharepoint', server: /sharepoint/i, text: /["']urn:schemas-microsoft-com:office:office["']/ },
  { dialect: 'microsoft-iis', server: /Microsoft-IIS/i },
  // mod_dav_fs declares its own live-property namespace on every response (repos.c dav_fs_namespace_uris).
  { dialect: 'apache-mod_dav', server: /^Apache\b/i, text: /["']http:\/\/apache\.org\/dav\/props\/["']/ },
  // lighttpd declares the MS datatypes namespace as ns0 on the root (mod_webdav.c webdav_xml_doctype).
  { dialect: 'lighttpd', server: /lighttpd/i, text: /xmlns:ns0="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882\/"/ },
  // nginx core has no PROPFIND: a multistatus from nginx is dav-ext; its prolog has a space before `?>`.
  { dialect: 'nginx-dav-ext', server: /^nginx\b/i, text: /^<\?xml version="1\.0" encoding="utf-8" \?>/ },
  // Go's encoding/xml redeclares D on raw inner XML: <D:collection xmlns:D="DAV:"/> (x/net/webdav prop.go).
  { dialect: 'golang-x-net-webdav', text: /<D:(?:collection|lockentry) xmlns:D="DAV:"/ },
  { dialect: 'wsgidav', server: /WsgiDAV/i },
];

const DIALECT_RANK = new Map(DIALECTS.map((d, i) => [d.dialect, i]));

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

interface WebdavState {
  /** Declarations on the root `<multistatus>`. */
  scope: Scope | undefined;
  /** Whether a `<multistatus>` in the DAV: namespace was seen. */
  multistatus: boolean;
  /** Why the document is refused, once it is. */
  refused: string | undefined;
  /** The tail of the last text seen outside records, for a `<!DOCTYPE` cut between pieces. */
  tail: string;
  /** Characters seen so far (document limit). */
  chars: number;
  /** Lines seen so far (for reports from readBetween). */
  line: number;
  /** The listed collection's decoded path without trailing slash, once known. */
  selfPath: string | undefined;
  /** The request URL's decoded path without trailing slash, when the origin gives one. */
  requestPath: string | undefined;
  responses: number;
  dialect: string | undefined;
  maxResponseChars: number;
  maxDocumentChars: number;
  /** Structured values seen, for sharing one string between entries. */
  values: Map<string, string>;
}

// Bounded runs and no run past a '<': linear time on any input (a regex retried at each position of
// a long unbounded run would be quadratic).
const MULTISTATUS_TAG = /<([A-Za-z_][\w.-]{0,63}:)?multistatus(?=[\s/>])([^<>]*)>/;
const ATTRIBUTE = /([^\s=/"'<>]{1,128})\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function optionNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

declare module 'dirlisting' {
  interface FormatOptionsMap {
    webdav: WebdavOptions;
  }
}

export class WebdavParser extends DocumentParser {
  readonly id = 'webdav';
  override readonly description = 'WebDAV PROPFIND multistatus (RFC 4918): Apache mod_dav, nginx dav-ext, lighttpd, rclone/x/net/webdav, Nextcloud, …';
  override readonly origins = { contentType: /(?:application|text)\/xml/i };
  override readonly maxRecordChars: number;

  constructor(options: { maxRecordChars?: number } = {}) {
    super();
    this.maxRecordChars = options.maxRecordChars ?? 1 << 20;
  }

  /** ~1 for a `<multistatus>` in the DAV: namespace (any prefix or the default namespace); nothing else is evidence. */
  detect(sample: string): number {
    const m = MULTISTATUS_TAG.exec(sample);
    if (!m) return 0;
    const prefix = m[1] ? m[1].slice(0, -1) : '';
    for (const [, name, dq, sq] of m[2]!.matchAll(ATTRIBUTE)) {
      if ((name === 'xmlns' && prefix === '') || name === `xmlns:${prefix}`) return (dq ?? sq) === DAV ? 1 : 0.1;
    }
    return 0.1;
  }

  createFramer(): Framer {
    return elementFramer('response');
  }

  private stateOf(ctx: ParseContext): WebdavState {
    return ctx.state(this, () => {
      const options = ctx.optionsFor(this.id);
      const url = ctx.origin.url ?? ctx.baseUrl;
      let requestPath: string | undefined;
      if (url !== undefined) {
        try {
          requestPath = withoutSlash(percentDecode(hrefPath(url, undefined)));
        } catch {
          requestPath = undefined;
        }
      }
      const server = ctx.origin.server;
      const byServer = server === undefined ? undefined : DIALECTS.find((d) => d.server?.test(server))?.dialect;
      return {
        scope: undefined,
        multistatus: false,
        refused: undefined,
        tail: '',
        chars: 0,
        line: 1,
        selfPath: undefined,
        requestPath,
        responses: 0,
        dialect: byServer,
        maxResponseChars: Math.min(optionNumber(options.maxResponseChars, this.maxRecordChars), this.maxRecordChars),
        maxDocumentChars: optionNumber(options.maxDocumentChars, Infinity),
        values: new Map(),
      };
    });
  }

  private refuse(state: WebdavState, reason: string, text: string, ctx: ParseContext, sink: ParseSink, line = state.line): void {
    state.refused = reason;
    if (ctx.strict) throw new ParserError(reason, line, undefined, text.slice(0, 200), this.id);
    sink.skip({ line, text: text.slice(0, 200), reason });
  }

  private noteDialect(state: WebdavState, text: string, sink: ParseSink): void {
    for (const { dialect, text: pattern } of DIALECTS) {
      if (!pattern?.test(text)) continue;
      const known = state.dialect === undefined ? Infinity : DIALECT_RANK.get(state.dialect)!;
      // An x/net/webdav document may turn out to be rclone's; a server header's word otherwise stands.
      if (state.dialect === undefined || (state.dialect === 'golang-x-net-webdav' && DIALECT_RANK.get(dialect)! < known)) {
        state.dialect = dialect;
        sink.listing({ dialect });
      }
      return;
    }
  }

  override readBetween(text: string, ctx: ParseContext, sink: ParseSink): void {
    const state = this.stateOf(ctx);
    if (state.refused !== undefined) return;
    const seen = state.tail + text;
    if (state.dialect !== undefined && state.responses === 0 && state.chars === 0) sink.listing({ dialect: state.dialect });
    state.chars += text.length;
    if (state.chars > state.maxDocumentChars) {
      this.refuse(state, `the document is longer than ${state.maxDocumentChars} characters (maxDocumentChars); the rest is not read`, text, ctx, sink);
      return;
    }
    // XML 1.0 §2.8: a DOCTYPE (where <!ENTITY lives: billion laughs, external entities) comes before the root.
    const doctype = /<!DOCTYPE|<!ENTITY/i.exec(seen);
    if (doctype) {
      const reason = `the document has a ${doctype[0].slice(1).toUpperCase()} declaration: a PROPFIND multistatus has none, and entities (billion laughs, external entities) are never expanded, so the whole document is refused`;
      const before = Math.max(0, doctype.index - state.tail.length);
      this.refuse(state, reason, seen.slice(doctype.index), ctx, sink, state.line + countLines(text.slice(0, before)));
      return;
    }
    if (!state.multistatus) {
      const m = MULTISTATUS_TAG.exec(seen);
      if (m) {
        const map = new Map<string, string>();
        try {
          for (const [, name, dq, sq] of m[2]!.matchAll(ATTRIBUTE)) {
            if (name === 'xmlns') map.set('', unescapeXml(dq ?? sq ?? ''));
            else if (name!.startsWith('xmlns:')) map.set(name!.slice(6), unescapeXml(dq ?? sq ?? ''));
          }
        } catch (error) {
          if (!(error instanceof ParserError)) throw error;
          this.refuse(state, `the multistatus start tag: ${error.reason}`, m[0], ctx, sink);
          return;
        }
        state.scope = map.size ? { map, parent: undefined } : undefined;
        const prefix = m[1] ? m[1].slice(0, -1) : '';
        state.multistatus = lookup(state.scope, prefix) === DAV;
        this.noteDialect(state, seen.slice(0, m.index + m[0].length), sink);
      }
    }
    state.line += countLines(text);
    state.tail = seen.slice(-16);
  }

  readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    const state = this.stateOf(ctx);
    state.tail = '';
    if (state.refused !== undefined) return null;
    state.chars += record.length;
    if (state.chars > state.maxDocumentChars) {
      this.refuse(state, `the document is longer than ${state.maxDocumentChars} characters (maxDocumentChars); the rest is not read`, record, ctx, sink);
      return null;
    }
    state.line += countLines(record);
    if (record.length > state.maxResponseChars) throw new ParserError(`a response longer than ${state.maxResponseChars} characters (maxResponseChars)`);
    if (!state.multistatus) throw new ParserError('a response outside a DAV: multistatus');
    state.responses++;
    if (state.responses <= 3 || state.dialect === 'golang-x-net-webdav') this.noteDialect(state, record, sink);
    try {
      const response = parseElement(record, state.scope);
      if (response.ns !== DAV || response.local !== 'response') throw new ParserError(`a ${propertyKey(response)} element where a DAV:response was expected`);
      return this.readResponse(response, ctx, sink, state);
    } catch (error) {
      // Whatever a hostile response does to the XML library, it is one skipped response, never a crash.
      if (error instanceof ParserError) throw error;
      throw new ParserError(`unreadable response: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private readResponse(response: XmlElement, ctx: ParseContext, sink: ParseSink, state: WebdavState): StatResult | null {
    const hrefElement = childElements(response, DAV, 'href')[0];
    if (!hrefElement) throw new ParserError('a response without a DAV:href');
    const href = trimXml(textOf(hrefElement));
    if (href === '') throw new ParserError('a response with an empty DAV:href');
    const escaped = hrefPath(href, ctx.baseUrl);
    const decoded = percentDecode(escaped);
    const path = withoutSlash(decoded);
    // The leaf is the last segment of the path as sent, decoded on its own: `a%2Fb` is one segment
    // whose name holds a '/', which the engine refuses, never a directory `a` and a name `b`.
    const segments = withoutSlash(escaped).split('/');
    const leafEscaped = segments[segments.length - 1]!;

    // RFC 4918 §14.24: a response has either propstats or a status for the href(s).
    const propstats = childElements(response, DAV, 'propstat');
    const status = childElements(response, DAV, 'status')[0];
    if (propstats.length === 0) {
      const code = statusCode(status);
      if (code === undefined || code < 200 || code > 299) {
        throw new ParserError(`the server reports ${status ? `'${trimXml(textOf(status))}'` : 'no status and no propstat'} for ${href}`);
      }
    }

    const entry = new StatResult('', decoded.endsWith('/') ? 'directory' : 'unknown', this.id);
    let facts: Record<string, string> | undefined;
    let absent: string[] | undefined;
    let anyFound = propstats.length === 0;
    const found = new Set<string>();
    const nowMs = ctx.clock.nowMs;
    const values: [string, XmlElement][] = [];
    for (const propstat of propstats) {
      const code = statusCode(childElements(propstat, DAV, 'status')[0]);
      const ok = code === undefined || (code >= 200 && code <= 299);
      // A 2xx propstat vouches for the resource even with an empty prop (x/net/webdav sends one).
      if (ok) anyFound = true;
      for (const prop of childElements(propstat, DAV, 'prop')) {
        for (const property of prop.children) {
          if (!isElement(property)) continue;
          const key = propertyKey(property);
          if (!ok) {
            (absent ??= []).push(key);
            continue;
          }
          anyFound = true;
          found.add(key);
          values.push([key, property]);
        }
      }
    }
    // RFC 4918 §9.1 propname: every property is an empty element naming it. A time or a length can
    // never be empty as a value, so such a response states names only: no field is read from it.
    const propname = values.every(([, p]) => p.children.length === 0) && values.some(([key]) => NEVER_EMPTY.has(key));
    for (const [key, property] of values) {
      const text = trimXml(textOf(property));
      if (!propname && DAV_PROPERTIES.get(key)?.({ entry, element: property, text, nowMs })) continue;
      // Values are kept exactly (a displayname may begin with a space); structured ones as canonical XML.
      facts = setFact(facts, key, property.children.some(isElement) ? this.shared(state, canonicalXml(property.children)) : flat(textOf(property)));
    }
    if (!anyFound) throw new ParserError(`no property of ${href} was found (every propstat says ${propstats.map((p) => trimXml(textOf(childElements(p, DAV, 'status')[0] ?? { ns: DAV, local: 'status', attrs: [], children: ['none'] }))).join(', ')})`);
    if (absent) {
      const missing = absent.filter((key) => !found.has(key));
      if (missing.length) (facts ??= {})[ABSENT] = missing.join(' ');
    }
    if (facts) entry.facts = facts;

    entry.name = path === '/' ? '/' : percentDecode(leafEscaped);
    if (ctx.baseUrl !== undefined) {
      try {
        entry.url = new URL(href, ctx.baseUrl).href;
      } catch {
        // an href no URL parser accepts keeps no url
      }
    } else if (SCHEME.test(href)) {
      entry.url = href;
    }

    // The listed collection itself (RFC 4918 §9.1: the request URI's own response).
    const isSelf =
      state.requestPath !== undefined
        ? path === state.requestPath
        : state.selfPath === undefined
          ? state.responses === 1 && entry.type === 'directory'
          : path === state.selfPath;
    if (isSelf) {
      // The request URL's own response is the listed collection unless it is positively a
      // non-collection (an empty resourcetype): without resourcetype (a named-prop request) it still is.
      if (entry.type !== 'file' || state.requestPath === undefined) {
        if (state.selfPath === undefined) {
          state.selfPath = path;
          sink.listing({ self: entry, path: decoded });
        }
        return null;
      }
      // A non-collection asked for itself (Depth 0 on a file): it is the one entry, as `ls -l file`.
      return entry;
    }
    const base = state.selfPath ?? state.requestPath;
    if (base !== undefined) {
      const prefix = base === '/' ? '/' : `${base}/`;
      if (path.startsWith(prefix)) {
        const relative = path.slice(prefix.length);
        if (relative.includes('/')) entry.path = relative;
      }
    }
    return entry;
  }

  /** One string for equal structured values (every response's `supportedlock`), a bounded number per parse. */
  private shared(state: WebdavState, value: string): string {
    const known = state.values.get(value);
    if (known !== undefined) return known;
    if (state.values.size < 256) state.values.set(flat(value), value);
    return flat(value);
  }

  /** A multistatus of the entries (hrefs under `base`, default `/`), for round trips. */
  override format(entries: readonly StatResult[], options: FormatOptions = {}): string {
    return formatMultistatus(entries, options);
  }
}

/**
 * Sets a fact as an own property, whatever the key: `facts['__proto__'] = v` would set the object's
 * prototype instead (a property named `__proto__` in no namespace is a legal XML name).
 */
function setFact(facts: Record<string, string> | undefined, key: string, value: string): Record<string, string> {
  facts ??= {};
  if (key === '__proto__') Object.defineProperty(facts, key, { value, enumerable: true, writable: true, configurable: true });
  else facts[key] = value;
  return facts;
}

function statusCode(status: XmlElement | undefined): number | undefined {
  if (!status) return undefined;
  const m = /^\S+\s+(\d{3})\b/.exec(trimXml(textOf(status)));
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The formatter
// ---------------------------------------------------------------------------------------------

/** Escapes a path for an href: everything but RFC 3986 unreserved characters and `/`. */
export function encodePath(path: string): string {
  return Array.from(new TextEncoder().encode(path), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~/]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
  format: true,
});

/**
 * Writes a `D:multistatus` of the listed collection `base` and the entries: the href from `base` + the entry's `path` or name
 * (percent-encoded, `/` for collections), every field as its DAV: property, and each fact in its
 * namespace (facts' values are written as text). Options: `base` (default `/`).
 */
export function formatMultistatus(entries: readonly StatResult[], options: FormatOptions = {}): string {
  const base = typeof options.base === 'string' ? options.base : '/';
  const namespaces = new Map<string, string>();
  const prefixFor = (ns: string): string => {
    if (ns === DAV) return 'D';
    let prefix = namespaces.get(ns);
    if (prefix === undefined) namespaces.set(ns, (prefix = `n${namespaces.size}`));
    return prefix;
  };
  const responses = entries.map((entry) => {
    const prop: Record<string, unknown> = {};
    prop['D:resourcetype'] = entry.type === 'directory' ? { 'D:collection': '' } : '';
    if (entry.size !== undefined) prop['D:getcontentlength'] = String(entry.size);
    if (entry.mtimeMs !== undefined) prop['D:getlastmodified'] = formatHttpDate(entry.mtimeMs);
    if (entry.birthtimeMs !== undefined) {
      const iso = new Date(entry.birthtimeMs).toISOString();
      prop['D:creationdate'] = entry.birthtimePrecision === 'millisecond' ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
    }
    if (entry.etag !== undefined) prop['D:getetag'] = entry.etag;
    if (entry.contentType !== undefined) prop['D:getcontenttype'] = entry.contentType;
    const absent: string[] = [];
    for (const [key, value] of Object.entries(entry.facts ?? {})) {
      if (key === ABSENT) {
        absent.push(...value.split(' ').filter(Boolean));
        continue;
      }
      const { ns, local } = splitPropertyKey(key);
      if (ns === undefined) continue;
      prop[`${prefixFor(ns)}:${local}`] = value;
    }
    const relative = entry.path ?? entry.name;
    const href = base.replace(/\/?$/, '/') + encodePath(relative) + (entry.type === 'directory' ? '/' : '');
    const propstat: unknown[] = [{ 'D:prop': prop, 'D:status': 'HTTP/1.1 200 OK' }];
    if (absent.length) {
      const missing: Record<string, string> = {};
      for (const key of absent) {
        const { ns, local } = splitPropertyKey(key);
        if (ns !== undefined) missing[`${prefixFor(ns)}:${local}`] = '';
      }
      propstat.push({ 'D:prop': missing, 'D:status': 'HTTP/1.1 404 Not Found' });
    }
    return { 'D:href': href, 'D:propstat': propstat };
  });
  // The listed collection first, as servers send it (RFC 4918 §9.1), so the text reads back the same
  // with or without the request URL.
  const listed = { 'D:href': base.replace(/\/?$/, '/'), 'D:propstat': [{ 'D:prop': { 'D:resourcetype': { 'D:collection': '' } }, 'D:status': 'HTTP/1.1 200 OK' }] };
  const root: Record<string, unknown> = { '@_xmlns:D': DAV };
  for (const [ns, prefix] of namespaces) root[`@_xmlns:${prefix}`] = ns;
  root['D:response'] = [listed, ...responses];
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ 'D:multistatus': root }) as string}`;
}
