import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import { attachPaymentIntent, createPendingOrder, type OrderLine } from '../orders.js';
import type { OutboxKey } from '../outbox-cipher.js';

/** The outbox key of the tests: random per run, as a fresh install's would be. */
export const testOutboxKey = randomBytes(32) as OutboxKey;

export const professional: OrderLine = {
	sku: 'bundle-professional',
	name: 'NOBS Pay Professional',
	unitAmount: 49_900,
	quantity: 1
};
export const starter: OrderLine = {
	sku: 'bundle-starter',
	name: 'NOBS Pay Starter',
	unitAmount: 19_900,
	quantity: 2
};
export const apiPlan: OrderLine = {
	sku: 'api-pro-month',
	name: 'API Pro',
	unitAmount: 9_900,
	quantity: 1
};

/**
 * A pending order with a PaymentIntent attached, as the checkout route leaves it: a made-up intent
 * id unless `paymentIntentId` names a real one (e.g. created in the sandbox).
 */
export async function pendingOrder(
	db: Db,
	lines: OrderLine[] = [professional, starter, apiPlan],
	{ paymentIntentId = `pi_${randomBytes(12).toString('hex')}` }: { paymentIntentId?: string } = {}
) {
	const amount = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
	const { orderId, accessToken } = await createPendingOrder(
		db,
		{
			email: 'buyer@example.com',
			lines,
			currency: 'usd',
			amount,
			displayTotal: `${amount} cents`,
			origin: 'https://shop.example'
		},
		{ outboxKey: testOutboxKey }
	);
	await attachPaymentIntent(db, { orderId, paymentIntentId });
	return { orderId, accessToken, paymentIntentId, amount };
}
