import { createHash } from 'node:crypto';
import type { BlobStore } from '../subgraphs/documents/blobStore.ts';

/** A scan the generator attaches to digitised components: its bytes, hash and type. */
export interface SampleScan {
  sha256: string;
  mediaType: 'application/pdf';
  bytes: Buffer;
}

/**
 * The few distinct scans a generated world's digitised components point at (a real store keeps one file
 * per distinct scan, which is what de-duplication by hash looks like at scale): small PDFs, made, not
 * downloaded, the same on every machine.
 */
export const sampleScans: readonly SampleScan[] = Array.from({ length: 8 }, (_, i) => {
  const bytes = Buffer.from(
    `%PDF-1.4\n% Bản quét mẫu ${i + 1} (dữ liệu mô phỏng)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'utf8',
  );
  return { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'application/pdf', bytes };
});

/** Puts the sample scans in the blob store that the seeded components point at (each once). */
export async function storeSampleScans(store: BlobStore): Promise<void> {
  for (const scan of sampleScans) await store.put(scan.sha256, scan.bytes, scan.mediaType);
}
