/** The built-in formats, in detection order (earlier wins ties). One line per format. */
import type { Parser } from '../src/parser.js';
import { DosParser } from './dos.js';
import { UnixParser } from './unix.js';

export const builtinParsers: readonly Parser[] = [new UnixParser(), new DosParser()];
