/**
 * Invoices and dunning through the official `stripe` SDK. The lifecycle part runs against real
 * Stripe too when STRIPE_SECRET_KEY holds a test-mode key; the dunning schedule, the hosted pages
 * and the PDF are the sandbox's own (Stripe's Smart Retries pick their times by model).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchOptions } from '../../../scripts/browser.mjs';
import { startSandbox, type Sandbox } from '../src/index.js';
import { RETRY_DAYS } from '../src/resources/dunning.js';

const DAY = 86_400;
const realKey = process.env.STRIPE_SECRET_KEY?.startsWith('sk_test_')
	? process.env.STRIPE_SECRET_KEY
	: undefined;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

const sandboxStripe = (): Stripe =>
	new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });

const targets = [
	{ name: 'sandbox', stripe: sandboxStripe },
	...(realKey ? [{ name: 'real Stripe (test mode)', stripe: () => new Stripe(realKey) }] : [])
];

/** A monthly price of `amount` cents. */
async function monthly(stripe: Stripe, amount: number): Promise<Stripe.Price> {
	return stripe.prices.create({
		currency: 'usd',
		unit_amount: amount,
		recurring: { interval: 'month' },
		product_data: { name: 'Team plan' }
	});
}

/** A customer whose card attaches but declines every charge, and its first (open) invoice. */
async function failingSubscription(
	stripe: Stripe,
	options: { clock?: string; amount?: number } = {}
): Promise<{ customer: Stripe.Customer; sub: Stripe.Subscription; invoice: Stripe.Invoice }> {
	const customer = await stripe.customers.create({
		email: 'dunning@example.com',
		...(options.clock ? { test_clock: options.clock } : {}),
		payment_method: 'pm_card_chargeCustomerFail',
		invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' }
	});
	const price = await monthly(stripe, options.amount ?? 2000);
	const sub = await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: price.id }],
		payment_behavior: 'allow_incomplete'
	});
	const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice));
	return { customer, sub, invoice };
}

/** A working card attached to the invoice's customer: `invoices.pay` charges only the customer's own. */
async function customerCard(stripe: Stripe, invoice: Stripe.Invoice): Promise<string> {
	const pm = await stripe.paymentMethods.attach('pm_card_visa', {
		customer: String(invoice.customer)
	});
	return pm.id;
}

