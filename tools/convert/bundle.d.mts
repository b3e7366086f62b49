/** Where the converter CLI bundle lives (`convert.mjs`, `convert-worker.mjs`, `key.txt`). */
export declare const BUNDLE_DIR: string;
/** Path of the bundled CLI module, built first when missing or stale (see bundle.mjs). */
export declare function ensureConvertBundle(): Promise<string>;
/** First line of the bundle's `key.txt`; each further line is `path:size:mtimeMs` of one source. */
export declare const KEY_HEADER: string;
/** Whether every file a `key.txt` lists still has the size and modification time recorded there. */
export declare function keyHolds(key: string): boolean;
