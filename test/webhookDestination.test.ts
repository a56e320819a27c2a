import { describe, expect, it } from 'vitest';
import {
  destinationProblem,
  isAllowedHost,
  isInternalAddress,
} from '../subgraphs/dossiers/webhookDestination.ts';

describe('webhook destinations', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
  ])('takes %s for internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.1', '14.225.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'takes %s for public',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );

  it('refuses what the URL parser normalises to loopback, and names on this machine', () => {
    for (const url of [
      'http://0x7f000001/',
      'http://2130706433/',
      'http://017700000001/',
      'http://localhost/',
    ])
      expect(destinationProblem(new URL(url), []), url).not.toBeNull();
    expect(destinationProblem(new URL('https://203.0.114.1/hook'), [])).toBeNull();
    expect(destinationProblem(new URL('ftp://203.0.114.1/'), [])).toMatch(/http/);
    expect(destinationProblem(new URL('https://u:p@203.0.114.1/'), [])).toMatch(/credentials/);
  });

  it('lets an operator allow a host, or a host and port', () => {
    const url = new URL('http://127.0.0.1:8080/hook');
    expect(isAllowedHost(url, ['127.0.0.1'])).toBe(true);
    expect(isAllowedHost(url, ['127.0.0.1:8080'])).toBe(true);
    expect(isAllowedHost(url, ['127.0.0.1:9090'])).toBe(false);
    expect(isAllowedHost(new URL('http://[::1]:8080/'), ['[::1]:8080'])).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]:8080/'), ['[::1]'])).toBe(true);
    expect(isAllowedHost(new URL('http://localhost/'), ['localhost:80'])).toBe(true);
    expect(destinationProblem(url, ['127.0.0.1:8080'])).toBeNull();
  });
});
