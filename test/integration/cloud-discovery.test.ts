import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { AccessKeyCredentials } from '../../electron/core/cloud/acs3-signer';
import { CloudApiError } from '../../electron/core/cloud/cloud-api-error';
import { findAccessKey } from '../../electron/core/cloud/credentials';
import { createOpenApiClient, type OpenApiClient } from '../../electron/core/cloud/openapi-client';
import { listMcpServers } from '../../electron/core/cloud/server-discovery';
import {
  runServersAdd,
  runServersList,
  runServersRemove,
} from '../../electron/cli/commands/servers';
import { UserError } from '../../electron/core/errors';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_STS_KEY,
  SECOND_ACCESS_KEY,
  SECOND_ACCOUNT_ID,
  startLocalCloud,
  type LocalCloud,
} from '../fixtures/local-cloud';

let cloud: LocalCloud;
let home: string;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mcp-gate-cloud-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function clientFor(credentials: AccessKeyCredentials, mcpUrl = cloud.upstreamUrl): OpenApiClient {
  return createOpenApiClient({ credentials, endpoints: { imsUrl: cloud.imsUrl, mcpUrl } });
}

async function writeCliProfile(fields: Record<string, string>): Promise<void> {
  await mkdir(join(home, '.aliyun'), { recursive: true });
  await writeFile(
    join(home, '.aliyun', 'config.json'),
    JSON.stringify({
      current: 'dev',
      profiles: [{ name: 'dev', region_id: 'cn-hangzhou', ...fields }],
    }),
  );
}

async function discoverWith(env: Record<string, string>) {
  const lookup = await findAccessKey({ env, homeDir: home, secretStore: null });
  if (lookup.found === null) throw new Error(JSON.stringify(lookup.skipped));
  return {
    source: lookup.found.source,
    servers: await listMcpServers(clientFor(lookup.found.credentials)),
  };
}

