/** Runs the built `dirlisting` command as a child process from the repository root, for the CLI tests. */
import { spawn } from 'node:child_process';
import { ROOT } from '../helpers.js';

export { ROOT };
export const CLI = 'dist/src/cli.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `dirlisting ARGS`, with `input` on standard input; resolves with the exit code and both outputs. */
export function run(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
