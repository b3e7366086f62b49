/**
 * Conversion worker entry: exposes `ConvertWorkerApi` (see `convert-file.ts`) over comlink. Start it with
 * `new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module' })` (Vite bundles it).
 */
import { expose } from 'comlink';
import { convertWorkerApi } from './convert-file.ts';

expose(convertWorkerApi);
