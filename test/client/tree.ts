/** Trees on disk for the client's tests: made with fs, so `fs.lstat` is the ground truth. */
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A spec: `name/` a directory, `name` a file with these contents, `name@` a symlink to the target. */
export type TreeSpec = Record<string, string>;

/** Times well in the past, a different second each, so listings' minute and second precision both show. */
const BASE_MS = Date.UTC(2025, 5, 14, 8, 30, 17);

export function makeTree(spec: TreeSpec): string {
  const root = mkdtempSync(join(tmpdir(), 'dirlisting-client-'));
  let n = 0;
  const symlinks: [string, string][] = [];
  for (const [name, content] of Object.entries(spec)) {
    const path = join(root, name);
    if (name.endsWith('@')) {
      symlinks.push([path.slice(0, -1), content]);
      continue;
    }
    if (name.endsWith('/')) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  for (const [path, target] of symlinks) symlinkSync(target, path);
  // Times last, children before parents (writing a child changes its parent's mtime).
  for (const name of Object.keys(spec).filter((key) => !key.endsWith('@')).sort().reverse()) {
    const at = new Date(BASE_MS + (n++ * 61_000 + 7_000));
    utimesSync(join(root, name), at, at);
  }
  return root;
}

export interface Truth {
  name: string;
  type: 'file' | 'directory';
  size?: number;
  mtimeMs: number;
}

/** What a directory holds, from fs: symlinks followed (as a web server does), sorted by name. */
export async function truthOf(dir: string): Promise<Truth[]> {
  const out: Truth[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const stats = await stat(join(dir, name)).catch(() => undefined);
    if (!stats) continue;
    out.push(stats.isDirectory() ? { name, type: 'directory', mtimeMs: stats.mtimeMs } : { name, type: 'file', size: stats.size, mtimeMs: stats.mtimeMs });
  }
  return out;
}

/** `lstat` of one path under the tree. */
export function lstatOf(root: string, path: string) {
  return lstat(join(root, path));
}

export const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
