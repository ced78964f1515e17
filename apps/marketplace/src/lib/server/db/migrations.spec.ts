import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFreshPostgres, openPglite } from '../testing/databases.js';
import type { Db } from './index.js';
import { openDatabase, queryRows } from './index.js';

const tables = [
	'admin_audit_log',
	'api_activations',
	'api_idempotency',
	'api_keys',
	'api_licenses',
	'api_products',
	'api_usage_alerts',
	'auth_account',
	'auth_session',
	'auth_user',
	'auth_verification',
	'billing_customers',
	'customers',
	'disputes',
	'download_grants',
	'email_outbox',
	'license_keys',
	'order_items',
	'orders',
	'payments',
	'plan_prices',
	'refunds',
	'revenue_milestones',
	'source_events',
	'stripe_events',
	'subscription_mrr_changes',
	'subscriptions',
	'support_ticket_links',
	'support_ticket_messages',
	'support_tickets',
	'team_members',
	'usage_daily',
	'usage_events',
	'usage_outbox'
];

async function publicTables(db: Db): Promise<string[]> {
	const rows = await queryRows<{ table_name: string }>(
		db,
		sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`
	);
	return rows.map((row) => row.table_name);
}

describe('openDatabase on PGlite', () => {
	it('copies the template into an empty folder, and never over an existing database', async () => {
		const parent = mkdtempSync(join(tmpdir(), 'marketplace-'));
		const template = join(parent, 'template');
		const dataDir = join(parent, 'data');
		try {
			const made = await openDatabase({ dataDir: template, template: false });
			await made.db.execute(sql`create table template_marker (id int)`);
			await made.close();

			const first = await openDatabase({ dataDir, template });
			// The marker exists only in the template: the folder was copied, not initialised anew.
			expect(await publicTables(first.db)).toEqual([...tables, 'template_marker'].sort());
			await first.db.execute(sql`insert into template_marker values (1)`);
			await first.close();

			const again = await openDatabase({ dataDir, template });
			const rows = await queryRows(again.db, sql`select id from template_marker`);
			expect(rows).toEqual([{ id: 1 }]);
			await again.close();
		} finally {
			rmSync(parent, { recursive: true, force: true });
		}
	});

	it('creates the data folder and applies the migrations on an empty database, twice', async () => {
		const parent = mkdtempSync(join(tmpdir(), 'marketplace-'));
		const dataDir = join(parent, 'nested', 'data');
		try {
			const first = await openDatabase({ dataDir, template: false });
			expect(await publicTables(first.db)).toEqual(tables);
			await first.close();

			// The second start finds the migrations recorded and must neither fail nor redo them.
			const second = await openDatabase({ dataDir });
			expect(await publicTables(second.db)).toEqual(tables);
			await second.close();
		} finally {
			rmSync(parent, { recursive: true, force: true });
		}
	});

	it('answers the same queries as PostgreSQL through the shared Db type', async () => {
		const database = await openPglite();
		try {
			expect(database.driver).toBe('pglite');
			expect(await publicTables(database.db)).toEqual(tables);
		} finally {
			await database.destroy();
		}
	});
});

describe.skipIf(!process.env.DATABASE_URL)('openDatabase on PostgreSQL', () => {
	it('applies the migrations on an empty database, twice', async () => {
		const database = await openFreshPostgres();
		try {
			expect(database.driver).toBe('postgres');
			expect(await publicTables(database.db)).toEqual(tables);
			const again = await openDatabase({ url: database.url });
			expect(await publicTables(again.db)).toEqual(tables);
			await again.close();
		} finally {
			await database.destroy();
		}
	});
});
