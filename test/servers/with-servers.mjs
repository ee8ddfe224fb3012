#!/usr/bin/env node
// Runs a command (the test runner) with every live server up, each started once per run:
//
//   node test/servers/with-servers.mjs -- ava [ava options]
//   node test/servers/with-servers.mjs --install    apt-get install what the servers need (root)
//
// 1. builds the served tree (tree.mjs) in a fresh temp dir;
// 2. imports every module in this folder that exports start({ root, work, log }) and starts them
//    all in parallel; each resolves with { name, urls: { kind: url }, stop() };
// 3. writes { root, nowMs, entries, servers: { name: urls }, startMs: { name: ms }, unavailable }
//    to servers.json in the temp dir and runs the command with DIRLISTING_LIVE_SERVERS=<that file>;
// 4. stops every server, removes the temp dir and exits with the command's status.
// A server that is not installed fails the run with the apt-get command that installs it, unless
// DIRLISTING_LIVE_OPTIONAL=1: then it is listed under `unavailable` and its tests are skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ensurePackages, installExitHandlers, onCleanup } from '../../fixtures/capture/dav/common.mjs';
import { buildLiveTree } from './tree.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TAG = 'with-servers';
const say = (message) => process.stderr.write(`[${TAG}] ${message}\n`);
/** Not a server the tests start: bench/walk.ts compares dirlisting's walk with `rclone lsjson -R`. */
const BENCH_PACKAGES = ['rclone'];

/** The modules of this folder that start a server. */
async function serverModules() {
  const modules = [];
  for (const file of fs.readdirSync(HERE).filter((name) => name.endsWith('.mjs')).sort()) {
    if (file === path.basename(fileURLToPath(import.meta.url))) continue;
    const module = await import(pathToFileURL(path.join(HERE, file)).href);
    if (typeof module.start === 'function') modules.push({ file, start: module.start, packages: module.packages ?? [] });
  }
  return modules;
}

/** Starts one module, timing it; never rejects (the outcome says what happened). */
async function startOne({ file, start }, root, work) {
  const name = path.basename(file, '.mjs');
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const started = performance.now();
  try {
    const server = await start({ root, work: dir, log: (message) => say(`${name}: ${message}`) });
    return { name: server.name ?? name, server, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, error, ms: Math.round(performance.now() - started) };
  }
}

/** `--install`: the Debian packages of every server module (and the bench's), those missing installed. */
async function install() {
  const packages = [...new Set([...(await serverModules()).flatMap((module) => module.packages), ...BENCH_PACKAGES])];
  const versions = ensurePackages(packages, say);
  say(Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', '));
  return 0;
}

async function main() {
  if (process.argv[2] === '--install') return install();
  const separator = process.argv.indexOf('--');
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  if (command.length === 0) {
    say('usage: with-servers.mjs -- COMMAND [ARGS...]');
    return 2;
  }
  const optional = process.env.DIRLISTING_LIVE_OPTIONAL === '1';
  installExitHandlers(TAG);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlisting-live-'));
  onCleanup(() => fs.rmSync(temp, { recursive: true, force: true }));
  fs.chmodSync(temp, 0o755); // the servers' www-data workers walk through it to the tree

  let began = performance.now();
  const tree = buildLiveTree(path.join(temp, 'tree'));
  say(`tree: ${tree.entries} entries in ${Math.round(performance.now() - began)} ms`);

  began = performance.now();
  const outcomes = await Promise.all((await serverModules()).map((module) => startOne(module, tree.dir, path.join(temp, 'work'))));
  const running = outcomes.filter((outcome) => outcome.server);
  const stopAll = () => Promise.all(running.map(({ server }) => server.stop().catch(() => {})));
  say(`servers up in ${Math.round(performance.now() - began)} ms (in parallel): ${outcomes.map(({ name, ms, error }) => `${name} ${error ? 'FAILED' : `${ms} ms`}`).join(', ')}`);

  const unavailable = {};
  let failed = false;
  for (const { name, error } of outcomes.filter((outcome) => outcome.error)) {
    if (error.code === 'ESERVERMISSING' && optional) {
      unavailable[name] = error.message;
      say(`${name}: ${error.message} (skipping its tests: DIRLISTING_LIVE_OPTIONAL=1)`);
    } else {
      failed = true;
      say(`${name}: ${error.message}${error.code === 'ESERVERMISSING' ? ' (or set DIRLISTING_LIVE_OPTIONAL=1 to skip its tests)' : ''}`);
    }
  }
  if (failed) {
    await stopAll();
    return 1;
  }

  const servers = Object.fromEntries(running.map(({ server }) => [server.name, server.urls]));
  const startMs = Object.fromEntries(outcomes.map(({ name, ms }) => [name, ms]));
  const file = path.join(temp, 'servers.json');
  fs.writeFileSync(file, `${JSON.stringify({ root: tree.dir, nowMs: tree.nowMs, entries: tree.entries, servers, startMs, unavailable }, null, 2)}\n`);

  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, DIRLISTING_LIVE_SERVERS: file } });
  const status = await new Promise((resolve) => {
    child.on('error', (error) => {
      say(`${command[0]}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + os.constants.signals[signal] : 1)));
  });
  await stopAll();
  return status;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    say(error.stack ?? String(error));
    process.exit(1);
  },
);
