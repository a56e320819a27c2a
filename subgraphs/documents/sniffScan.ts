import type { scanMediaTypes } from '../../drizzle/documents.ts';

export type ScanMediaType = (typeof scanMediaTypes)[number];

/** The most pixels an image scan may claim: an A4 page at 600 dpi is about 35 million. */
export const maxScanPixels = 50_000_000;

/**
 * What a scan is, judged by its bytes (never its name or a declared type): a PDF, a JPEG or a PNG, with
 * the dimensions an image claims within maxScanPixels, so that a small file cannot expand into
 * gigabytes when an officer's viewer decodes it. Otherwise why not.
 */
export function sniffScan(bytes: Buffer): { mediaType: ScanMediaType } | { problem: string } {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    return { mediaType: 'application/pdf' };
  if (
    bytes.length >= 24 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    // The first chunk must be IHDR: width and height, 4 bytes each, big-endian (PNG §11.2.2).
    if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR')
      return { problem: 'a PNG must begin with its IHDR chunk' };
    return withinPixels('image/png', bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    if (!size) return { problem: 'a JPEG without a readable frame header' };
    return withinPixels('image/jpeg', size.width, size.height);
  }
  return { problem: 'only PDF, JPEG and PNG scans are accepted (judged by the file’s bytes)' };
}

function withinPixels(mediaType: ScanMediaType, width: number, height: number) {
  if (width === 0 || height === 0) return { problem: `an image of ${width} × ${height} pixels` };
  if (width * height > maxScanPixels)
    return { problem: `an image of ${width} × ${height} pixels is more than ${maxScanPixels} pixels` };
  return { mediaType };
}

/** The frame size of a JPEG: the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC). */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}
