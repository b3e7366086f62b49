#!/usr/bin/env node
// `npm test`: every test of the project, in order: system packages, lint (tsc + ESLint + Prettier),
// unit tests (Vitest, Node), production build with the demo tiles, end-to-end tests in Debian's
// Chromium. Ends with one line "N passed, N failed" summed over all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

/** A step that is one check (lint, build): counts as one passed or failed test. */
function step(label, command, args) {
  const ok = run(label, command, args);
  if (ok) passed += 1;
  else failed += 1;
  return ok;
}

/** A Vitest run: counts its tests from the JSON report (a crash without a report counts as one failure). */
function vitest(label, config, name) {
  const outputFile = join(resultsDir, `${name}.json`);
  const ok = run(label, 'npx', [
    'vitest',
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${outputFile}`,
  ]);
  if (!existsSync(outputFile)) {
    failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load (syntax error, missing module) has no tests but is a failure.
  const brokenSuites = report.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  failed += brokenSuites;
  if (!ok && report.numFailedTests === 0 && brokenSuites === 0) failed += 1;
}

if (step('system packages', 'node', ['tools/ensure-system-deps.mjs'])) {
  step('lint', 'npm', ['run', '--silent', 'lint']);
  vitest('unit tests', 'vitest.config.ts', 'unit');
  const built =
    step('demo tiles', 'npx', ['tsx', 'tools/build-demo-tiles.ts']) &&
    step('production build', 'npx', ['vite', 'build']);
  if (built) vitest('end-to-end tests (Debian Chromium)', 'vitest.e2e.config.ts', 'e2e');
  else failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
