#!/usr/bin/env node
// `npm run lint`: the type checks of every tsconfig, ESLint, Prettier and the folder import graph. They are
// independent, so they run two at a time (one per core here): 83 s one after the other, about 45 s so. Each
// check's output is printed whole when it ends, never interleaved; the exit code is 1 when any check failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;
/** The checks, longest first so that the short ones fill in behind them. */
const CHECKS = [
  [bin('tsc'), '--noEmit', '-p', 'tsconfig.app.json'],
  [bin('tsc'), '--noEmit', '-p', 'tsconfig.node.json'],
  [bin('prettier'), '--check', '.'],
  [bin('eslint'), '.'],
  [bin('tsc'), '--noEmit', '-p', 'tsconfig.core.json'],
  [bin('tsc'), '--noEmit', '-p', 'tsconfig.workers-test.json'],
  [process.execPath, 'tools/import-graph.mjs'],
];
const parallel = Math.max(1, Math.min(2, availableParallelism()));

/** Runs one check; resolves with whether it passed, after printing its output. */
function check([command, ...args]) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const name = [command.replace(`${root}node_modules/.bin/`, ''), ...args].join(' ');
      process.stdout.write(`${code === 0 ? 'ok' : 'FAILED'}: ${name}\n`);
      process.stdout.write(Buffer.concat(output));
      done(code === 0);
    });
  });
}

const queue = [...CHECKS];
let failed = 0;
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) if (!(await check(next))) failed += 1;
  }),
);
process.exit(failed === 0 ? 0 : 1);
