#!/usr/bin/env node
// `stadtmodell-convert` bin: runs the TypeScript converter CLI with plain node by registering tsx.
import { register } from 'tsx/esm/api';

register();
await import('./convert.ts');
