// Runs a command (`vite dev`, `node build`) against the offline sandbox: starts it, then passes
// the app everything it needs through the environment, exactly the variables of .env.example.
// Usage: node scripts/with-sandbox.mjs <command...>   (PORT and ORIGIN are read if set)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startSandbox } from '@nobs-pay/sandbox';

const [command, ...args] = process.argv.slice(2);
if (!command) {
	console.error('Usage: node scripts/with-sandbox.mjs <command...>');
	process.exit(2);
}

const origin = process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 5173}`;
const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
const sandbox = await startSandbox({
	webhooks: [{ url: `${origin}/api/stripe/webhook`, secret: webhookSecret }]
});
console.log(`Sandbox at ${sandbox.url}; pay with 4242 4242 4242 4242.`);

const child = spawn(command, args, {
	stdio: 'inherit',
	env: {
		...process.env,
		ORIGIN: origin,
		STRIPE_SECRET_KEY: sandbox.secretKey,
		STRIPE_WEBHOOK_SECRET: webhookSecret,
		STRIPE_API_BASE: sandbox.url,
		PUBLIC_STRIPE_PUBLISHABLE_KEY: sandbox.publishableKey,
		PUBLIC_STRIPE_JS_URL: sandbox.stripeJsUrl
	}
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => child.kill(signal));
}
child.on('exit', async (code, signal) => {
	await sandbox.stop();
	process.exit(code ?? (signal ? 1 : 0));
});
