import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity';
import { matchesActivityFilter } from '../../shared/activity-filter';
import { activityCsv, activityJsonl } from '../../electron/core/app/activity-views';
import { rulesWithServer, trayStateOf } from '../../electron/core/app/status-view';

describe('the tray icon state', () => {
  it.each([
    ['signed-out', false, 'running', 'signed-out'],
    ['signed-in', false, 'running', 'ready'],
    ['refreshing', false, 'running', 'working'],
    ['signed-out', true, 'running', 'working'],
    ['expired', false, 'running', 'attention'],
    ['expired', true, 'running', 'attention'],
    ['signed-in', false, 'failed', 'attention'],
    ['signed-in', false, 'starting', 'working'],
    ['signed-in', false, 'stopped', 'ready'],
  ] as const)('%s, sign-in running %s, proxy %s → %s', (session, signingIn, proxy, tray) => {
    expect(trayStateOf(session, signingIn, proxy)).toBe(tray);
  });
});

describe('switching one server on or off', () => {
  it.each([
    // allowed list, blocked list, name, allow → allowed, blocked
    [[], [], 'demo', false, [], ['demo']],
    [[], ['demo'], 'demo', false, [], ['demo']],
    [[], ['demo', 'x'], 'demo', true, [], ['x']],
    [['a'], [], 'demo', true, ['a', 'demo'], []],
    [['a', 'demo'], [], 'demo', false, ['a'], ['demo']],
    [['demo'], [], 'demo', true, ['demo'], []],
  ])('%j %j %s allow=%s', (allowed, blocked, name, allow, nextAllowed, nextBlocked) => {
    expect(rulesWithServer(allowed, blocked, name, allow)).toEqual({
      allowedServers: nextAllowed,
      blockedServers: nextBlocked,
    });
  });
});

const entry: ActivityEntry = {
  time: '2026-11-21T10:00:00.000Z',
  client: 'cursor',
  account: '1234567890',
  server: 'demo',
  serverId: 'demoId0001',
  method: 'POST',
  path: '/accounts/1234567890/custom/demo/id/demoId0001/mcp',
  rpcMethod: 'tools/call',
  tool: '=HYPERLINK("http://evil")',
  status: 200,
  durationMs: 12,
  bytesIn: 10,
  bytesOut: 20,
  outcome: 'ok',
  reason: 'a, "quoted" reason',
};

describe('activity filters and export', () => {
  it.each([
    [{}, true],
    [{ client: 'cursor' }, true],
    [{ client: 'cline' }, false],
    [{ server: 'demo' }, true],
    [{ outcome: 'blocked' as const }, false],
    [{ text: 'HYPERLINK' }, true],
    [{ text: '200' }, true],
    [{ text: 'nothing-like-it' }, false],
    [{ server: 'demoId0001' }, true],
    [{ client: '', server: '', text: '  ' }, true],
    [{ decision: 'deny' as const }, false],
  ])('filter %j → %s', (filter, expected) => {
    expect(matchesActivityFilter(entry, filter)).toBe(expected);
  });

  it('writes CSV that a spreadsheet cannot run as a formula, quoting commas and quotes', () => {
    const [header, row] = activityCsv([entry]).split('\r\n');
    expect(header).toBe(
      'time,client,account,server,serverId,method,path,rpcMethod,tool,status,durationMs,bytesIn,bytesOut,outcome,reason',
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"a, ""quoted"" reason"');
  });

  it('writes one JSON object per line', () => {
    const lines = activityJsonl([entry, entry]).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual(entry);
    expect(activityJsonl([])).toBe('');
  });
});
