/** See node-flags.mjs. */
export declare const APP_NODE_FLAGS: string[];
/** See node-flags.mjs. */
export declare function appNodeFlags(options: { embedded: boolean }): string[];
