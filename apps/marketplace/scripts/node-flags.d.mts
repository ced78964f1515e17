/** See node-flags.mjs. */
export declare const APP_NODE_FLAGS: string[];
