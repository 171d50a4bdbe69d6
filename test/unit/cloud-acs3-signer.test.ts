import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildCanonicalRequest,
  canonicalQueryString,
  canonicalUri,
  formatAcsDate,
  percentEncode,
  sha256Hex,
  signRequest,
} from '../../electron/core/cloud/acs3-signer';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Alibaba's V3 signature worked example (DESIGN.md §2, help.aliyun.com/document_detail/2593177.html). */
const workedExample = () =>
  signRequest(
    {
      method: 'POST',
      host: 'ecs.cn-shanghai.aliyuncs.com',
      path: '/',
      query: {
        ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd',
        RegionId: 'cn-shanghai',
      },
      headers: { 'x-acs-action': 'RunInstances', 'x-acs-version': '2014-05-26' },
      body: '',
    },
    { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' },
    { date: '2023-10-26T10:22:32Z', nonce: '3156853299f313e23d1673dc12e1703d' },
  );

describe('ACS3-HMAC-SHA256 signer: Alibaba worked example', () => {
  it('builds the canonical request byte for byte', () => {
    expect(workedExample().canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('produces the published signature and Authorization header', () => {
    const signed = workedExample();
    expect(signed.signature).toBe(
      '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(signed.headers['authorization']).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(signed.stringToSign).toBe(`ACS3-HMAC-SHA256\n${sha256Hex(signed.canonicalRequest)}`);
    expect(signed.pathAndQuery).toBe(
      '/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
    );
  });

  it('the signature is the HMAC of the string to sign with the secret', () => {
    const signed = workedExample();
    expect(
      createHmac('sha256', 'YourAccessKeySecret').update(signed.stringToSign).digest('hex'),
    ).toBe(signed.signature);
  });
});

describe('ACS3-HMAC-SHA256 signer: STS tokens and headers', () => {
  const sign = (securityToken?: string) =>
    signRequest(
      {
        method: 'get',
        host: 'ims.aliyuncs.com',
        path: '/',
        query: {},
        headers: {
          'X-Acs-Action': 'ListApplications',
          'X-Acs-Version': '2019-08-15',
          Accept: 'application/json',
        },
        body: '',
      },
      {
        accessKeyId: 'STS.id',
        accessKeySecret: 'secret',
        ...(securityToken === undefined ? {} : { securityToken }),
      },
      { date: '2024-01-01T00:00:00Z', nonce: 'n' },
    );

  it('sends and signs x-acs-security-token with an STS key', () => {
    const signed = sign('the-token');
    expect(signed.headers['x-acs-security-token']).toBe('the-token');
    expect(signed.headers['authorization']).toContain('x-acs-security-token');
  });

  it('sends no security token for a long-lived key', () => {
    const signed = sign();
    expect(signed.headers).not.toHaveProperty('x-acs-security-token');
  });

  it('lower-cases header names, upper-cases the method and leaves unsigned headers out', () => {
    const signed = sign();
    expect(signed.canonicalRequest.startsWith('GET\n/\n\n')).toBe(true);
    expect(signed.canonicalRequest).toContain('x-acs-action:ListApplications\n');
    expect(signed.canonicalRequest).not.toContain('accept');
  });

  it('signs content-type and trims header values', () => {
    const { canonicalRequest, signedHeaders } = buildCanonicalRequest(
      'POST',
      '/',
      {},
      { 'Content-Type': '  application/json ', host: 'h', 'user-agent': 'x' },
      EMPTY_SHA256,
    );
    expect(signedHeaders).toBe('content-type;host');
    expect(canonicalRequest).toContain('content-type:application/json\nhost:h\n');
  });

  it('hashes the payload', () => {
    const signed = signRequest(
      { method: 'POST', host: 'h', path: '/', query: {}, headers: {}, body: '{"a":1}' },
      { accessKeyId: 'id', accessKeySecret: 's' },
      { date: 'd', nonce: 'n' },
    );
    expect(signed.headers['x-acs-content-sha256']).toBe(sha256Hex('{"a":1}'));
  });
});

describe('ACS3-HMAC-SHA256 signer: encoding', () => {
  it.each([
    ['plain', 'abcXYZ019', 'abcXYZ019'],
    ['RFC 3986 unreserved kept', '-_.~', '-_.~'],
    ['space is %20, never +', 'a b', 'a%20b'],
    ['asterisk is %2A', 'a*b', 'a%2Ab'],
    ['plus', 'a+b', 'a%2Bb'],
    ['slash in a value', '/acs/mcp-server', '%2Facs%2Fmcp-server'],
    ['sub-delims of encodeURIComponent', "!'()", '%21%27%28%29'],
    ['reserved', ':;=&?#[]@,', '%3A%3B%3D%26%3F%23%5B%5D%40%2C'],
    ['percent', '100%', '100%25'],
    ['UTF-8, upper-case hex', 'é中', '%C3%A9%E4%B8%AD'],
    ['emoji', '😀', '%F0%9F%98%80'],
    ['empty', '', ''],
  ])('%s', (_label, input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('sorts query names and encodes names and values', () => {
    expect(
      canonicalQueryString({
        b: '2',
        A: 'x y',
        a: '*',
        RedirectUris: 'http://127.0.0.1:8088/callback',
        Empty: '',
      }),
    ).toBe('A=x%20y&Empty=&RedirectUris=http%3A%2F%2F127.0.0.1%3A8088%2Fcallback&a=%2A&b=2');
  });

  it('encodes each path segment but keeps the slashes', () => {
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/apimcpservers')).toBe('/apimcpservers');
    expect(canonicalUri('/a b/c*d/é')).toBe('/a%20b/c%2Ad/%C3%A9');
  });

  it('formats x-acs-date as UTC without milliseconds', () => {
    expect(formatAcsDate(new Date(Date.UTC(2023, 9, 26, 10, 22, 32, 123)))).toBe(
      '2023-10-26T10:22:32Z',
    );
  });
});
