// Public API of @nobs-pay/svelte/server: plain TypeScript on Web Request/Response.
// No components, no $app/*, no $env/*, so it runs in any SvelteKit adapter and on edge runtimes.
export { defineCatalog, findPrice, catalogSchema, type Catalog } from '../pricing/catalog.js';
