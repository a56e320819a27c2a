import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import type { BlobStoreSettings } from '../../runtime/env.ts';
import type { BlobStore } from './blobStore.ts';

type S3Settings = Extract<BlobStoreSettings, { kind: 's3' }>;

/** An S3 answer of 404 (no such key), whichever operation's error class carries it. */
const notFound = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404;

/** The SDK, loaded the first time a store needs it: a deployment keeping scans in files never loads it. */
let sdk:
  Promise<[typeof import('@aws-sdk/client-s3'), typeof import('@smithy/node-http-handler')]> | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@smithy/node-http-handler')]));

/**
 * Blobs as objects of an S3-compatible store, keyed `<prefix><first two hex digits>/<sha256>`.
 *
 * What the SDK does not do for us, and this does (aws/aws-sdk-js-v3 issues 6691, 8098, 4596):
 * - every call, the reading of a body included, is bounded by one deadline (the handler's requestTimeout
 *   stops at the response headers, and a body whose connection stalls otherwise never ends);
 * - every body is read whole or destroyed, so no socket is left held by an unread stream;
 * - what comes back is checked against its SHA-256, so a store that lost or changed bytes is an error,
 *   never a wrong scan. The SDK's own CRC checksums are off (only when an operation requires them), as
 *   S3-compatible stores differ in supporting them and the hash says more.
 */
export function s3BlobStore(settings: S3Settings): BlobStore & { close(): void } {
  const agentOptions = { keepAlive: true, maxSockets: 50 };
  let client: S3Client | undefined;
  const clientOf = async () => {
    const [{ S3Client }, { NodeHttpHandler }] = await loadSdk();
    return (client ??= new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      maxAttempts: 3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: new NodeHttpHandler({
        connectionTimeout: Math.min(5000, settings.timeoutMs),
        requestTimeout: settings.timeoutMs,
        httpAgent: new http.Agent(agentOptions),
        httpsAgent: new https.Agent(agentOptions),
      }),
    }));
  };
  const keyOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 70)}`);
    return `${settings.prefix}${sha256.slice(0, 2)}/${sha256}`;
  };
  const deadline = () => AbortSignal.timeout(settings.timeoutMs);
  return {
    async put(sha256, bytes, mediaType) {
      const Key = keyOf(sha256);
      if (createHash('sha256').update(bytes).digest('hex') !== sha256)
        throw new Error(`the bytes given for blob ${sha256} have another hash`);
      const [{ HeadObjectCommand, PutObjectCommand }, s3] = await Promise.all([
        loadSdk().then(([commands]) => commands),
        clientOf(),
      ]);
      const exists = await s3
        .send(new HeadObjectCommand({ Bucket: settings.bucket, Key }), { abortSignal: deadline() })
        .then(
          () => true,
          (error: unknown) => {
            if (notFound(error)) return false;
            throw error;
          },
        );
      // Stored once by its hash: the same bytes again change nothing.
      if (exists) return;
      await s3.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key,
          Body: bytes,
          ContentType: mediaType,
          ContentLength: bytes.length,
          Metadata: { sha256 },
        }),
        { abortSignal: deadline() },
      );
    },
    async get(sha256) {
      const Key = keyOf(sha256);
      const [[{ GetObjectCommand }], s3] = await Promise.all([loadSdk(), clientOf()]);
      const signal = deadline();
      let answer;
      try {
        answer = await s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key }), {
          abortSignal: signal,
        });
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
      const body = answer.Body;
      if (!body) throw new Error(`blob ${sha256}: the store answered without a body`);
      const stream = body as unknown as NodeJS.ReadableStream & { destroy?(error?: Error): void };
      // The deadline covers the body too: a stalled transfer is destroyed, which ends the read below.
      const stop = () => stream.destroy?.(new Error(`blob ${sha256}: reading it took too long`));
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop, { once: true });
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await body.transformToByteArray());
      } finally {
        signal.removeEventListener('abort', stop);
      }
      if (createHash('sha256').update(bytes).digest('hex') !== sha256)
        throw new Error(`blob ${sha256}: the store gave back bytes of another hash`);
      return bytes;
    },
    close: () => client?.destroy(),
  };
}
