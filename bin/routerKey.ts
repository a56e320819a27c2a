import path from 'node:path';
import { writeRouterKeyFiles } from '../runtime/routerKeys.ts';

// `npm run router-key -- <folder>` makes a router signing key pair for a deployment: the private key
// for ROUTER_SIGNING_KEY_FILE (the gateway only) and the public JWKS for ROUTER_PUBLIC_KEYS_FILE (every
// subgraph). During a rotation, list the old and the new public key in the subgraphs' JWKS.
const folder = process.argv[2];
if (!folder) {
  console.error('usage: npm run router-key -- <folder>');
  process.exit(2);
}
const { signingKeyFile, publicKeysFile, keyid } = await writeRouterKeyFiles(path.resolve(folder));
console.log(
  `keyid ${keyid}\nROUTER_SIGNING_KEY_FILE=${signingKeyFile}\nROUTER_PUBLIC_KEYS_FILE=${publicKeysFile}`,
);
