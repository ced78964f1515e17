/**
 * Stripe Billing subscriptions through the official `stripe` SDK, on test clocks: trials and their
 * end behaviours, cancellation (at the period end, at a date, now with prorate/invoice_now),
 * resume, seats, upgrades and downgrades with each `proration_behavior`, invoice items, invoice
 * previews and `pause_collection`. Proration amounts are computed here, by hand, from the
 * timestamps: round(unit amount × quantity × seconds left / seconds in the period).
 *
 * With a test-mode key in STRIPE_SECRET_KEY it also runs, unchanged, against real Stripe.
 */
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const realKey = process.env.STRIPE_SECRET_KEY?.startsWith('sk_test_')
	? process.env.STRIPE_SECRET_KEY
	: undefined;

const DAY = 86_400;
const at = (year: number, month: number, day: number, hour = 0) =>
	Math.floor(Date.UTC(year, month - 1, day, hour) / 1000);

/**
 * The fields of Stripe's sample objects (`fixtures3.json` of stripe/openapi, copied into
 * test/fixtures/stripe-fields.json): a sandbox object carries every one of them.
 */
const sampleFields = JSON.parse(
	readFileSync(new URL('./fixtures/stripe-fields.json', import.meta.url), 'utf8')
) as Record<string, string[]>;
const missingFields = (object: object, resource: string): string[] =>
	(sampleFields[resource] ?? ['(no sample)']).filter((key) => !(key in object));

/** What one period's worth of `amount` comes to for the seconds between `from` and `end`. */
const prorated = (amount: number, from: number, start: number, end: number) =>
	Math.round((amount * (end - from)) / (end - start));

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

const targets = [
	{
		name: 'sandbox',
		stripe: () => new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 })
	},
	...(realKey ? [{ name: 'real Stripe (test mode)', stripe: () => new Stripe(realKey) }] : [])
];

