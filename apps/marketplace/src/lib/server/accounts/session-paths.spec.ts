import { describe, expect, it } from 'vitest';
import { usesSession } from './session-paths.js';

describe('usesSession', () => {
	it('skips the session on endpoints authenticated by a signature or a key', () => {
		expect(usesSession('/api/stripe/webhook')).toBe(false);
		expect(usesSession('/api/v1/licenses/lk_123')).toBe(false);
		expect(usesSession('/api/licenses/validate')).toBe(false);
		expect(usesSession('/api/health')).toBe(false);
	});

	it('keeps it on pages, Better Auth and the signed-in APIs', () => {
		for (const path of [
			'/',
			'/account',
			'/api/auth/get-session',
			'/api/checkout',
			'/api/billing/plan',
			'/api/subscribe',
			'/api/stripe/webhook/extra',
			'/api/v1',
			'/api/v1x/keys'
		]) {
			expect(usesSession(path), path).toBe(true);
		}
	});
});
