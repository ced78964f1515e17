import type Stripe from 'stripe';
import { z } from 'zod';
import type { Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { expand, parseParams, str } from '../wire/params.js';

const createSchema = z
	.object({
		customer: str(255),
		return_url: z.string().max(5000).optional(),
		configuration: str(255).optional(),
		locale: str(20).optional(),
		on_behalf_of: str(255).optional(),
		flow_data: z.record(z.string(), z.unknown()).optional(),
		expand
	})
	.strict();

export const portalRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/billing_portal/sessions',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			const customer = engine.customers.get(input.customer, 'customer');
			const id = newId('bps_');
			const session: Stripe.BillingPortal.Session = {
				id,
				object: 'billing_portal.session',
				configuration: input.configuration ?? 'bpc_sandbox_default',
				created: engine.now(),
				customer: customer.id,
				customer_account: null,
				flow: null,
				livemode: false,
				locale: null,
				on_behalf_of: null,
				return_url: input.return_url ?? null,
				url: `${engine.origin}/p/session/${id}`
			};
			engine.portalSessions.insert(session);
			return engine.expand(session, input.expand);
		}
	}
];
