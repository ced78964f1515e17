import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { Redis } from 'ioredis';
import { freshDatabase } from '../scripts/e2e-database.mjs';
import { createApiKeys, type ApiKeys } from '../src/lib/server/api/api-keys';
import { redisKeyBus, type KeyBus } from '../src/lib/server/api/key-bus';
import { openDatabase, type Database } from '../src/lib/server/db';
import { SANDBOX_SECRET_KEY } from './support/env';
import { expect, test } from './support/fixtures';
import { freePort, START_CEILING_MS, startApp, type AppProcess } from './support/stack';

// Two built app processes on one PostgreSQL database and one Redis, as a deploy with two
// instances runs. Needs both services (CI sets DATABASE_URL and REDIS_URL and refuses to run
// without them); each project runs it on its own fresh PostgreSQL database.
const services = process.env.DATABASE_URL && process.env.REDIS_URL;

let cleanup: (() => Promise<void>)[] = [];
test.afterEach(async () => {
	for (const step of cleanup.reverse()) await step();
	cleanup = [];
});

if (services) {
	test('two instances share one per-minute limit, one revocation and one Idempotency-Key', async ({
		stack: { driver }
	}) => {
		test.setTimeout(2 * START_CEILING_MS + 120_000);
		const database = await freshDatabase({
			driver: 'postgres',
			name: `nobs_e2e_api_two_${driver}`
		});
		cleanup.push(() => database.drop());
		const sandbox: Sandbox = await startSandbox({ secretKey: SANDBOX_SECRET_KEY });
		cleanup.push(() => sandbox.stop());
		const prefix = `nobs_e2e_api_${driver}_${Date.now()}`;
		const env = { API_DEV_PLAN: 'api-pro', RATE_LIMIT_PREFIX: prefix };
		const apps: AppProcess[] = [];
		for (let i = 0; i < 2; i++) {
			const app = await startApp({
				port: await freePort(),
				sandbox,
				databaseEnv: database.env,
				env
			});
			cleanup.push(async () => void (await app.stop()));
			apps.push(app);
		}

		// Keys come from the server module, as /account/api makes them; revocations go out through
		// the same Redis channel the apps listen on.
		const db: Database = await openDatabase({ url: database.env.DATABASE_URL });
		const redis = new Redis(process.env.REDIS_URL!);
		const bus: KeyBus = redisKeyBus(redis, `${prefix}:api-keys:revoked`);
		const keys: ApiKeys = createApiKeys({ db: db.db, mode: 'test', bus });
		cleanup.push(async () => {
			keys.close();
			await bus.close();
			await redis.quit();
			await db.close();
		});
		const key = async (accountId: string) =>
			keys.create({ accountId, name: 'e2e', expiresInDays: null });
		const call = (app: AppProcess, secret: string, path: string, init: RequestInit = {}) =>
			fetch(`${app.origin}/api/v1${path}`, {
				...init,
				headers: {
					authorization: `Bearer ${secret}`,
					'content-type': 'application/json',
					...init.headers
				}
			});

		// Pro allows 60 requests a minute: 90 at once, split over both instances, let 60 through.
		const limited = await key('acct_e2e_limit');
		const statuses = await Promise.all(
			Array.from({ length: 90 }, (_, i) =>
				call(apps[i % 2]!, limited.secret, '/products').then((r) => r.status)
			)
		);
		expect(statuses.filter((status) => status === 200)).toHaveLength(60);
		expect(statuses.filter((status) => status === 429)).toHaveLength(30);
		const refused = await call(apps[0]!, limited.secret, '/products');
		expect(refused.status).toBe(429);
		expect(refused.headers.get('ratelimit-policy')).toContain('"minute";q=60;w=60');
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

		// The usage count equals the successful calls, whichever instance served them (each writes
		// its counts every second). The usage calls count too, once the minute has passed.
		const other = await key('acct_e2e_limit');
		let usageCalls = 0;
		await expect
			.poll(
				async () => {
					const usage = await call(apps[1]!, other.secret, '/usage');
					if (usage.status !== 200) return usage.status;
					usageCalls++;
					return ((await usage.json()) as { total: number }).total - usageCalls;
				},
				{ timeout: 120_000, intervals: [1_000] }
			)
			.toBe(60);

		// A revoked key is refused by both within one second.
		const revoked = await key('acct_e2e_revoke');
		for (const app of apps) expect((await call(app, revoked.secret, '/products')).status).toBe(200);
		await keys.revoke('acct_e2e_revoke', revoked.key.id);
		const since = Date.now();
		await expect
			.poll(
				async () =>
					Promise.all(
						apps.map(async (app) => (await call(app, revoked.secret, '/products')).status)
					),
				{
					timeout: 1_000,
					intervals: [20]
				}
			)
			.toEqual([401, 401]);
		expect(Date.now() - since).toBeLessThan(1_000);

		// The same Idempotency-Key sent to both runs once and counts once.
		const idem = await key('acct_e2e_idem');
		const send = (app: AppProcess) =>
			call(app, idem.secret, '/products', {
				method: 'POST',
				body: JSON.stringify({ name: 'Once' }),
				headers: { 'idempotency-key': 'e2e-once' }
			});
		const first = await Promise.all(apps.map(send));
		expect(first.map((answer) => answer.status).sort()).toEqual(expect.arrayContaining([201]));
		const replays = await Promise.all(apps.map(send));
		const bodies = await Promise.all(replays.map((answer) => answer.json()));
		expect(replays.map((answer) => answer.status)).toEqual([201, 201]);
		expect(bodies[0]).toEqual(bodies[1]);
		const listed = (await (await call(apps[0]!, idem.secret, '/products')).json()) as {
			data: unknown[];
		};
		expect(listed.data).toHaveLength(1);
		// The create and the list call: the replays and a possible "still running" answer count
		// nothing. Each usage call counts itself, and each instance writes its counts every few
		// seconds: the poll subtracts its own calls.
		let idemUsageCalls = 0;
		await expect
			.poll(
				async () => {
					const usage = await call(apps[1]!, idem.secret, '/usage');
					idemUsageCalls++;
					return ((await usage.json()) as { total: number }).total - idemUsageCalls;
				},
				{ timeout: 30_000, intervals: [1_000] }
			)
			.toBe(2);
	});
}
