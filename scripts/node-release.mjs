// Fetches the newest release of a Node major line for this platform, so the test command can run
// suites on the newer Node lines the packages support, not only on the Node that runs it. The
// binary comes from the npm registry's `node-<platform>-<arch>` package (the registry is the one
// network CI reaches); npm's cache makes a second fetch of the same release quick. Throws when it
// cannot fetch or run the binary: a check of Node 24 that silently ran on Node 20 would prove nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Downloads and unpacks the newest `major.x.y` Node for this platform into a fresh temporary
 * directory (`dir`, the caller's to remove); returns its `node` binary and the version it reports.
 * @param {number} major
 * @returns {{ node: string; version: string; dir: string }}
 * @example nodeRelease(24) // { node: '/tmp/nobs-node-24-Ab12/package/bin/node', version: 'v24.22.3', ... }
 */
export function nodeRelease(major) {
	const dir = mkdtempSync(join(tmpdir(), `nobs-node-${major}-`));
	try {
		const spec = `node-${process.platform}-${process.arch}@${major}`;
		const packed = JSON.parse(
			execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit']
			})
		);
		const tarball = join(dir, packed[0].filename);
		execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node']);
		rmSync(tarball);
		const node = join(dir, 'package', 'bin', 'node');
		const version = execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();
		if (!version.startsWith(`v${major}.`)) {
			throw new Error(`${spec} unpacked a Node that reports ${version}, not ${major}.x`);
		}
		return { node, version, dir };
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { node, version } = nodeRelease(Number(process.argv[2] ?? 24));
	console.log(`${version}: ${node}`);
}