describe.each(targets)('invoices: $name', ({ stripe: client }) => {
	let stripe: Stripe;
	beforeAll(() => {
		stripe = client();
	});

	test('a draft has no number or pages; finalizing numbers it and a $0 invoice is paid at once', async () => {
		const customer = await stripe.customers.create({ email: 'draft@example.com' });
		const draft = await stripe.invoices.create({ customer: customer.id });
		expect(draft).toMatchObject({
			object: 'invoice',
			status: 'draft',
			billing_reason: 'manual',
			auto_advance: false,
			collection_method: 'charge_automatically',
			number: null,
			hosted_invoice_url: null,
			invoice_pdf: null,
			amount_due: 0
		});
		const finalized = await stripe.invoices.finalizeInvoice(draft.id);
		expect(finalized.status).toBe('paid');
		expect(finalized.number).toMatch(/-0001$/);
		expect(finalized.hosted_invoice_url).toMatch(/^https?:\/\//);
		expect(finalized.invoice_pdf).toMatch(/^https?:\/\//);
		await expect(stripe.invoices.finalizeInvoice(draft.id)).rejects.toMatchObject({
			statusCode: 400,
			message: "This invoice is already finalized, you can't re-finalize a non-draft invoice."
		});
		await expect(stripe.invoices.pay(draft.id)).rejects.toMatchObject({
			statusCode: 400,
			message: 'Invoice is already paid'
		});
		await expect(stripe.invoices.voidInvoice(draft.id)).rejects.toMatchObject({
			message: 'Invoices with `paid` payments cannot be voided.'
		});
		await expect(stripe.invoices.markUncollectible(draft.id)).rejects.toMatchObject({
			message: "You can only pass in open invoices. This invoice isn't open."
		});
	});

	test('invoice items given a draft are its lines; finalizing applies the customer credit', async () => {
		const customer = await stripe.customers.create({ email: 'credit@example.com', balance: -500 });
		const draft = await stripe.invoices.create({ customer: customer.id, currency: 'usd' });
		const item = await stripe.invoiceItems.create({
			customer: customer.id,
			invoice: draft.id,
			amount: 1500,
			currency: 'usd',
			description: 'Onboarding'
		});
		expect(item.invoice).toBe(draft.id);
		expect(await stripe.invoices.retrieve(draft.id)).toMatchObject({
			status: 'draft',
			subtotal: 1500,
			total: 1500
		});
		const lines = await stripe.invoices.listLineItems(draft.id);
		expect(lines.data.map((line) => [line.amount, line.description])).toEqual([
			[1500, 'Onboarding']
		]);
		const open = await stripe.invoices.finalizeInvoice(draft.id);
		expect(open).toMatchObject({
			status: 'open',
			total: 1500,
			starting_balance: -500,
			ending_balance: 0,
			amount_due: 1000
		});
		const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
		expect(after.balance).toBe(0);
		await expect(
			stripe.invoiceItems.create({
				customer: customer.id,
				invoice: open.id,
				amount: 100,
				currency: 'usd'
			})
		).rejects.toMatchObject({ statusCode: 400 });
	});

	test('send_invoice needs a due date; sending a draft finalizes it', async () => {
		const customer = await stripe.customers.create({ email: 'send@example.com' });
		await expect(
			stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice' })
		).rejects.toMatchObject({
			message:
				"If invoice collection method is 'send_invoice', you must specify 'due_date' or 'days_until_due'."
		});
		await expect(
			stripe.invoices.create({ customer: customer.id, days_until_due: 30 })
		).rejects.toMatchObject({
			message:
				"You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'."
		});
		const draft = await stripe.invoices.create({
			customer: customer.id,
			collection_method: 'send_invoice',
			days_until_due: 30
		});
		expect(draft.due_date).toBe(draft.created + 30 * DAY);
		await expect(stripe.invoices.voidInvoice(draft.id)).rejects.toMatchObject({
			message: "You can only pass in open invoices. This invoice isn't open."
		});
		const sent = await stripe.invoices.sendInvoice(draft.id);
		expect(sent.number).not.toBeNull();
		expect(sent.status_transitions.finalized_at).not.toBeNull();
	});

	test('a declined first invoice stays open; list filters and line items find it; pay with another card', async () => {
		const { customer, sub, invoice } = await failingSubscription(stripe);
		expect(sub.status).toBe('incomplete');
		expect(invoice).toMatchObject({ status: 'open', attempted: true, attempt_count: 1 });
		const byCustomer = await stripe.invoices.list({ customer: customer.id });
		expect(byCustomer.data.map((i) => i.id)).toEqual([invoice.id]);
		const bySub = await stripe.invoices.list({ subscription: sub.id, status: 'open' });
		expect(bySub.data.map((i) => i.id)).toEqual([invoice.id]);
		expect((await stripe.invoices.list({ customer: customer.id, status: 'paid' })).data).toEqual(
			[]
		);
		const inRange = await stripe.invoices.list({
			customer: customer.id,
			created: { gte: invoice.created, lte: invoice.created }
		});
		expect(inRange.data).toHaveLength(1);
		expect(
			(await stripe.invoices.list({ customer: customer.id, created: { gt: invoice.created } })).data
		).toEqual([]);
		const lines = await stripe.invoices.listLineItems(invoice.id);
		expect(lines.data).toHaveLength(1);
		expect(lines.data[0]).toMatchObject({ amount: 2000, currency: 'usd', quantity: 1 });

		await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({
			statusCode: 402,
			code: 'card_declined'
		});
		const paid = await stripe.invoices.pay(invoice.id, {
			payment_method: await customerCard(stripe, invoice)
		});
		expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, amount_remaining: 0 });
		expect(paid.attempt_count).toBe(3);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
	});

	test('paying without any payment method is refused before an attempt', async () => {
		const customer = await stripe.customers.create({ email: 'nocard@example.com' });
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: (await monthly(stripe, 900)).id }],
			payment_behavior: 'default_incomplete'
		});
		const invoiceId = String(sub.latest_invoice);
		await expect(stripe.invoices.pay(invoiceId)).rejects.toMatchObject({ statusCode: 400 });
		expect(await stripe.invoices.retrieve(invoiceId)).toMatchObject({
			status: 'open',
			attempt_count: 0
		});
	});

	test('open → uncollectible → paid out of band; open → void', async () => {
		const first = await failingSubscription(stripe);
		const written = await stripe.invoices.markUncollectible(first.invoice.id);
		expect(written.status).toBe('uncollectible');
		expect(written.status_transitions.marked_uncollectible_at).not.toBeNull();
		expect(written.status_details?.uncollectible?.reason).toBe('user_forgiven');
		await expect(stripe.invoices.markUncollectible(first.invoice.id)).rejects.toMatchObject({
			message: 'This invoice has already been marked uncollectible.'
		});
		const settled = await stripe.invoices.pay(first.invoice.id, { paid_out_of_band: true });
		expect(settled.status).toBe('paid');
		expect(settled.status_details).toBeUndefined();
		expect(settled.attempted).toBe(true);

		const second = await failingSubscription(stripe);
		const voided = await stripe.invoices.voidInvoice(second.invoice.id);
		expect(voided.status).toBe('void');
		expect(voided.status_transitions.voided_at).not.toBeNull();
		await expect(stripe.invoices.pay(second.invoice.id)).rejects.toMatchObject({
			statusCode: 400
		});
	});
});

