import { z } from 'zod';
import { readEvent, type Route } from '../state/engine.js';
import { createdFilter, expand, listParams, parseParams } from '../wire/params.js';

export const eventRoutes: Route[] = [
	{
		method: 'GET',
		path: '/v1/events/:id',
		handler: ({ engine, path, params }) => {
			parseParams(z.object({ expand }).strict(), params);
			return readEvent(engine.events.get(path.id as string));
		}
	},
	{
		method: 'GET',
		path: '/v1/events',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						type: z.string().max(100).optional(),
						types: z.array(z.string().max(100)).max(20).optional()
					})
					.strict(),
				params
			);
			const matches = (type: string, pattern: string): boolean =>
				pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
			const list = engine.events.list(
				input,
				(e) =>
					(!input.type || matches(e.type, input.type)) &&
					(!input.types || input.types.some((t) => matches(e.type, t)))
			);
			return { ...list, data: list.data.map(readEvent) };
		}
	}
];
