import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { loadEd25519PrivateKey } from './ed25519Key.ts';
import type { Env } from './env.ts';

/**
 * A case assertion: the dossiers service's signed word, while it files a dossier, that this client is
 * filing dossier `dossier` at agency `agency` for applicant `applicant`. The population registry takes
 * it (sent as X-Case-Assertion with the filing's registry read) to put the applicant in its case index
 * before the dossier exists, so that the reads made inside submitDossier are bound to the dossier being
 * created. A compact JWS (RFC 7515, EdDSA), valid two minutes, bound to the client.
 */
export interface CaseAssertion {
  /** The filing client (the token's subject). */
  sub: string;
  dossier: string;
  agency: string;
  applicant: string;
}

const typ = 'vn-case+jwt';
const lifetimeSeconds = 120;

/** Where `npm start` keeps the development key: under the data directory, never committed. */
export const devCaseKeyFile = (dataDir: string) => path.join(dataDir, 'dev-case-key.pem');

const signingKeys = new WeakMap<Env, Promise<KeyObject>>();
const publicKeys = new WeakMap<Env, Promise<KeyObject>>();

/** The dossiers service's key: CASE_SIGNING_KEY_FILE (Ed25519 PKCS#8 PEM), or in development one made once. */
function signingKeyOf(env: Env): Promise<KeyObject> {
  let key = signingKeys.get(env);
  if (!key)
    signingKeys.set(
      env,
      (key = loadEd25519PrivateKey({
        file: env.caseSigningKeyFile,
        variable: 'CASE_SIGNING_KEY_FILE',
        devFile: devCaseKeyFile(env.dataDir),
        mode: env.mode,
        why: 'the dossiers service signs with it the case of each dossier it files',
      })),
    );
  return key;
}

/** What the population registry checks it with: CASE_PUBLIC_KEY_FILE (SPKI PEM), or the development key's public half. */
function publicKeyOf(env: Env): Promise<KeyObject> {
  let key = publicKeys.get(env);
  if (!key) {
    const file = env.casePublicKeyFile;
    publicKeys.set(
      env,
      (key = file
        ? Promise.resolve(createPublicKey(readFileSync(file, 'utf8')))
        : env.mode === 'production'
          ? Promise.reject(
              new Error(
                'Production needs CASE_PUBLIC_KEY_FILE: the dossiers service’s case assertions are checked with it',
              ),
            )
          : signingKeyOf(env).then((k) => createPublicKey(k))),
    );
    key.catch(() => {});
  }
  return key;
}

/** Signs a case assertion (dossiers service). */
export async function signCaseAssertion(env: Env, assertion: CaseAssertion): Promise<string> {
  return new SignJWT({ dossier: assertion.dossier, agency: assertion.agency, applicant: assertion.applicant })
    .setProtectedHeader({ alg: 'EdDSA', typ })
    .setSubject(assertion.sub)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(await signingKeyOf(env));
}

/** The assertion, when its signature, type and lifetime check; otherwise null (population registry). */
export async function verifyCaseAssertion(env: Env, token: string): Promise<CaseAssertion | null> {
  try {
    const { payload } = await jwtVerify(token, await publicKeyOf(env), { algorithms: ['EdDSA'], typ });
    const { sub, dossier, agency, applicant } = payload as Record<string, unknown>;
    if ([sub, dossier, agency, applicant].some((v) => typeof v !== 'string')) return null;
    return { sub, dossier, agency, applicant } as CaseAssertion;
  } catch {
    return null;
  }
}