/**
 * The fields of Stripe's published sample objects (`fixtures3.json`, MIT), copied into
 * test/fixtures/stripe-fields.json: every field they show, the sandbox's objects show too.
 */
const fixtureFields = JSON.parse(
	readFileSync(new URL('./fixtures/stripe-fields.json', import.meta.url), 'utf8')
) as Record<string, string[]>;

describe('invoices: sandbox pages, PDF and object shapes', () => {
	let stripe: Stripe;
	let browser: Browser | undefined;
	beforeAll(() => {
		stripe = sandboxStripe();
	});
	afterAll(async () => {
		await browser?.close();
	});

	test('invoices, their lines and charges have every field of Stripe’s samples', async () => {
		const { invoice } = await failingSubscription(stripe);
		const paid = await stripe.invoices.pay(invoice.id, {
			payment_method: await customerCard(stripe, invoice),
			expand: ['payments']
		});
		const charge = (await stripe.charges.list({ customer: String(paid.customer) })).data[0];
		const missing = (sample: string, object: object): string[] =>
			(fixtureFields[sample] ?? [sample]).filter((key) => !(key in object));
		expect(missing('invoice', paid)).toEqual([]);
		expect(missing('line_item', paid.lines.data[0] as object)).toEqual([]);
		expect(missing('charge', charge as object)).toEqual([]);
	});

	test('the hosted invoice page shows the invoice and pays it with a test card', async () => {
		const { sub, invoice } = await failingSubscription(stripe, { amount: 149_700 });
		const url = String(invoice.hosted_invoice_url);
		const page = await fetch(url);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toContain('text/html');
		const text = await page.text();
		expect(text).toContain(`Invoice ${invoice.number}`);
		expect(text).toContain('$1,497.00');
		expect(text).toContain('1 × Team plan');
		expect(text).toContain('Due');
		expect(text).toContain('Pay $1,497.00');
		// The address is signed: the id alone, or a wrong signature, opens nothing.
		expect((await fetch(url.replace(/\/[^/]+$/, '/wrong'))).status).toBe(404);

		const declined = await fetch(url, {
			method: 'POST',
			body: new URLSearchParams({ number: '4000000000000002', expiry: '12 / 34', cvc: '123' })
		});
		expect(declined.status).toBe(402);
		expect(await declined.text()).toContain('Your card was declined.');
		const paid = await fetch(url, {
			method: 'POST',
			body: new URLSearchParams({ number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123' })
		});
		expect(paid.status).toBe(200);
		const after = await paid.text();
		expect(after).toContain('Paid');
		expect(after).not.toContain('Pay $1,497.00');
		expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
	});

	test('a 3-D Secure card on the hosted invoice page goes through the challenge and back', async () => {
		const { invoice } = await failingSubscription(stripe);
		const url = String(invoice.hosted_invoice_url);
		const answer = await fetch(url, {
			method: 'POST',
			redirect: 'manual',
			body: new URLSearchParams({ number: '4000002760003184', expiry: '12 / 34', cvc: '123' })
		});
		expect(answer.status).toBe(303);
		const challenge = new URL(String(answer.headers.get('location')));
		expect(challenge.pathname).toMatch(/^\/3ds\/pi_/);
		expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
		const back = await fetch(challenge, {
			method: 'POST',
			redirect: 'manual',
			body: new URLSearchParams({
				...Object.fromEntries(challenge.searchParams),
				action: 'complete'
			})
		});
		expect(back.status).toBe(303);
		expect(String(back.headers.get('location'))).toContain(url);
		expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
	});

	test('invoice_pdf is a real PDF with the number, the lines and the totals', async () => {
		const { invoice } = await failingSubscription(stripe, { amount: 4900 });
		const response = await fetch(String(invoice.invoice_pdf));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const raw = bytes.toString('latin1');
		expect(raw).toContain(`(Invoice ${invoice.number})`);
		expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
		// pdfkit writes each text run as hex in a TJ array; decode them to read the page.
		const text = [...raw.matchAll(/\[([^\]]*)\]\s*TJ/g)]
			.map((run) =>
				[...(run[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)]
					.map((hex) => Buffer.from(hex[1] ?? '', 'hex').toString('latin1'))
					.join('')
			)
			.join('\n');
		expect(text).toContain(`Invoice number: ${invoice.number}`);
		expect(text).toContain('1 × Team plan');
		expect(text).toContain('$49.00');
		expect(text).toContain('Status: open');
	});

	test('a charge’s receipt_url answers with its receipt', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 2599,
			currency: 'eur',
			payment_method: 'pm_card_mastercard',
			confirm: true,
			description: 'Order #42'
		});
		const charge = await stripe.charges.retrieve(String(pi.latest_charge));
		const response = await fetch(String(charge.receipt_url));
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text).toContain('€25.99');
		expect(text).toContain('mastercard •••• 4444');
		expect(text).toContain('Order #42');
		expect(text).toContain('Paid');
		expect((await fetch(`${sandbox.url}/receipts/${charge.id}/forged`)).status).toBe(404);
		const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 599 });
		const refunded = await stripe.charges.retrieve(charge.id);
		expect(refunded.refunds?.data.map((r) => r.id)).toEqual([refund.id]);
		expect(await (await fetch(String(charge.receipt_url))).text()).toContain('€5.99');
	});

	test('the invoice, receipt and paid pages are axe-clean', async () => {
		const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
		browser = await chromium.launch({ ...launchOptions, headless: true });
		const page = await browser.newPage();
		const { invoice } = await failingSubscription(stripe);
		const paid = await stripe.invoices.pay(invoice.id, {
			payment_method: await customerCard(stripe, invoice)
		});
		const charge = (await stripe.charges.list({ customer: String(paid.customer), limit: 1 }))
			.data[0];
		const open = await failingSubscription(stripe);
		for (const url of [
			String(open.invoice.hosted_invoice_url),
			String(paid.hosted_invoice_url),
			String(charge?.receipt_url)
		]) {
			await page.goto(url);
			await page.addScriptTag({ content: axe });
			const violations = await page.evaluate(async () => {
				const result = await (
					window as unknown as {
						axe: { run: () => Promise<{ violations: Array<{ id: string }> }> };
					}
				).axe.run();
				return result.violations.map((v) => v.id);
			});
			expect({ url, violations }).toEqual({ url, violations: [] });
		}
	});
});

