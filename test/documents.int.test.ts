import { count, eq } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { createHash } from 'node:crypto';
import { blobs, uploadTickets } from '../drizzle/documents.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wardsOf } from '../runtime/adminUnits.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { s3ForTests, s3rverCredentials, startS3Server, type S3Server } from './support/s3ForTests.ts';

const world = generateWorld(demoSize);
const withS3 = s3ForTests('documents on S3');
let graph: InProcessSupergraph;
let run = 0;
/** A key no other test or run uses (the PostgreSQL test database is shared by the files of a run). */
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${(run += 1)}`;

const issuing = world.procedures.procedures.find(
  (p) => p.name === 'Cấp Giấy xác nhận tình trạng hôn nhân' && p.code.length === 8,
) as (typeof world.procedures.procedures)[number];
const accepting = world.procedures.procedures.find(
  (p) => p.name === 'Đăng ký kết hôn' && p.code.length === 8,
) as (typeof world.procedures.procedures)[number];
const maritalRequirement = world.procedures.requirements.find(
  (r) => r.procedureCode === accepting.code && r.name === 'Giấy xác nhận tình trạng hôn nhân',
)?.id;
const holders = new Set(world.documents.documents.map((d) => d.holderId));
const adults = world.population.citizens.filter(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2004 && !holders.has(c.personalId),
);
/** Who gets a certificate in these tests; who never holds one. */
const [alice, bob, carol] = adults.slice(-3) as [(typeof adults)[0], (typeof adults)[0], (typeof adults)[0]];
const ward = (wardsOf('40')[0] as { code: string }).code;

let officer: string;
/** The dossier that certified alice: the case of the officer's later reads of her store. */
let aliceDossier: string;
/** An officer's system that files and moves dossiers but may read no e-document. */
let writeOnly: string;

const submit = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) {
  code version agency { code } evidence { requirementId source paperReason document { id status } } } }`;
const transition = `mutation($code: String!, $to: DossierStatus!, $v: Int!) {
  transitionDossier(code: $code, to: $to, expectedVersion: $v) { version status } }`;

async function file(procedureCode: string, personalId: string, token?: string) {
  const result = await graph.query(
    submit,
    {
      input: {
        procedureCode,
        applicant: { personalId },
        channel: 'IN_PERSON',
        provinceCode: '40',
        wardCode: ward,
        idempotencyKey: key('file'),
      },
    },
    { token: token ?? officer },
  );
  expect(result.errors).toBeUndefined();
  return (result.data as any).submitDossier;
}

/** Files the marital-status certificate for a citizen and completes it: the store issues the document. */
async function certify(personalId: string) {
  const dossier = await file(issuing.code, personalId);
  let version = dossier.version as number;
  for (const to of ['IN_PROGRESS', 'COMPLETED']) {
    const moved = await graph.query(transition, { code: dossier.code, to, v: version }, { token: officer });
    expect(moved.errors).toBeUndefined();
    version = (moved.data as any).transitionDossier.version;
  }
  const read = await graph.query(
    `query($code: String!) { dossier(code: $code) { resultDocument {
      id number status issuedAt validUntil dossierCode type { code } issuer { code }
      holder { ... on Citizen { personalId } } content signed } } }`,
    { code: dossier.code },
  );
  expect(read.errors).toBeUndefined();
  return { dossier, document: (read.data as any).dossier.resultDocument };
}

const verify = `query($signed: String!) { verifyDocument(signed: $signed) { valid status reason claims document { id } } }`;

beforeAll(async () => {
  graph = await createInProcessSupergraph();
  officer = await graph.token({
    sub: 'one-stop-shop',
    agency: '000.00.00.H29',
    scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
  });
  writeOnly = await graph.token({
    sub: 'write-only-portal',
    agency: '000.00.00.H29',
    scope: 'dossier:write citizen:basic citizen:full',
  });
});
afterAll(() => graph?.close());

