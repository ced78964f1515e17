import { error } from '@sveltejs/kit';
import { findProduct } from '$lib/catalog';
import { demosFor } from '$lib/demos';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	const product = findProduct(params.id);
	if (!product) error(404, `There is no product called “${params.id}”.`);
	return {
		product,
		demos: demosFor(product.id),
		meta: { title: `${product.name} · NOBS Pay`, description: product.description }
	};
};
