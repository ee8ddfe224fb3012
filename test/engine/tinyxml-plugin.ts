/**
 * A document format written as a plugin author would, for the engine's tests and the conformance
 * suite: `<listing path="/pub/" title="…"><entry name="a" type="file" size="12" mtime="ISO"/>…`.
 * It imports only what the package exports.
 */
import { DocumentParser, type FormatOptions, type ParseContext, ParserError, type ParseSink, StatResult, elementFramer, type Framer } from 'dirlisting';

const ATTRIBUTE = /([A-Za-z]+)="([^"]*)"/g;
const ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [, key, value] of tag.matchAll(ATTRIBUTE)) out[key!] = value!.replace(/&(amp|lt|gt|quot);/g, (m) => ESCAPES[m]!);
  return out;
}

/** Where `index` of a record lies, as the 1-based line and column within the record. */
function position(record: string, index: number): [number, number] {
  const before = record.slice(0, index);
  const line = before.split('\n').length;
  return [line, index - before.lastIndexOf('\n')];
}

function escape(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
}

const TYPES = new Set(['file', 'directory', 'symlink']);

export class TinyXmlParser extends DocumentParser {
  readonly id: string = 'tinyxml';
  override readonly description = 'a tiny XML listing (test plugin)';
  override readonly maxRecordChars = 4096;

  detect(sample: string): number {
    return /<listing\b/.test(sample) && /<entry\b/.test(sample) ? 0.9 : 0;
  }

  createFramer(): Framer {
    return elementFramer('entry');
  }

  override readBetween(text: string, _ctx: ParseContext, sink: ParseSink): void {
    const start = /<listing\b[^>]*>/.exec(text);
    if (!start) return;
    const { path, title } = attributes(start[0]);
    sink.listing({ path, title, dialect: 'tinyxml-1' });
  }

  readRecord(record: string, ctx: ParseContext, sink: ParseSink): StatResult | null {
    const { name, type = 'file', size, mtime, self } = attributes(record);
    if (name === undefined) throw new ParserError('an entry without a name', 1, 1);
    if (!TYPES.has(type)) throw new ParserError(`unknown type '${type}'`, ...position(record, record.indexOf('type=')));
    const entry = new StatResult(name, type as StatResult['type'], this.id);
    if (size !== undefined) {
      if (!/^\d+$/.test(size)) throw new ParserError(`size '${size}' is not a number`, ...position(record, record.indexOf('size=')));
      entry.size = Number(size);
      entry.sizePrecision = 1;
    }
    if (mtime !== undefined) {
      entry.mtimeMs = Date.parse(mtime);
      entry.mtimePrecision = 'second';
    }
    if (ctx.baseUrl !== undefined) entry.url = new URL(encodeURIComponent(name), ctx.baseUrl).href;
    if (self === 'yes') {
      sink.listing({ self: entry });
      return null;
    }
    return entry;
  }

  override format(entries: readonly StatResult[], _options?: FormatOptions): string {
    const rows = entries.map((entry) => {
      const parts = [`name="${escape(entry.name)}"`, `type="${entry.type}"`];
      if (entry.size !== undefined) parts.push(`size="${entry.size}"`);
      if (entry.mtimeMs !== undefined) parts.push(`mtime="${new Date(Math.floor(entry.mtimeMs / 1000) * 1000).toISOString()}"`);
      return `  <entry ${parts.join(' ')}/>\n`;
    });
    return `<listing path="/">\n${rows.join('')}</listing>\n`;
  }
}
