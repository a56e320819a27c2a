import http from 'node:http';
import https from 'node:https';

/**
 * GETs a URL and answers its status and body. Over HTTPS it trusts the given CA (the bench's own, for
 * the subgraphs that serve mutual TLS to Grafbase), which the global fetch cannot be told per request.
 */
export function getText(url: string, ca?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(url, { ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
