import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** What the status sync did during a bench run. */
export interface StatusSyncFigures {
  delivered: number;
  /** Changes delivered a second, from the first delivery to the last. */
  perSecond: number;
  /** webhook_outbox_lag_seconds (the worst subscriber's: the probe), sampled each second while the bench ran. */
  lagMaxSeconds: number;
  lagMedianSeconds: number;
  /** From the end of the load until the probe had every change. */
  drainSeconds: number;
}

/**
 * A webhook subscriber on loopback for the bench (registered through WEBHOOK_SUBSCRIBERS_FILE, so the
 * dossiers process's embedded worker serves it while the bench loads the gateway): it acknowledges at
 * once and counts, and the lag gauge of the dossiers process is sampled every second.
 */
export async function startStatusSyncProbe(dataDir: string) {
  const arrivals: number[] = [];
  const ids = new Set<string>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      if (!ids.has(id)) {
        ids.add(id);
        arrivals.push(Date.now());
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const file = path.join(dataDir, 'webhook-subscribers.json');
  const secret = `whsec_${Buffer.from('bench-probe-signing-secret-32by').toString('base64')}`;
  writeFileSync(
    file,
    JSON.stringify([
      { id: 'bench-probe', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, secret },
    ]),
  );
  const lags: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  return {
    /** The environment the subgraphs need for the probe to be a subscriber. */
    env: { WEBHOOK_SUBSCRIBERS_FILE: file, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    /** Samples the dossiers process's lag gauge every second from now on. */
    sample(dossiersUrl: string) {
      sampler = setInterval(() => {
        void fetch(new URL('/metrics', dossiersUrl))
          .then((r) => r.text())
          .then((text) => {
            // The worst subscriber's lag: the probe is the bench's only webhook subscriber.
            const match = /^webhook_outbox_lag_seconds ([\d.e+-]+)/m.exec(text);
            if (match) lags.push(Number(match[1]));
          })
          .catch(() => undefined);
      }, 1000);
    },
    /** Waits until the probe has `expected` changes (or 60 s), then stops sampling and answers the figures. */
    async finish(expected: number): Promise<StatusSyncFigures> {
      const loadEnded = Date.now();
      for (let waited = 0; ids.size < expected && waited < 60_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(sampler);
      const sorted = [...lags].sort((a, b) => a - b);
      const span = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
      return {
        delivered: ids.size,
        perSecond: span > 0 ? ids.size / span : 0,
        lagMaxSeconds: sorted.at(-1) ?? 0,
        lagMedianSeconds: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
        drainSeconds: Math.max(0, ((arrivals.at(-1) ?? loadEnded) - loadEnded) / 1000),
      };
    },
    close() {
      clearInterval(sampler);
      server.closeAllConnections();
      server.close();
    },
  };
}
