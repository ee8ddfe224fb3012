// parse-listing ships no types; the benchmark uses only this.
declare module 'parse-listing' {
  const parser: {
    parseEntries(text: string | string[], callback: (err: unknown, entries: unknown[]) => void): void;
    parseEntry(line: string): unknown;
  };
  export default parser;
}
