import type { DownloadRefusal } from './downloads.js';

/** Why a download was not served: the grant's refusal, or a ZIP that could not be built. */
export type DownloadFailure = DownloadRefusal | 'unavailable';

const reasons: Record<DownloadFailure, { status: number; title: string; body: string }> = {
	expired: {
		status: 410,
		title: 'This download link has expired',
		body: 'Download links work for 7 days after the purchase.'
	},
	exhausted: {
		status: 410,
		title: 'This download link has been used up',
		body: 'Each download link works 5 times.'
	},
	revoked: {
		status: 410,
		title: 'This download link was revoked',
		body: 'The order was refunded, so its downloads and license key were switched off.'
	},
	unavailable: {
		status: 503,
		title: 'This download could not be prepared',
		body: 'Something went wrong on our side. It did not count as one of your downloads: try again in a minute.'
	},
	unknown: {
		status: 404,
		title: 'This download link does not exist',
		body: 'Check that you copied the whole link from your receipt.'
	}
};

/**
 * The page a refused download gets: a plain, self-contained HTML document (the download route is
 * an endpoint, not a page) that says why and how to get help.
 */
export function downloadRefusal(reason: DownloadFailure, method = 'GET'): Response {
	const { status, title, body } = reasons[reason];
	const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · NOBS Pay</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1d23}a{color:#4338ca}</style></head>
<body><main><h1>${title}</h1><p>${body}</p>
<p>Need help? Open your order from the link in your receipt email, or write to
<a href="mailto:support@nobs-pay.dev">support@nobs-pay.dev</a> with your order number and we will sort it out.</p>
<p><a href="/">Back to the store</a></p></main></body></html>`;
	return new Response(method === 'HEAD' ? null : html, {
		status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer',
			// A standalone document: its own inline style and nothing else.
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
		}
	});
}
