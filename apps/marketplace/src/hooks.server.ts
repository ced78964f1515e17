import { building } from '$app/environment';
import { flushUsage } from '@nobs-pay/svelte/server';
import type { Handle, ServerInit } from '@sveltejs/kit';
import { svelteKitHandler } from 'better-auth/svelte-kit';
import { reconcileBilling } from '$lib/server/accounts/billing-sync';
import { usesSession } from '$lib/server/accounts/session-paths';
import { resolveAccountId } from '$lib/server/accounts/team';
import { decideAdmin, isAdminPath } from '$lib/server/admin/access';
import { gzipPage, isPublicPage } from '$lib/server/compress';
import { refuseCrossSiteForm } from '$lib/server/csrf';
import { startHealthJob } from '$lib/server/admin/health-service';
import { runCleanup } from '$lib/server/admin/cleanup';
import { backgroundJobs } from '$lib/server/background';
import { sendPending } from '$lib/server/email';
import { releaseAbandonedClaims } from '$lib/server/inbox';
import { reconcilePendingOrders } from '$lib/server/reconcile-orders';
import { setSecurityHeaders } from '$lib/server/security';
import { getServices } from '$lib/server/services';

/** How often queued mail is retried when SMTP is configured (a send also follows each order). */
const MAIL_RETRY_MS = 60_000;
/**
 * How often what has expired is removed (download links, sign-in links, sessions, idempotency keys,
 * handled webhook events, receipts of checkouts abandoned for two days): see admin/cleanup.ts.
 */
const CLEANUP_MS = 60 * 60_000;
/**
 * How often counted API calls (and keys' last use) are written to the database. Limits never wait
 * for it (they count in memory or Redis); it bounds what a crash loses, and each write is one
 * transaction per account, and PGlite runs one statement at a time, on its single thread.
 */
const USAGE_WRITE_MS = 5_000;
/** How often recorded overage is reported to Stripe's meter events. */
const USAGE_REPORT_MS = 60_000;
/** How often pending orders whose webhook never came are checked with Stripe. */
const RECONCILE_MS = 10 * 60_000;
/** How often subscriptions are reconciled with Stripe (and trial-ending mail queued). */
const RECONCILE_BILLING_MS = 60 * 60_000;

// Open and migrate the database before the first request, so a broken set-up fails at start.
export const init: ServerInit = async () => {
	const services = await getServices();
	const { database, stripe, mail, outboxKey, rateLimits, api } = services;
	// PGlite is opened by one process only: a claim left in it was held by a process that is gone.
	if (database.driver === 'pglite') await releaseAbandonedClaims(database.db);
	const { job: background, stop: stopBackground } = backgroundJobs();
	// A receipt whose first send failed (SMTP down, a crash after the order committed) is retried
	// here, not only when the next order comes in.
	const retry = mail
		? setInterval(
				background('Sending queued mail', () =>
					sendPending(database.db, { transport: mail, outboxKey })
				),
				MAIL_RETRY_MS
			).unref()
		: undefined;
	// An order whose webhook never came is fulfilled from Stripe's answer, at start and then
	// periodically (in the background: a Stripe outage must not delay or stop the start).
	const reconcile = background('Reconciling pending orders', () =>
		reconcilePendingOrders(database.db, stripe)
	);
	reconcile();
	const reconciling = setInterval(reconcile, RECONCILE_MS).unref();
	// Subscriptions whose webhooks were lost or reordered are repaired from Stripe's list.
	const reconcileSubscriptions = background('Reconciling subscriptions', () =>
		reconcileBilling(services)
	);
	reconcileSubscriptions();
	const reconcilingBilling = setInterval(reconcileSubscriptions, RECONCILE_BILLING_MS).unref();
	const purge = setInterval(
		background('Cleanup', async () =>
			console.info('Cleanup removed:', await runCleanup(database.db))
		),
		CLEANUP_MS
	).unref();
	// API calls are counted in memory and written in batches, so a call costs no database write.
	const writing = setInterval(
		background('Writing API usage', () =>
			Promise.all([api.meter.flush(), api.keys.flushLastUsed()])
		),
		USAGE_WRITE_MS
	).unref();
	const reporting = setInterval(
		background('Reporting usage to Stripe', () => flushUsage({ stripe, store: api.usage })),
		USAGE_REPORT_MS
	).unref();
	// Payment-failure and webhook-backlog alerts, and the revenue milestones, every few minutes.
	const healthJob = startHealthJob(services);
	// adapter-node emits this once it has stopped taking requests (SIGTERM, SIGINT). Without it the
	// open pool (or PGlite) kept the process alive until it was killed, possibly mid-write.
	process.once('sveltekit:shutdown', () => {
		stopBackground();
		clearInterval(retry);
		clearInterval(purge);
		clearInterval(reconciling);
		clearInterval(reconcilingBilling);
		clearInterval(writing);
		clearInterval(reporting);
		clearInterval(healthJob);
		// The last counted calls are written before the database closes.
		void api.close().finally(() => {
			void database.close();
			void rateLimits.close();
		});
	});
};

export const handle: Handle = async ({ event, resolve }) => {
	const { config, auth, database } = await getServices();
	const crossSite = refuseCrossSiteForm(event.request, event.url);
	if (crossSite) {
		setSecurityHeaders(crossSite.headers, config, { page: false });
		return crossSite;
	}
	event.locals.admin = null;
	event.locals.sandbox = config.sandbox;
	if (!usesSession(event.url.pathname)) {
		// Webhooks and key-authenticated APIs: no session to read, no Better Auth route to serve.
		event.locals.user = null;
		event.locals.accountId = null;
		const response = await resolve(event);
		setSecurityHeaders(response.headers, config, { page: false });
		return response;
	}
	// Better Auth reads its cookie and answers null without one, so anonymous requests cost nothing.
	const session = await auth.api.getSession({ headers: event.request.headers });
	event.locals.user = session
		? { id: session.user.id, email: session.user.email, name: session.user.name }
		: null;
	event.locals.accountId = event.locals.user
		? await resolveAccountId(database.db, event.locals.user)
		: null;
	// Everything under /admin (pages, form actions, endpoints) is decided here, before any route
	// code runs: a route added later cannot forget its guard.
	if (isAdminPath(event.url.pathname)) {
		const decision = decideAdmin(event.request, event.url, event.locals.user, config);
		if ('response' in decision) {
			setSecurityHeaders(decision.response.headers, config, { page: false });
			return decision.response;
		}
		event.locals.admin = decision.admin;
	}
	// SvelteKit calls transformPageChunk only when it renders a page, before the response exists:
	// that tells its generated Content-Security-Policy from one an endpoint set itself.
	let page = false;
	const response = await svelteKitHandler({
		auth,
		event,
		building,
		resolve: (event) =>
			resolve(event, {
				transformPageChunk: ({ html }) => {
					page = true;
					return html;
				}
			})
	});
	setSecurityHeaders(response.headers, config, { page });
	return page && isPublicPage(event.url.pathname) ? gzipPage(event.request, response) : response;
};
