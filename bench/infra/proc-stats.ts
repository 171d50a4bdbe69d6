import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import {
  countConnections,
  parseProcNetTcp,
  socketInodes,
  type ConnectionCounts,
} from '../lib/proc-net-tcp';

function statusMb(pid: number, field: string): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Resident set size of a process in MB (VmRSS from /proc/<pid>/status); null when unreadable. */
export function rssMb(pid: number): number | null {
  return statusMb(pid, 'VmRSS');
}

/** VmRSS split into private memory (RssAnon) and mapped files such as the node binary (RssFile), MB. */
export function rssSplitMb(pid: number): {
  readonly anon: number | null;
  readonly file: number | null;
} {
  return { anon: statusMb(pid, 'RssAnon'), file: statusMb(pid, 'RssFile') };
}

function fdLinks(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  const links: string[] = [];
  for (const fd of readdirSync(dir)) {
    try {
      links.push(readlinkSync(`${dir}/${fd}`));
    } catch {
      // closed between readdir and readlink
    }
  }
  return links;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** TCP connections (any state but LISTEN, CLOSE_WAIT included) a proxy process holds, by side. */
export function tcpConnections(
  pid: number,
  ports: { readonly listen: number; readonly upstream: number },
): ConnectionCounts {
  const owned = socketInodes(fdLinks(pid));
  const rows = [
    ...parseProcNetTcp(readOrEmpty('/proc/net/tcp')),
    ...parseProcNetTcp(readOrEmpty('/proc/net/tcp6')),
  ];
  return countConnections(rows, owned, ports);
}

/** Pids whose parent is `pid` (from /proc/<n>/stat). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    // the command name is in parentheses and may hold spaces: read the fields after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system, all threads) a process has used so far; NaN when unreadable. */
export function cpuSeconds(pid: number): number {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  if (stat === '') return Number.NaN;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after the command: state(0) ppid(1) … utime(11) stime(12)
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}
