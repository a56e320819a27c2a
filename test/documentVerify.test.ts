import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/env.ts';
import { createDocumentKeys } from '../subgraphs/documents/documentKeys.ts';
import { signDocument } from '../subgraphs/documents/signDocument.ts';
import type { DocumentClaims } from '../subgraphs/documents/verifySignedDocument.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), 'document-verify-'));
const keys = createDocumentKeys({ dataDir: dir, mode: 'development', documentKeysDir: undefined });
const agency = '000.00.00.H29';
const claims: DocumentClaims = {
  iss: agency,
  sub: '079203000123',
  jti: '0b7f3c1e-4a52-4d7e-9c1a-2f1d5e6a7b8c',
  iat: 1_790_000_000,
  doc: {
    type: 'XAC_NHAN_HON_NHAN',
    typeName: 'Giấy xác nhận tình trạng hôn nhân',
    number: 'KQ-000.00.00.H29-261201-0001',
    holderKind: 'CITIZEN',
    issuedOn: '2026-12-01',
    validUntil: '2027-05-31',
    content: { dossierCode: '000.00.00.H29-261201-0001' },
  },
};
const signed = signDocument(claims, keys.signingKey(agency));
const file = (name: string, text: string) => {
  const where = path.join(dir, name);
  writeFileSync(where, text);
  return where;
};
const keysFile = file('keys.json', JSON.stringify(keys.jwks()));

/** `npm run document:verify` as an operator runs it: its exit code and the verdict it prints. */
async function verify(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bin/documentVerify.ts', ...args], {
      cwd: projectRoot,
    });
    return { code: 0, verdict: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, verdict: failed.stdout ? JSON.parse(failed.stdout) : null };
  }
}

describe('npm run document:verify (offline, no server)', () => {
  it('accepts a genuine document within its validity, and says revocation was not checked without a list', async () => {
    const { code, verdict } = await verify(
      '--keys',
      keysFile,
      '--today',
      '2026-12-07',
      file('doc.jws', signed),
    );
    expect(code).toBe(0);
    expect(verdict).toMatchObject({ valid: true, status: 'VALID', revocationChecked: false });
    expect(verdict.claims.doc.number).toBe(claims.doc.number);
  });

  it('says EXPIRED past the last valid day, and REVOKED when the published list names it', async () => {
    const expired = await verify('--keys', keysFile, '--today', '2027-06-01', file('doc2.jws', signed));
    expect(expired).toMatchObject({ code: 1, verdict: { valid: false, status: 'EXPIRED' } });
    const list = file(
      'revocations.json',
      JSON.stringify({ revocations: [{ id: claims.jti, revokedAt: '2026-12-02T00:00:00Z' }] }),
    );
    const revoked = await verify(
      '--keys',
      keysFile,
      '--revocations',
      list,
      '--today',
      '2026-12-07',
      file('doc3.jws', signed),
    );
    expect(revoked).toMatchObject({
      code: 1,
      verdict: { valid: false, status: 'REVOKED', revocationChecked: true },
    });
  });

  it('refuses one changed byte, a key it was not given, and a key of another agency', async () => {
    const [header, payload, signature] = signed.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[bytes.indexOf('2027')] ^= 1;
    const forged = await verify(
      '--keys',
      keysFile,
      file('forged.jws', `${header}.${bytes.toString('base64url')}.${signature}`),
    );
    expect(forged).toMatchObject({
      code: 1,
      verdict: { valid: false, reason: 'BAD_SIGNATURE', claims: null },
    });

    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'document-verify-other-'));
    const other = createDocumentKeys({ dataDir: otherDir, mode: 'development', documentKeysDir: undefined });
    other.signingKey(agency);
    const unknown = await verify(
      '--keys',
      file('other.json', JSON.stringify(other.jwks())),
      file('doc4.jws', signed),
    );
    expect(unknown).toMatchObject({ code: 1, verdict: { reason: 'UNKNOWN_KEY' } });

    // Signed with Lào Cai's key, claiming TP.HCM as its issuer.
    keys.signingKey('000.00.00.H38');
    const impostor = signDocument(claims, keys.signingKey('000.00.00.H38'));
    const both = file('both.json', JSON.stringify(keys.jwks()));
    const wrong = await verify('--keys', both, file('doc5.jws', impostor));
    expect(wrong).toMatchObject({ code: 1, verdict: { reason: 'WRONG_ISSUER' } });
  });

  it('exits 2 on a wrong command line or a key file that is not JSON', async () => {
    const { code } = await verify(file('doc6.jws', signed));
    expect(code).toBe(2);
    const unreadable = await verify('--keys', file('broken.json', '{ not json'), file('doc7.jws', signed));
    expect(unreadable.code).toBe(2);
  });
});
