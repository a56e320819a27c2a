import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../runtime/env.ts';
import { createRouterRequestVerifier } from '../runtime/verifyRouterRequest.ts';

// #26 point 21: the RFC 9421 profile needed an example a router's author can test against. This is the
// one docs/deployment.md prints (a test key: 32 bytes of 0x07), checked by the subgraphs' own verifier.
const privateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]),
  format: 'der',
  type: 'pkcs8',
});
const body = '{"query":"{ __typename }"}';
const headers = {
  host: 'population.internal:4001',
  'content-digest': 'sha-256=:kQdqlhasDNntntftKLr+cg9HwM2EBuaLRbbduh/ouJc=:',
  authorization: 'Bearer eyJ.example.token',
  'x-purpose': 'Gi%E1%BA%A3i%20quy%E1%BA%BFt%20h%E1%BB%93%20s%C6%A1',
  'x-request-id': 'req-2026-12-07-0001',
  'signature-input':
    'router=("@method" "@target-uri" "content-digest" "authorization" "x-purpose" "x-request-id");created=1796601600;expires=1796601660;nonce="bm9uY2UtZXhhbXBsZS0x";keyid="router-test-2026";alg="ed25519"',
  signature:
    'router=:X14z40Wj8gVkt40Db7hY9bKnrPtcjoK6BYDVTpG3hlnCDLTs0/Sj23CaCe8zqU0FWjAQZ0NnZjzkfNRplzgXCg==:',
};
const verifier = () =>
  createRouterRequestVerifier({
    keys: new Map([['router-test-2026', createPublicKey(privateKey)]]),
    origins: new Set(['http://population.internal:4001']),
    startedAt: 1796601600_000 - 60_000,
  });
const request = (over: Record<string, string> = {}) => ({
  method: 'POST',
  url: '/graphql',
  headers: { ...headers, ...over },
  secure: false,
});

afterEach(() => vi.useRealTimers());

describe('the router signature test vector of docs/deployment.md', () => {
  it('is printed there as the subgraphs check it', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs/deployment.md'), 'utf8');
    for (const value of [headers['signature-input'], headers.signature, headers['content-digest']])
      expect(doc).toContain(value);
    expect(doc).toContain((createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }).x);
  });

  it('verifies within its window, and not with a byte of the body or a header changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1796601605_000);
    expect(await verifier()(request(), Buffer.from(body))).toBeNull();
    expect(await verifier()(request(), Buffer.from(body.replace('typename', 'typenamf')))).toMatch(
      /Content-Digest/,
    );
    expect(await verifier()(request({ 'x-purpose': 'other' }), Buffer.from(body))).toMatch(/does not verify/);
    vi.setSystemTime(1796601700_000);
    expect(await verifier()(request(), Buffer.from(body))).toMatch(/expired/);
  });
});
