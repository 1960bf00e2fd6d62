// Revocation status of a certificate: OCSP (from the AIA responder URL, with a nonce) first,
// then the CRL from the distribution point (cached until its nextUpdate).
//
// A good or revoked OCSP answer is reused for the same certificate (issuer key, serial) until
// the response's nextUpdate, or for a few minutes when the responder names none, so that one
// person signing several things in a row does not cost an OCSP round trip each time. Revocation
// is final (RFC 5280 §3.3), so a revoked answer is kept for the certificate's remaining life,
// unless it is only a hold. "Unknown" answers and failures are never kept: they are asked again.
//
// Two kinds of failure are kept apart on purpose:
//  - RevocationUnavailableError: the service could not be reached or answered "try later".
//    Callers (Temporal activities) retry; nothing is known yet about the signature.
//  - a final answer without status (no service named in the certificate, a response that does
//    not verify): reported in the verdict as REVOCATION_UNAVAILABLE.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { crlUrls, extendedKeyUsage, ocspUrls, sameCertificate } from './certificate';
import { hash, hex, nameDer, parseAsn1, rememberCertificateBytes, sameBytes, toArrayBuffer } from './der';
import { cryptoEngine } from './engine';
import { OID } from './oids';
import { BoundedMap } from './bounded-map';

export class RevocationUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'RevocationUnavailableError';
  }
}

export interface FetchRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: Uint8Array;
  contentType?: string;
}
/** Fetches bytes over HTTP; must throw RevocationUnavailableError when the service is unreachable. */
export type RevocationFetcher = (request: FetchRequest) => Promise<Uint8Array>;

export function httpFetcher(timeoutMs = 5000, maxBytes = 50 * 1024 * 1024): RevocationFetcher {
  // node:http with a fresh connection per request ("Connection: close"): simple OCSP responders
  // (OpenSSL's among them) serve one connection at a time and stall behind a kept-alive socket.
  return ({ url, method, body, contentType }) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const headers: Record<string, string | number> = { connection: 'close' };
      if (contentType) headers['content-type'] = contentType;
      if (body) headers['content-length'] = body.length;
      const unavailable = (why: string) => reject(new RevocationUnavailableError(`${url} unreachable: ${why}`, url));
      const request = client.request(target, { method, headers, agent: false, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) request.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) {
            reject(new RevocationUnavailableError(`${url} answered HTTP ${response.statusCode}`, url));
          } else resolve(new Uint8Array(Buffer.concat(chunks)));
        });
        response.on('error', (err) => unavailable(err.message));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (err) => unavailable(err.message));
      request.end(body ? Buffer.from(body) : undefined);
    });
}

/** Where fetched CRLs and OCSP answers are kept until they expire. */
export interface RevocationCache {
  get(key: string, now: Date): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  set(key: string, value: Uint8Array, expiresAt: Date): Promise<void> | void;
}

export class MemoryRevocationCache implements RevocationCache {
  private readonly entries: BoundedMap<string, { value: Uint8Array; expiresAt: number }>;
  /** `maxEntries` bounds the memory: OCSP answers add one entry per signer seen. */
  constructor(maxEntries = 10_000) {
    this.entries = new BoundedMap(maxEntries);
  }
  get(key: string, now: Date) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now.getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: string, value: Uint8Array, expiresAt: Date) {
    this.entries.set(key, { value, expiresAt: expiresAt.getTime() });
  }
}

export type RevocationPolicy = 'ocsp-then-crl' | 'ocsp' | 'crl' | 'off';

export interface RevocationStatus {
  status: 'good' | 'revoked' | 'unknown' | 'not_checked';
  source: 'ocsp' | 'crl' | 'none';
  checkedAt: string;
  revokedAt?: string;
  /** Why no status could be established, when status is 'unknown'. */
  problem?: string;
}

export interface RevocationDeps {
  fetcher: RevocationFetcher;
  /** Keeps CRLs and good or revoked OCSP answers; without it every check asks again. */
  cache?: RevocationCache;
  policy?: RevocationPolicy;
  /** How long an OCSP answer that names no nextUpdate is reused, in milliseconds (default 5 minutes). */
  ocspCacheMs?: number;
}

export const DEFAULT_OCSP_CACHE_MS = 5 * 60_000;

class FinalRevocationProblem extends Error {}

/** CRLReason certificateHold (RFC 5280 §5.3.1): the only revocation a CA may take back. */
const CRL_REASON_CERTIFICATE_HOLD = 6;

