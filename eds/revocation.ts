// Revocation status of a certificate: OCSP (from the AIA responder URL, with a nonce) first,
// then the CRL from the distribution point (cached until its nextUpdate).
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
import { nameDer, parseAsn1, sameBytes, toArrayBuffer } from './der';
import { cryptoEngine } from './engine';
import { OID } from './oids';

export class RevocationUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, readonly url?: string) {
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

/** Where fetched CRLs are kept until their nextUpdate. */
export interface RevocationCache {
  get(key: string, now: Date): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  set(key: string, value: Uint8Array, expiresAt: Date): Promise<void> | void;
}

export class MemoryRevocationCache implements RevocationCache {
  private readonly entries = new Map<string, { value: Uint8Array; expiresAt: number }>();
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
  cache?: RevocationCache;
  policy?: RevocationPolicy;
}

class FinalRevocationProblem extends Error {}

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

  let retryable: RevocationUnavailableError | undefined;
  let final: string | undefined;
  for (const attempt of attempts) {
    try {
      const answer = attempt.source === 'ocsp' ? await askOcsp(attempt.url, cert, issuer, deps, now) : await readCrl(attempt.url, cert, issuer, deps, now);
      if (answer.status === 'unknown') {
        final = `${attempt.source.toUpperCase()} at ${attempt.url} does not know the certificate`;
        continue;
      }
      return { ...answer, source: attempt.source, checkedAt };
    } catch (err) {
      if (err instanceof RevocationUnavailableError) retryable = err;
      else final = `${attempt.source.toUpperCase()} at ${attempt.url}: ${(err as Error).message}`;
    }
  }
  if (retryable) throw retryable;
  return { status: 'unknown', source: 'none', checkedAt, problem: final };
}

type Answer = { status: 'good' | 'revoked' | 'unknown'; revokedAt?: string };

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
  const basic = new pkijs.BasicOCSPResponse({ schema: parseAsn1(response.responseBytes.response.valueBlock.valueHexView, 'basic OCSP response') });

  // The response must be signed by the issuing CA itself or by a responder it delegated to.
  const candidates = [issuer, ...(basic.certs ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)];
  let signatureOk = false;
  for (const candidate of candidates) {
    const delegatedOk = sameCertificate(candidate, issuer) ||
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

  const tag = single.certStatus?.idBlock?.tagNumber;
  if (tag === 0) return { status: 'good' };
  if (tag === 1) {
    const revokedAt = single.certStatus.valueBlock?.value?.[0];
    const when = revokedAt instanceof asn1js.GeneralizedTime ? revokedAt.toDate() : undefined;
    return { status: 'revoked', revokedAt: when?.toISOString() };
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
