import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardQuestionView } from '../../shared/ipc/views';
import { completeSignIn } from '../fixtures/local-cloud';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { connectClient, resultText, serverNamed } from './guard-harness';

let stack: UiStack;
let staticDir: string;
let client: Client;

function nextQuestion(): Promise<GuardQuestionView> {
  return new Promise((resolve) => {
    const off = stack.service.on('guard:asked', (question) => {
      off();
      resolve(question);
    });
  });
}

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'mcp-gate-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>MCP Gate</title>');
  stack = await startUiStack({ staticDir });
  const { authorizationUrl } = await stack.service.handlers['account:signIn']({});
  await completeSignIn(authorizationUrl);
  for (let i = 0; i < 100 && stack.service.status().session !== 'signed-in'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = (stack.proxyUrl() ?? '') + serverNamed(stack.cloud, 'other').mcpPath;
  client = await connectClient(url, 'http');
});

afterAll(async () => {
  await client?.close();
  await stack?.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('the Guard in the desktop core', () => {
  it('holds a destructive call until the window answers Allow once, then it reaches the cloud once', async () => {
    expect((await stack.service.handlers['guard:get']({})).preset).toBe('ask-before-changes');
    const asked = nextQuestion();
    const call = client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-app-guard-1' },
    });
    const question = await asked;
    expect(question).toMatchObject({ tool: 'Ecs-20140526-DeleteInstance', server: 'other' });
    expect(question.arguments).toContain('i-app-guard-1');
    expect((await stack.service.handlers['guard:get']({})).pending.map((q) => q.id)).toEqual([
      question.id,
    ]);
    expect(stack.cloud.deletedInstances).not.toContain('i-app-guard-1');
    const after = await stack.service.handlers['guard:answer']({
      id: question.id,
      answer: 'allow-once',
    });
    expect(after.pending).toEqual([]);
    await call;
    expect(stack.cloud.deletedInstances.filter((id) => id === 'i-app-guard-1')).toHaveLength(1);
  });

  it('a Deny answer refuses the call without reaching the cloud, and says why', async () => {
    const asked = nextQuestion();
    const call = client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-app-guard-2' },
    });
    const question = await asked;
    await stack.service.handlers['guard:answer']({ id: question.id, answer: 'deny' });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('Ecs-20140526-DeleteInstance');
    expect(stack.cloud.deletedInstances).not.toContain('i-app-guard-2');
  });

  it('the read-only preset hides destructive tools; a rule added on the Guard page is saved', async () => {
    await stack.service.handlers['guard:setPreset']({ preset: 'read-only' });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('Ecs-20140526-DeleteInstance');
    expect(tools.map((t) => t.name)).toContain('Ecs-20140526-DescribeInstances');
    const view = await stack.service.handlers['guard:addRule']({
      tool: 'Ecs-*-StartInstance',
      server: 'other',
      client: null,
      action: 'allow',
    });
    expect(view.rules[0]).toMatchObject({ index: 1, tool: 'Ecs-*-StartInstance', action: 'allow' });
    const settings = JSON.parse(await readFile(join(stack.configDir, 'settings.json'), 'utf8'));
    expect(settings.guard.preset).toBe('read-only');
    expect(settings.guard.rules[0]).toMatchObject({ tool: 'Ecs-*-StartInstance', action: 'allow' });
    const decisions = await stack.service.handlers['activity:list']({
      limit: 50,
      filter: { decision: 'ask-allowed' },
    });
    expect(decisions.entries.map((e) => e.tool)).toEqual(['Ecs-20140526-DeleteInstance']);
  });
});
