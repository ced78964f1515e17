import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest } from '../wire/errors.js';
import { createdFilter, expand, int, listParams, parseParams, str } from '../wire/params.js';
import { retrieveRoute } from './retrieve.js';

const DAY = 86_400;

/**
 * Moves a clock and everything attached to it to `to`: `engine.clockAdvancers` (subscription
 * renewals, trial ends) run between the `advancing` and `ready` events, as on Stripe.
 */
function advanceTestClock(engine: Engine, clock: Stripe.TestHelpers.TestClock, to: number): void {
	clock.status = 'advancing';
	engine.atTime(clock.frozen_time, () => engine.emit('test_helpers.test_clock.advancing', clock));
	for (const advance of engine.clockAdvancers) advance(engine, clock.id, to);
	clock.frozen_time = to;
	clock.status = 'ready';
	engine.atTime(to, () => engine.emit('test_helpers.test_clock.ready', clock));
}

export const testClockRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/test_helpers/test_clocks',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z.object({ frozen_time: int({ min: 0 }), name: str(300).optional(), expand }).strict(),
				params
			);
			const clock: Stripe.TestHelpers.TestClock = {
				id: newId('clock_'),
				object: 'test_helpers.test_clock',
				created: engine.clock.now(),
				// Stripe deletes a test clock and its objects 30 days after creation.
				deletes_after: engine.clock.now() + 30 * DAY,
				frozen_time: input.frozen_time,
				livemode: false,
				name: input.name ?? null,
				status: 'ready',
				status_details: {}
			};
			engine.testClocks.insert(clock);
			engine.emit('test_helpers.test_clock.created', clock);
			return engine.expand(clock, input.expand);
		}
	},
	retrieveRoute('/v1/test_helpers/test_clocks/:id', (engine) => engine.testClocks, 'test_clock'),
	{
		method: 'GET',
		path: '/v1/test_helpers/test_clocks',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z.object({ ...listParams, created: createdFilter.optional() }).strict(),
				params
			);
			return engine.expand(engine.testClocks.list(input), input.expand);
		}
	},
	{
		method: 'DELETE',
		path: '/v1/test_helpers/test_clocks/:id',
		handler: ({ engine, path, params }) => {
			parseParams(z.object({}).strict(), params);
			const clock = engine.testClocks.get(path.id as string, 'test_clock');
			// Deleting a clock deletes the objects attached to it, as on Stripe.
			for (const customer of [...engine.customers.values()])
				if (customer.test_clock === clock.id) {
					for (const sub of [...engine.subscriptions.values()])
						if (sub.customer === customer.id) engine.subscriptions.delete(sub.id);
					engine.customers.delete(customer.id);
				}
			engine.testClocks.delete(clock.id);
			engine.emit('test_helpers.test_clock.deleted', clock);
			const deleted: Stripe.TestHelpers.DeletedTestClock = {
				id: clock.id,
				object: 'test_helpers.test_clock',
				deleted: true
			};
			return deleted;
		}
	},
	{
		method: 'POST',
		path: '/v1/test_helpers/test_clocks/:id/advance',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z.object({ frozen_time: int({ min: 0 }), expand }).strict(),
				params
			);
			const clock = engine.testClocks.get(path.id as string, 'test_clock');
			if (input.frozen_time <= clock.frozen_time)
				throw invalidRequest(
					'The frozen_time you specified must be after the current frozen_time of the test clock.',
					{ param: 'frozen_time' }
				);
			advanceTestClock(engine, clock, input.frozen_time);
			// Stripe answers while the clock is still advancing; its objects have moved once it is `ready`.
			return engine.expand({ ...clock, status: 'advancing' as const }, input.expand);
		}
	}
];
