import type {
	BillingApiKeysProps,
	BillingNewApiKey,
	BillingPlanAction,
	BillingPlanOption,
	BillingPlanProps,
	BillingPreview
} from './types.js';

const DAY = 86_400_000;

type PlanActions = Pick<BillingPlanProps, 'preview' | 'onChange' | 'onCancel' | 'onResume'>;
type KeyActions = Pick<BillingApiKeysProps, 'onCreate' | 'onRoll' | 'onRevoke'>;

/** What a plan is for the customer on `current` (and a scheduled change). */
export function planAction(
	plan: BillingPlanOption,
	current: BillingPlanOption | undefined,
	scheduledId?: string | null
): BillingPlanAction {
	if (plan.id === current?.id) return 'current';
	if (plan.id === scheduledId) return 'scheduled';
	if (!current || plan.rank > current.rank) return 'upgrade';
	return plan.rank < current.rank ? 'downgrade' : 'switch';
}

/** Whole days from `now` until `date`, never below zero. */
export function daysUntil(date: Date, now: Date): number {
	return Math.max(0, Math.ceil((date.getTime() - now.getTime()) / DAY));
}

/** Share of the limit used, as a whole percentage (may exceed 100). */
export function percentUsed(used: number, limit: number): number {
	return limit > 0 ? Math.floor((used / limit) * 100) : 100;
}

/**
 * The steps of `Billing.Plan`: choosing a plan fetches the server's preview, and only the
 * confirmation calls `onChange`; cancelling asks for an optional reason first.
 */
export class PlanState {
	readonly ui: {
		step: 'idle' | 'confirm' | 'cancel';
		chosen?: BillingPlanOption;
		preview?: BillingPreview;
		busy: boolean;
		failed: boolean;
		reason: string;
	};
	readonly #props: () => PlanActions;

	constructor(props: () => PlanActions) {
		// One deep state object in a plain field: a `$state` field (or one per value) compiles to
		// a getter and a setter each, and the namespace has a size budget.
		const ui: PlanState['ui'] = $state({ step: 'idle', busy: false, failed: false, reason: '' });
		this.ui = ui;
		this.#props = props;
	}

	choose = (plan: BillingPlanOption) => {
		Object.assign(this.ui, { step: 'confirm', chosen: plan, preview: undefined });
		return run(this.ui, async () => {
			const preview = await this.#props().preview(plan.id);
			if (this.ui.chosen?.id === plan.id) this.ui.preview = preview;
		});
	};

	confirm = () =>
		run(this.ui, async () => {
			if (this.ui.chosen) await this.#props().onChange(this.ui.chosen.id);
			this.reset();
		});

	askCancel = () => Object.assign(this.ui, { step: 'cancel', reason: '' });

	cancel = () =>
		run(this.ui, async () => {
			const reason = this.ui.reason.trim();
			await this.#props().onCancel?.(reason ? { reason } : {});
			this.reset();
		});

	resume = () => run(this.ui, async () => this.#props().onResume?.());

	reset = () => Object.assign(this.ui, { step: 'idle', chosen: undefined, failed: false });
}

/** Runs an action: `busy` meanwhile, `failed` after an error (the step stays, to retry). */
async function run(ui: { busy: boolean; failed: boolean }, work: () => Promise<unknown>) {
	ui.busy = true;
	ui.failed = false;
	try {
		await work();
	} catch {
		ui.failed = true;
	} finally {
		ui.busy = false;
	}
}

/**
 * `Billing.ApiKeys`: the secret of a key just created or rolled lives only here, in `ui.fresh`,
 * and `dismiss` drops it: the component never shows a key twice.
 */
export class ApiKeysState {
	readonly ui: {
		fresh?: BillingNewApiKey;
		copied: boolean;
		confirming?: string;
		busy: boolean;
		failed: boolean;
	};
	readonly #props: () => KeyActions;

	constructor(props: () => KeyActions) {
		const ui: ApiKeysState['ui'] = $state({ copied: false, busy: false, failed: false });
		this.ui = ui;
		this.#props = props;
	}

	#keep = (made: BillingNewApiKey | void) => {
		if (made) this.ui.fresh = made;
		this.ui.confirming = undefined;
	};

	create = (name: string, expiresInDays: number | null) =>
		run(this.ui, async () => this.#keep(await this.#props().onCreate({ name, expiresInDays })));

	roll = (id: string) => run(this.ui, async () => this.#keep(await this.#props().onRoll?.(id)));

	revoke = (id: string) => run(this.ui, async () => this.#keep(await this.#props().onRevoke(id)));

	copy = async () => {
		if (!this.ui.fresh) return;
		await navigator.clipboard.writeText(this.ui.fresh.secret);
		this.ui.copied = true;
	};

	dismiss = () => Object.assign(this.ui, { fresh: undefined, copied: false });
}
