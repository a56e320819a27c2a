import type http from 'node:http';
import { isIP } from 'node:net';

/**
 * The caller's IP address, for the limits of callers without a token. Behind `trustedHops` proxies
 * (a load balancer that appends to X-Forwarded-For), it is the address the outermost trusted proxy
 * saw: the entry that many places from the right. Entries further left are the client's own say and
 * cannot be trusted; with no proxy configured the header is ignored altogether. An IPv6 address
 * counts as its /64 network.
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
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  return isIP(address) === 6 ? ipv6Network(address) : address;
}

/**
 * An IPv6 address as the /64 network it belongs to ("2001:db8:1:2::/64"): one subscriber is usually
 * given a whole /64, so counting per address would let one client rotate through 2^64 of them.
 */
function ipv6Network(address: string): string {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
