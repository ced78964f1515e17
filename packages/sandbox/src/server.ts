import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { billingPageRoutes } from './billing-pages.js';
import { pageRoutes, type PageRoute } from './pages.js';
import { API_ROUTES, compile, match } from './routes.js';
import { API_VERSION, type Engine } from './state/engine.js';
import { newId } from './state/store.js';
import { withoutIgnored } from './wire/accepted.js';
import { invalidRequest, StripeApiError, unknownUrl } from './wire/errors.js';
import { parseForm, type FormObject } from './wire/form.js';
import { toStripeError } from './wire/params.js';

const MAX_BODY_BYTES = 1_000_000;

const PAGE_ROUTES = compile<PageRoute>([...pageRoutes, ...billingPageRoutes]);

/** Browser-facing answers (the stand-in, iframes, hosted pages, publishable-key calls) are cross-origin. */
const CORS_HEADERS = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
	'access-control-allow-headers':
		'authorization, content-type, idempotency-key, stripe-version, stripe-account',
	'access-control-expose-headers': 'request-id, idempotent-replayed',
	'access-control-max-age': '600'
};

type Credential = { kind: 'secret' | 'publishable'; key: string };

/** Which keys the sandbox answers to. */
export interface KeyPolicy {
	secretKey: string;
	publishableKey: string;
	/** Accept any `sk_test_`/`rk_test_` and `pk_test_` key, as the sandbox did before keys were checked. */
	anyKey: boolean;
}

/** Stripe shows the first 8 and last 4 characters of a refused key and masks the rest. */
const maskKey = (key: string): string =>
	key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : '****';

