/**
 * Runs inside an Element iframe served from the sandbox origin, so card data never touches the
 * shopper's page (as with Stripe). Sent to the browser as source text: self-contained, no imports.
 * The form markup comes from the server (`elementPage`); this wires validation and messaging.
 */
export function elementFrame(elementType: string): void {
	type Json = Record<string, unknown>;
	const params = new URLSearchParams(window.location.search);
	const frame = params.get('frame') ?? '';
	const key = params.get('key') ?? '';
	const parentOrigin = params.get('parent') ?? '*';
	let options: Json = {};
	try {
		options = JSON.parse(params.get('options') ?? '{}') as Json;
	} catch {
		options = {};
	}

	const send = (message: Json): void =>
		window.parent.postMessage({ source: 'nobs-sandbox', frame, ...message }, parentOrigin);
	const $ = <T extends HTMLElement>(id: string): T | null =>
		document.getElementById(id) as T | null;
	const digits = (value: string): string => value.replace(/\D/g, '');

	/**
	 * Stripe's Appearance API, as far as a form of plain inputs allows: the base `theme` ('stripe',
	 * 'night', 'flat'), the common `variables`, and `rules` on the classes Stripe documents
	 * (.Input, .Label, .Error, .Input--invalid, with :hover, :focus and ::placeholder). Not
	 * modelled: `labels: 'floating'`, `inputs: 'condensed'`, tab and accordion classes.
	 */
	function applyAppearance(): void {
		const appearance = (options.appearance as Json | undefined) ?? {};
		const vars = (appearance.variables as Record<string, string> | undefined) ?? {};
		const theme = typeof appearance.theme === 'string' ? appearance.theme : 'stripe';
		const night = theme === 'night';
		const flat = theme === 'flat';
		const px = (value: string | undefined, fallback: number): number =>
			value && /^\d*\.?\d+px$/.test(value) ? parseFloat(value) : fallback;
		const base = px(vars.fontSizeBase, 16);
		const unit = px(vars.spacingUnit, 2);
		const root = document.documentElement.style;
		const set = (name: string, value: string | undefined, fallback: string): void =>
			root.setProperty(name, value ?? fallback);
		set('--primary', vars.colorPrimary, night ? '#0085ff' : '#0570de');
		set('--primary-text', vars.colorPrimaryText, '#ffffff');
		set('--bg', vars.colorBackground, night ? '#30313d' : '#ffffff');
		set('--text', vars.colorText, night ? '#ffffff' : '#30313d');
		set('--text-secondary', vars.colorTextSecondary, night ? '#a5a6ab' : '#6d6e78');
		set('--placeholder', vars.colorTextPlaceholder, night ? '#86878c' : '#87909f');
		set('--danger', vars.colorDanger, night ? '#fe87a1' : '#df1b41');
		set('--radius', vars.borderRadius, flat ? '6px' : '5px');
		set('--font', vars.fontFamily, '-apple-system, "Segoe UI", Roboto, system-ui, sans-serif');
		set('--font-size', `${base}px`, '16px');
		// Paddings and gaps grow with spacingUnit (2px by default: 12px inside an input, 16px between rows).
		set('--pad', `${8 + unit * 2}px`, '12px');
		set('--gap', vars.gridRowSpacing, `${12 + unit * 2}px`);
		set('--column-gap', vars.gridColumnSpacing, `${12 + unit * 2}px`);
		root.setProperty('--border', night ? '#424353' : flat ? 'transparent' : '#e6e6e6');
		root.setProperty('--input-bg', flat ? (night ? '#424353' : '#f1f1f1') : 'var(--bg)');
		style('nobs-appearance', `${BASE_CSS}${rulesCss(appearance.rules)}`);
	}

	/** Stripe's look for the form the sandbox serves, on the variables set above. */
	const BASE_CSS = `
body{font-family:var(--font);font-size:var(--font-size);color:var(--text);background:var(--bg);padding:2px 3px}
form>label:first-child{margin-top:0}.row{gap:var(--column-gap)}
label{font-size:calc(var(--font-size)*.93);color:var(--text-secondary);margin:var(--gap) 0 calc(var(--gap)/4)}
input,select{padding:var(--pad);font-size:var(--font-size);line-height:1.15;color:var(--text);background:var(--input-bg);border:1px solid var(--border);border-radius:var(--radius);box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02);transition:border-color .15s,box-shadow .15s;outline:0}
input::placeholder{color:var(--placeholder)}
input:focus,select:focus{border-color:color-mix(in srgb,var(--primary) 50%,transparent);box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02),0 0 0 3px color-mix(in srgb,var(--primary) 25%,transparent)}
input[aria-invalid=true]{border-color:var(--danger);color:var(--danger);box-shadow:0 1px 1px rgba(0,0,0,.03),0 0 0 1px var(--danger)}
.error{font-size:calc(var(--font-size)*.93);color:var(--danger);margin-top:calc(var(--gap)/4)}.error:empty{margin:0}
#number{padding-right:calc(var(--pad)*2 + 32px);background-image:url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 21'%3E%3Crect width='32' height='21' rx='3' fill='%23e6ebf1'/%3E%3Crect x='3' y='5' width='26' height='3' fill='%23a3acb9'/%3E%3Crect x='3' y='13' width='9' height='3' rx='1' fill='%23a3acb9'/%3E%3C/svg%3E");background-repeat:no-repeat;background-position:right var(--pad) center;background-size:32px 21px}
#wallet{width:100%;background:var(--primary);color:var(--primary-text);border-radius:var(--radius);font-size:var(--font-size);padding:var(--pad)}`;

	/** Stripe's class names and the elements of the sandbox's form they stand for. */
	const RULE_TARGETS: Record<string, string> = {
		'.Input': 'input,select',
		'.Input--invalid': 'input[aria-invalid=true]',
		'.Label': 'label',
		'.Error': '.error'
	};

	/**
	 * `rules` as CSS: `{ '.Input:focus': { borderColor: 'red' } }` becomes
	 * `input:focus,select:focus{border-color:red}`. A value that could end the declaration is dropped.
	 */
	function rulesCss(rules: unknown): string {
		if (!rules || typeof rules !== 'object') return '';
		let css = '';
		for (const [selector, declarations] of Object.entries(rules as Record<string, Json>)) {
			const match = /^(\.[A-Za-z-]+)((?::{1,2}[a-z-]+)*)$/.exec(selector.trim());
			const target = match && RULE_TARGETS[match[1] as string];
			if (!target || !declarations || typeof declarations !== 'object') continue;
			const pseudo = match[2] ?? '';
			const body = Object.entries(declarations)
				.filter(([, value]) => typeof value === 'string' && !/[{};<]/.test(value))
				.map(
					([name, value]) =>
						`${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${String(value)}`
				)
				.join(';');
			const selectors = target
				.split(',')
				.map((part) => part + pseudo)
				.join(',');
			if (body) css += `${selectors}{${body}}`;
		}
		return css;
	}

	/** Replaces the text of one `<style>` in the frame's head. */
	function style(id: string, css: string): void {
		let node = document.getElementById(id);
		if (!node) {
			node = document.createElement('style');
			node.id = id;
			document.head.append(node);
		}
		node.textContent = css;
	}

	function luhn(number: string): boolean {
		let sum = 0;
		for (let i = 0; i < number.length; i++) {
			let d = Number(number[number.length - 1 - i]);
			if (i % 2 === 1) {
				d *= 2;
				if (d > 9) d -= 9;
			}
			sum += d;
		}
		return sum % 10 === 0;
	}

	interface FieldError {
		field: string;
		code: string;
		message: string;
	}

	/** Stripe's card-form rules and wording, field by field. */
	function cardErrors(): FieldError[] {
		const errors: FieldError[] = [];
		const number = digits($<HTMLInputElement>('number')?.value ?? '');
		const amex = /^3[47]/.test(number);
		const wanted = amex ? 15 : 16;
		if (number.length === 0)
			errors.push({
				field: 'number',
				code: 'incomplete_number',
				message: 'Your card number is incomplete.'
			});
		else if (number.length < wanted)
			errors.push({
				field: 'number',
				code: 'incomplete_number',
				message: 'Your card number is incomplete.'
			});
		else if (!luhn(number))
			errors.push({
				field: 'number',
				code: 'invalid_number',
				message: 'Your card number is invalid.'
			});
		const expiry = digits($<HTMLInputElement>('expiry')?.value ?? '');
		if (expiry.length < 4)
			errors.push({
				field: 'expiry',
				code: 'incomplete_expiry',
				message: "Your card's expiration date is incomplete."
			});
		else {
			const month = Number(expiry.slice(0, 2));
			const year = 2000 + Number(expiry.slice(2, 4));
			const now = new Date();
			if (month < 1 || month > 12)
				errors.push({
					field: 'expiry',
					code: 'invalid_expiry_month',
					message: "Your card's expiration month is invalid."
				});
			else if (year < now.getFullYear())
				errors.push({
					field: 'expiry',
					code: 'invalid_expiry_year_past',
					message: "Your card's expiration year is in the past."
				});
			else if (year === now.getFullYear() && month < now.getMonth() + 1)
				errors.push({
					field: 'expiry',
					code: 'invalid_expiry_month_past',
					message: "Your card's expiration date is in the past."
				});
		}
		const cvc = digits($<HTMLInputElement>('cvc')?.value ?? '');
		if (cvc.length < (amex ? 4 : 3))
			errors.push({
				field: 'cvc',
				code: 'incomplete_cvc',
				message: "Your card's security code is incomplete."
			});
		return errors;
	}

	function requiredErrors(fields: Array<[string, string]>): FieldError[] {
		return fields
			.filter(([id]) => !($<HTMLInputElement>(id)?.value ?? '').trim())
			.map(([id, label]) => ({
				field: id,
				code: `incomplete_${id}`,
				message: `Your ${label} is incomplete.`
			}));
	}

	function errorsNow(): FieldError[] {
		if (elementType === 'payment') return cardErrors();
		if (elementType === 'address')
			return requiredErrors([
				['name', 'full name'],
				['line1', 'address'],
				['city', 'city'],
				['postal_code', 'postal code']
			]);
		if (elementType === 'linkAuthentication') {
			const email = $<HTMLInputElement>('email')?.value.trim() ?? '';
			return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
				? []
				: [
						{
							field: 'email',
							code: email ? 'invalid_email' : 'incomplete_email',
							message: email
								? 'Your email address is invalid.'
								: 'Your email address is incomplete.'
						}
					];
		}
		return [];
	}

	function isEmpty(): boolean {
		return [...document.querySelectorAll<HTMLInputElement>('input')].every(
			(input) => !input.value.trim()
		);
	}

	const touched = new Set<string>();

	function render(showAll: boolean): FieldError[] {
		const errors = errorsNow();
		for (const node of document.querySelectorAll<HTMLElement>('[data-error-for]')) {
			const field = node.dataset.errorFor ?? '';
			const error = errors.find((e) => e.field === field);
			const visible = error && (showAll || touched.has(field));
			node.textContent = visible ? error.message : '';
			$<HTMLInputElement>(field)?.setAttribute('aria-invalid', visible ? 'true' : 'false');
		}
		return errors;
	}

	function value(): unknown {
		if (elementType === 'payment') return { type: 'card' };
		if (elementType === 'linkAuthentication')
			return { email: $<HTMLInputElement>('email')?.value.trim() ?? '' };
		if (elementType === 'address') {
			const get = (id: string): string => $<HTMLInputElement>(id)?.value.trim() ?? '';
			return {
				name: get('name'),
				address: {
					line1: get('line1'),
					line2: null,
					city: get('city'),
					postal_code: get('postal_code'),
					country: get('country'),
					state: null
				}
			};
		}
		return undefined;
	}

	function emitChange(): void {
		const errors = render(false);
		const shown = errors.find((e) => touched.has(e.field));
		send({
			type: 'change',
			complete: errors.length === 0,
			empty: isEmpty(),
			value: value(),
			...(shown
				? { error: { type: 'validation_error', code: shown.code, message: shown.message } }
				: {})
		});
	}

	function format(input: HTMLInputElement): void {
		if (input.id === 'number') {
			const d = digits(input.value).slice(0, 19);
			input.value = /^3[47]/.test(d)
				? [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ')
				: (d.match(/.{1,4}/g) ?? []).join(' ');
		} else if (input.id === 'expiry') {
			const d = digits(input.value).slice(0, 4);
			input.value = d.length > 2 ? `${d.slice(0, 2)} / ${d.slice(2)}` : d;
		} else if (input.id === 'cvc') input.value = digits(input.value).slice(0, 4);
	}

	for (const input of document.querySelectorAll<HTMLInputElement>('input, select')) {
		input.addEventListener('input', () => {
			if (input instanceof HTMLInputElement) format(input);
			emitChange();
		});
		input.addEventListener('blur', () => {
			touched.add(input.id);
			emitChange();
			send({ type: 'blur' });
		});
		input.addEventListener('focus', () => send({ type: 'focus' }));
	}

	$<HTMLButtonElement>('wallet')?.addEventListener('click', () => {
		send({ type: 'click' });
		send({ type: 'confirm' });
	});

	async function createPaymentMethod(billing: Json): Promise<Json> {
		const body = new URLSearchParams({ type: 'card' });
		if (elementType === 'expressCheckout') {
			body.set('card[number]', '4242424242424242');
			body.set('card[exp_month]', '12');
			body.set('card[exp_year]', String(new Date().getFullYear() + 5));
			body.set('card[cvc]', '123');
		} else {
			const expiry = digits($<HTMLInputElement>('expiry')?.value ?? '');
			body.set('card[number]', digits($<HTMLInputElement>('number')?.value ?? ''));
			body.set('card[exp_month]', String(Number(expiry.slice(0, 2))));
			body.set('card[exp_year]', String(2000 + Number(expiry.slice(2, 4))));
			body.set('card[cvc]', digits($<HTMLInputElement>('cvc')?.value ?? ''));
		}
		for (const [k, v] of Object.entries(billing)) {
			if (v && typeof v === 'object')
				for (const [k2, v2] of Object.entries(v as Json)) {
					if (v2 != null) body.set(`billing_details[${k}][${k2}]`, String(v2));
				}
			else if (v != null) body.set(`billing_details[${k}]`, String(v));
		}
		const response = await fetch(`${window.location.origin}/v1/payment_methods`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${key}`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body
		});
		const json = (await response.json()) as Json;
		return response.ok ? { paymentMethod: json.id } : { error: json.error };
	}

	window.addEventListener('message', (event: MessageEvent) => {
		const data = event.data as Json | null;
		if (
			!data ||
			data.source !== 'nobs-sandbox' ||
			(parentOrigin !== '*' && event.origin !== parentOrigin)
		)
			return;
		const reply = (message: Json): void => send({ replyTo: data.requestId, ...message });
		if (data.type === 'validate') {
			for (const input of document.querySelectorAll<HTMLInputElement>('input'))
				touched.add(input.id);
			const errors = render(true);
			const first = errors[0];
			if (first) $<HTMLInputElement>(first.field)?.focus();
			emitChange();
			reply(
				first
					? { error: { type: 'validation_error', code: first.code, message: first.message } }
					: {}
			);
		} else if (data.type === 'createPaymentMethod') {
			void createPaymentMethod((data.billing_details as Json | undefined) ?? {}).then(reply);
		} else if (data.type === 'update') {
			options = { ...options, ...((data.options as Json | undefined) ?? {}) };
			applyAppearance();
		} else if (data.type === 'focus') document.querySelector<HTMLInputElement>('input')?.focus();
		else if (data.type === 'blur') (document.activeElement as HTMLElement | null)?.blur();
		else if (data.type === 'clear') {
			for (const input of document.querySelectorAll<HTMLInputElement>('input')) input.value = '';
			touched.clear();
			emitChange();
		}
	});

	applyAppearance();
	new ResizeObserver(() =>
		send({
			type: 'resize',
			height: Math.ceil(document.documentElement.getBoundingClientRect().height) + 2
		})
	).observe(document.body);
	send({ type: 'ready' });
}
