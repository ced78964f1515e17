/**
 * The Stripe.js stand-in. This function is never called in Node: the server sends its source
 * (`standIn.toString()`) to the browser, so it must be self-contained — no imports, no outer
 * variables. Types are erased by the compiler, which keeps the browser code type-checked.
 */
export function standIn(embeddedOrigin: string, version: string): void {
	type Json = Record<string, unknown>;
	type Handler = (event: unknown) => void;
	interface StripeErrorShape {
		type: string;
		code?: string;
		message: string;
		decline_code?: string;
		payment_intent?: Json;
		setup_intent?: Json;
	}

	const w = window as unknown as Record<string, unknown>;
	if (typeof w.Stripe === 'function') return;

	// The API lives where this script came from, unless it was served as js.stripe.com (Playwright route).
	let origin = embeddedOrigin;
	const current = document.currentScript as HTMLScriptElement | null;
	if (current?.src) {
		try {
			const url = new URL(current.src);
			if (!/(^|\.)stripe\.com$/.test(url.hostname)) origin = url.origin;
		} catch {
			/* keep the embedded origin */
		}
	}

	class IntegrationError extends Error {
		constructor(message: string) {
			super(message);
			this.name = 'IntegrationError';
		}
	}

	let counter = 0;
	const uid = (): string => `${Date.now().toString(36)}${(counter++).toString(36)}`;
	const pending = new Map<string, (value: Json) => void>();
	const frames = new Map<string, SandboxElement>();

	window.addEventListener('message', (event: MessageEvent) => {
		if (event.origin !== origin) return;
		const data = event.data as Json | null;
		if (!data || data.source !== 'nobs-sandbox') return;
		if (typeof data.replyTo === 'string') {
			const resolve = pending.get(data.replyTo);
			pending.delete(data.replyTo);
			resolve?.(data);
			return;
		}
		const element = typeof data.frame === 'string' ? frames.get(data.frame) : undefined;
		element?.receive(data);
	});

	function ask(frame: HTMLIFrameElement, type: string, payload: Json = {}): Promise<Json> {
		return new Promise((resolve) => {
			const id = uid();
			pending.set(id, resolve);
			frame.contentWindow?.postMessage(
				{ source: 'nobs-sandbox', type, requestId: id, ...payload },
				origin
			);
		});
	}

	async function api(
		key: string,
		method: 'GET' | 'POST',
		path: string,
		params: Record<string, string>
	): Promise<{ status: number; body: Json }> {
		const query = new URLSearchParams(params).toString();
		const response = await fetch(`${origin}${path}${method === 'GET' ? `?${query}` : ''}`, {
			method,
			headers: {
				authorization: `Bearer ${key}`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			...(method === 'POST' ? { body: query } : {})
		});
		return { status: response.status, body: (await response.json()) as Json };
	}

	function flatten(
		prefix: string,
		value: unknown,
		out: Record<string, string>
	): Record<string, string> {
		if (value === undefined || value === null) return out;
		if (typeof value === 'object') {
			for (const [k, v] of Object.entries(value as Json))
				flatten(prefix ? `${prefix}[${k}]` : k, v, out);
		} else out[prefix] = String(value);
		return out;
	}

	const ELEMENT_TYPES = ['payment', 'address', 'linkAuthentication', 'expressCheckout'];

	class SandboxElement {
		readonly id = uid();
		iframe: HTMLIFrameElement | null = null;
		private readonly handlers = new Map<string, Set<Handler>>();
		destroyed = false;
		complete = false;
		empty = true;
		value: unknown = undefined;

		constructor(
			readonly group: SandboxElements,
			readonly type: string,
			public options: Json
		) {
			frames.set(this.id, this);
		}

		mount = (target: string | HTMLElement): void => {
			if (this.destroyed)
				throw new IntegrationError(
					'This Element has already been destroyed. Please create a new one.'
				);
			const container =
				typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
			if (!container)
				throw new IntegrationError(
					`The selector you specified (${String(target)}) applies to no DOM elements that are currently on the page.`
				);
			if (this.iframe) this.unmount();
			const query = new URLSearchParams({
				frame: this.id,
				key: this.group.key,
				parent: window.location.origin,
				options: JSON.stringify({ ...this.group.options, ...this.options })
			});
			const iframe = document.createElement('iframe');
			iframe.src = `${origin}/elements/${this.type}?${query}`;
			iframe.title =
				this.type === 'payment' ? 'Secure payment input frame' : `Secure ${this.type} input frame`;
			iframe.name = `__privateStripeFrame${this.id}`;
			iframe.setAttribute('allow', 'payment *');
			iframe.setAttribute('frameborder', '0');
			iframe.style.cssText =
				'border:0;width:100%;display:block;height:' +
				(this.type === 'expressCheckout' ? '48px' : '240px') +
				';color-scheme:normal;';
			container.appendChild(iframe);
			this.iframe = iframe;
		};

		unmount = (): void => {
			this.iframe?.remove();
			this.iframe = null;
		};

		destroy = (): void => {
			this.unmount();
			this.destroyed = true;
			frames.delete(this.id);
			this.group.forget(this);
		};

		on = (event: string, handler: Handler): SandboxElement => {
			if (!this.handlers.has(event)) this.handlers.set(event, new Set());
			this.handlers.get(event)?.add(handler);
			return this;
		};

		once = (event: string, handler: Handler): SandboxElement => {
			const wrapped: Handler = (e) => {
				this.off(event, wrapped);
				handler(e);
			};
			return this.on(event, wrapped);
		};

		off = (event: string, handler?: Handler): SandboxElement => {
			if (handler) this.handlers.get(event)?.delete(handler);
			else this.handlers.delete(event);
			return this;
		};

		update = (options: Json): void => {
			this.options = { ...this.options, ...options };
			this.post('update', { options: { ...this.group.options, ...this.options } });
		};

		focus = (): void => this.post('focus');
		blur = (): void => this.post('blur');
		clear = (): void => this.post('clear');
		collapse = (): void => undefined;

		post(type: string, payload: Json = {}): void {
			this.iframe?.contentWindow?.postMessage({ source: 'nobs-sandbox', type, ...payload }, origin);
		}

		emit(event: string, payload: unknown): void {
			for (const handler of [...(this.handlers.get(event) ?? [])]) handler(payload);
		}

		receive(data: Json): void {
			if (data.type === 'resize' && this.iframe)
				this.iframe.style.height = `${Number(data.height)}px`;
			else if (data.type === 'ready') this.emit('ready', { elementType: this.type });
			else if (data.type === 'focus' || data.type === 'blur')
				this.emit(data.type, { elementType: this.type });
			else if (data.type === 'change') {
				this.complete = data.complete === true;
				this.empty = data.empty === true;
				this.value = data.value;
				this.emit('change', {
					elementType: this.type,
					complete: this.complete,
					empty: this.empty,
					collapsed: false,
					value: data.value,
					...(data.error ? { error: data.error } : {})
				});
			} else if (data.type === 'click') {
				this.emit('click', {
					elementType: this.type,
					expressPaymentType: 'sandbox',
					resolve: () => undefined,
					reject: () => undefined
				});
			} else if (data.type === 'confirm') {
				this.group.expressElement = this;
				this.emit('confirm', {
					elementType: this.type,
					expressPaymentType: 'sandbox',
					billingDetails: { name: 'Sandbox Wallet', email: null },
					paymentFailed: () => undefined
				});
			}
		}
	}

	class SandboxElements {
		private readonly elements = new Map<string, SandboxElement>();
		submitted = false;
		expressElement: SandboxElement | null = null;

		constructor(
			readonly key: string,
			public options: Json
		) {}

		create = (type: string, options: Json = {}): SandboxElement => {
			if (!ELEMENT_TYPES.includes(type))
				throw new IntegrationError(
					`A valid Element name must be provided. Valid Elements are: ${ELEMENT_TYPES.join(', ')}; you passed: ${type}.`
				);
			// Stripe.js allows one Element of each type per Elements group.
			if (this.elements.has(type))
				throw new IntegrationError(`Can only create one Element of type ${type}.`);
			const element = new SandboxElement(this, type, options);
			this.elements.set(type, element);
			return element;
		};

		getElement = (type: string): SandboxElement | null => this.elements.get(type) ?? null;

		forget(element: SandboxElement): void {
			if (this.elements.get(element.type) === element) this.elements.delete(element.type);
		}

		update = (options: Json): void => {
			this.options = { ...this.options, ...options };
			this.submitted = false;
			for (const element of this.elements.values())
				element.post('update', { options: { ...this.options, ...element.options } });
		};

		fetchUpdates = async (): Promise<Json> => ({});

		/** Validates every mounted input Element, showing errors inside the frames, as Stripe.js does. */
		submit = async (): Promise<{ error?: StripeErrorShape }> => {
			if (this.expressElement) {
				this.submitted = true;
				return {};
			}
			const payment = this.elements.get('payment');
			if (!payment?.iframe)
				return {
					error: {
						type: 'validation_error',
						code: 'incomplete',
						message: 'The payment Element is not mounted.'
					}
				};
			for (const element of this.elements.values()) {
				if (!element.iframe || element.type === 'expressCheckout') continue;
				const reply = await ask(element.iframe, 'validate');
				if (reply.error) return { error: reply.error as StripeErrorShape };
			}
			this.submitted = true;
			return {};
		};

		async createPaymentMethod(
			billing: unknown
		): Promise<{ id?: string; error?: StripeErrorShape }> {
			const source = this.expressElement ?? this.elements.get('payment');
			if (!source?.iframe)
				return {
					error: {
						type: 'invalid_request_error',
						message: 'Mount a payment Element before confirming.'
					}
				};
			const address = this.elements.get('address');
			const email = this.elements.get('linkAuthentication');
			const details: Json = { ...((billing as Json | undefined) ?? {}) };
			const addressValue = address?.value as { name?: string; address?: Json } | undefined;
			if (addressValue?.name && !details.name) details.name = addressValue.name;
			if (addressValue?.address && !details.address) details.address = addressValue.address;
			const emailValue = email?.value as { email?: string } | undefined;
			if (emailValue?.email && !details.email) details.email = emailValue.email;
			const reply = await ask(source.iframe, 'createPaymentMethod', { billing_details: details });
			this.expressElement = null;
			return reply.error
				? { error: reply.error as StripeErrorShape }
				: { id: String(reply.paymentMethod) };
		}
	}

	/** Shows the sandbox challenge in a modal iframe and resolves once the shopper chooses. */
	function challenge(url: string): Promise<void> {
		return new Promise((resolve) => {
			const overlay = document.createElement('div');
			overlay.setAttribute('data-nobs-sandbox-challenge', '');
			overlay.style.cssText =
				'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;';
			const frame = document.createElement('iframe');
			frame.title = '3D Secure authentication';
			frame.src = `${url}${url.includes('?') ? '&' : '?'}embedded=1`;
			frame.style.cssText =
				'width:min(420px,95vw);height:min(520px,90vh);border:0;border-radius:8px;background:#fff;';
			overlay.appendChild(frame);
			document.body.appendChild(overlay);
			const listener = (event: MessageEvent): void => {
				const data = event.data as Json | null;
				if (
					event.origin !== origin ||
					!data ||
					data.source !== 'nobs-sandbox' ||
					data.type !== 'challenge-complete'
				)
					return;
				window.removeEventListener('message', listener);
				overlay.remove();
				resolve();
			};
			window.addEventListener('message', listener);
		});
	}

	function nextActionUrl(intent: Json): string | null {
		const action = intent.next_action as Json | null;
		if (!action) return null;
		const sdk = action.use_stripe_sdk as Json | undefined;
		const redirect = action.redirect_to_url as Json | undefined;
		return (sdk?.stripe_js as string | undefined) ?? (redirect?.url as string | undefined) ?? null;
	}

	function createStripe(key: unknown, stripeOptions: Json = {}): Json {
		if (typeof key !== 'string' || !/^pk_(test|live)_/.test(key))
			throw new IntegrationError(
				`Invalid value for Stripe(): apiKey should be a publishable key (pk_test_...). You specified: ${String(key)}.`
			);
		void stripeOptions;

		async function confirmIntent(
			kind: 'payment_intents' | 'setup_intents',
			params: Json
		): Promise<Json> {
			const elements = params.elements as SandboxElements | undefined;
			const confirmParams = (params.confirmParams as Json | undefined) ?? {};
			const redirect = (params.redirect as string | undefined) ?? 'always';
			const clientSecret =
				(params.clientSecret as string | undefined) ??
				(elements?.options.clientSecret as string | undefined);
			const name = kind === 'payment_intents' ? 'confirmPayment' : 'confirmSetup';
			if (!clientSecret)
				throw new IntegrationError(`stripe.${name}(): the \`clientSecret\` argument is required.`);
			const returnUrl = confirmParams.return_url as string | undefined;
			if (redirect !== 'if_required' && !returnUrl)
				throw new IntegrationError(
					`stripe.${name}(): the \`confirmParams.return_url\` argument is required unless passing \`redirect: 'if_required'\``
				);
			const intentId = clientSecret.split('_secret_')[0] ?? '';
			const single = kind === 'payment_intents' ? 'paymentIntent' : 'setupIntent';
			const body: Record<string, string> = { client_secret: clientSecret, use_stripe_sdk: 'true' };
			if (returnUrl) body.return_url = returnUrl;
			if (typeof confirmParams.payment_method === 'string')
				body.payment_method = confirmParams.payment_method;
			else if (elements) {
				// The deferred flow insists on submit() first, so validation errors show before the server is called.
				if (elements.options.mode && !elements.submitted)
					throw new IntegrationError(
						`elements.submit() must be called before stripe.${name}(). Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work.`
					);
				if (!elements.options.mode) {
					const checked = await elements.submit();
					if (checked.error) return { error: checked.error };
				}
				const pmData = confirmParams.payment_method_data as Json | undefined;
				const created = await elements.createPaymentMethod(pmData?.billing_details);
				if (created.error) return { error: created.error };
				body.payment_method = created.id as string;
			}
			for (const field of ['receipt_email', 'setup_future_usage', 'save_payment_method'])
				if (typeof confirmParams[field] === 'string') body[field] = confirmParams[field] as string;
			if (confirmParams.shipping) flatten('shipping', confirmParams.shipping, body);
			const confirmed = await api(key as string, 'POST', `/v1/${kind}/${intentId}/confirm`, body);
			if (confirmed.status >= 400) return { error: confirmed.body.error };
			let intent = confirmed.body;
			if (intent.status === 'requires_action') {
				const url = nextActionUrl(intent);
				if (url) await challenge(url);
				const retrieved = await api(key as string, 'GET', `/v1/${kind}/${intentId}`, {
					client_secret: clientSecret
				});
				intent = retrieved.body;
			}
			const error = (intent.last_payment_error ?? intent.last_setup_error) as
				Json | null | undefined;
			if (intent.status === 'requires_payment_method' && error)
				return {
					error: {
						...error,
						[kind === 'payment_intents' ? 'payment_intent' : 'setup_intent']: intent
					}
				};
			if (redirect === 'if_required') return { [single]: intent };
			const target = new URL(returnUrl as string, window.location.href);
			target.searchParams.set(
				kind === 'payment_intents' ? 'payment_intent' : 'setup_intent',
				String(intent.id)
			);
			target.searchParams.set(
				kind === 'payment_intents' ? 'payment_intent_client_secret' : 'setup_intent_client_secret',
				clientSecret
			);
			target.searchParams.set(
				'redirect_status',
				intent.status === 'succeeded' ||
					intent.status === 'processing' ||
					intent.status === 'requires_capture'
					? 'succeeded'
					: 'failed'
			);
			window.location.assign(target.toString());
			// Stripe.js never resolves once it has navigated away.
			return new Promise<Json>(() => undefined);
		}

		async function retrieve(
			kind: 'payment_intents' | 'setup_intents',
			clientSecret: string
		): Promise<Json> {
			const id = clientSecret.split('_secret_')[0] ?? '';
			const result = await api(key as string, 'GET', `/v1/${kind}/${id}`, {
				client_secret: clientSecret
			});
			if (result.status >= 400) return { error: result.body.error };
			return { [kind === 'payment_intents' ? 'paymentIntent' : 'setupIntent']: result.body };
		}

		async function embeddedCheckout(options: Json): Promise<Json> {
			const fetchSecret = options.fetchClientSecret as (() => Promise<string>) | undefined;
			const secret =
				(options.clientSecret as string | undefined) ??
				(fetchSecret ? await fetchSecret() : undefined);
			if (!secret)
				throw new IntegrationError(
					'initEmbeddedCheckout: pass `fetchClientSecret` or `clientSecret`.'
				);
			const sessionId = secret.split('_secret_')[0] ?? '';
			let frame: HTMLIFrameElement | null = null;
			const onMessage = (event: MessageEvent): void => {
				const data = event.data as Json | null;
				if (
					event.origin !== origin ||
					!data ||
					data.source !== 'nobs-sandbox' ||
					data.session !== sessionId
				)
					return;
				if (data.type === 'checkout-complete') {
					const onComplete = options.onComplete as (() => void) | undefined;
					if (onComplete) onComplete();
					else if (typeof data.returnUrl === 'string') window.location.assign(data.returnUrl);
				}
			};
			window.addEventListener('message', onMessage);
			return {
				mount: (target: string | HTMLElement) => {
					const container =
						typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
					if (!container)
						throw new IntegrationError('initEmbeddedCheckout: mount target not found.');
					frame = document.createElement('iframe');
					frame.title = 'Embedded checkout';
					frame.src = `${origin}/c/pay/${sessionId}?embedded=1&client_secret=${encodeURIComponent(secret)}`;
					frame.style.cssText = 'border:0;width:100%;height:640px;';
					container.appendChild(frame);
				},
				unmount: () => {
					frame?.remove();
					frame = null;
				},
				destroy: () => {
					frame?.remove();
					frame = null;
					window.removeEventListener('message', onMessage);
				}
			};
		}

		return {
			elements: (options: Json = {}) => new SandboxElements(key, options),
			confirmPayment: (params: Json) => confirmIntent('payment_intents', params),
			confirmSetup: (params: Json) => confirmIntent('setup_intents', params),
			retrievePaymentIntent: (clientSecret: string) => retrieve('payment_intents', clientSecret),
			retrieveSetupIntent: (clientSecret: string) => retrieve('setup_intents', clientSecret),
			confirmCardPayment: async (clientSecret: string, data: Json = {}) => {
				const id = clientSecret.split('_secret_')[0] ?? '';
				const body: Record<string, string> = {
					client_secret: clientSecret,
					use_stripe_sdk: 'true'
				};
				if (typeof data.payment_method === 'string') body.payment_method = data.payment_method;
				const confirmed = await api(key, 'POST', `/v1/payment_intents/${id}/confirm`, body);
				if (confirmed.status >= 400) return { error: confirmed.body.error };
				if (confirmed.body.status === 'requires_action') {
					const url = nextActionUrl(confirmed.body);
					if (url) await challenge(url);
				}
				const final = await retrieve('payment_intents', clientSecret);
				const pi = final.paymentIntent as Json | undefined;
				if (pi?.status === 'requires_payment_method' && pi.last_payment_error)
					return { error: { ...(pi.last_payment_error as Json), payment_intent: pi } };
				return final;
			},
			handleNextAction: async ({ clientSecret }: { clientSecret: string }) => {
				const kind = clientSecret.startsWith('seti_') ? 'setup_intents' : 'payment_intents';
				const current = await retrieve(kind, clientSecret);
				const intent = (current.paymentIntent ?? current.setupIntent) as Json | undefined;
				const url = intent ? nextActionUrl(intent) : null;
				if (url) await challenge(url);
				return retrieve(kind, clientSecret);
			},
			createPaymentMethod: async (params: Json) => {
				const elements = params.elements as SandboxElements | undefined;
				if (!elements) throw new IntegrationError('stripe.createPaymentMethod(): pass `elements`.');
				const created = await elements.createPaymentMethod(
					(params.params as Json | undefined)?.billing_details
				);
				if (created.error) return { error: created.error };
				const result = await api(key, 'GET', `/v1/payment_methods/${created.id as string}`, {});
				return { paymentMethod: result.body };
			},
			// `createEmbeddedCheckoutPage` is the current name (@stripe/stripe-js 10); `initEmbeddedCheckout` the older one.
			createEmbeddedCheckoutPage: embeddedCheckout,
			initEmbeddedCheckout: embeddedCheckout,
			registerAppInfo: () => undefined,
			_registerWrapper: () => undefined
		};
	}

	const Stripe = function Stripe(key: unknown, options?: Json) {
		return createStripe(key, options);
	} as unknown as ((key: unknown, options?: Json) => Json) & { version: string };
	Stripe.version = version;
	w.Stripe = Stripe;
}

/** The script body the sandbox serves at `/v3/stripe.js`. */
export function stripeJsSource(origin: string): string {
	// Some bundlers (esbuild with keepNames) wrap functions in a `__name` helper; define a no-op.
	return `/* NOBS Pay sandbox: Stripe.js stand-in for offline tests. Not Stripe.js. */\n;(function(){var __name=function(f){return f};(${standIn.toString()})(${JSON.stringify(origin)}, "endive");})();\n`;
}
