import { defineContext } from '../internal/context.js';
import { formatMoney, money } from '../money/index.js';
import type { BillingInterval, Price, Product } from './catalog.js';
import { intervalsOf, priceFor, yearlySaving } from './pricing.js';
import type { PricingLabels, SavingStyle, SelectHandler, TierView } from './types.js';

export const defaultPricingLabels: PricingLabels = {
	legend: 'Billing interval',
	interval: { day: 'Daily', week: 'Weekly', month: 'Monthly', year: 'Yearly' },
	// Words rather than "/month": screen readers say "slash month".
	per: { day: 'per day', week: 'per week', month: 'per month', year: 'per year' },
	oneTime: 'one-time',
	custom: 'Custom',
	savePercent: (percent) => `Save ${percent}%`,
	saveAmount: (amount) => `${amount} off`,
	trial: (days) => `${days}-day free trial`,
	choose: (name) => `Choose ${name}`,
	currentPlan: 'Current plan'
};

/** What `Pricing.Root` hands its state; read through a getter so every prop stays reactive. */
export interface PricingOptions {
	products: readonly Product[];
	interval: BillingInterval | undefined;
	currentPlan: string | undefined;
	locale: string | undefined;
	saving: SavingStyle;
	labels: Partial<PricingLabels> | undefined;
	onSelect: SelectHandler | undefined;
}

/**
 * The state behind one pricing table: the intervals on offer, the selected one, and what each
 * tier shows for it. Created by `Pricing.Root` and shared with its parts through context.
 *
 * Deriveds are private behind getters, so they are read-only from outside, and use `$derived.by`
 * because fields initialise before the constructor stores the options getter. (Comments live
 * here rather than in the body because the compiled class keeps body comments.)
 */
export class PricingState {
	readonly #options: () => PricingOptions;
	readonly #setInterval: (interval: BillingInterval) => void;
	readonly id: string;

	constructor(options: {
		id: string;
		get: () => PricingOptions;
		setInterval: (interval: BillingInterval) => void;
	}) {
		this.id = options.id;
		this.#options = options.get;
		this.#setInterval = options.setInterval;
	}

	readonly #labels = $derived.by(() => ({ ...defaultPricingLabels, ...this.#options().labels }));
	readonly #intervals = $derived.by(() => intervalsOf({ products: this.products }));
	readonly #interval = $derived.by(() => {
		const wanted = this.#options().interval;
		return wanted && this.intervals.includes(wanted) ? wanted : this.intervals[0];
	});

	get labels(): PricingLabels {
		return this.#labels;
	}

	get products(): readonly Product[] {
		return this.#options().products;
	}

	get intervals(): BillingInterval[] {
		return this.#intervals;
	}

	// An unknown or missing interval falls back to the first offered.
	get interval(): BillingInterval | undefined {
		return this.#interval;
	}

	selectInterval = (interval: BillingInterval): void => {
		if (interval !== this.interval) this.#setInterval(interval);
	};

	tier = (product: Product): TierView => {
		const { currentPlan, locale, saving: style } = this.#options();
		const labels = this.labels;
		const price = priceFor({ product, interval: this.interval });
		const recurring = price?.recurring;
		const format = (amount: number) =>
			formatMoney(money({ amount, currency: price?.currency ?? 'usd' }), {
				locale,
				trimWhole: true
			});
		// The saving belongs on the yearly price only: on the monthly one it would read as a discount.
		const saving = recurring?.interval === 'year' ? yearlySaving({ product }) : undefined;
		return {
			price,
			amount: price ? format(price.unitAmount) : labels.custom,
			cadence: recurring ? labels.per[recurring.interval] : price ? labels.oneTime : '',
			saving:
				saving &&
				(style === 'amount'
					? labels.saveAmount(format(saving.amount.amount))
					: labels.savePercent(saving.percent)),
			trial: recurring?.trialDays ? labels.trial(recurring.trialDays) : undefined,
			current:
				currentPlan !== undefined && (currentPlan === product.id || currentPlan === price?.sku),
			available: Boolean(price || product.contact)
		};
	};

	select = (price: Price, product: Product): void => {
		this.#options().onSelect?.(price, product);
	};
}

const context = defineContext<PricingState>('<Pricing.Root>');

export const setPricing = context.set;

/**
 * The pricing state of the nearest `Pricing.Root`. Call during component initialisation.
 * @param part Named in the error when there is no `Pricing.Root`, e.g. `'<Pricing.Tier>'`.
 */
export const usePricing = (part = 'usePricing()'): PricingState => context.use(part);