describe('issued results', () => {
  it('issues a completed dossier’s result once, signed by its agency, and an outside JWS verifier accepts it', async () => {
    const { dossier, document } = await certify(alice.personalId);
    aliceDossier = dossier.code;
    expect(document).toMatchObject({
      number: `KQ-${dossier.code}`,
      status: 'VALID',
      dossierCode: dossier.code,
      type: { code: 'XAC_NHAN_HON_NHAN' },
      issuer: { code: dossier.agency.code },
      holder: { personalId: alice.personalId },
      issuedAt: vietnamDate(),
    });
    // Six months, less a day (Nghị định 123/2015, Điều 23).
    expect(document.validUntil > vietnamDate()).toBe(true);
    expect(document.content).toMatchObject({ dossierCode: dossier.code, procedure: { code: issuing.code } });

    // jose, knowing nothing of the store, checks it against the published key set.
    const keys = await graph.query('{ documentSigningKeys }', {}, { token: null });
    const jwks = JSON.parse((keys.data as any).documentSigningKeys) as { keys: JWK[] };
    const checked = await compactVerify(document.signed, createLocalJWKSet(jwks));
    expect(checked.protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vn-edoc+jwt' });
    expect(checked.protectedHeader.kid?.startsWith(`${dossier.agency.code}#`)).toBe(true);
    const claims = JSON.parse(new TextDecoder().decode(checked.payload));
    expect(claims).toMatchObject({ iss: dossier.agency.code, sub: alice.personalId, jti: document.id });

    // One changed byte of the payload, and neither jose nor the store accepts it.
    const [header, payload, signature] = document.signed.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[bytes.indexOf('"sub"') + 8] ^= 1;
    const forged = `${header}.${bytes.toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, createLocalJWKSet(jwks))).rejects.toThrow(
      /signature verification failed/,
    );
    const refused = await graph.query(verify, { signed: forged }, { token: null });
    expect((refused.data as any).verifyDocument).toEqual({
      valid: false,
      status: null,
      reason: 'BAD_SIGNATURE',
      claims: null,
      document: null,
    });
    const accepted = await graph.query(verify, { signed: document.signed }, { token: null });
    expect((accepted.data as any).verifyDocument).toMatchObject({
      valid: true,
      status: 'VALID',
      reason: null,
    });
    expect((accepted.data as any).verifyDocument.claims.doc.number).toBe(document.number);

    // Asking again gives back the same document.
    const again = await graph.query(
      'mutation($code: String!) { issueResultDocument(dossierCode: $code) { id } }',
      { code: dossier.code },
      { token: officer },
    );
    expect((again.data as any).issueResultDocument.id).toBe(document.id);
  });

  it('refuses to issue for a dossier not finished, or for a procedure that issues no document', async () => {
    const open = await file(issuing.code, bob.personalId);
    const early = await graph.query(
      'mutation($code: String!) { issueResultDocument(dossierCode: $code) { id } }',
      { code: open.code },
      { token: officer },
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'DOSSIER_NOT_COMPLETED',
    });
    const unknown = await graph.query(
      'mutation($code: String!) { issueResultDocument(dossierCode: $code) { id } }',
      { code: `${open.agency.code}-990101-0001` },
      { token: officer },
    );
    expect(unknown.errors?.[0]?.extensions?.code, JSON.stringify(unknown.errors)).toBe('NOT_FOUND');

    // A finished dossier of a procedure whose result is no e-document: nothing is issued, on completion or asked.
    const residence = world.procedures.procedures.find(
      (p) => p.name === 'Đăng ký tạm trú' && p.code.length === 8,
    );
    const plain = await file(residence?.code as string, bob.personalId);
    let version = plain.version as number;
    for (const to of ['IN_PROGRESS', 'COMPLETED']) {
      const moved = await graph.query(transition, { code: plain.code, to, v: version }, { token: officer });
      expect(moved.errors).toBeUndefined();
      version = (moved.data as any).transitionDossier.version;
    }
    const none = await graph.query(
      'mutation($code: String!) { issueResultDocument(dossierCode: $code) { id } }',
      { code: plain.code },
      { token: officer },
    );
    expect(none.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NO_RESULT_DOCUMENT',
    });
    const read = await graph.query(
      'query($code: String!) { dossier(code: $code) { resultDocument { id } } }',
      {
        code: plain.code,
      },
    );
    expect((read.data as any).dossier.resultDocument).toBeNull();
  });
});

describe('reuse (once-only)', () => {
  it('meets a later dossier’s requirement with the applicant’s valid document, and falls back to paper once it is revoked', async () => {
    const { document } = await certify(bob.personalId);
    const reused = await file(accepting.code, bob.personalId);
    expect(reused.evidence.find((e: any) => e.requirementId === maritalRequirement)).toEqual({
      requirementId: maritalRequirement,
      source: 'E_DOCUMENT',
      paperReason: null,
      document: { id: document.id, status: 'VALID' },
    });

    // Only its issuing agency revokes it.
    const stranger = await graph.token({
      sub: 'other-agency',
      agency: '000.00.00.H38',
      scope: 'document:issue',
    });
    const revoke = `mutation($id: ID!) { revokeDocument(id: $id, reason: "Cấp nhầm người") { status revokedReason } }`;
    const notTheirs = await graph.query(revoke, { id: document.id }, { token: stranger });
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const issuer = await graph.token({
      sub: 'issuer',
      agency: document.issuer.code,
      scope: 'document:issue document:read',
    });
    const revoked = await graph.query(revoke, { id: document.id }, { token: issuer });
    expect(revoked.errors).toBeUndefined();
    expect((revoked.data as any).revokeDocument).toEqual({
      status: 'REVOKED',
      revokedReason: 'Cấp nhầm người',
    });
    const twice = await graph.query(revoke, { id: document.id }, { token: issuer });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const verdict = await graph.query(verify, { signed: document.signed }, { token: null });
    expect((verdict.data as any).verifyDocument).toMatchObject({
      valid: false,
      status: 'REVOKED',
      reason: 'REVOKED',
    });
    const list = await graph.query('{ documentRevocations { id } }', {}, { token: null });
    expect((list.data as any).documentRevocations).toContainEqual({ id: document.id });

    const after = await file(accepting.code, bob.personalId);
    expect(after.evidence.find((e: any) => e.requirementId === maritalRequirement)).toEqual({
      requirementId: maritalRequirement,
      source: 'PAPER',
      paperReason: 'DOCUMENT_REVOKED',
      document: null,
    });
  });

  it('does not use an expired document: the requirement is paper, and says why', async () => {
    const today = vietnamDate();
    const newest = new Map<string, (typeof world.documents.documents)[number]>();
    for (const d of world.documents.documents)
      if (d.typeCode === 'XAC_NHAN_HON_NHAN' && (newest.get(d.holderId)?.issuedOn ?? '') < d.issuedOn)
        newest.set(d.holderId, d);
    const living = new Set(
      world.population.citizens.filter((c) => c.deathDate === null).map((c) => c.personalId),
    );
    const expired = [...newest.values()].find(
      (d) => d.revokedAt === null && d.validUntil != null && d.validUntil < today && living.has(d.holderId),
    );
    expect(expired, 'the demo data holds an expired marital-status certificate').toBeDefined();
    const dossier = await file(accepting.code, (expired as { holderId: string }).holderId);
    expect(dossier.evidence.find((e: any) => e.requirementId === maritalRequirement)).toMatchObject({
      source: 'PAPER',
      paperReason: 'DOCUMENT_EXPIRED',
    });
  });

  it('tells a client that may not read documents nothing: the same paper whether the applicant holds one or not', async () => {
    await certify(carol.personalId);
    const holder = await file(accepting.code, carol.personalId, writeOnly);
    const nonHolder = await file(accepting.code, (adults[0] as { personalId: string }).personalId, writeOnly);
    const sources = (d: any) => d.evidence.map((e: any) => [e.source, e.paperReason]);
    expect(sources(holder)).toEqual(sources(nonHolder));
    expect(holder.evidence.find((e: any) => e.requirementId === maritalRequirement)).toMatchObject({
      source: 'PAPER',
      paperReason: null,
    });
  });
});

describe('the holder’s own store', () => {
  it('shows a citizen their own documents with content and signature, and no one else’s', async () => {
    const own = await graph.token({ sub: alice.personalId, role: 'citizen' });
    const mine = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { documents { id number content signed status } } }`,
      { id: alice.personalId },
      { token: own, purpose: null },
    );
    expect(mine.errors).toBeUndefined();
    const documents = (mine.data as any).citizen.documents;
    expect(documents.length).toBeGreaterThan(0);
    expect(documents[0].signed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const others = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { documents { id } } }`,
      { id: bob.personalId },
      { token: own, purpose: null },
    );
    expect(others.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(others.data)).not.toContain('"number"');
    const direct = await graph.query(
      'query($id: ID!) { document(id: $id) { number content } }',
      { id: documents[0].id },
      { token: await graph.token({ sub: bob.personalId, role: 'citizen' }), purpose: null },
    );
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(direct.data ?? {})).not.toContain('KQ-');
  });

  it('logs an agency’s read of which documents a citizen holds, and of their content, in the citizen’s access log', async () => {
    const requestId = key('read-documents');
    const read = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { documents { number content } } }`,
      { id: alice.personalId },
      { token: officer, requestId, purpose: 'Giải quyết hồ sơ kết hôn', dossierCode: aliceDossier },
    );
    expect(read.errors).toBeUndefined();
    const own = await graph.token({ sub: alice.personalId, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 20) { nodes { clientId purpose fields requestId } } } }`,
      { id: alice.personalId },
      { token: own, purpose: null },
    );
    const records = ((log.data as any).citizen.accessLog.nodes as any[]).filter(
      (r) => r.requestId === requestId,
    );
    expect(records).toEqual([
      {
        clientId: 'one-stop-shop',
        purpose: 'Giải quyết hồ sơ kết hôn',
        fields: ['documents', 'documents.content'],
        requestId,
      },
    ]);

    // Without a purpose, nothing of it is read.
    const noPurpose = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { documents { number } } }`,
      { id: alice.personalId },
      { token: officer, purpose: null, dossierCode: aliceDossier },
    );
    expect(noPurpose.errors?.some((e) => e.extensions?.reason === 'PURPOSE_REQUIRED')).toBe(true);
    expect(JSON.stringify(noPurpose.data)).not.toContain('KQ-');
  });
});

