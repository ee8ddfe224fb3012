/** The built-in formats, in detection order (earlier wins ties). One line per format. */
import type { Parser } from '../src/parser.js';
import { DosParser } from './dos.js';
import { UnixParser } from './unix.js';
import { MacosParser } from './macos.js';
import { EnterpriseUnixParser } from './enterprise-unix.js';
import { Os400Parser } from './os400.js';
import { MvsParser } from './mvs.js';
import { MlsdParser } from './mlsd.js';
import { EplfParser } from './eplf.js';
import { VmsParser } from './vms.js';
import { NetwareParser } from './netware.js';
import { Os2Parser } from './os2.js';
import { NlstParser } from './nlst.js';

export const builtinParsers: readonly Parser[] = [new MacosParser(), new UnixParser(), new DosParser(), new MlsdParser(), new EplfParser(), new VmsParser(), new NetwareParser(), new Os2Parser(), new Os400Parser(), new MvsParser(), new EnterpriseUnixParser(), new NlstParser()];
