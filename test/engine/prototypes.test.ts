/**
 * Names from a listing are data: a line or name that spells an Object.prototype member must not write
 * to a built-in object. parsimmon keys its line/column cache by the whole input in a plain object,
 * so a rejected line '__proto__' used to add keys '0' and '9' to Object.prototype (found by the
 * conformance suite's prototype guard).
 */
import test from 'ava';
import { listParsers, parseListing } from '../../src/index.js';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const WATCHED: object[] = [Object.prototype, Object, Array.prototype, Function.prototype, ...NAMES.map((name) => (Object.prototype as Record<string, unknown>)[name]).filter((value): value is object => typeof value === 'function')];

test('lines named after Object.prototype members, in every format, hinted or detected, write to no built-in object', (t) => {
  const before = WATCHED.map((target) => Reflect.ownKeys(target).length);
  for (const name of NAMES) {
    for (const hint of [undefined, ...listParsers().map((parser) => parser.id)]) {
      parseListing(`${name}\n${name}\r\n`, hint === undefined ? { now: 0 } : { hint, now: 0 });
      parseListing(`${name}\n`, { hint: hint ?? 'unix', now: 0, keepRaw: true });
    }
  }
  t.deepEqual(WATCHED.map((target) => Reflect.ownKeys(target).length), before);
});
