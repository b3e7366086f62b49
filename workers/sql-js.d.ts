/** The part of sql.js (no types of its own) the layers worker uses: the module factory. */
declare module 'sql.js' {
  import type { SqlModule } from '../src/core/layers/gis/geopackage.ts';

  /** Loads the SQLite wasm (from `locateFile(name)`) and resolves to the module. */
  export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlModule>;
}