export async function checkRevocation(cert: pkijs.Certificate, issuer: pkijs.Certificate, deps: RevocationDeps, now: Date): Promise<RevocationStatus> {
  const policy = deps.policy ?? 'ocsp-then-crl';
  const checkedAt = now.toISOString();
  if (policy === 'off') return { status: 'not_checked', source: 'none', checkedAt };

  const attempts: { source: 'ocsp' | 'crl'; url: string }[] = [];
  if (policy !== 'crl') attempts.push(...ocspUrls(cert).map((url) => ({ source: 'ocsp' as const, url })));
  if (policy !== 'ocsp') attempts.push(...crlUrls(cert).map((url) => ({ source: 'crl' as const, url })));
  if (attempts.length === 0) {
    return { status: 'unknown', source: 'none', checkedAt, problem: 'the certificate names no revocation service for this policy' };
  }

  const ocspKey = deps.cache && attempts.some((a) => a.source === 'ocsp') ? ocspCacheKey(cert, issuer) : undefined;
  if (ocspKey) {
    const kept = readOcspAnswer(await deps.cache!.get(ocspKey, now));
    if (kept) return { ...kept, source: 'ocsp', checkedAt };
  }

  let retryable: RevocationUnavailableError | undefined;
  let final: string | undefined;
  for (const attempt of attempts) {
    try {
      const answer = attempt.source === 'ocsp' ? await askOcsp(attempt.url, cert, issuer, deps, now) : await readCrl(attempt.url, cert, issuer, deps, now);
      if (answer.status === 'unknown') {
        final = `${attempt.source.toUpperCase()} at ${attempt.url} does not know the certificate`;
        continue;
      }
      if (attempt.source === 'ocsp' && ocspKey) await keepOcspAnswer(deps.cache!, ocspKey, answer, cert, now, deps.ocspCacheMs ?? DEFAULT_OCSP_CACHE_MS);
      return { status: answer.status, ...(answer.revokedAt ? { revokedAt: answer.revokedAt } : {}), source: attempt.source, checkedAt };
    } catch (err) {
      if (err instanceof RevocationUnavailableError) retryable = err;
      else final = `${attempt.source.toUpperCase()} at ${attempt.url}: ${(err as Error).message}`;
    }
  }
  if (retryable) throw retryable;
  return { status: 'unknown', source: 'none', checkedAt, problem: final };
}

type Answer = {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: string;
  /** OCSP only: until when the responder vouches for the answer. */
  nextUpdate?: Date;
  /** OCSP only: revoked with reason certificateHold, which the CA may lift. */
  onHold?: boolean;
};

type KeptOcspAnswer = { status: 'good' | 'revoked'; revokedAt?: string };

/** OCSP answers are about a serial number under one issuer key (as the OCSP CertID is). */
function ocspCacheKey(cert: pkijs.Certificate, issuer: pkijs.Certificate): string {
  const issuerKeyHash = hex(hash('SHA-256', issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView));
  return `ocsp:${issuerKeyHash}:${hex(cert.serialNumber.valueBlock.valueHexView)}`;
}

async function keepOcspAnswer(
  cache: RevocationCache,
  key: string,
  answer: Answer,
  cert: pkijs.Certificate,
  now: Date,
  withoutNextUpdateMs: number,
): Promise<void> {
  if (answer.status === 'unknown') return;
  const vouchedUntil = answer.nextUpdate?.getTime() ?? now.getTime() + withoutNextUpdateMs;
  const expiresAt = answer.status === 'revoked' && !answer.onHold ? Math.max(vouchedUntil, cert.notAfter.value.getTime()) : vouchedUntil;
  if (expiresAt <= now.getTime()) return;
  const kept: KeptOcspAnswer = { status: answer.status, ...(answer.revokedAt ? { revokedAt: answer.revokedAt } : {}) };
  await cache.set(key, new TextEncoder().encode(JSON.stringify(kept)), new Date(expiresAt));
}

function readOcspAnswer(bytes: Uint8Array | undefined): KeptOcspAnswer | undefined {
  if (!bytes) return undefined;
  try {
    const kept = JSON.parse(new TextDecoder().decode(bytes)) as KeptOcspAnswer;
    if (kept.status !== 'good' && kept.status !== 'revoked') return undefined;
    return { status: kept.status, ...(typeof kept.revokedAt === 'string' ? { revokedAt: kept.revokedAt } : {}) };
  } catch {
    return undefined;
  }
}

