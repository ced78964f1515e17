// Writes build/pglite-template: an empty PGlite database, initialised and migrated, that the app
// copies into an empty DATA_DIR on its first start (see `template` in src/lib/server/db/index.ts).
// initdb peaks at about 800 MB of memory: it runs here, on the build machine, once, rather than in
// the store's process on a small server. Run by `pnpm build` after `vite build`.
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/lib/server/db/index.js';

const target = fileURLToPath(new URL('../build/pglite-template', import.meta.url));
const partial = `${target}.partial`;
rmSync(partial, { recursive: true, force: true });
const database = await openDatabase({ dataDir: partial, template: false });
// Closing shuts PostgreSQL down cleanly (a checkpoint): the copy starts without recovery.
await database.close();
rmSync(target, { recursive: true, force: true });
renameSync(partial, target);
console.log(`PGlite template: ${target}`);
