import { bundleProducts, planProducts } from '$lib/catalog';
import type { PageServerLoad } from './$types';

// The products reach the browser as this page's data rather than as the catalog module.
export const load: PageServerLoad = () => ({ bundles: bundleProducts, plans: planProducts });
