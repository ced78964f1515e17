import { json } from '@sveltejs/kit';
import { readDevMailbox } from '$lib/server/dev-mailbox';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const messages = await readDevMailbox();
	return json({ messages }, { headers: { 'cache-control': 'no-store' } });
};
