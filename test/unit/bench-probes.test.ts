import { describe, expect, it } from 'vitest';
import { groupOf, summariseCpuProfile } from '../../bench/profile/cpu-profile-summary';
import { guardPlanFromHelp } from '../../bench/lib/guard-plan';
import { parseBenchArgs } from '../../bench/lib/bench-options';
import { countConnections, parseProcNetTcp, socketInodes } from '../../bench/lib/proc-net-tcp';
import { SseEventSplitter, sendTimeNs } from '../../bench/sse/sse-events';

const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F98 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F98 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:D431 0100007F:2328 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:D432 0100007F:2328 08 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 20 4 30 10 -1
   4: 0100007F:D433 0100007F:1234 01 00000000:00000000 00:00000000 00000000     0        0 1005 1 0000000000000000 20 4 30 10 -1
   5: 0100007F:D434 0100007F:2328 01 00000000:00000000 00:00000000 00000000     0        0 9999 1 0000000000000000 20 4 30 10 -1
`;

describe('/proc/net/tcp', () => {
  it('counts a process’s connections by side, CLOSE_WAIT included, LISTEN and foreign inodes not', () => {
    const rows = parseProcNetTcp(PROC_NET_TCP);
    expect(rows[1]).toEqual({ localPort: 0x1f98, remotePort: 0xc350, state: '01', inode: '1002' });
    const owned = socketInodes([
      'socket:[1001]',
      'socket:[1002]',
      'socket:[1003]',
      'socket:[1004]',
      'socket:[1005]',
      '/dev/null',
      'pipe:[77]',
    ]);
    expect(countConnections(rows, owned, { listen: 0x1f98, upstream: 0x2328 })).toEqual({
      client: 1,
      upstream: 2,
      other: 1,
    });
  });
});

describe('SSE events', () => {
  it('splits events across chunk boundaries and reads the send time', () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push('event: message\ndata: {"t":"12')).toEqual([]);
    expect(splitter.push('3"}\n')).toEqual([]);
    expect(splitter.push('\nevent: message\r\ndata: {}\r\n\r\ndata: x')).toEqual([
      'event: message\ndata: {"t":"123"}',
      'event: message\r\ndata: {}',
    ]);
    expect(splitter.pending).toBe('data: x'.length);
    expect(sendTimeNs('data: {"t":"123"}')).toBe(123n);
    expect(sendTimeNs('data: {}')).toBeNull();
  });
});

describe('guardPlanFromHelp', () => {
  it('uses the core with and without the Guard when the CLI has --guard', () => {
    const help = `Options:
  --guard <preset>          Guard preset for this run (wins over the settings)
                            (choices: "read-only", "ask-before-changes",
                            "allow-all")`;
    expect(guardPlanFromHelp(help).kind).toBe('guard');
  });

  it('falls back to the activity log on and off without it', () => {
    expect(guardPlanFromHelp('Options:\n  --port <port>  port').kind).toBe('activity-log');
  });
});

describe('parseBenchArgs', () => {
  it('makes --quick short and keeps the full run the default', () => {
    const quick = parseBenchArgs(['--quick'], 'cli.js');
    const full = parseBenchArgs([], 'cli.js');
    expect([quick.durationS, quick.repeats, quick.rssRequests]).toEqual([1, 1, 20_000]);
    expect([full.durationS, full.repeats, full.rssRequests]).toEqual([5, 3, 100_000]);
    expect(full.connections).toEqual([1, 16, 64]);
  });

  it('takes overrides and refuses unknown flags', () => {
    const options = parseBenchArgs(['--repeats', '5', '--no-docs', '--gate-cli', 'x.js'], 'cli.js');
    expect([options.repeats, options.writeDocs, options.gateCli]).toEqual([5, false, 'x.js']);
    expect(() => parseBenchArgs(['--fast'], 'cli.js')).toThrow(/Unknown flag --fast/);
    expect(() => parseBenchArgs(['--repeats', '0'], 'cli.js')).toThrow(/positive whole number/);
  });
});

describe('summariseCpuProfile', () => {
  it('books sample time to functions and packages', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const summary = summariseCpuProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('forward', 'file:///app/dist/cli/mcp-gate.js') },
        { id: 3, callFrame: frame('onData', 'file:///app/node_modules/undici/lib/x.js') },
        { id: 4, callFrame: frame('(idle)', '') },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [1000, 2000, 3000, 4000],
    });
    expect(summary.totalMs).toBe(10);
    expect(summary.groups.map((g) => [g.name, g.ms])).toEqual([
      ['undici', 5],
      ['(idle)', 4],
      ['cli/mcp-gate.js', 1],
    ]);
    expect(summary.functions[0]).toEqual({ name: 'onData undici:10', ms: 5, share: 0.5 });
    expect(groupOf('node:internal/streams/readable', 'read')).toBe('node:internal');
  });
});