describe('dunning on a test clock (sandbox)', () => {
	let stripe: Stripe;
	beforeAll(() => {
		stripe = sandboxStripe();
	});

	/** Advances a test clock and waits until its objects have moved. */
	async function advance(clock: string, to: number): Promise<void> {
		await stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });
		for (let i = 0; i < 120; i++) {
			if ((await stripe.testHelpers.testClocks.retrieve(clock)).status === 'ready') return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`test clock ${clock} never became ready`);
	}

	/** An active monthly subscription on a clock whose card starts failing before its renewal. */
	async function renewalThatFails(): Promise<{
		clock: string;
		customer: Stripe.Customer;
		sub: Stripe.Subscription;
		renewsAt: number;
	}> {
		const frozen = Math.floor(Date.UTC(2027, 2, 1, 12) / 1000);
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
		const customer = await stripe.customers.create({
			email: 'renewal@example.com',
			test_clock: clock.id,
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		const price = await monthly(stripe, 3000);
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }]
		});
		expect(sub.status).toBe('active');
		const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
			customer: customer.id
		});
		await stripe.customers.update(customer.id, {
			invoice_settings: { default_payment_method: failing.id }
		});
		return {
			clock: clock.id,
			customer,
			sub,
			renewsAt: sub.items.data[0]?.current_period_end ?? 0
		};
	}

	const eventsFor = async (ids: string[]): Promise<Stripe.Event[]> =>
		(await stripe.events.list({ limit: 100 })).data
			.reverse()
			.filter((event) => ids.includes((event.data.object as { id?: string }).id ?? ''));

	test('a failed renewal: invoice.payment_failed, past_due, then retries on the schedule', async () => {
		const { clock, sub, renewsAt } = await renewalThatFails();
		await advance(clock, renewsAt + 3600);
		const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
		expect(pastDue.status).toBe('past_due');
		const invoice = pastDue.latest_invoice as Stripe.Invoice;
		expect(invoice).toMatchObject({
			status: 'open',
			billing_reason: 'subscription_cycle',
			attempt_count: 1,
			next_payment_attempt: renewsAt + (RETRY_DAYS[0] ?? 0) * DAY
		});
		const first = await eventsFor([sub.id, invoice.id]);
		const types = first.map((e) => e.type);
		expect(types.indexOf('invoice.payment_failed')).toBeGreaterThan(
			types.indexOf('invoice.finalized')
		);
		const toPastDue = first.findIndex(
			(e) =>
				e.type === 'customer.subscription.updated' &&
				(e.data.object as Stripe.Subscription).status === 'past_due'
		);
		expect(toPastDue).toBeGreaterThan(types.indexOf('invoice.payment_failed'));

		await advance(clock, renewsAt + (RETRY_DAYS[1] ?? 0) * DAY + 60);
		const retried = await stripe.invoices.retrieve(invoice.id);
		expect(retried.attempt_count).toBe(3);
		expect(retried.next_payment_attempt).toBe(renewsAt + (RETRY_DAYS[2] ?? 0) * DAY);
		const failures = (await eventsFor([invoice.id])).filter(
			(e) => e.type === 'invoice.payment_failed'
		);
		expect(failures.map((e) => e.created)).toEqual([
			renewsAt,
			renewsAt + (RETRY_DAYS[0] ?? 0) * DAY,
			renewsAt + (RETRY_DAYS[1] ?? 0) * DAY
		]);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
	});

	test('a new default payment method recovers at once: invoice.paid, then active', async () => {
		const { clock, customer, sub, renewsAt } = await renewalThatFails();
		await advance(clock, renewsAt + 3600);
		const invoiceId = String((await stripe.subscriptions.retrieve(sub.id)).latest_invoice);
		const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
		await stripe.customers.update(customer.id, {
			invoice_settings: { default_payment_method: card.id }
		});
		const invoice = await stripe.invoices.retrieve(invoiceId);
		expect(invoice).toMatchObject({ status: 'paid', attempt_count: 2, next_payment_attempt: null });
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
		const types = (await eventsFor([customer.id, sub.id, invoiceId])).map((e) => e.type);
		const updated = types.lastIndexOf('customer.updated');
		const paid = types.indexOf('invoice.paid');
		expect(paid).toBeGreaterThan(updated);
		expect(types.lastIndexOf('customer.subscription.updated')).toBeGreaterThan(paid);
	});

	test('the subscription’s own default payment method recovers it too', async () => {
		const { clock, customer, sub, renewsAt } = await renewalThatFails();
		await advance(clock, renewsAt + 3600);
		const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
		const updated = await stripe.subscriptions.update(sub.id, { default_payment_method: card.id });
		expect(updated.status).toBe('active');
		expect((await stripe.invoices.retrieve(String(updated.latest_invoice))).status).toBe('paid');
	});

	test('paying the invoice recovers it; later retries do not run', async () => {
		const { clock, sub, renewsAt } = await renewalThatFails();
		await advance(clock, renewsAt + 3600);
		const invoice = await stripe.invoices.retrieve(
			String((await stripe.subscriptions.retrieve(sub.id)).latest_invoice)
		);
		const invoiceId = invoice.id;
		await stripe.invoices.pay(invoiceId, { payment_method: await customerCard(stripe, invoice) });
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
		await advance(clock, renewsAt + 20 * DAY);
		expect(await stripe.invoices.retrieve(invoiceId)).toMatchObject({
			status: 'paid',
			attempt_count: 2
		});
	});

	test('after the last retry the subscription is canceled and the invoice left open', async () => {
		const { clock, sub, renewsAt } = await renewalThatFails();
		// One jump past the whole schedule and past the next renewal date: retries still run at
		// their own times, and a canceled subscription does not renew.
		await advance(clock, renewsAt + 40 * DAY);
		const ended = await stripe.subscriptions.retrieve(sub.id);
		const last = RETRY_DAYS[RETRY_DAYS.length - 1] ?? 0;
		expect(ended).toMatchObject({
			status: 'canceled',
			ended_at: renewsAt + last * DAY,
			cancellation_details: { reason: 'payment_failed' }
		});
		const invoices = await stripe.invoices.list({ subscription: sub.id, limit: 10 });
		const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle');
		expect(invoices.data).toHaveLength(2);
		expect(renewal).toMatchObject({
			status: 'open',
			attempt_count: RETRY_DAYS.length + 1,
			next_payment_attempt: null
		});
		const failures = (await eventsFor([String(renewal?.id)])).filter(
			(e) => e.type === 'invoice.payment_failed'
		);
		expect(failures.map((e) => e.created)).toEqual([
			renewsAt,
			...RETRY_DAYS.map((days) => renewsAt + days * DAY)
		]);
		const deleted = (await eventsFor([sub.id])).find(
			(e) => e.type === 'customer.subscription.deleted'
		);
		expect(deleted?.created).toBe(renewsAt + last * DAY);
	});
});

