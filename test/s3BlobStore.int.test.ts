import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../runtime/env.ts';
import { s3BlobStore } from '../subgraphs/documents/s3BlobStore.ts';
import { freePort } from './support/freePort.ts';
import { s3ForTests, s3rverCredentials, startS3Server, type S3Server } from './support/s3ForTests.ts';

const withS3 = s3ForTests('S3 blob store');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The settings BLOB_STORE_URL and S3_* give, for a store at `endpoint`. */
const settingsFor = (endpoint: string, bucket: string, extra: Record<string, string> = {}) => {
  const settings = loadEnv({
    BLOB_STORE_URL: `s3://${bucket}/scans/`,
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    ...extra,
  }).blobStore;
  if (settings.kind !== 's3') throw new Error('expected S3 settings');
  return settings;
};

/**
 * A proxy in front of the S3 server that, when told, answers a GET's headers and half its body and
 * then sends nothing more, keeping the connection open: the stalled transfer the SDK does not time out.
 */
async function startStallingProxy(target: string) {
  const state = { stallBodies: false };
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (state.stallBodies && req.method === 'GET' && body.length > 1)
            res.write(body.subarray(0, body.length >> 1));
          else res.end(body);
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(!withS3)(
  'the scans in an S3-compatible store (s3rver, a real server in its own process)',
  () => {
    let s3: S3Server;
    let raw: S3Client;
    beforeAll(async () => {
      s3 = await startS3Server();
      raw = new S3Client({
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: s3rverCredentials,
      });
    });
    afterAll(async () => {
      raw?.destroy();
      await s3?.stop();
    });

    it('stores each scan once under its hash and gives back the same bytes', async () => {
      const store = s3BlobStore(settingsFor(s3.endpoint, s3.bucket));
      const bytes = randomBytes(300_000);
      const hash = sha(bytes);
      await store.put(hash, bytes, 'application/pdf');
      await store.put(hash, bytes, 'application/pdf');
      const listed = await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'scans/' }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([`scans/${hash.slice(0, 2)}/${hash}`]);
      const object = await raw.send(
        new GetObjectCommand({ Bucket: s3.bucket, Key: `scans/${hash.slice(0, 2)}/${hash}` }),
      );
      expect(object.ContentType).toBe('application/pdf');
      expect(object.Metadata?.sha256).toBe(hash);
      await object.Body?.transformToByteArray();
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
      expect(await store.get(sha(Buffer.from('never stored')))).toBeNull();
      store.close();
    });

    it('refuses bytes that do not match the hash they are stored under, and bytes the store changed', async () => {
      const store = s3BlobStore(settingsFor(s3.endpoint, s3.bucket));
      const bytes = randomBytes(1000);
      await expect(store.put(sha(Buffer.from('other')), bytes, 'image/png')).rejects.toThrow(/another hash/);
      const hash = sha(bytes);
      await store.put(hash, bytes, 'image/png');
      // Someone with write access to the bucket replaces the object.
      await raw.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: `scans/${hash.slice(0, 2)}/${hash}`,
          Body: randomBytes(1000),
        }),
      );
      await expect(store.get(hash)).rejects.toThrow(/bytes of another hash/);
      store.close();
    });

    it('is refused by the server with an access key it does not know', async () => {
      // s3rver checks the access key id, not the SigV4 signature itself (lib/middleware/authentication.js):
      // what this shows is that a refusal of the store reaches the caller as an error.
      const store = s3BlobStore(settingsFor(s3.endpoint, s3.bucket, { S3_ACCESS_KEY_ID: 'NOT-A-KEY' }));
      const bytes = randomBytes(100);
      const refused = { $metadata: { httpStatusCode: 403 } };
      await expect(store.put(sha(bytes), bytes, 'image/jpeg')).rejects.toMatchObject(refused);
      await expect(store.get(sha(bytes))).rejects.toMatchObject({ ...refused, name: 'InvalidAccessKeyId' });
      store.close();
    });

    it('gives up on a body that stops arriving, and on a store that is not there, within its deadline', async () => {
      const proxy = await startStallingProxy(s3.endpoint);
      const store = s3BlobStore(settingsFor(proxy.url, s3.bucket, { S3_TIMEOUT_MS: '1500' }));
      const bytes = randomBytes(200_000);
      const hash = sha(bytes);
      await store.put(hash, bytes, 'application/pdf');
      expect((await store.get(hash))?.length).toBe(bytes.length);
      proxy.state.stallBodies = true;
      await expect(store.get(hash)).rejects.toThrow(/took too long/);
      store.close();
      await proxy.close();
      const gone = s3BlobStore(
        settingsFor(`http://127.0.0.1:${await freePort()}`, s3.bucket, { S3_TIMEOUT_MS: '1500' }),
      );
      await expect(gone.put(hash, bytes, 'application/pdf')).rejects.toThrow();
      await expect(gone.get(hash)).rejects.toThrow();
      gone.close();
    });
  },
);

describe('BLOB_STORE_URL', () => {
  it('names files under DATA_DIR/blobs by default, and a bucket and prefix with s3://', () => {
    expect(loadEnv({ DATA_DIR: '/tmp/d' }).blobStore).toEqual({ kind: 'file', dir: '/tmp/d/blobs' });
    expect(loadEnv({ BLOB_STORE_URL: 's3://vn-scans/prod' }).blobStore).toMatchObject({
      kind: 's3',
      bucket: 'vn-scans',
      prefix: 'prod/',
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
    });
  });

  it('refuses a bad bucket, half a key pair, and S3 settings without an S3 store, naming the variable', () => {
    expect(() => loadEnv({ BLOB_STORE_URL: 's3://Bad_Bucket' })).toThrow(/BLOB_STORE_URL/);
    expect(() => loadEnv({ BLOB_STORE_URL: 's3://scans', S3_ACCESS_KEY_ID: 'a' })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadEnv({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => loadEnv({ BLOB_STORE_URL: 'ftp://scans' })).toThrow(/BLOB_STORE_URL/);
  });
});
