import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { expand, parseParams } from '../wire/params.js';

const expandOnly = z.object({ expand }).strict();

/**
 * `GET /v1/<resources>/:id` with `expand[]`: the same for every resource whose retrieve needs
 * no client secret. An unknown id answers Stripe's `resource_missing`.
 */
export function retrieveRoute<T>(
	path: string,
	collection: (engine: Engine) => { get(id: string, param?: string): T },
	/** The parameter an unknown id is reported against, as Stripe names it. @default 'id' */
	param = 'id'
): Route {
	return {
		method: 'GET',
		path,
		handler: ({ engine, path: segments, params }) => {
			const input = parseParams(expandOnly, params);
			return engine.expand(collection(engine).get(segments.id ?? '', param), input.expand);
		}
	};
}
