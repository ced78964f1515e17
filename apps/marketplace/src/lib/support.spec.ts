import { describe, expect, it } from 'vitest';
import { formatDuration } from './support.js';

describe('formatDuration', () => {
	const start = new Date('2026-11-30T08:00:00Z');
	const after = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

	it('says minutes, hours and days as a person would', () => {
		expect(formatDuration(start, after(0.5))).toBe('< 1 min');
		expect(formatDuration(start, after(45))).toBe('45 min');
		expect(formatDuration(start, after(60))).toBe('1 h');
		expect(formatDuration(start, after(5 * 60 + 20))).toBe('5 h 20 min');
		expect(formatDuration(start, after(3 * 1440 + 4 * 60 + 59))).toBe('3 d 4 h');
		expect(formatDuration(start.toISOString(), after(2 * 1440).toISOString())).toBe('2 d');
	});

	it('never goes negative when clocks disagree', () => {
		expect(formatDuration(after(5), start)).toBe('< 1 min');
	});
});
