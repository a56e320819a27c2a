import http from 'node:http';
import https from 'node:https';

/**
 * A request over node:http(s) rather than fetch, for what fetch will not do: send another `Host`, or
 * trust a test CA without a client certificate. Answers the status and the body as text.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; ca?: Buffer },
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? https.request : http.request;
    const request = send(
      target,
      { method: options.method ?? 'POST', headers: options.headers, ca: options.ca },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
