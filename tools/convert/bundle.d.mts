/** Where the converter CLI bundle lives (`convert.mjs`, `convert-worker.mjs`, `key.txt`). */
export declare const BUNDLE_DIR: string;
/** Path of the bundled CLI module, built first when missing or stale (see bundle.mjs). */
export declare function ensureConvertBundle(): Promise<string>;