describe('an enterprise’s documents', () => {
  it('shows them to its legal representative (a citizen token) and to no other citizen', async () => {
    const held = world.documents.documents.find((d) => d.holderKind === 'BUSINESS' && d.revokedAt === null);
    expect(held, 'the demo data holds an e-document of an enterprise').toBeDefined();
    const enterprise = held?.holderId as string;
    const representative = world.business.legalRepresentatives.find((r) => r.enterpriseCode === enterprise)
      ?.personalId as string;
    const own = await graph.token({ sub: representative, role: 'citizen' });
    const mine = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { representedBusinesses { enterpriseCode
        documents { number type { code } content } } } }`,
      { id: representative },
      { token: own, purpose: null },
    );
    expect(mine.errors).toBeUndefined();
    const business = (mine.data as any).citizen.representedBusinesses.find(
      (b: any) => b.enterpriseCode === enterprise,
    );
    expect(business.documents).toContainEqual(
      expect.objectContaining({ number: held?.number, content: held?.content }),
    );

    const stranger = adults.find(
      (c) => !world.business.legalRepresentatives.some((r) => r.personalId === c.personalId),
    );
    const theirs = await graph.query(
      'query($id: ID!) { document(id: $id) { number content } }',
      { id: held?.id },
      { token: await graph.token({ sub: stranger?.personalId as string, role: 'citizen' }), purpose: null },
    );
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(theirs.data ?? {})).not.toContain(held?.number as string);
  });
});

describe('digitised components', () => {
  const birth = world.procedures.procedures.find(
    (p) => p.name === 'Đăng ký khai sinh' && p.code.length === 8,
  ) as (typeof world.procedures.procedures)[number];
  const birthCertificate = world.procedures.requirements.find(
    (r) => r.procedureCode === birth.code && r.name === 'Giấy chứng sinh',
  )?.id as string;
  const parent = adults[1] as (typeof adults)[number];
  const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x20)]);
  const request = `mutation($code: String!, $requirement: ID!) {
    requestUpload(dossierCode: $code, requirementId: $requirement) { url expiresAt maxBytes mediaTypes } }`;
  let uploader: string;

  async function ticket(code: string, requirement = birthCertificate, token = uploader) {
    const result = await graph.query(request, { code, requirement }, { token });
    expect(result.errors).toBeUndefined();
    return (result.data as any).requestUpload as { url: string; maxBytes: number; mediaTypes: string[] };
  }

  beforeAll(async () => {
    uploader = await graph.token({
      sub: 'reception-desk',
      agency: '000.00.00.H29',
      scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
    });
  });

  it('stores a scan once by its hash, counts the requirement DIGITISED, and a later dossier reuses it', async () => {
    const dossier = await file(birth.code, parent.personalId, uploader);
    expect(dossier.evidence.find((e: any) => e.requirementId === birthCertificate).source).toBe('PAPER');
    const opened = await ticket(dossier.code);
    expect(opened.url).toMatch(/^\/uploads\?ticket=[\w-]{43}$/);
    expect(opened.mediaTypes).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    const bytes = pdf(4096);
    const stored = await graph.upload(opened.url, bytes, { token: uploader });
    expect(stored.status).toBe(201);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(stored.body).toMatchObject({
      component: {
        dossierCode: dossier.code,
        requirementId: birthCertificate,
        mediaType: 'application/pdf',
        sha256,
      },
      evidence: 'DIGITISED',
    });
    const read = await graph.query(
      `query($code: String!) { dossier(code: $code) { evidence { requirementId source digitised { id sha256 sizeBytes } }
        digitisedComponents { requirementName } } }`,
      { code: dossier.code },
      { token: uploader },
    );
    expect(read.errors).toBeUndefined();
    const evidence = (read.data as any).dossier.evidence.find(
      (e: any) => e.requirementId === birthCertificate,
    );
    expect(evidence).toMatchObject({ source: 'DIGITISED', digitised: { sha256, sizeBytes: 4096 } });
    expect((read.data as any).dossier.digitisedComponents).toEqual([{ requirementName: 'Giấy chứng sinh' }]);

    // The same paper for another dossier: the bytes are stored once.
    const second = await file(birth.code, parent.personalId, uploader);
    const reused = second.evidence.find((e: any) => e.requirementId === birthCertificate);
    expect(reused.source).toBe('DIGITISED');
    const again = await graph.upload((await ticket(second.code)).url, bytes, { token: uploader });
    expect(again.status).toBe(201);
    const documentsDb = graph.servers.find((s) => s.module.name === 'documents')?.db.db as Db;
    const [blobCount] = await documentsDb.select({ n: count() }).from(blobs).where(eq(blobs.sha256, sha256));
    expect(blobCount?.n).toBe(1);
  });

  it('refuses what is not a PDF, JPEG or PNG by its bytes, an image bomb, and a used, expired or someone else’s URL', async () => {
    const dossier = await file(birth.code, (adults[2] as { personalId: string }).personalId, uploader);
    const opened = await ticket(dossier.code);
    const executable = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
      Buffer.alloc(2000),
    ]);
    const refusedExe = await graph.upload(opened.url, executable, { token: uploader });
    expect(refusedExe).toMatchObject({
      status: 415,
      body: { errors: [{ extensions: { reason: 'UNSUPPORTED_SCAN' } }] },
    });
    // A PNG of a few bytes whose header claims 50,000 × 50,000 pixels.
    const bomb = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bomb, 0);
    bomb.writeUInt32BE(13, 8);
    bomb.write('IHDR', 12, 'latin1');
    bomb.writeUInt32BE(50_000, 16);
    bomb.writeUInt32BE(50_000, 20);
    const refusedBomb = await graph.upload(opened.url, bomb, { token: uploader });
    expect(refusedBomb).toMatchObject({
      status: 415,
      body: { errors: [{ message: expect.stringContaining('50000 × 50000') }] },
    });
    // Another client cannot use this client's URL; nor does the owner's URL survive its first use.
    const thief = await graph.token({
      sub: 'someone-else',
      agency: '000.00.00.H29',
      scope: 'dossier:write dossier:read:all',
    });
    expect((await graph.upload(opened.url, pdf(1000), { token: thief })).status).toBe(410);
    expect((await graph.upload(opened.url, pdf(1000), { token: uploader })).status).toBe(201);
    const reused = await graph.upload(opened.url, pdf(1000), { token: uploader });
    expect(reused).toMatchObject({
      status: 410,
      body: { errors: [{ extensions: { reason: 'UPLOAD_URL_USED_OR_EXPIRED' } }] },
    });
    // An expired one.
    const late = await ticket(dossier.code);
    const documentsDb = graph.servers.find((s) => s.module.name === 'documents')?.db.db as Db;
    await documentsDb
      .update(uploadTickets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(
        eq(
          uploadTickets.secretHash,
          createHash('sha256')
            .update(late.url.split('=')[1] as string)
            .digest('hex'),
        ),
      );
    expect((await graph.upload(late.url, pdf(1000), { token: uploader })).status).toBe(410);
  });
});

describe('upload limits', () => {
  let small: InProcessSupergraph;
  beforeAll(async () => {
    small = await createInProcessSupergraph({
      uploads: { maxBytes: 64 * 1024, dailyQuotaBytes: 100 * 1024 },
    });
  });
  afterAll(() => small?.close());

  it('refuses a file over UPLOAD_MAX_BYTES, and a client past its daily quota', async () => {
    const officer = await small.token({
      sub: 'quota-desk',
      agency: '000.00.00.H29',
      scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
    });
    const birth = world.procedures.procedures.find(
      (p) => p.name === 'Đăng ký khai sinh' && p.code.length === 8,
    );
    const requirement = world.procedures.requirements.find(
      (r) => r.procedureCode === birth?.code && r.name === 'Giấy chứng sinh',
    )?.id;
    const filed = await small.query(
      submit,
      {
        input: {
          procedureCode: birth?.code,
          applicant: { personalId: (adults[3] as { personalId: string }).personalId },
          channel: 'IN_PERSON',
          provinceCode: '40',
          wardCode: ward,
          idempotencyKey: key('quota'),
        },
      },
      { token: officer },
    );
    const code = (filed.data as any).submitDossier.code;
    const open = async () =>
      (
        (
          await small.query(
            'mutation($c: String!, $r: ID!) { requestUpload(dossierCode: $c, requirementId: $r) { url maxBytes } }',
            { c: code, r: requirement },
            { token: officer },
          )
        ).data as any
      ).requestUpload;
    const first = await open();
    expect(first.maxBytes).toBe(64 * 1024);
    const scan = (size: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 9, 0x41)]);
    expect(await small.upload(first.url, scan(64 * 1024 + 1), { token: officer })).toMatchObject({
      status: 413,
    });
    expect((await small.upload(first.url, scan(60 * 1024), { token: officer })).status).toBe(201);
    const second = await open();
    expect(await small.upload(second.url, scan(50 * 1024), { token: officer })).toMatchObject({
      status: 429,
      body: { errors: [{ extensions: { code: 'LIMIT_EXCEEDED', reason: 'STORAGE_QUOTA' } }] },
    });
  });
});

describe('downloading a scan', () => {
  const birth = world.procedures.procedures.find(
    (p) => p.name === 'Đăng ký khai sinh' && p.code.length === 8,
  ) as (typeof world.procedures.procedures)[number];
  const birthCertificate = world.procedures.requirements.find(
    (r) => r.procedureCode === birth.code && r.name === 'Giấy chứng sinh',
  )?.id as string;
  const holder = adults[4] as (typeof adults)[number];
  const scan = Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(`scan of ${holder.personalId}\n`.repeat(50)),
  ]);
  const ofCitizen = `query($id: PersonalId!) { citizen(personalId: $id) {
    digitisedComponents { id requirementName download { url expiresAt mediaType sizeBytes } } } }`;
  let desk: string;
  /** The birth dossier whose scan the desk stored: the case of its reads. */
  let scanDossier: string;

  /** Files a birth dossier for `personalId` on `on` and uploads `bytes` as its birth certificate's scan. */
  async function stored(on: InProcessSupergraph, token: string, personalId: string, bytes: Buffer) {
    const filed = await on.query(
      submit,
      {
        input: {
          procedureCode: birth.code,
          applicant: { personalId },
          channel: 'IN_PERSON',
          provinceCode: '40',
          wardCode: ward,
          idempotencyKey: key('scan'),
        },
      },
      { token },
    );
    expect(filed.errors).toBeUndefined();
    const code = (filed.data as any).submitDossier.code as string;
    const opened = await on.query(
      `mutation($c: String!, $r: ID!) { requestUpload(dossierCode: $c, requirementId: $r) { url } }`,
      { c: code, r: birthCertificate },
      { token },
    );
    expect(opened.errors).toBeUndefined();
    expect((await on.upload((opened.data as any).requestUpload.url, bytes, { token })).status).toBe(201);
    return code;
  }

  /** The download URL of `personalId`'s scan of the birth certificate, read as `token` (or the errors). */
  async function downloadUrl(
    on: InProcessSupergraph,
    personalId: string,
    as: { token: string; purpose?: string | null; requestId?: string; dossierCode?: string },
  ) {
    const read = await on.query(ofCitizen, { id: personalId }, as);
    const component = ((read.data as any)?.citizen?.digitisedComponents ?? []).find(
      (c: any) => c.requirementName === 'Giấy chứng sinh',
    );
    return { url: component?.download?.url as string | undefined, component, errors: read.errors };
  }

  beforeAll(async () => {
    desk = await graph.token({
      sub: 'scan-desk',
      agency: '000.00.00.H29',
      scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
    });
    scanDossier = await stored(graph, desk, holder.personalId, scan);
  });

  it('gives an agency the scan’s bytes once, through a URL only it can use, and logs the read', async () => {
    const requestId = key('download');
    const { url, component, errors } = await downloadUrl(graph, holder.personalId, {
      token: desk,
      dossierCode: scanDossier,
      requestId,
      purpose: 'Đối chiếu giấy chứng sinh',
    });
    expect(errors).toBeUndefined();
    expect(url).toMatch(/^\/scans\?ticket=[\w-]{43}$/);
    expect(component.download).toMatchObject({ mediaType: 'application/pdf', sizeBytes: scan.length });

    // Another client holding the URL gets nothing, and does not use it up.
    const stranger = await graph.token({
      sub: 'another-portal',
      agency: '000.00.00.H29',
      scope: 'document:read',
    });
    expect(await graph.download(url as string, { token: stranger })).toMatchObject({
      status: 410,
      body: { errors: [{ extensions: { reason: 'DOWNLOAD_URL_USED_OR_EXPIRED' } }] },
    });
    const served = await graph.download(url as string, { token: desk });
    expect(served.status).toBe(200);
    expect('bytes' in served && served.bytes.equals(scan)).toBe(true);
    expect('headers' in served && served.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': expect.stringMatching(/^attachment; filename="[\w.-]+\.pdf"$/),
    });
    // Once.
    expect((await graph.download(url as string, { token: desk })).status).toBe(410);

    const own = await graph.token({ sub: holder.personalId, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 20) { nodes { clientId purpose fields requestId } } } }`,
      { id: holder.personalId },
      { token: own, purpose: null },
    );
    const records = ((log.data as any).citizen.accessLog.nodes as any[]).filter(
      (r) => r.requestId === requestId,
    );
    expect(records).toEqual([
      {
        clientId: 'scan-desk',
        purpose: 'Đối chiếu giấy chứng sinh',
        // The list of what the citizen holds is the "documents" link; the bytes, the scan.
        fields: ['digitisedComponents.scan', 'documents'],
        requestId,
      },
    ]);
  });

  it('gives the holder their own scan without a purpose, and no one without the scopes, the purpose or the holding', async () => {
    const own = await graph.token({ sub: holder.personalId, role: 'citizen' });
    const mine = await downloadUrl(graph, holder.personalId, { token: own, purpose: null });
    expect(mine.errors).toBeUndefined();
    const served = await graph.download(mine.url as string, { token: own });
    expect('bytes' in served && served.bytes.equals(scan)).toBe(true);

    const neighbour = await graph.token({
      sub: (adults[5] as { personalId: string }).personalId,
      role: 'citizen',
    });
    const theirs = await downloadUrl(graph, holder.personalId, { token: neighbour });
    expect(theirs.url).toBeUndefined();
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const noPurpose = await downloadUrl(graph, holder.personalId, {
      token: desk,
      purpose: null,
      dossierCode: scanDossier,
    });
    expect(noPurpose.url).toBeUndefined();
    expect(noPurpose.errors?.some((e) => e.extensions?.reason === 'PURPOSE_REQUIRED')).toBe(true);

    // A system that handles the dossier but may not read personal data sees the scan listed, never its bytes.
    const handler = await graph.token({
      sub: 'dossier-only',
      agency: '000.00.00.H29',
      scope: 'dossier:read:all',
    });
    const [code] = await Promise.all([stored(graph, desk, holder.personalId, scan)]);
    const listed = await graph.query(
      `query($code: String!) { dossier(code: $code) { digitisedComponents { requirementName download { url } } } }`,
      { code },
      { token: handler },
    );
    expect((listed.data as any)?.dossier?.digitisedComponents?.[0]?.download ?? null).toBeNull();
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(listed.data)).not.toContain('/scans');
  });

  describe.skipIf(!withS3)('with the scans in an S3-compatible store (s3rver)', () => {
    let s3: S3Server;
    let onS3: InProcessSupergraph;
    beforeAll(async () => {
      s3 = await startS3Server();
      onS3 = await createInProcessSupergraph({
        blobStore: {
          BLOB_STORE_URL: `s3://${s3.bucket}/scans`,
          S3_ENDPOINT: s3.endpoint,
          S3_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
          S3_TIMEOUT_MS: '3000',
        },
      });
    });
    afterAll(async () => {
      await onS3?.close();
      await s3?.stop();
    });

    it('stores an upload in the bucket, serves it back, and says so when the store is gone', async () => {
      const token = await onS3.token({
        sub: 's3-desk',
        agency: '000.00.00.H29',
        scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
      });
      const person = (adults[6] as { personalId: string }).personalId;
      const bytes = Buffer.concat([
        Buffer.from('%PDF-1.5\n'),
        Buffer.from(`in the bucket ${key('s3')}\n`.repeat(40)),
      ]);
      const code = await stored(onS3, token, person, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const raw = new S3Client({
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: s3rverCredentials,
      });
      const listed = await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'scans/' }));
      raw.destroy();
      expect(listed.Contents?.map((o) => o.Key)).toContain(`scans/${sha256.slice(0, 2)}/${sha256}`);

      const first = await downloadUrl(onS3, person, { token, dossierCode: code });
      const served = await onS3.download(first.url as string, { token });
      expect('bytes' in served && served.bytes.equals(bytes)).toBe(true);

      const second = await downloadUrl(onS3, person, { token, dossierCode: code });
      await s3.stop();
      expect(await onS3.download(second.url as string, { token })).toMatchObject({
        status: 503,
        body: {
          errors: [{ extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'SCAN_STORE_UNAVAILABLE' } }],
        },
      });
    });
  });
});
