#!/usr/bin/env -S npx tsx
import { runConvertCli } from './convert/cli.ts';

process.exitCode = await runConvertCli(process.argv.slice(2), console.error, { handleSigint: true });
