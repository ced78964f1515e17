import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { freshDatabase } from '../scripts/e2e-database.mjs';
import { expect, test } from './support/fixtures';
import {
	collectOutput,
	freePort,
	START_CEILING_MS,
	stopProcess,
	waitUntilAnswering
} from './support/stack';

const START_SCRIPT = new URL('../scripts/start.mjs', import.meta.url).pathname;

test('in sandbox mode `pnpm start` listens on loopback only, so /dev/mail is not on the network', async ({
	stack: { driver }
}) => {
	test.setTimeout(START_CEILING_MS + 60_000);
	const database = await freshDatabase({ driver, name: 'nobs_e2e_start' });
	const [port, sandboxPort] = [await freePort(), await freePort()];
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		SANDBOX_PORT: String(sandboxPort),
		ORIGIN: `http://127.0.0.1:${port}`
	};
	for (const [key, value] of Object.entries(database.env)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	// Sandbox mode, and no HOST: the default is what is under test.
	delete env.STRIPE_SECRET_KEY;
	delete env.HOST;
	const child = spawn(process.execPath, [START_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const output = collectOutput(child);
	try {
		await waitUntilAnswering(`http://127.0.0.1:${port}/`, child, output);
		expect(output()).toContain(`Listening on http://127.0.0.1:${port}`);
		const external = Object.values(networkInterfaces())
			.flat()
			.find((address) => address && !address.internal && address.family === 'IPv4');
		if (external) {
			await expect(fetch(`http://${external.address}:${port}/dev/mail.json`)).rejects.toThrow();
		}
	} finally {
		await stopProcess(child);
		await database.drop();
	}
});
