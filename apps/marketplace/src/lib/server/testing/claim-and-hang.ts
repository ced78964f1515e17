// A webhook handler that never ends, in its own process, for the tests that kill it mid-handler.
// Usage: tsx claim-and-hang.ts <postgres url | PGlite folder> <event id> <lease ms>
import { openDatabase } from '../db/index.js';
import { postgresInbox } from '../inbox.js';

const [target = '', eventId = '', leaseMs = '20000'] = process.argv.slice(2);
const database = await openDatabase(
	target.startsWith('postgres') ? { url: target } : { dataDir: target }
);
const claim = await postgresInbox(database.db).claim(
	{ id: eventId, type: 'payment_intent.succeeded' },
	{ leaseMs: Number(leaseMs) }
);
console.log(claim);
// The handler "runs" until the test kills the process; the inbox's heartbeat keeps the claim.
setInterval(() => {}, 60_000);
