// CPU time per process, as the kernel counts it, for the benchmark's "CPU per event" figures: a
// measure of work that does not depend on how busy the machine is, unlike events per second.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process (all its threads) so far, in milliseconds. */
export function processCpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name may hold spaces; the fields after it are space-separated.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time so far of every PostgreSQL server process on this machine (the postmaster, its
 * backends and background workers), in milliseconds. It counts every database's work, other
 * clients' included, and loses a backend that exits: read it on a quiet machine, around a batch
 * on pooled connections. NaN when no such process is visible (a server on another machine or in
 * a container): the figures that use it then print as missing rather than as zero.
 */
export function postgresServerCpuMs(): number {
	let total = 0;
	let found = false;
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') {
				total += processCpuMs(Number(pid));
				found = true;
			}
		} catch {
			// The process exited while we looked.
		}
	}
	return found ? total : NaN;
}

/** This process's CPU time so far, in milliseconds. */
export function ownCpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/**
 * The process listening on a local TCP port (IPv4), found as `ss -ltp` does: the socket's inode in
 * /proc/net/tcp, then the process holding it among /proc/<pid>/fd. Undefined when not found (no
 * /proc, or another user's process).
 */
export function pidListeningOn(port: number): number | undefined {
	const portHex = port.toString(16).toUpperCase().padStart(4, '0');
	const listening = readFileSync('/proc/net/tcp', 'utf8')
		.split('\n')
		.slice(1)
		.map((line) => line.trim().split(/\s+/))
		// local_address is ip:port in hex; state 0A is LISTEN; the inode is the tenth field.
		.find((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A');
	const socket = listening && `socket:[${listening[9]}]`;
	if (!socket) return undefined;
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (readlinkSync(`/proc/${pid}/fd/${fd}`) === socket) return Number(pid);
			} catch {
				// The descriptor closed while we looked.
			}
		}
	}
	return undefined;
}
