/** One row of /proc/net/tcp or /proc/net/tcp6 that matters here. */
export interface TcpSocketRow {
  readonly inode: string;
  /** Kernel state code, e.g. `01` ESTABLISHED, `0A` LISTEN, `08` CLOSE_WAIT. */
  readonly state: string;
  readonly localPort: number;
  readonly remotePort: number;
}

/** The kernel's code for a listening socket. */
export const TCP_LISTEN = '0A';

function portOf(address: string | undefined): number {
  const hex = address?.split(':').pop();
  return hex === undefined ? -1 : parseInt(hex, 16);
}

/** Parses /proc/net/tcp{,6}: the header line is skipped, each row gives ports, state and inode. */
export function parseProcNetTcp(text: string): TcpSocketRow[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 10)
    .map((cols) => ({
      localPort: portOf(cols[1]),
      remotePort: portOf(cols[2]),
      state: (cols[3] ?? '').toUpperCase(),
      inode: cols[9] ?? '',
    }));
}

/** The socket inodes among /proc/<pid>/fd link targets (`socket:[12345]`). */
export function socketInodes(links: readonly string[]): Set<string> {
  const inodes = new Set<string>();
  for (const link of links) {
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match?.[1] !== undefined) inodes.add(match[1]);
  }
  return inodes;
}

/** A proxy's open TCP connections (LISTEN excluded), by side. */
export interface ConnectionCounts {
  /** Accepted from clients (local port = the proxy's port). */
  readonly client: number;
  /** To the upstream (remote port = the upstream's port). */
  readonly upstream: number;
  /** Anything else (e.g. the token endpoint). */
  readonly other: number;
}

/** Counts the connections among `rows` whose inode the process owns, split by side. */
export function countConnections(
  rows: readonly TcpSocketRow[],
  owned: ReadonlySet<string>,
  ports: { readonly listen: number; readonly upstream: number },
): ConnectionCounts {
  let client = 0;
  let upstream = 0;
  let other = 0;
  for (const row of rows) {
    if (!owned.has(row.inode) || row.state === TCP_LISTEN) continue;
    if (row.localPort === ports.listen) client++;
    else if (row.remotePort === ports.upstream) upstream++;
    else other++;
  }
  return { client, upstream, other };
}
