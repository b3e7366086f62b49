/**
 * Converter worker thread: wires the reading and tile-writing logic (`worker-core.ts`) to the thread's
 * port. Encoded meshes and GLBs travel with transfer lists.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol.ts';
import { createConverterThread } from './worker-core.ts';

const port = parentPort;
if (!port) throw new Error('convert worker: must run in a worker thread');
const handle = createConverterThread(workerData as WorkerSettings, (message: FromWorker, transfer = []) =>
  port.postMessage(message, transfer),
);
port.on('message', (message: ToWorker) => handle(message));
