import { describe, expect, it } from 'vitest';
import { checkHost, checkOrigin, splitHostHeader } from '../../electron/core/proxy/local-access';

describe('checkHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.1:8088', true],
    ['10.0.0.5:80', true],
    ['localhost', true],
    ['localhost:8088', true],
    ['LocalHost:8088', true],
    ['[::1]', true],
    ['[::1]:8088', true],
    ['[fe80::1]:1', true],
    ['evil.example.com', false],
    ['evil.example.com:8088', false],
    ['evil.localhost', false],
    ['evil.localhost:8088', false],
    ['localhost.evil.com', false],
    ['localhost.', false],
    ['127.0.0.1.nip.io', false],
    ['127.1', false],
    ['[::1', false],
    ['[::1]x', false],
    ['[evil.com]', false],
    ['::1', false],
    ['localhost:', false],
    ['localhost:80a', false],
    ['localhost@evil.com', false],
    ['', false],
    [undefined, false],
  ] as const)('%s → %s', (host, allowed) => {
    expect(checkHost(host).allowed).toBe(allowed);
  });
});

describe('splitHostHeader', () => {
  it.each([
    ['localhost:8088', { name: 'localhost', port: '8088' }],
    ['[::1]:9', { name: '[::1]', port: '9' }],
    ['[::1]', { name: '[::1]', port: null }],
    ['a:b', null],
  ] as const)('%s', (host, expected) => {
    expect(splitHostHeader(host)).toEqual(expected);
  });
});

describe('checkOrigin', () => {
  const allowed = ['http://localhost:5173'];
  it.each([
    [undefined, true],
    ['http://localhost:5173', true],
    ['http://localhost:5173/', false],
    ['https://evil.example.com', false],
    ['null', false],
    ['http://localhost:5174', false],
  ] as const)('%s → %s', (origin, expected) => {
    expect(checkOrigin(origin, allowed).allowed).toBe(expected);
  });

  it('refuses every origin when none are allowed', () => {
    expect(checkOrigin('http://localhost:5173', []).allowed).toBe(false);
  });
});
