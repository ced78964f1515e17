import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate` writes a new SQL migration after a schema change. The migrations are
// committed and applied on start by drizzle's migrator, for PGlite and PostgreSQL alike.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle'
});
