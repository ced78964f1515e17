import type { Engine } from './state/engine.js';
import type { FormObject } from './wire/form.js';

export interface PageContext {
	engine: Engine;
	path: Record<string, string>;
	query: URLSearchParams;
	form: FormObject;
}

export interface PageResult {
	status?: number;
	type: string;
	body: string;
	headers?: Record<string, string>;
}

export interface PageRoute {
	method: 'GET' | 'POST';
	path: string;
	handler: (ctx: PageContext) => PageResult;
}

export const pageRoutes: PageRoute[] = [];
