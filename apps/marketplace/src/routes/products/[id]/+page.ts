import type { PageLoad } from './$types';

// Only an API plan's page shows the plan table: the table (Pricing, and the subscription request
// behind its buttons) is fetched for those pages alone, and still rendered on the server.
export const load: PageLoad = async ({ data }) => {
	const isPlan = !data.product.prices.some((price) => !price.recurring);
	const PlanTable = isPlan ? (await import('$lib/components/plan-table.svelte')).default : null;
	return { ...data, PlanTable };
};
