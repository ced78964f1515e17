import { error } from '@sveltejs/kit';
import { findProduct } from '$lib/catalog';
import { demosFor } from '$lib/demos';
import type { PageServerLoad } from './$types';

// A server load: the catalog and the demos' code reach the browser as this page's data, not as
// JavaScript modules every product page would download.
export const load: PageServerLoad = ({ params }) => {
	const product = findProduct(params.id);
	if (!product) error(404, `There is no product called “${params.id}”.`);
	return {
		product,
		demos: demosFor(product.id),
		meta: { title: `${product.name} · NOBS Pay`, description: product.description }
	};
};
