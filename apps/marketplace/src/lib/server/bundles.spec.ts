import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildBundleZip, isBundleSku } from './bundles.js';

describe('buildBundleZip', () => {
	it('builds a real ZIP of the tier’s component sources without tests or stories', () => {
		const zip = buildBundleZip('bundle-professional');
		// "PK\x03\x04" opens every ZIP local file header.
		expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
		const files = Object.keys(unzipSync(zip));
		expect(files).toContain('README.txt');
		expect(files).toContain('nobs-pay/money/money.ts');
		expect(files.some((name) => name.startsWith('nobs-pay/pricing/'))).toBe(true);
		expect(files.filter((name) => /\.(spec|stories)\./.test(name))).toEqual([]);
	});

	it('gives a bigger tier at least the files of a smaller one', () => {
		const starter = Object.keys(unzipSync(buildBundleZip('bundle-starter')));
		const professional = Object.keys(unzipSync(buildBundleZip('bundle-professional')));
		expect(starter.some((name) => name.startsWith('nobs-pay/pricing/'))).toBe(false);
		expect(professional).toEqual(expect.arrayContaining(starter));
	});

	it('recognises bundle SKUs only', () => {
		expect(isBundleSku('bundle-enterprise')).toBe(true);
		expect(isBundleSku('api-pro-month')).toBe(false);
		expect(isBundleSku('toString')).toBe(false);
	});
});
