import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity';
import { openActivityLog, readActivity } from '../../electron/core/audit/activity-log';

function entry(n: number): ActivityEntry {
  return {
    time: new Date(0).toISOString(),
    client: null,
    account: '123',
    server: 'demo',
    serverId: 'id1',
    method: 'POST',
    path: `/accounts/123/custom/demo/id/id1/mcp/${n}`,
    rpcMethod: 'tools/call',
    tool: 'Ecs-20140526-DescribeInstances',
    status: 200,
    durationMs: 3,
    bytesIn: 10,
    bytesOut: 20,
    outcome: 'ok',
    reason: null,
  };
}

describe('activity log', () => {
  it('appends JSON lines with mode 0600 and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activity-'));
    const log = openActivityLog({ path: join(dir, 'activity.jsonl') });
    const seen: ActivityEntry[] = [];
    log.onAppend((e) => seen.push(e));
    log.append(entry(1));
    log.append(entry(2));
    await log.close();
    const lines = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as ActivityEntry).path)).toEqual([
      entry(1).path,
      entry(2).path,
    ]);
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(seen).toHaveLength(2);
    expect((await readActivity(log.path, 1)).map((e) => e.path)).toEqual([entry(2).path]);
  });

  it('writes the lines of a burst together, on disk within the flush window, without a close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activity-'));
    const log = openActivityLog({ path: join(dir, 'activity.jsonl'), flushMs: 20 });
    const seen: ActivityEntry[] = [];
    log.onAppend((e) => seen.push(e));
    for (let i = 0; i < 5; i++) log.append(entry(i));
    // listeners (the app's Activity page) hear of each entry at once
    expect(seen).toHaveLength(5);
    const deadline = Date.now() + 5_000;
    while (readFileSync(log.path, 'utf8').split('\n').length < 6 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await readActivity(log.path)).map((e) => e.path)).toEqual(
      [0, 1, 2, 3, 4].map((i) => entry(i).path),
    );
    await log.close();
  });

  it('rotates by size and keeps only the newest files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activity-'));
    const log = openActivityLog({ path: join(dir, 'activity.jsonl'), maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 40; i++) log.append(entry(i));
    await log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'activity.1.jsonl',
      'activity.2.jsonl',
      'activity.jsonl',
    ]);
    const newest = await readActivity(log.path, 1000);
    expect(newest.at(-1)?.path).toBe(entry(39).path);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(1000);
  });

  it('skips a torn last line and reads a missing log as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activity-'));
    expect(await readActivity(join(dir, 'none.jsonl'))).toEqual([]);
    const log = openActivityLog({ path: join(dir, 'activity.jsonl') });
    log.append(entry(1));
    await log.close();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(log.path, '{"time":"2');
    expect(await readActivity(log.path)).toHaveLength(1);
  });
});
