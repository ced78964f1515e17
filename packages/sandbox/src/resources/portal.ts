import type { Route } from '../state/engine.js';

export const portalRoutes: Route[] = [];
