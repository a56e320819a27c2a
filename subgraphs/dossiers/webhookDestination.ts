import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses a webhook may never reach unless an operator allows the host: loopback, private,
 * carrier-grade NAT, link-local (with the cloud metadata service), unspecified, multicast and the
 * documentation and benchmarking ranges, for IPv4, IPv6 and IPv4 written as IPv6. Without this rule
 * registerWebhook made the dossiers service a port scanner inside our network, with lastError as its
 * answer (#26).
 */
const blocked = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(address, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, no brackets) is one a webhook may not reach by default. */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  if (family === 4) return blocked.check(address, 'ipv4');
  // IPv4 written as IPv6 (::ffff:a.b.c.d, or ::ffff:7f00:1 as the URL parser writes it): the IPv4 rules.
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return blocked.check(dotted[1] as string, 'ipv4');
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16)];
    return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

/**
 * Whether an allow-list entry names the URL's host: "host" (any port) or "host:port", an IPv6 address
 * in brackets ("[::1]:8080"). Entries that match nothing are ignored.
 */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.some((entry) => {
    const match =
      /^\[([^\]]+)\](?::(\d+))?$/.exec(entry.trim()) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(entry.trim());
    if (!match) return false;
    return match[1]?.toLowerCase() === host && (match[2] === undefined || match[2] === port);
  });
}

/** Why a webhook URL is refused before any lookup (a scheme, credentials, an internal address); null when not. */
export function destinationProblem(url: URL, allowedHosts: readonly string[]): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be http or https';
  if (url.username || url.password) return 'url must not carry credentials';
  if (isAllowedHost(url, allowedHosts)) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal'))
    return 'url must not name a host on this machine or inside its network';
  if (net.isIP(host) && isInternalAddress(host))
    return 'url must not name a loopback, private, link-local or reserved address';
  return null;
}

/** The error code (a Node system-error style one, never a client's) of a connection guardedLookup refused. */
export const destinationRefused = 'EDESTINATION';

/**
 * The `lookup` of an outbound request: resolves as usual, and fails with EDESTINATION when any
 * address the name resolves to is internal (unless the host is allowed). The connection then goes to
 * the addresses checked here, so a name that resolves anew between the check and the connection (DNS
 * rebinding) cannot slip through.
 */
export function guardedLookup(url: URL, allowedHosts: readonly string[]): net.LookupFunction {
  const allowed = isAllowedHost(url, allowedHosts);
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!allowed && list.some((a) => isInternalAddress(a.address))) {
        const refused = Object.assign(new Error(`${hostname} resolves to an internal address`), {
          code: destinationRefused,
        });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { errno: -3008 }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Whether a registered URL may be used now: the static rules, then the name's current addresses. A
 * name that does not resolve here is taken (its deliveries will fail and be retried); one that
 * resolves to an internal address is not.
 */
export async function checkDestination(url: URL, allowedHosts: readonly string[]): Promise<string | null> {
  const problem = destinationProblem(url, allowedHosts);
  if (problem || isAllowedHost(url, allowedHosts) || net.isIP(url.hostname.replace(/^\[|\]$/g, '')))
    return problem;
  try {
    const addresses = await dns.promises.lookup(url.hostname, { all: true });
    if (addresses.some((a) => isInternalAddress(a.address)))
      return 'url must not name a host that resolves to a loopback, private, link-local or reserved address';
  } catch {
    // Unknown here: delivery looks it up again, guarded, each time.
  }
  return null;
}
