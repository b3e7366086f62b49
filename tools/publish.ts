#!/usr/bin/env -S npx tsx
import { runPublishCli } from './publish/cli.ts';

const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
process.once('SIGTERM', () => abort.abort());
process.exitCode = await runPublishCli(process.argv.slice(2), console.error, { signal: abort.signal });
