#!/usr/bin/env -S npx tsx
import { runTerrainCli } from './terrain/cli.ts';

process.exitCode = await runTerrainCli(process.argv.slice(2), console.error, { handleSigint: true });
