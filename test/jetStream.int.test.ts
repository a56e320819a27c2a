import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import {
  changeStream,
  connectJetStream,
  type JetStreamPublisher,
} from '../subgraphs/dossiers/jetStreamPublisher.ts';
import { createWebhookStore } from '../subgraphs/dossiers/webhookStore.ts';
import { createOutboxReader, positionOf, type OutboxRow } from '../subgraphs/dossiers/outbox.ts';
import { startWebhookWorker } from '../subgraphs/dossiers/webhookWorker.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

// The status sync's broker: this machine's NATS with JetStream (127.0.0.1:4222, which .ci/run starts).
const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const required = process.env.REQUIRE_NATS_TESTS === '1';
const natsAnswers = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(natsUrl);
  const socket = net.connect({ host: hostname, port: Number(port || 4222) });
  socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  socket.once('error', () => resolve(false));
  socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('INFO'))));
});
if (!natsAnswers && required) throw new Error(`REQUIRE_NATS_TESTS=1 but no NATS answers at ${natsUrl}`);
if (!natsAnswers)
  console.warn(
    `\n!!! jetStream.int.test.ts: SKIPPED, no NATS answers at ${natsUrl} (start nats-server -js, or set NATS_URL). CI sets REQUIRE_NATS_TESTS=1 and fails without it. !!!\n`,
  );

const world = generateWorld(demoSize);
const logger = createLogger('test', 'silent');
let graph: InProcessSupergraph;
let nc: NatsConnection;
let publisher: JetStreamPublisher;
beforeAll(async () => {
  if (!natsAnswers) return;
  nc = await connect({ servers: new URL(natsUrl).host });
  // A clean stream: message ids restart with every test database.
  const manager = await jetstreamManager(nc);
  await manager.streams.delete(changeStream).catch(() => false);
  graph = await createInProcessSupergraph();
  publisher = await connectJetStream(natsUrl, logger);
});
afterAll(async () => {
  await publisher?.close();
  await nc?.close();
  await graph?.close();
});

describe.skipIf(!natsAnswers)('changes published to NATS JetStream', () => {
  it('publishes each change once, in order, with its id as the message id; a second publish is dropped as a duplicate', async () => {
    const officer = await graph.token({
      sub: 'nats-officer',
      agency: '000.00.00.X56',
      scope: 'dossier:write dossier:read citizen:basic',
    });
    const db = graph.servers.find((s) => s.module.name === 'dossiers')?.db.db as Db;
    await createWebhookStore(db).register({
      id: 'nats-jetstream',
      url: publisher.url,
      secret: 'whsec_unused',
      createdBy: 'test',
      from: 'now',
    });
    const applicant = world.population.citizens.find(
      (c) => c.deathDate === null && c.birthDate < '2004',
    ) as (typeof world.population.citizens)[number];
    const procedure = world.procedures.procedures.find(
      (p) => p.onlineService === 'FULL' && p.level === 'PROVINCE' && p.code.length === 8,
    ) as (typeof world.procedures.procedures)[number];
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = await graph.query(
        `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
        {
          input: {
            procedureCode: procedure.code,
            applicant: { personalId: applicant.personalId },
            channel: 'ONLINE',
            provinceCode: '56',
            idempotencyKey: `nats-${process.pid}-${Date.now()}-${i}`,
          },
        },
        { token: officer },
      );
      expect(result.errors).toBeUndefined();
      codes.push((result.data?.submitDossier as { code: string }).code);
    }
    const moved = await graph.query(
      `mutation($c: String!) { transitionDossier(code: $c, to: RECEIVED, expectedVersion: 1) { version } }`,
      { c: codes[0] },
      { token: officer },
    );
    expect(moved.errors).toBeUndefined();

    const worker = startWebhookWorker(db, { logger, pollMs: 20, broker: publisher });
    const manager = await jetstreamManager(nc);
    for (let i = 0; i < 500 && (await manager.streams.info(changeStream)).state.messages < 4; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();

    const info = await manager.streams.info(changeStream);
    expect(info.state.messages).toBe(4);
    const stored = [];
    for (let seq = 1; seq <= 4; seq += 1)
      stored.push(await manager.streams.getMessage(changeStream, { seq }));
    const messages = stored.map((m) => ({
      id: m?.header.get('Nats-Msg-Id'),
      subject: m?.subject,
      data: (m?.json() as { data: { id: string; dossierCode: string; sequence: number } }).data,
    }));
    expect(messages.map((m) => [m.data.dossierCode, m.data.sequence])).toEqual([
      [codes[0], 1],
      [codes[1], 1],
      [codes[2], 1],
      [codes[0], 2],
    ]);
    for (const m of messages) {
      expect(m.id).toBe(m.data.id);
      expect(m.subject).toBe('dossiers.changes.56.000_00_00_X56');
    }
    // The worker dying after publishing and before moving its cursor publishes again: JetStream drops it.
    const [first] = await createOutboxReader(db).changesAfter(positionOf(messages[0]?.id ?? '') - 1, 1);
    expect(await publisher.publish(first as OutboxRow)).toEqual({ ok: true });
    expect((await manager.streams.info(changeStream)).state.messages).toBe(4);
  });
});