describe.each(targets)('billing subscriptions: $name', (target) => {
	let stripe: Stripe;
	const clocks: string[] = [];
	beforeAll(() => {
		stripe = target.stripe();
	});
	afterAll(async () => {
		for (const clock of clocks) await stripe.testHelpers.testClocks.del(clock);
	});

	/** Advances a test clock and waits until its objects have moved (Stripe advances in the background). */
	async function advance(clock: string, to: number): Promise<void> {
		await stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });
		for (let i = 0; i < 120; i++) {
			if ((await stripe.testHelpers.testClocks.retrieve(clock)).status === 'ready') return;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(`test clock ${clock} never became ready`);
	}

	/** A customer on a fresh clock, with a card unless `card: false`, and two monthly plans. */
	async function setup(frozen: number, options: { card?: boolean } = {}) {
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
		clocks.push(clock.id);
		const customer = await stripe.customers.create({
			email: 'billing@example.com',
			test_clock: clock.id,
			...(options.card === false
				? {}
				: {
						payment_method: 'pm_card_visa',
						invoice_settings: { default_payment_method: 'pm_card_visa' }
					})
		});
		const product = await stripe.products.create({ name: 'API plan' });
		const price = (unit_amount: number, interval: 'month' | 'year' = 'month') =>
			stripe.prices.create({
				product: product.id,
				currency: 'usd',
				unit_amount,
				recurring: { interval }
			});
		const [pro, team, yearly] = await Promise.all([price(2000), price(5000), price(20000, 'year')]);
		return { clock: clock.id, customer: customer.id, pro, team, yearly };
	}

	/** Events about these objects (or invoices of these subscriptions), oldest first. */
	async function eventsAbout(...ids: string[]): Promise<Stripe.Event[]> {
		const events = await stripe.events.list({ limit: 100 });
		return events.data.reverse().filter((event) => {
			const object = event.data.object as {
				id?: string;
				parent?: { subscription_details?: { subscription?: string } | null } | null;
			};
			return (
				ids.includes(object.id ?? '') ||
				ids.includes(object.parent?.subscription_details?.subscription ?? '')
			);
		});
	}

	const period = (sub: Stripe.Subscription) => {
		const item = sub.items.data[0] as Stripe.SubscriptionItem;
		return { start: item.current_period_start, end: item.current_period_end, item: item.id };
	};

	test('trial_end and trial_period_days; trial_will_end three days before; the trial ends into a paid period', async () => {
		const frozen = at(2027, 1, 10, 12);
		const { clock, customer, pro } = await setup(frozen);
		const byDays = await stripe.subscriptions.create({
			customer,
			items: [{ price: pro.id }],
			trial_period_days: 14
		});
		expect(byDays).toMatchObject({ status: 'trialing', trial_start: frozen });
		expect(byDays.trial_end).toBe(frozen + 14 * DAY);
		const trialEnd = frozen + 10 * DAY;
		const sub = await stripe.subscriptions.create({
			customer,
			items: [{ price: pro.id }],
			trial_end: trialEnd
		});
		expect(sub).toMatchObject({ status: 'trialing', trial_end: trialEnd });
		expect(period(sub)).toMatchObject({ start: frozen, end: trialEnd });
		await advance(clock, trialEnd + 3600);
		const events = await eventsAbout(sub.id);
		const warning = events.find((e) => e.type === 'customer.subscription.trial_will_end');
		expect(warning?.created).toBe(trialEnd - 3 * DAY);
		const types = events.map((e) => e.type);
		const ended = events.findIndex(
			(e) =>
				e.type === 'customer.subscription.updated' &&
				(e.data.previous_attributes as { status?: string }).status === 'trialing'
		);
		expect(ended).toBeGreaterThan(types.indexOf('customer.subscription.trial_will_end'));
		expect(types.indexOf('invoice.paid', ended)).toBeGreaterThan(ended);
		const renewed = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
		expect(renewed.status).toBe('active');
		expect(period(renewed).start).toBe(trialEnd);
		expect(renewed.latest_invoice).toMatchObject({ amount_paid: 2000, status: 'paid' });
	});

	test('trial_settings: without a payment method the trial end cancels, pauses or invoices', async () => {
		const frozen = at(2027, 2, 1);
		const { clock, customer, pro } = await setup(frozen, { card: false });
		const create = (missing_payment_method: 'cancel' | 'pause' | 'create_invoice') =>
			stripe.subscriptions.create({
				customer,
				items: [{ price: pro.id }],
				trial_period_days: 7,
				trial_settings: { end_behavior: { missing_payment_method } }
			});
		const canceling = await create('cancel');
		const pausing = await create('pause');
		const invoicing = await create('create_invoice');
		expect(pausing.trial_settings?.end_behavior.missing_payment_method).toBe('pause');
		const trialEnd = frozen + 7 * DAY;
		await advance(clock, trialEnd + 60);

		const canceled = await stripe.subscriptions.retrieve(canceling.id);
		expect(canceled).toMatchObject({ status: 'canceled', ended_at: trialEnd });
		expect((await eventsAbout(canceling.id)).map((e) => e.type)).toContain(
			'customer.subscription.deleted'
		);

		const paused = await stripe.subscriptions.retrieve(pausing.id);
		expect(paused.status).toBe('paused');
		expect((await eventsAbout(pausing.id)).map((e) => e.type)).toContain(
			'customer.subscription.paused'
		);

		const pastDue = await stripe.subscriptions.retrieve(invoicing.id, {
			expand: ['latest_invoice']
		});
		expect(pastDue.status).toBe('past_due');
		expect(pastDue.latest_invoice).toMatchObject({ status: 'open', amount_due: 2000 });

		// Resuming the paused one with a card starts a new, fully invoiced cycle now.
		await expect(stripe.subscriptions.resume(canceling.id)).rejects.toMatchObject({
			statusCode: 400
		});
		await stripe.subscriptions.update(pausing.id, { default_payment_method: 'pm_card_visa' });
		const resumeAt = trialEnd + 2 * DAY;
		await advance(clock, resumeAt);
		const resumed = await stripe.subscriptions.resume(pausing.id, {
			billing_cycle_anchor: { type: 'now' },
			expand: ['latest_invoice']
		});
		expect(resumed).toMatchObject({ status: 'active', billing_cycle_anchor: resumeAt });
		expect(period(resumed)).toMatchObject({ start: resumeAt, end: at(2027, 3, 10) });
		expect(resumed.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 2000 });
		expect((await eventsAbout(pausing.id)).map((e) => e.type)).toContain(
			'customer.subscription.resumed'
		);
	});

	test('resume keeping the billing cycle anchor invoices the rest of the period, prorated', async () => {
		const frozen = at(2027, 2, 3);
		const { clock, customer, pro } = await setup(frozen, { card: false });
		const sub = await stripe.subscriptions.create({
			customer,
			items: [{ price: pro.id }],
			trial_period_days: 5,
			trial_settings: { end_behavior: { missing_payment_method: 'pause' } }
		});
		const trialEnd = frozen + 5 * DAY;
		const resumeAt = trialEnd + 6 * DAY + 5 * 3600;
		await advance(clock, resumeAt);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('paused');
		await stripe.subscriptions.update(sub.id, { default_payment_method: 'pm_card_visa' });
		const resumed = await stripe.subscriptions.resume(sub.id, {
			billing_cycle_anchor: { type: 'unchanged' },
			proration_behavior: 'always_invoice',
			expand: ['latest_invoice']
		});
		const periodEnd = at(2027, 3, 8);
		expect(resumed).toMatchObject({ status: 'active', billing_cycle_anchor: trialEnd });
		expect(period(resumed)).toMatchObject({ start: trialEnd, end: periodEnd });
		expect(resumed.latest_invoice).toMatchObject({
			status: 'paid',
			amount_paid: prorated(2000, resumeAt, trialEnd, periodEnd)
		});
	});

	test('cancel_at_period_end reports previous_attributes, can be undone, and ends the subscription at the period end', async () => {
		const frozen = at(2027, 3, 1);
		const { clock, customer, pro } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const { end } = period(sub);
		const ending = await stripe.subscriptions.update(sub.id, {
			cancel_at_period_end: true,
			cancellation_details: { comment: 'Too expensive' }
		});
		expect(ending).toMatchObject({
			status: 'active',
			cancel_at_period_end: true,
			cancel_at: end,
			canceled_at: frozen,
			cancellation_details: { comment: 'Too expensive', reason: 'cancellation_requested' }
		});
		const scheduled = (await eventsAbout(sub.id)).filter(
			(e) => e.type === 'customer.subscription.updated'
		);
		expect(scheduled.at(-1)?.data.previous_attributes).toMatchObject({
			cancel_at_period_end: false,
			cancel_at: null,
			canceled_at: null
		});

		const kept = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
		expect(kept).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
		const undone = (await eventsAbout(sub.id)).filter(
			(e) => e.type === 'customer.subscription.updated'
		);
		expect(undone.at(-1)?.data.previous_attributes).toMatchObject({
			cancel_at_period_end: true,
			cancel_at: end
		});

		await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
		await advance(clock, end + 60);
		const canceled = await stripe.subscriptions.retrieve(sub.id);
		expect(canceled).toMatchObject({ status: 'canceled', ended_at: end });
		const deleted = (await eventsAbout(sub.id)).find(
			(e) => e.type === 'customer.subscription.deleted'
		);
		expect(deleted?.created).toBe(end);
		// No renewal invoice was issued for the period after the end.
		const invoices = await stripe.invoices.list({ subscription: sub.id });
		expect(invoices.data.map((invoice) => invoice.billing_reason)).toEqual(['subscription_create']);
	});

	test('cancel_at ends the subscription at that date', async () => {
		const frozen = at(2027, 4, 1);
		const { clock, customer, pro } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const cancelAt = frozen + 10 * DAY;
		const scheduled = await stripe.subscriptions.update(sub.id, {
			cancel_at: cancelAt,
			proration_behavior: 'none'
		});
		expect(scheduled).toMatchObject({ cancel_at: cancelAt, cancel_at_period_end: false });
		const updates = (await eventsAbout(sub.id)).filter(
			(e) => e.type === 'customer.subscription.updated'
		);
		expect(updates.at(-1)?.data.previous_attributes).toMatchObject({ cancel_at: null });
		await advance(clock, cancelAt + 60);
		expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({
			status: 'canceled',
			ended_at: cancelAt
		});
	});

	test('an immediate cancel with prorate and invoice_now credits the unused time', async () => {
		const frozen = at(2027, 5, 1);
		const { clock, customer, pro } = await setup(frozen);
		const sub = await stripe.subscriptions.create({
			customer,
			items: [{ price: pro.id, quantity: 2 }]
		});
		const { start, end } = period(sub);
		const cancelTime = frozen + 9 * DAY + 3 * 3600;
		await advance(clock, cancelTime);
		const canceled = await stripe.subscriptions.cancel(sub.id, {
			prorate: true,
			invoice_now: true,
			expand: ['latest_invoice']
		});
		expect(canceled).toMatchObject({ status: 'canceled', ended_at: cancelTime });
		const credit = -prorated(2 * 2000, cancelTime, start, end);
		const final = canceled.latest_invoice as Stripe.Invoice;
		expect(final.total).toBe(credit);
		expect(final).toMatchObject({ amount_due: 0, status: 'paid', ending_balance: credit });
		expect(final.lines.data.map((line) => line.amount)).toEqual([credit]);
		expect((await stripe.customers.retrieve(customer)) as Stripe.Customer).toMatchObject({
			balance: credit
		});
		expect((await eventsAbout(sub.id)).map((e) => e.type)).toContain(
			'customer.subscription.deleted'
		);
	});

	test('an upgrade with create_prorations leaves proration items the next invoice collects', async () => {
		const frozen = at(2027, 6, 1);
		const { clock, customer, pro, team } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const { start, end, item } = period(sub);
		const change = frozen + 12 * DAY + 7 * 3600 + 41;
		await advance(clock, frozen + 13 * DAY);
		const upgraded = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item, price: team.id }],
			proration_behavior: 'create_prorations',
			proration_date: change
		});
		expect(upgraded.items.data[0]?.price.id).toBe(team.id);
		expect(missingFields(upgraded, 'subscription')).toEqual([]);
		expect(upgraded.latest_invoice).toBe(sub.latest_invoice);
		const credit = -prorated(2000, change, start, end);
		const charge = prorated(5000, change, start, end);
		const pending = await stripe.invoiceItems.list({ customer, pending: true });
		expect(pending.data.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([credit, charge]);
		expect(pending.data.map((ii) => ii.description).sort()).toEqual([
			'Remaining time on API plan after 13 Jun 2027',
			'Unused time on API plan after 13 Jun 2027'
		]);
		for (const ii of pending.data) {
			expect(ii).toMatchObject({ proration: true, period: { start: change, end }, invoice: null });
			expect(missingFields(ii, 'invoiceitem')).toEqual([]);
		}
		await advance(clock, end + 60);
		const renewal = await stripe.invoices.retrieve(
			String((await stripe.subscriptions.retrieve(sub.id)).latest_invoice)
		);
		expect(renewal.billing_reason).toBe('subscription_cycle');
		expect(renewal.lines.data.map((line) => line.amount).sort((a, b) => a - b)).toEqual(
			[credit, charge, 5000].sort((a, b) => a - b)
		);
		expect(renewal).toMatchObject({ total: credit + charge + 5000, status: 'paid' });
		expect((await stripe.invoiceItems.list({ customer, pending: true })).data).toEqual([]);
	});

	test('always_invoice bills seats and downgrades at once; none bills nothing until the renewal', async () => {
		const frozen = at(2027, 7, 1);
		const { clock, customer, pro, team } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const { start, end, item } = period(sub);
		const seatsAt = frozen + 5 * DAY;
		await advance(clock, seatsAt);
		const seats = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item, quantity: 3 }],
			proration_behavior: 'always_invoice',
			expand: ['latest_invoice']
		});
		expect(seats.items.data[0]?.quantity).toBe(3);
		const seatInvoice = seats.latest_invoice as Stripe.Invoice;
		const seatLines = [
			-prorated(2000, seatsAt, start, end),
			prorated(3 * 2000, seatsAt, start, end)
		];
		expect(seatInvoice).toMatchObject({
			billing_reason: 'subscription_update',
			status: 'paid',
			amount_paid: seatLines[0]! + seatLines[1]!
		});
		expect(seatInvoice.lines.data.map((line) => line.amount)).toEqual(seatLines);

		// Back to one seat on the cheaper terms, invoiced now: a credit to the customer's balance.
		const downAt = frozen + 20 * DAY;
		await advance(clock, downAt);
		const down = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item, quantity: 1 }],
			proration_behavior: 'always_invoice',
			expand: ['latest_invoice']
		});
		const downTotal = -prorated(3 * 2000, downAt, start, end) + prorated(2000, downAt, start, end);
		expect(down.latest_invoice).toMatchObject({
			total: downTotal,
			amount_due: 0,
			ending_balance: downTotal
		});

		// proration_behavior none: the new price applies from the renewal, with nothing pending.
		const none = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item, price: team.id }],
			proration_behavior: 'none'
		});
		expect(none.latest_invoice).toBe((down.latest_invoice as Stripe.Invoice).id);
		expect((await stripe.invoiceItems.list({ customer, pending: true })).data).toEqual([]);
		await advance(clock, end + 60);
		const renewal = await stripe.invoices.retrieve(
			String((await stripe.subscriptions.retrieve(sub.id)).latest_invoice)
		);
		// The credit left by the downgrade lowers what the renewal charges.
		expect(renewal).toMatchObject({
			total: 5000,
			starting_balance: downTotal,
			amount_due: 5000 + downTotal
		});
	});

	test('a new interval restarts the cycle: unused time credited, the new period invoiced now', async () => {
		const frozen = at(2027, 8, 1);
		const { clock, customer, pro, yearly } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const { start, end, item } = period(sub);
		const switchAt = frozen + 15 * DAY;
		await advance(clock, switchAt);
		const switched = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item, price: yearly.id }],
			expand: ['latest_invoice']
		});
		expect(switched.billing_cycle_anchor).toBe(switchAt);
		expect(period(switched)).toMatchObject({ start: switchAt, end: at(2028, 8, 16) });
		const invoice = switched.latest_invoice as Stripe.Invoice;
		const credit = -prorated(2000, switchAt, start, end);
		expect(invoice.lines.data.map((line) => line.amount)).toEqual([credit, 20000]);
		expect(invoice).toMatchObject({ amount_paid: 20000 + credit, status: 'paid' });
	});

	test('invoices.createPreview shows the prorations a change would bring, and changes nothing', async () => {
		const frozen = at(2027, 9, 1);
		const { clock, customer, pro, team } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const { start, end, item } = period(sub);
		await advance(clock, frozen + 3 * DAY);
		const change = frozen + 3 * DAY;
		const credit = -prorated(2000, change, start, end);
		const charge = prorated(5000, change, start, end);
		const details = {
			items: [{ id: item, price: team.id }],
			proration_date: change
		};
		const next = await stripe.invoices.createPreview({
			customer,
			subscription: sub.id,
			subscription_details: { ...details, proration_behavior: 'create_prorations' }
		});
		expect(next.id).toMatch(/^upcoming_/);
		expect(next).toMatchObject({
			object: 'invoice',
			status: 'draft',
			billing_reason: 'subscription_cycle',
			total: credit + charge + 5000,
			amount_due: credit + charge + 5000
		});
		expect(missingFields(next, 'invoice')).toEqual([]);
		const prorations = next.lines.data.filter(
			(line) => line.parent?.invoice_item_details?.proration
		);
		expect(prorations.map((line) => line.amount)).toEqual([credit, charge]);
		expect(next.lines.data.at(-1)).toMatchObject({ amount: 5000, period: { start: end } });

		const now = await stripe.invoices.createPreview({
			subscription: sub.id,
			subscription_details: { ...details, proration_behavior: 'always_invoice' }
		});
		expect(now).toMatchObject({ billing_reason: 'subscription_update', total: credit + charge });

		// Nothing changed: the same update then creates exactly what the preview showed.
		expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(pro.id);
		expect((await stripe.invoiceItems.list({ customer, pending: true })).data).toEqual([]);
		const updated = await stripe.subscriptions.update(sub.id, {
			...details,
			proration_behavior: 'always_invoice',
			expand: ['latest_invoice']
		});
		expect((updated.latest_invoice as Stripe.Invoice).total).toBe(now.total);
		// A customer alone previews the renewal of their subscription, now on the new price.
		expect(await stripe.invoices.createPreview({ customer })).toMatchObject({
			total: 5000,
			next_payment_attempt: end
		});
		const stranger = await stripe.customers.create({ email: 'none@example.com' });
		await expect(stripe.invoices.createPreview({ customer: stranger.id })).rejects.toMatchObject({
			statusCode: 400,
			code: 'invoice_upcoming_none'
		});
		await expect(
			stripe.invoices.createPreview({
				subscription: sub.id,
				subscription_details: { proration_date: end + DAY }
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'proration_date' });
	});

	test('invoiceItems: create, retrieve, update, list, delete; a pending item goes on the next invoice', async () => {
		const frozen = at(2027, 10, 1);
		const { clock, customer, pro } = await setup(frozen);
		const sub = await stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const setupFee = await stripe.invoiceItems.create({
			customer,
			amount: 1500,
			currency: 'usd',
			description: 'Onboarding'
		});
		expect(setupFee).toMatchObject({
			object: 'invoiceitem',
			amount: 1500,
			invoice: null,
			proration: false,
			date: frozen,
			test_clock: clock
		});
		expect(missingFields(setupFee, 'invoiceitem')).toEqual([]);
		const seats = await stripe.invoiceItems.create({
			customer,
			subscription: sub.id,
			pricing: { price: pro.id },
			quantity: 2
		});
		expect(seats).toMatchObject({ amount: 4000, quantity: 2 });
		const updated = await stripe.invoiceItems.update(setupFee.id, {
			amount: 2500,
			description: 'Onboarding call',
			metadata: { ticket: '42' }
		});
		expect(updated).toMatchObject({
			amount: 2500,
			description: 'Onboarding call',
			metadata: { ticket: '42' }
		});
		expect((await stripe.invoiceItems.retrieve(setupFee.id)).amount).toBe(2500);
		const listed = await stripe.invoiceItems.list({ customer, pending: true });
		expect(listed.data.map((ii) => ii.id).sort()).toEqual([setupFee.id, seats.id].sort());
		const deleted = await stripe.invoiceItems.del(seats.id);
		expect(deleted).toEqual({ id: seats.id, object: 'invoiceitem', deleted: true });
		await expect(stripe.invoiceItems.retrieve(seats.id)).rejects.toMatchObject({
			statusCode: 404,
			code: 'resource_missing'
		});

		await advance(clock, period(sub).end + 60);
		const renewal = await stripe.invoices.retrieve(
			String((await stripe.subscriptions.retrieve(sub.id)).latest_invoice)
		);
		expect(renewal).toMatchObject({ total: 2000 + 2500, amount_paid: 4500 });
		const billed = await stripe.invoiceItems.retrieve(setupFee.id);
		expect(billed.invoice).toBe(renewal.id);
		await expect(stripe.invoiceItems.update(setupFee.id, { amount: 1 })).rejects.toMatchObject({
			statusCode: 400
		});
	});

	test('pause_collection: renewals stay drafts, are voided or marked uncollectible until resumes_at', async () => {
		const frozen = at(2027, 11, 1);
		const { clock, customer, pro } = await setup(frozen);
		const create = () => stripe.subscriptions.create({ customer, items: [{ price: pro.id }] });
		const [draft, voided, uncollectible] = await Promise.all([create(), create(), create()]);
		const { end } = period(draft);
		const resumesAt = end + 40 * DAY;
		const paused = await stripe.subscriptions.update(draft.id, {
			pause_collection: { behavior: 'keep_as_draft', resumes_at: resumesAt }
		});
		expect(paused).toMatchObject({
			status: 'active',
			pause_collection: { behavior: 'keep_as_draft', resumes_at: resumesAt }
		});
		await stripe.subscriptions.update(voided.id, { pause_collection: { behavior: 'void' } });
		await stripe.subscriptions.update(uncollectible.id, {
			pause_collection: { behavior: 'mark_uncollectible' }
		});
		await advance(clock, end + 60);
		const latest = async (id: string) => {
			const sub = await stripe.subscriptions.retrieve(id, { expand: ['latest_invoice'] });
			return { status: sub.status, invoice: (sub.latest_invoice as Stripe.Invoice).status };
		};
		expect(await latest(draft.id)).toEqual({ status: 'active', invoice: 'draft' });
		// Kept for you to finalize: automatic collection is off on these drafts.
		const kept = await stripe.subscriptions.retrieve(draft.id, { expand: ['latest_invoice'] });
		expect((kept.latest_invoice as Stripe.Invoice).auto_advance).toBe(false);
		expect(await latest(voided.id)).toEqual({ status: 'active', invoice: 'void' });
		expect(await latest(uncollectible.id)).toEqual({
			status: 'active',
			invoice: 'uncollectible'
		});

		await advance(clock, resumesAt + 60);
		const resumed = await stripe.subscriptions.retrieve(draft.id);
		expect(resumed.pause_collection).toBeNull();
		const cleared = (await eventsAbout(draft.id)).find(
			(e) =>
				e.type === 'customer.subscription.updated' &&
				(e.data.previous_attributes as { pause_collection?: unknown }).pause_collection
		);
		expect(cleared?.created).toBe(resumesAt);
		const unpaused = await stripe.subscriptions.update(voided.id, { pause_collection: '' });
		expect(unpaused.pause_collection).toBeNull();
	});
});
