import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../gateway/clientAddress.ts';

// #26 points 16 and 26: TRUSTED_PROXY_HOPS had no test (the limits tests set the address directly),
// and IPv6 addresses were counted one by one, where one subscriber holds a whole /64.
const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as http.IncomingMessage;

describe('the address a caller without a token is limited by', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('is the entry the outermost trusted proxy saw, never one the client wrote further left', () => {
    // client → balancer (appends the client's address) → gateway
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7'), 1)).toBe('198.51.100.7');
    // client → CDN → balancer → gateway: two appended entries, the left one the CDN saw
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.5'), 2)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), 3)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('reads IPv4 written as IPv6 as IPv4, and counts IPv6 by its /64', () => {
    expect(clientAddress(request('::ffff:198.51.100.7'), 0)).toBe('198.51.100.7');
    expect(clientAddress(request('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:db8:1:2::9'), 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:0db8:0001:0002:0:0:0:1'), 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:db8::1'), 0)).toBe('2001:db8:0:0::/64');
    expect(clientAddress(request('::1'), 0)).toBe('0:0:0:0::/64');
    expect(clientAddress(request('10.0.0.2', '2001:db8:1:2::77'), 1)).toBe('2001:db8:1:2::/64');
  });
});
