// Starts the built marketplace (adapter-node). Without STRIPE_SECRET_KEY it first starts the
// offline sandbox and points the app at it purely through configuration: the Stripe API URL,
// the Stripe.js URL, the keys and a webhook secret. With real test-mode keys (and
// STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET) it runs against Stripe unchanged, listening where
// adapter-node does by default (HOST, else 0.0.0.0); in sandbox mode it listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appNodeFlags } from './node-flags.mjs';

const app = new URL('../build/index.js', import.meta.url).pathname;
if (!existsSync(app)) {
	console.error('The marketplace is not built: run `pnpm --filter marketplace build` first.');
	process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
const env = {
	...process.env,
	PORT: String(port),
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`
};

let sandbox;
if (!env.STRIPE_SECRET_KEY) {
	const { startSandbox } = await import('@nobs-pay/sandbox');
	// A fixed secret may be given (tests sign their own deliveries); otherwise a fresh one per start.
	const secret = env.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString('base64url')}`;
	sandbox = await startSandbox({
		port: Number(process.env.SANDBOX_PORT ?? 12111),
		// A fixed key may be given (the end-to-end tests call the sandbox themselves); otherwise a fresh one.
		...(process.env.SANDBOX_SECRET_KEY ? { secretKey: process.env.SANDBOX_SECRET_KEY } : {}),
		webhooks: [{ url: `http://127.0.0.1:${port}/api/stripe/webhook`, secret }]
	});
	Object.assign(env, {
		STRIPE_SECRET_KEY: sandbox.secretKey,
		STRIPE_PUBLISHABLE_KEY: sandbox.publishableKey,
		STRIPE_WEBHOOK_SECRET: secret,
		STRIPE_API_URL: sandbox.url,
		STRIPE_JS_URL: sandbox.stripeJsUrl,
		NOBS_SANDBOX: '1',
		// The development mailbox (/dev/mail.json) shows every buyer's license key and links: in
		// sandbox mode the app listens on this machine only, unless HOST asks for more.
		HOST: env.HOST ?? '127.0.0.1'
	});
	console.log(`Sandbox: ${sandbox.url} (no Stripe account needed; pay with 4242 4242 4242 4242)`);
}

const server = spawn(process.execPath, [...appNodeFlags({ embedded: !env.DATABASE_URL }), app], {
	env,
	stdio: 'inherit'
});
console.log(`Marketplace: ${env.ORIGIN}`);

async function stop(signal) {
	server.kill(signal);
	await sandbox?.stop();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.on('exit', async (code) => {
	await sandbox?.stop();
	process.exit(code ?? 0);
});
