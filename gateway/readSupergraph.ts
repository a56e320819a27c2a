import { readFileSync } from 'node:fs';

/**
 * The committed supergraph as @apollo/gateway can serve it. The file links @requiresScopes and
 * @authenticated `for: SECURITY`, so that Apollo Router enforces them; @apollo/gateway does not
 * implement those features and refuses to start on a SECURITY link it does not support. Our subgraphs
 * enforce the same directives where the data lives, so the gateway reads these links as plain metadata.
 */
export function supergraphForGateway(sdl: string): string {
  return sdl.replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:requiresScopes|authenticated)\/v[\d.]+"), for: SECURITY\)/g,
    '$1)',
  );
}

export function readSupergraph(path: string): string {
  return supergraphForGateway(readFileSync(path, 'utf8'));
}
