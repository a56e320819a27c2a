import type http from 'node:http';

/**
 * The caller's IP address, for the limits of callers without a token. Behind `trustedHops` proxies
 * (a load balancer that appends to X-Forwarded-For), it is the address the outermost trusted proxy
 * saw: the entry that many places from the right. Entries further left are the client's own say and
 * cannot be trusted; with no proxy configured the header is ignored altogether.
 */
export function clientAddress(req: http.IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  let address = peer;
  if (trustedHops > 0) {
    const header = req.headers['x-forwarded-for'];
    const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length > 0) address = entries[Math.max(0, entries.length - trustedHops)] as string;
  }
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
