import { describe, expect, it, vi } from 'vitest';
import { backgroundJobs } from './background';

describe('backgroundJobs', () => {
	it('logs a failed job with its name while the server runs', async () => {
		const log = vi.fn();
		const jobs = backgroundJobs(log);
		const failure = new Error('Stripe is down');
		jobs.job('Reconciling subscriptions', () => Promise.reject(failure))();
		await vi.waitFor(() =>
			expect(log).toHaveBeenCalledWith('Reconciling subscriptions failed:', failure)
		);
	});

	it('stays quiet about a job that fails because the server stopped while it ran', async () => {
		const log = vi.fn();
		const jobs = backgroundJobs(log);
		let closeDatabase = () => {};
		const closed = new Promise<never>((_, reject) => {
			closeDatabase = () => reject(new Error('PGlite is closed'));
		});
		jobs.job('Reconciling subscriptions', () => closed)();
		jobs.stop();
		closeDatabase();
		await closed.catch(() => {});
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(log).not.toHaveBeenCalled();
	});

	it('does not wait for the job it starts', () => {
		const jobs = backgroundJobs(vi.fn());
		let ran = false;
		const start = jobs.job('Cleanup', async () => {
			await new Promise((resolve) => setTimeout(resolve, 10));
			ran = true;
		});
		expect(start()).toBeUndefined();
		expect(ran).toBe(false);
	});
});