function credential(req: IncomingMessage, keys: KeyPolicy): Credential | StripeApiError {
	const header = req.headers.authorization ?? '';
	let key = '';
	if (header.startsWith('Bearer ')) key = header.slice(7).trim();
	else if (header.startsWith('Basic '))
		key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
	if (!key)
		return new StripeApiError(401, {
			type: 'invalid_request_error',
			message:
				"You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
		});
	if (key === keys.secretKey) return { kind: 'secret', key };
	if (key === keys.publishableKey) return { kind: 'publishable', key };
	if (keys.anyKey) {
		if (/^(sk|rk)_test_[A-Za-z0-9_]{1,250}$/.test(key)) return { kind: 'secret', key };
		if (/^pk_test_[A-Za-z0-9_]{1,250}$/.test(key)) return { kind: 'publishable', key };
	}
	return new StripeApiError(401, {
		type: 'invalid_request_error',
		message: `Invalid API Key provided: ${maskKey(key)}`
	});
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(
					new StripeApiError(413, {
						type: 'invalid_request_error',
						message: 'Request body too large.'
					})
				);
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const controlSchemas = {
	advance: z
		.object({
			seconds: z
				.number()
				.int()
				.min(0)
				.max(10 * 365 * 86_400)
		})
		.strict(),
	webhook: z.object({ url: z.url().max(2048), secret: z.string().min(1).max(500) }).strict()
};

/** What the sandbox process exposes beyond Stripe's API, for tests run from another process. */
function control(engine: Engine, method: string, pathname: string, body: string): unknown {
	const json = (): unknown => {
		if (!body.trim()) return {};
		try {
			return JSON.parse(body) as unknown;
		} catch {
			throw invalidRequest('Invalid JSON body.');
		}
	};
	const parse = <S extends z.ZodType>(schema: S): z.output<S> => {
		const result = schema.safeParse(json());
		if (!result.success) throw toStripeError(result.error);
		return result.data;
	};
	if (method === 'GET' && pathname === '/_sandbox/health')
		return {
			ok: true,
			now: engine.now(),
			objects: engine.objectCount(),
			pending_webhooks: engine.webhooks.pendingCount,
			rss_bytes: process.memoryUsage().rss,
			// CPU time the process has used, so a benchmark can report cost per request under load.
			cpu_ms: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
			// maxRSS is in kilobytes: the peak resident memory of this process so far.
			peak_rss_bytes: process.resourceUsage().maxRSS * 1024
		};
	if (method === 'GET' && pathname === '/_sandbox/requests')
		return { object: 'list', data: [...engine.requestLog].reverse() };
	if (method === 'POST' && pathname === '/_sandbox/reset') {
		engine.reset();
		return { ok: true };
	}
	if (method === 'POST' && pathname === '/_sandbox/clock/advance')
		return { ok: true, now: engine.clock.advance(parse(controlSchemas.advance).seconds) };
	if (method === 'POST' && pathname === '/_sandbox/webhooks') {
		engine.addWebhook(parse(controlSchemas.webhook));
		return { ok: true, endpoints: engine.webhooks.endpoints.length };
	}
	throw unknownUrl(method, pathname);
}

function send(
	res: ServerResponse,
	status: number,
	body: string | Uint8Array,
	headers: Record<string, string>
): void {
	if (res.headersSent) return;
	res.writeHead(status, {
		...CORS_HEADERS,
		...headers,
		'content-length': String(Buffer.byteLength(body))
	});
	res.end(body);
}

async function handle(
	engine: Engine,
	keys: KeyPolicy,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	const requestId = newId('req_', 14);
	const method = req.method ?? 'GET';
	const asked = req.headers['stripe-version'];
	const stripeVersion = typeof asked === 'string' && asked ? asked.slice(0, 100) : null;
	// Stripe answers in the version the request asked for; objects keep one shape here.
	const jsonHeaders = {
		'content-type': 'application/json',
		'request-id': requestId,
		'stripe-version': stripeVersion ?? API_VERSION
	};
	let pathname = '/';
	const answer = (
		status: number,
		body: string,
		headers: Record<string, string> = jsonHeaders
	): void => {
		if (pathname.startsWith('/v1/'))
			engine.recordRequest({
				id: requestId,
				method,
				path: pathname,
				status,
				stripe_version: stripeVersion,
				created: engine.now()
			});
		send(res, status, body, headers);
	};
	const fail = (error: StripeApiError): void =>
		answer(error.status, JSON.stringify(error.toJSON(), null, 2));
	try {
		const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
		pathname = url.pathname;
		if (method === 'OPTIONS') return send(res, 204, '', {});
		const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);

		if (!pathname.startsWith('/v1/') && !pathname.startsWith('/_sandbox/')) {
			const found = match(PAGE_ROUTES, method, pathname);
			if (!found || found === 'wrong-method') throw unknownUrl(method, pathname);
			const form = method === 'POST' ? parseForm(body) : {};
			const page = await found.route.handler({
				engine,
				path: found.path,
				query: url.searchParams,
				form
			});
			return send(res, page.status ?? 200, page.body, {
				'content-type': page.type,
				...(page.headers ?? {})
			});
		}

		const who = credential(req, keys);
		if (who instanceof StripeApiError) return fail(who);

		if (pathname.startsWith('/_sandbox/')) {
			if (who.kind !== 'secret')
				throw new StripeApiError(401, {
					type: 'invalid_request_error',
					message: 'The sandbox control API needs the secret key.'
				});
			return send(res, 200, JSON.stringify(control(engine, method, pathname, body)), jsonHeaders);
		}

		const found = match(API_ROUTES, method, pathname);
		if (!found || found === 'wrong-method') throw unknownUrl(method, pathname);
		if (who.kind === 'publishable' && !found.route.publishable)
			throw new StripeApiError(403, {
				type: 'invalid_request_error',
				message:
					'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.'
			});

		const idempotencyKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
		const key = typeof idempotencyKey === 'string' && idempotencyKey ? idempotencyKey : undefined;
		const fingerprint = key
			? createHash('sha256').update(`${who.kind}\n${method}\n${pathname}\n${body}`).digest('hex')
			: '';
		if (key) {
			if (key.length > 255)
				throw invalidRequest('Idempotency keys can be at most 255 characters long.', {
					param: 'Idempotency-Key'
				});
			const seen = engine.idempotency.get(key);
			if (seen) {
				if (seen.fingerprint !== fingerprint)
					throw new StripeApiError(400, {
						type: 'idempotency_error',
						message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
					});
				return answer(seen.status, seen.body, { ...jsonHeaders, 'idempotent-replayed': 'true' });
			}
		}

		// POST carries parameters in the body; GET and DELETE in the query (or, for DELETE, either).
		const params: FormObject =
			method === 'POST' || (method === 'DELETE' && body.trim() !== '')
				? parseForm(body)
				: parseForm(url.search.slice(1));
		let status = 200;
		let responseBody: string;
		engine.currentRequest = { id: requestId, idempotency_key: key ?? null };
		try {
			responseBody = JSON.stringify(
				found.route.handler({
					engine,
					params: withoutIgnored(`${method} ${found.route.path}`, params),
					path: found.path,
					auth: who.kind,
					stripeVersion
				})
			);
		} catch (error) {
			if (!(error instanceof StripeApiError)) throw error;
			status = error.status;
			responseBody = JSON.stringify(error.toJSON());
		} finally {
			engine.currentRequest = { id: null, idempotency_key: null };
		}
		// Stripe stores the first answer, errors included, and replays it for the same key.
		if (key) engine.rememberIdempotent(key, { fingerprint, status, body: responseBody });
		return answer(status, responseBody);
	} catch (error) {
		if (error instanceof StripeApiError) return fail(error);
		// A bug in the sandbox must never take the process down; say so as Stripe does.
		console.error('[nobs-pay-sandbox] unexpected error', error);
		return fail(
			new StripeApiError(500, {
				type: 'api_error',
				message: 'An unexpected error occurred in the sandbox.'
			})
		);
	}
}

export function createSandboxServer(engine: Engine, keys: KeyPolicy): Server {
	const server = createServer((req, res) => {
		void handle(engine, keys, req, res);
	});
	// Keep-alive connections let the SDK reuse sockets, which matters for throughput.
	server.keepAliveTimeout = 30_000;
	return server;
}
