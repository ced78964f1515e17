import { describe, expect, it } from 'vitest';
import {
	deriveDownloadToken,
	deriveLicenseKey,
	hashToken,
	licenseKeyPattern,
	licenseKeyPrefix,
	newAccessToken
} from './tokens.js';

describe('tokens', () => {
	it('makes access tokens of 256 random bits in base64url', () => {
		const tokens = new Set(Array.from({ length: 100 }, newAccessToken));
		expect(tokens.size).toBe(100);
		for (const token of tokens) {
			expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
			expect(Buffer.from(token, 'base64url')).toHaveLength(32);
		}
	});

	it('derives a NOBS- license key that is stable for one token and differs between tokens', () => {
		const token = newAccessToken();
		const key = deriveLicenseKey(token);
		expect(key).toMatch(licenseKeyPattern);
		expect(deriveLicenseKey(token)).toBe(key);
		expect(deriveLicenseKey(newAccessToken())).not.toBe(key);
		expect(licenseKeyPrefix(key)).toBe(key.slice(0, 9));
		expect(licenseKeyPrefix(key)).toMatch(/^NOBS-[A-Z2-7]{4}$/);
	});

	it('derives one distinct download token per order line', () => {
		const token = newAccessToken();
		const first = deriveDownloadToken(token, 0);
		expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(deriveDownloadToken(token, 0)).toBe(first);
		expect(deriveDownloadToken(token, 1)).not.toBe(first);
		expect(first).not.toBe(token);
	});

	it('hashes with SHA-256 in hex', () => {
		expect(hashToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});
});