async function askOcsp(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, deps: RevocationDeps, now: Date): Promise<Answer> {
  const engine = cryptoEngine();
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer }, engine);
  const nonce = new asn1js.OctetString({ valueHex: toArrayBuffer(randomBytes(16)) }).toBER(false);
  request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: nonce })];
  const body = new Uint8Array(request.toSchema(true).toBER(false));

  const bytes = await deps.fetcher({ url, method: 'POST', body, contentType: 'application/ocsp-request' });
  let response: pkijs.OCSPResponse;
  try {
    response = new pkijs.OCSPResponse({ schema: parseAsn1(bytes, 'OCSP response') });
  } catch {
    throw new FinalRevocationProblem('the OCSP response is not valid DER');
  }
  const status = response.responseStatus.valueBlock.valueDec;
  if (status === 2 || status === 3) throw new RevocationUnavailableError(`OCSP responder ${url} answered status ${status} (try later)`, url);
  if (status !== 0 || !response.responseBytes) throw new FinalRevocationProblem(`OCSP responder refused the request (status ${status})`);
  if (response.responseBytes.responseType !== OID.ocspBasic) throw new FinalRevocationProblem('unsupported OCSP response type');
  const basicSchema = parseAsn1(response.responseBytes.response.valueBlock.valueHexView, 'basic OCSP response');
  const basic = new pkijs.BasicOCSPResponse({ schema: basicSchema });
  // BasicOCSPResponse → certs [0] → SEQUENCE OF → each certificate.
  rememberCertificateBytes(basic.certs ?? [], basicSchema, 3);

  // The response must be signed by the issuing CA itself or by a responder it delegated to.
  const candidates = [issuer, ...(basic.certs ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)];
  let signatureOk = false;
  for (const candidate of candidates) {
    const delegatedOk =
      sameCertificate(candidate, issuer) ||
      ((extendedKeyUsage(candidate) ?? []).includes(OID.ekuOcspSigning) &&
        sameBytes(nameDer(candidate.issuer), nameDer(issuer.subject)) &&
        (await candidate.verify(issuer, engine).catch(() => false)));
    if (!delegatedOk) continue;
    const verified = await engine
      .verifyWithPublicKey(toArrayBuffer(basic.tbsResponseData.tbsView), basic.signature, candidate.subjectPublicKeyInfo, basic.signatureAlgorithm)
      .catch(() => false);
    if (verified && candidate.notBefore.value <= now && now <= candidate.notAfter.value) {
      signatureOk = true;
      break;
    }
  }
  if (!signatureOk) throw new FinalRevocationProblem('the OCSP response is not signed by the CA or its authorised responder');

  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (echoed && !sameBytes(echoed.extnValue.valueBlock.valueHexView, nonce)) {
    throw new FinalRevocationProblem('the OCSP response answers another request (nonce differs)');
  }

  const certId = request.tbsRequest.requestList[0].reqCert;
  const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(certId));
  if (!single) throw new FinalRevocationProblem('the OCSP response does not cover the certificate');
  if (single.nextUpdate && single.nextUpdate < now) throw new RevocationUnavailableError('the OCSP response is out of date', url);
  if (single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) throw new FinalRevocationProblem('the OCSP response is dated in the future');

  const nextUpdate = single.nextUpdate;
  const tag = single.certStatus?.idBlock?.tagNumber;
  if (tag === 0) return { status: 'good', nextUpdate };
  if (tag === 1) {
    // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const [revokedAt, reason] = (single.certStatus.valueBlock?.value ?? []) as asn1js.AsnType[];
    const when = revokedAt instanceof asn1js.GeneralizedTime ? revokedAt.toDate() : undefined;
    const reasonCode = ((reason as asn1js.Constructed | undefined)?.valueBlock?.value?.[0] as asn1js.Enumerated | undefined)?.valueBlock?.valueDec;
    return { status: 'revoked', revokedAt: when?.toISOString(), nextUpdate, onHold: reasonCode === CRL_REASON_CERTIFICATE_HOLD };
  }
  return { status: 'unknown' };
}

async function readCrl(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, deps: RevocationDeps, now: Date): Promise<Answer> {
  let der = deps.cache ? await deps.cache.get(`crl:${url}`, now) : undefined;
  const fromCache = !!der;
  if (!der) der = await deps.fetcher({ url, method: 'GET' });

  let crl: pkijs.CertificateRevocationList;
  try {
    crl = new pkijs.CertificateRevocationList({ schema: parseAsn1(der, 'CRL') });
  } catch {
    throw new FinalRevocationProblem('the CRL is not valid DER');
  }
  if (!sameBytes(nameDer(crl.issuer), nameDer(issuer.subject))) throw new FinalRevocationProblem('the CRL is issued by another CA');
  if (!(await crl.verify({ issuerCertificate: issuer }, cryptoEngine()).catch(() => false))) {
    throw new FinalRevocationProblem('the CRL signature does not verify');
  }
  const nextUpdate = crl.nextUpdate?.value;
  if (nextUpdate && nextUpdate < now) throw new RevocationUnavailableError('the published CRL is out of date', url);
  if (!fromCache && deps.cache) await deps.cache.set(`crl:${url}`, der, nextUpdate ?? new Date(now.getTime() + 3600_000));

  const serial = cert.serialNumber.valueBlock.valueHexView;
  const entry = crl.revokedCertificates?.find((r) => sameBytes(r.userCertificate.valueBlock.valueHexView, serial));
  return entry ? { status: 'revoked', revokedAt: entry.revocationDate.value.toISOString() } : { status: 'good' };
}