describe('dunning on the sandbox clock', () => {
	test('sandbox.clock.advance runs the same retries and ends the subscription', async () => {
		const stripe = sandboxStripe();
		const customer = await stripe.customers.create({
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: (await monthly(stripe, 1200)).id }]
		});
		const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
			customer: customer.id
		});
		await stripe.customers.update(customer.id, {
			invoice_settings: { default_payment_method: failing.id }
		});
		const renewsAt = sub.items.data[0]?.current_period_end ?? 0;
		sandbox.clock.advance(renewsAt - sandbox.clock.now() + 2 * DAY);
		const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
		expect(pastDue.status).toBe('past_due');
		// The sandbox clock runs what fell due at the time of the jump: retries count from there.
		const invoice = pastDue.latest_invoice as Stripe.Invoice;
		expect(invoice).toMatchObject({ status: 'open', attempt_count: 1 });
		expect(invoice.next_payment_attempt).toBe(
			(invoice.status_transitions.finalized_at ?? 0) + (RETRY_DAYS[0] ?? 0) * DAY
		);
		sandbox.clock.advance(20 * DAY);
		expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({
			status: 'open',
			attempt_count: RETRY_DAYS.length + 1
		});
		expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({
			status: 'canceled',
			cancellation_details: { reason: 'payment_failed' }
		});
	});
});
