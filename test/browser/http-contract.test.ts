import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { launchBrowser, openBrowser, screenshot } from './browser-session';

let stack: UiStack;

beforeAll(async () => {
  stack = await startUiStack();
});

afterAll(async () => {
  await stack?.close();
});

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function invoke(
  channel: string,
  body: string,
  token: string | null = stack.token,
): Promise<Answer> {
  const response = await fetch(`${stack.origin}/api/invoke/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { 'X-MCP-Gate-UI-Token': token }),
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

describe('the contract over loopback HTTP', () => {
  it('answers wrong IPC shapes with an error reply in words and keeps serving', async () => {
    const wrongType = await invoke(
      'servers:setAllowed',
      JSON.stringify({ name: 42, allowed: 'yes' }),
    );
    expect(wrongType.body).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(wrongType.body)).toContain('name');

    const extraField = await invoke('app:status', JSON.stringify({ sneaky: true }));
    expect(extraField.body).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const unknown = await invoke('servers:dropAll', '{}');
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

    const notJson = await invoke('app:status', '{not json');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ ok: false });

    const arrayInput = await invoke('clients:preview', JSON.stringify([1, 2, 3]));
    expect(arrayInput.body).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const noToken = await invoke('app:status', '{}', null);
    expect(noToken.status).toBe(401);
    expect(noToken.body).toMatchObject({ ok: false });

    for (const answer of [wrongType, extraField, unknown, notJson, arrayInput, noToken]) {
      expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+:\d+:\d+/);
    }
    const status = await invoke('app:status', '{}');
    expect(status.body).toMatchObject({ ok: true, value: { proxy: { state: 'running' } } });
  });

  it('the page opened without its token says how to open it', async () => {
    const session = await launchBrowser();
    try {
      const { page } = session;
      await page.goto(`${stack.origin}/`);
      await page.getByRole('heading', { name: 'MCP Gate settings cannot connect' }).waitFor();
      expect(await page.getByText('npm run demo:ui').isVisible()).toBe(true);
      expect(await page.getByRole('navigation').count()).toBe(0);
      await screenshot(page, 'no-token', 'instructions');
    } finally {
      await session.close();
    }
  });

  it('the page keeps working after a reload: the token moved from the address to the tab', async () => {
    const session = await openBrowser(stack.url);
    try {
      const { page } = session;
      expect(new URL(page.url()).hash).not.toContain('token=');
      await page.reload();
      await page.getByTestId('header-status').filter({ hasText: 'Proxy on' }).waitFor();
      expect(new URL(page.url()).hash).not.toContain('token=');
      await screenshot(page, 'token-reload', 'after-reload');
    } finally {
      await session.close();
    }
  });
});
