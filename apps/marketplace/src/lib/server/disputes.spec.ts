import type { WebhookEvent, WebhookEventType } from '@nobs-pay/svelte/server';
import { eq } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { downloadGrants } from './db/schema.js';
import { validateLicenseKey } from './licenses.js';
import { describeEachDriver } from './testing/databases.js';
import { pendingOrder } from './testing/orders.js';
import { deriveLicenseKey } from './tokens.js';
import { marketplaceWebhookHandlers } from './webhooks.js';

function event<T extends WebhookEventType>(
	type: T,
	object: Record<string, unknown>
): WebhookEvent<T> {
	return { id: `evt_${type}`, type, data: { object } } as unknown as WebhookEvent<T>;
}

describeEachDriver('disputes', (database) => {
	it('suspend the downloads and the license key, and a won dispute restores them', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		const on = marketplaceWebhookHandlers({ db, onIgnored: vi.fn() });
		await on['payment_intent.succeeded']?.(
			event('payment_intent.succeeded', {
				id: paymentIntentId,
				amount_received: amount,
				currency: 'usd'
			})
		);
		const access = async () => ({
			license: (await validateLicenseKey(db, deriveLicenseKey(accessToken))).status,
			downloads: (
				await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId))
			).map((grant) => (grant.revokedAt ? 'revoked' : 'active'))
		});
		expect(await access()).toEqual({ license: 'valid', downloads: ['active', 'active'] });

		const dispute = { id: 'dp_1', payment_intent: paymentIntentId, charge: 'ch_1' };
		await on['charge.dispute.created']?.(
			event('charge.dispute.created', { ...dispute, status: 'needs_response' })
		);
		expect(await access()).toEqual({ license: 'revoked', downloads: ['revoked', 'revoked'] });

		// A lost (or still open) dispute keeps them suspended; a won one gives them back.
		await on['charge.dispute.closed']?.(
			event('charge.dispute.closed', { ...dispute, status: 'lost' })
		);
		expect((await access()).license).toBe('revoked');
		await on['charge.dispute.closed']?.(
			event('charge.dispute.closed', { ...dispute, status: 'won' })
		);
		expect(await access()).toEqual({ license: 'valid', downloads: ['active', 'active'] });
	});

	it('acknowledge a validly signed but malformed event instead of failing it for days', async () => {
		const onIgnored = vi.fn();
		const on = marketplaceWebhookHandlers({ db: database().db, onIgnored });
		// No amount: fulfilOrder's validation refuses it. It must resolve (200), not throw (500).
		await expect(
			on['payment_intent.succeeded']?.(
				event('payment_intent.succeeded', { id: 'pi_malformed', currency: 'usd' })
			)
		).resolves.toBeUndefined();
		expect(onIgnored.mock.calls[0]?.[0]).toMatch(/malformed/);
		await expect(
			on['charge.dispute.created']?.(event('charge.dispute.created', { payment_intent: 'nope' }))
		).resolves.toBeUndefined();
	});
});
