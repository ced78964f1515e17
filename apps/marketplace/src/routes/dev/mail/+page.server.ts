import { readDevMailbox } from '$lib/server/dev-mailbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	return { messages: await readDevMailbox() };
};
