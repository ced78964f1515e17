import type { CustomerOrder } from './customers-detail.js';

/** One line of a customer's history, newest first on the page. */
export interface TimelineEvent {
	at: Date;
	/** `order.created`, `order.paid`, `refund`, `order.refunded`, `dispute`, `grant.issued`, `grant.revoked`, or an audited admin action. */
	kind: string;
	orderId: string | null;
	/** Amounts stay in minor units with their currency; the page formats them. */
	amount?: { amount: number; currency: string };
	detail?: string;
	/** The admin, for audited actions. */
	actor?: string;
}

interface AuditRow {
	actor: string;
	action: string;
	target: string;
	details: Record<string, unknown>;
	createdAt: Date;
}

const describe = (details: Record<string, unknown>) =>
	Object.entries(details)
		// The form's idempotency key means nothing to a reader.
		.filter(([key]) => key !== 'key')
		.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
		.join(', ');

/**
 * A customer's history from what the tables already hold (orders, refunds, disputes, grants) and
 * the audit log's lines on their orders, newest first. Pure, so it is tested without a database.
 */
export function buildTimeline({
	orders,
	audit
}: {
	orders: CustomerOrder[];
	audit: AuditRow[];
}): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	for (const order of orders) {
		const money = (amount: number) => ({ amount, currency: order.currency });
		const on = { orderId: order.id };
		events.push({
			...on,
			at: order.createdAt,
			kind: 'order.created',
			amount: money(order.amount),
			detail: order.source
		});
		if (order.paidAt)
			events.push({ ...on, at: order.paidAt, kind: 'order.paid', amount: money(order.amount) });
		for (const refund of order.refunds) {
			events.push({
				...on,
				at: refund.createdAt,
				kind: 'refund',
				amount: money(refund.amount),
				detail: refund.reason ?? undefined
			});
		}
		if (order.refundedAt) {
			events.push({
				...on,
				at: order.refundedAt,
				kind: 'order.refunded',
				detail: 'downloads and license key revoked'
			});
		}
		for (const dispute of order.disputes) {
			events.push({
				...on,
				at: dispute.createdAt,
				kind: 'dispute',
				amount: money(dispute.amount),
				detail: [dispute.reason, dispute.status].filter(Boolean).join(', ')
			});
		}
		for (const grant of order.grants) {
			events.push({ ...on, at: grant.createdAt, kind: 'grant.issued', detail: grant.bundleSku });
			if (grant.revokedAt)
				events.push({ ...on, at: grant.revokedAt, kind: 'grant.revoked', detail: grant.bundleSku });
		}
	}
	const orderIds = new Set(orders.map((order) => order.id));
	for (const entry of audit) {
		events.push({
			at: entry.createdAt,
			kind: entry.action,
			orderId: orderIds.has(entry.target) ? entry.target : null,
			detail: describe(entry.details),
			actor: entry.actor
		});
	}
	return events.sort((a, b) => b.at.getTime() - a.at.getTime());
}