describe('server discovery against the local cloud (signed ListApiMcpServers)', () => {
  it('lists the account servers with an AccessKey from the environment', async () => {
    const { source, servers } = await discoverWith({
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
    });
    expect(source).toBe('environment');
    expect(servers.map((s) => s.name).sort()).toEqual(['demo', 'ecs-ops', 'other']);
    const demo = cloud.servers.find((s) => s.name === 'demo');
    expect(servers).toContainEqual({
      name: 'demo',
      id: 'demoId0001',
      product: 'ecs',
      sourceType: 'custom',
      urls: { mcp: cloud.upstreamUrl + demo?.mcpPath, sse: cloud.upstreamUrl + demo?.ssePath },
    });
    expect(cloud.apiCalls.at(-1)).toMatchObject({
      service: 'mcp',
      action: 'ListApiMcpServers',
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
    });
  });

  it('lists them with an AK profile of the Alibaba Cloud CLI in a temp HOME', async () => {
    await writeCliProfile({
      mode: 'AK',
      access_key_id: DEFAULT_ACCESS_KEY.accessKeyId,
      access_key_secret: DEFAULT_ACCESS_KEY.accessKeySecret,
    });
    const { source, servers } = await discoverWith({});
    expect(source).toBe('aliyun-cli:dev');
    expect(servers).toHaveLength(3);
  });

  it('lists them with a StsToken profile: the token is sent and checked', async () => {
    await writeCliProfile({
      mode: 'StsToken',
      access_key_id: DEFAULT_STS_KEY.accessKeyId,
      access_key_secret: DEFAULT_STS_KEY.accessKeySecret,
      sts_token: DEFAULT_STS_KEY.securityToken,
    });
    const { source, servers } = await discoverWith({});
    expect(source).toBe('aliyun-cli:dev');
    expect(servers).toHaveLength(3);
  });

  it('a wrong STS token is refused with Alibaba’s code', async () => {
    const client = clientFor({ ...DEFAULT_STS_KEY, securityToken: 'stale' });
    await expect(listMcpServers(client)).rejects.toMatchObject({
      name: 'CloudApiError',
      code: 'InvalidSecurityToken.Mismatch',
    });
  });

  it('the second account sees only its own servers', async () => {
    const servers = await listMcpServers(clientFor(SECOND_ACCESS_KEY));
    expect(servers.map((s) => s.name)).toEqual(['billing']);
    expect(servers[0]?.urls.mcp).toContain(`/accounts/${SECOND_ACCOUNT_ID}/`);
  });

  it('a wrong secret gets CloudApiError SignatureDoesNotMatch with status and request id, and no secret in the message', async () => {
    const error = await listMcpServers(
      clientFor({
        accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
        accessKeySecret: 'wrong-secret-value',
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudApiError);
    const apiError = error as CloudApiError;
    expect(apiError.code).toBe('SignatureDoesNotMatch');
    expect(apiError.status).toBe(400);
    expect(apiError.requestId).toMatch(/\S/);
    expect(apiError.message).toContain('check ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(apiError.message).not.toContain('wrong-secret-value');
  });

  it('an unknown AccessKey id gets InvalidAccessKeyId.NotFound (IMS, RPC style)', async () => {
    const error = await clientFor({ accessKeyId: 'LTAIunknown', accessKeySecret: 's' })
      .callIms('ListApplications')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudApiError);
    expect(error).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
      action: 'ListApplications',
    });
  });

  it('a host that does not answer gets a UserError naming the host', async () => {
    const port = await closedPort();
    const error = await listMcpServers(
      clientFor(DEFAULT_ACCESS_KEY, `http://127.0.0.1:${port}`),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'cloud-unreachable' });
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('mcp-gate servers (CLI) against the local cloud', () => {
  it('discovers, stores and prints the servers with proxy URLs and rule marks; add/remove work without a key', async () => {
    const out: string[] = [];
    const write = (text: string) => void out.push(text);
    const flags = {
      configDir: join(home, 'config'),
      upstreamUrl: cloud.upstreamUrl,
      port: '9123',
      logLevel: 'silent',
      blockedServers: 'other',
      allowedServers: 'demo,other,ecs-ops,typo-server',
      json: true,
    };
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
    };
    await runServersList(flags, { env, homeDir: home, secretStore: null, write });
    const report = JSON.parse(out.join('')) as {
      credentialSource: string;
      servers: { name: string; access: string; origin: string; urls: { mcp: string } }[];
      unknownRuleEntries: unknown[];
    };
    expect(report.credentialSource).toBe('environment');
    const demo = cloud.servers.find((s) => s.name === 'demo');
    expect(report.servers.find((s) => s.name === 'demo')).toMatchObject({
      access: 'allowed',
      origin: 'discovered',
      urls: { mcp: `http://127.0.0.1:9123${demo?.mcpPath}` },
    });
    expect(report.servers.find((s) => s.name === 'other')?.access).toBe('blocked');
    expect(report.unknownRuleEntries).toEqual([{ list: 'allowed', entry: 'typo-server' }]);

    // Without a key: the remembered servers, plus one added by URL, in the human table.
    out.length = 0;
    const added = `https://openapi-mcp.cn-hangzhou.aliyuncs.com/accounts/${SECOND_ACCOUNT_ID}/custom/billing/id/billingId0101/sse`;
    runServersAdd(added, { configDir: flags.configDir, logLevel: 'silent' }, { write });
    out.length = 0;
    await runServersList(
      { configDir: flags.configDir, logLevel: 'silent', allowedServers: 'demo' },
      { env: {}, homeDir: home, secretStore: null, write },
    );
    const table = out.join('');
    expect(table).toContain('No AccessKey');
    expect(table).toMatch(/- billing \(not allowed\) {2}\[id billingId0101, custom, added\]/);
    expect(table).toContain(
      `SSE: http://127.0.0.1:8088/accounts/${SECOND_ACCOUNT_ID}/custom/billing/id/billingId0101/sse`,
    );
    expect(table).toMatch(/- demo {2}\[id demoId0001, ecs, custom\]/);

    expect(() =>
      runServersRemove('demo', { configDir: flags.configDir, logLevel: 'silent' }, { write }),
    ).toThrow(/block it with --blocked-servers demo/);
    runServersRemove(
      'billingId0101',
      { configDir: flags.configDir, logLevel: 'silent' },
      { write },
    );
    expect(() =>
      runServersRemove('billing', { configDir: flags.configDir, logLevel: 'silent' }, { write }),
    ).toThrow(/No server named or with id "billing"/);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
