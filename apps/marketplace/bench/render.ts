// Server renders per second: the product page next to /about, a page with one paragraph and no
// load function, rendered by the same server with the same layout. The ratio says what the
// product page's own work (catalog lookup, pricing, flip cards, demos) costs on top of SvelteKit.
import { keepAliveAgent, percentile, runFor, send } from './load.js';

export interface RenderOptions {
	appUrl: string;
	/** Concurrent keep-alive connections. @default 8 */
	concurrency?: number;
	/** Unmeasured time per page before the first round, for the JIT and caches. @default 1000 */
	warmupMs?: number;
	/**
	 * Measured rounds per page. The pages alternate in short rounds, so a burst of load from other
	 * processes on a shared machine hits both pages alike. @default 8
	 */
	rounds?: number;
	/** Length of one round. @default 1000 */
	roundMs?: number;
}

const pages = [
	{
		name: 'product',
		path: '/products/bundle-professional',
		heading: '<h1>Professional bundle</h1>'
	},
	{ name: 'about', path: '/about', heading: '<h1>About NOBS Pay</h1>' }
] as const;

type Page = (typeof pages)[number];

export async function benchRender(options: RenderOptions) {
	const { appUrl, concurrency = 8, warmupMs = 1000, rounds = 8, roundMs = 1000 } = options;
	const agent = keepAliveAgent(concurrency);

	// A page that answers 200 with the wrong content (an error page, say) must not count as rendered.
	const renderTask = (page: Page) => async () => {
		const response = await send(agent, {
			url: appUrl + page.path,
			headers: { accept: 'text/html' }
		});
		return response.status === 200 && response.body.includes(page.heading);
	};

	const measured = pages.map((page) => ({
		page,
		ok: 0,
		failed: 0,
		seconds: 0,
		latencies: [] as number[],
		rates: [] as number[]
	}));
	for (const { page } of measured) {
		await runFor({ durationMs: warmupMs, concurrency, task: renderTask(page) });
	}
	for (let round = 0; round < rounds; round++) {
		for (const total of measured) {
			const result = await runFor({
				durationMs: roundMs,
				concurrency,
				task: renderTask(total.page)
			});
			total.ok += result.ok;
			total.failed += result.failed;
			total.seconds += result.seconds;
			total.latencies.push(...result.latencies);
			total.rates.push(result.ok / result.seconds);
		}
	}
	agent.destroy();

	const rows = measured.map(({ page, ok, failed, seconds, latencies }) => {
		latencies.sort((a, b) => a - b);
		return {
			page: page.path,
			rendersPerSecond: ok / seconds,
			failed,
			p50: percentile(latencies, 0.5),
			p99: percentile(latencies, 0.99)
		};
	});
	const [product, about] = rows;
	const ratio = product && about ? product.rendersPerSecond / about.rendersPerSecond : Number.NaN;
	// Each round's pair ran back to back, so its ratio is the least disturbed by other load.
	const [productRates = [], aboutRates = []] = measured.map(({ rates }) => rates);
	const roundRatios = productRates.map((rate, i) => rate / (aboutRates[i] ?? Number.NaN));
	return { rows, ratio, roundRatios, concurrency, secondsPerPage: (rounds * roundMs) / 1000 };
}
