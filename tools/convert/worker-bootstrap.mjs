// Worker entry that runs plain `node`: registers tsx's ESM loader in this thread, then imports the
// TypeScript worker module named in workerData.module (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
