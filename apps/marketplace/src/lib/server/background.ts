/**
 * The server's background jobs (reconciles, retries, cleanup). Each failure is logged, except once
 * the server is stopping: its database then closes under a job still running (a reconcile started
 * with the server, say), which is no fault, and every job runs again at the next start.
 */
export function backgroundJobs(log: (message: string, error: unknown) => void = console.error) {
	let stopping = false;
	return {
		/** A function that starts `run` without waiting for it, for `setInterval` and the start. */
		job: (name: string, run: () => Promise<unknown>) => (): void =>
			void run().catch((error: unknown) => {
				if (!stopping) log(`${name} failed:`, error);
			}),
		/** From now on a job's failure is the shutdown's doing, not news. */
		stop: () => {
			stopping = true;
		}
	};
}
