import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpFaultProxy {
  /** host:port to connect to instead of the target. */
  host: string;
  port: number;
  /** Connections opened through the proxy so far. */
  accepted: number;
  /** Connections open now. */
  open(): number;
  /**
   * Bytes a stall holds from the clients on connections that were working before it (not ones still
   * starting up): non-zero once a request has been written to an established connection and waits.
   */
  heldOnEstablished(): number;
  /** Closes every open connection at once (FIN both ways), as a restarted server or a pooler would. */
  cut(): void;
  /** Resets every open connection (TCP RST), as a crashed host or a firewall would. */
  reset(): void;
  /** While down, new connections are reset as soon as they arrive: the database is unreachable. */
  down: boolean;
  /** While stalled, nothing is forwarded in either direction (bytes wait), as on a hung network. */
  stall(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback in front of a real PostgreSQL, for fault tests: it forwards bytes both ways
 * and can be told to cut, reset or stall the connections, or to refuse new ones. The driver and the
 * server are the real ones; only the wire between them is made bad.
 */
export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; linked: boolean }>();
  let stalled = false;
  const state = { accepted: 0, down: false };
  const server = net.createServer((client) => {
    state.accepted += 1;
    if (state.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream, linked: false };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (!stalled) link(pair);
  });
  const link = (pair: { client: net.Socket; upstream: net.Socket; linked: boolean }) => {
    pair.linked = true;
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    host: '127.0.0.1',
    port,
    open: () => pairs.size,
    heldOnEstablished: () =>
      [...pairs].reduce((sum, pair) => sum + (pair.linked ? pair.client.readableLength : 0), 0),
    cut() {
      for (const { client, upstream } of pairs) {
        client.end();
        upstream.end();
        client.destroySoon();
        upstream.destroySoon();
      }
    },
    reset() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    stall(on: boolean) {
      stalled = on;
      for (const pair of pairs) {
        if (on) {
          pair.client.unpipe(pair.upstream);
          pair.upstream.unpipe(pair.client);
          pair.client.pause();
          pair.upstream.pause();
        } else link(pair);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  });
}
