// AWS Signature Version 4 for S3 requests, with node:crypto only.
//
// The file store talks to any S3-compatible object storage (AWS S3, MinIO, Ceph RGW, the
// storage of a government cloud) with three requests: PUT, GET and HEAD of one object. Signing
// those is a page of code, which is cheaper to own than the AWS SDK and works the same offline.
// Reference: AWS S3 API docs, "Signature Calculations for the Authorization Header:
// Transferring Payload in a Single Chunk"; tests reproduce the examples published there.
import crypto from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** "s3" for object storage. */
  service?: string;
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Headers to sign and send; `host`, `x-amz-date` and `x-amz-content-sha256` are added. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD". Defaults to the hash of an empty body. */
  payloadHash?: string;
  /** Signing time; defaults to now. */
  date?: Date;
}

export interface SignedRequest {
  /** All headers to send, including `authorization`. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export const EMPTY_PAYLOAD_SHA256 = crypto.createHash('sha256').update('').digest('hex');

const sha256Hex = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is encoded. */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (c === '/' && !encodeSlash)) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `20130524T000000Z` */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  const kDate = hmac('AWS4' + secretAccessKey, day);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

export function signRequest(request: RequestToSign, credentials: SigningCredentials): SignedRequest {
  const service = credentials.service ?? 's3';
  const timestamp = amzDate(request.date ?? new Date());
  const day = timestamp.slice(0, 8);
  const payloadHash = request.payloadHash ?? EMPTY_PAYLOAD_SHA256;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['host'] = request.url.host;
  headers['x-amz-date'] = timestamp;
  headers['x-amz-content-sha256'] = payloadHash;

  const signedHeaderNames = Object.keys(headers).sort();
  const canonicalHeaders = signedHeaderNames.map((name) => `${name}:${headers[name].trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = signedHeaderNames.join(';');

  // The path arrives already percent-encoded in the URL; decode and re-encode so it is encoded
  // exactly once in the SigV4 way (S3 does not normalise `.`/`..` segments, and neither do we).
  const canonicalUri =
    request.url.pathname
      .split('/')
      .map((segment) => uriEncode(decodeURIComponent(segment)))
      .join('/') || '/';
  const canonicalQuery = [...request.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

  const canonicalRequest = [request.method.toUpperCase(), canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');

  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = crypto
    .createHmac('sha256', signingKey(credentials.secretAccessKey, day, credentials.region, service))
    .update(stringToSign)
    .digest('hex');

  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},` + `SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign, signature };
}
