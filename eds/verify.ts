// Verification of CMS SignedData (CAdES-BES) signatures against the configured trust anchors.
//
// Order of checks per signer: algorithms (GOST is recognised and refused) → signer certificate →
// content digest and signature → timestamp → certification path → validity → key purpose →
// IIN → revocation. Revocation is asked last and only for otherwise valid signers, so a broken
// signature never waits on (or fails because of) an OCSP responder.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildChain } from './chain';
import { extendedKeyUsage, keyUsage, subjectKeyId, summarise } from './certificate';
import { NotSignedDataError, readEncapsulatedContentInfo, readSignedData, SignedDataParts, signedDataParts } from './cms';
import { asn1Time, BinaryInput, certificateDer, hash, HashName, HASH_BY_OID, hex, nameDer, parseAsn1, sameBytes, toArrayBuffer, toDer } from './der';
import { verifyingEngine } from './engine';
import { formatName, identityFromCertificate } from './identity';
import { isGostAlgorithm, OID } from './oids';
import { checkRevocation, RevocationCache, RevocationFetcher, RevocationPolicy, RevocationStatus } from './revocation';
import { TrustAnchors } from './trust';
import { Purpose, ReasonCode, SignerVerdict, Verdict, VerdictReason } from './verdict';

export interface VerifyInput {
  /** CMS SignedData as DER, PEM or base64. */
  cms: BinaryInput;
  /** The signed content, for detached signatures (for attached ones it must match if given). */
  content?: Uint8Array;
  purpose: Purpose;
  /** The moment "now" for validity checks; defaults to the current time. */
  at?: Date;
}

export interface VerifyDeps {
  trustAnchors: TrustAnchors;
  /** Needed unless `revocation` is 'off'. */
  fetcher?: RevocationFetcher;
  cache?: RevocationCache;
  /** Default 'ocsp-then-crl'. */
  revocation?: RevocationPolicy;
  /** How long an OCSP answer that names no nextUpdate is reused, in milliseconds (needs `cache`; default 5 minutes). */
  ocspCacheMs?: number;
}

const ENGINE_HASHES: HashName[] = ['SHA-256', 'SHA-384', 'SHA-512'];

/**
 * Verifies a CMS signature and returns a verdict. Throws RevocationUnavailableError (retryable)
 * only when an otherwise valid signature could not have its revocation status checked because
 * the OCSP responder and CRL distribution point were unreachable.
 */
export async function verifySignature(input: VerifyInput, deps: VerifyDeps): Promise<Verdict> {
  const at = input.at ?? new Date();
  const verdict: Verdict = { valid: false, purpose: input.purpose, signers: [], contentSha256: null, reasons: [], checkedAt: at.toISOString() };
  const fail = (code: ReasonCode, message: string, signer?: number) => {
    verdict.reasons.push(signer === undefined ? { code, message } : { code, message, signer });
    return verdict;
  };

  let signedData: SignedDataParts;
  try {
    signedData = readSignedData(toDer(input.cms));
  } catch (err) {
    if (err instanceof NotSignedDataError) return fail('MALFORMED', err.message);
    return fail('MALFORMED', `not a CMS SignedData: ${(err as Error).message}`);
  }

  let attached: Uint8Array | undefined;
  try {
    attached = encapsulatedContent(signedData.encapContentInfo);
  } catch (err) {
    return fail('MALFORMED', (err as Error).message);
  }
  if (attached && input.content && !sameBytes(attached, input.content)) {
    return fail('CONTENT_MISMATCH', 'the content given differs from the content inside the signature');
  }
  const content = attached ?? input.content;
  // Not enumerable: it never travels with the verdict into the journal or an answer.
  if (attached) Object.defineProperty(verdict, 'signedContent', { value: attached, enumerable: false });
  if (!content) return fail('MALFORMED', 'detached signature: the signed content must be supplied');
  const digestOf = contentDigests(content);
  verdict.contentSha256 = hex(digestOf('SHA-256'));
  if (signedData.signerInfos.length === 0) return fail('MALFORMED', 'the CMS has no signers');

  const cmsCertificates = signedData.certificates;

  for (const [index, signerInfo] of signedData.signerInfos.entries()) {
    const reasons: VerdictReason[] = [];
    const add = (code: ReasonCode, message: string) => reasons.push({ code, message, signer: index });
    const signer: SignerVerdict = {
      identity: null,
      certificate: null,
      chain: [],
      revocation: { status: 'not_checked', source: 'none', checkedAt: at.toISOString() },
    };
    verdict.signers.push(signer);

    const checked = await checkSignerInfo(signedData.encapContentInfo.eContentType, signerInfo, cmsCertificates, content, digestOf);
    if (checked.cert) {
      signer.certificate = summarise(checked.cert);
      signer.identity = identityFromCertificate(checked.cert);
    }
    if (checked.problem) {
      add(checked.problem.code, checked.problem.message);
      verdict.reasons.push(...reasons);
      continue;
    }
    const cert = checked.cert!;
    let signingTime = checked.signingTime;
    if (signingTime) signer.signingTimeSource = 'signed_attribute';

    const token = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.attrSignatureTimeStampToken);
    let trustedTime: Date | undefined;
    if (token) {
      // pkijs leaves `values` undefined for an attribute without any (RFC 5652 wants one at least).
      const ts = token.values?.length
        ? await verifyTimestampToken(token.values[0], new Uint8Array(signerInfo.signature.valueBlock.valueHexView), deps.trustAnchors)
        : { problem: 'the timestamp attribute has no value' };
      if ('problem' in ts) add('TIMESTAMP_INVALID', ts.problem);
      else {
        trustedTime = ts.genTime;
        signingTime = ts.genTime;
        signer.signingTimeSource = 'timestamp';
      }
    }
    if (signingTime) signer.signingTime = signingTime.toISOString();

    const chain = await buildChain(cert, cmsCertificates, deps.trustAnchors);
    signer.chain = chain.chain.map((c) => formatName(c.subject));
    if (!chain.ok) add(chain.code, chain.message);

    for (const [position, c] of chain.chain.entries()) {
      const who = position === 0 ? 'the signer certificate' : `CA certificate "${formatName(c.subject)}"`;
      for (const [moment, label] of [[at, 'now'], ...(signingTime ? [[signingTime, 'at signing time']] : [])] as [Date, string][]) {
        if (moment > c.notAfter.value) add('CERT_EXPIRED', `${who} expired on ${c.notAfter.value.toISOString()} (${label})`);
        else if (moment < c.notBefore.value) add('CERT_NOT_YET_VALID', `${who} is valid only from ${c.notBefore.value.toISOString()} (${label})`);
      }
    }

    const purposeProblem = keyPurposeProblem(cert, input.purpose);
    if (purposeProblem) add('WRONG_KEY_PURPOSE', purposeProblem);

    const identity = signer.identity!;
    if (!identity.iin) add('IIN_INVALID', 'the certificate subject carries no IIN (SERIALNUMBER=IIN…)');
    else if (!identity.iinValid) add('IIN_INVALID', `IIN ${identity.iin} fails the checksum`);

    if (reasons.length === 0 && chain.ok && chain.chain.length > 1 && (deps.revocation ?? 'ocsp-then-crl') !== 'off') {
      if (!deps.fetcher) throw new Error('verifySignature: a fetcher is needed for revocation checks');
      const status: RevocationStatus = await checkRevocation(
        cert,
        chain.chain[1],
        { fetcher: deps.fetcher, cache: deps.cache, policy: deps.revocation, ocspCacheMs: deps.ocspCacheMs },
        at,
      );
      signer.revocation = status;
      if (status.status === 'revoked') {
        const revokedAt = status.revokedAt ? new Date(status.revokedAt) : undefined;
        // A timestamp proves the signature existed before the revocation; the signer's own clock does not.
        const signedBefore = trustedTime && revokedAt && trustedTime < revokedAt;
        if (!signedBefore)
          add('CERT_REVOKED', `the signer certificate was revoked${status.revokedAt ? ` on ${status.revokedAt}` : ''} (${status.source.toUpperCase()})`);
      } else if (status.status === 'unknown') {
        add('REVOCATION_UNAVAILABLE', status.problem ?? 'no revocation status');
      }
    } else if (chain.ok && chain.chain.length > 1 && deps.revocation === 'off') {
      signer.revocation = { status: 'not_checked', source: 'none', checkedAt: at.toISOString() };
    }
    verdict.reasons.push(...reasons);
  }

  verdict.valid = verdict.reasons.length === 0;
  return verdict;
}

/**
 * The content carried inside an attached CMS (what was signed), or undefined for a detached one.
 * Read it only after `verifySignature` said the signature is valid.
 */
export function signedContentOf(cms: BinaryInput): Uint8Array | undefined {
  // Only the content part is read; certificates and signer infos were checked when it was verified.
  return encapsulatedContent(readEncapsulatedContentInfo(toDer(cms)));
}

function encapsulatedContent(encapContentInfo: pkijs.EncapsulatedContentInfo): Uint8Array | undefined {
  const eContent = encapContentInfo.eContent;
  if (!eContent) return undefined;
  if (!(eContent instanceof asn1js.OctetString)) throw new Error('the encapsulated content is not an OCTET STRING');
  // Constructed (BER, chunked) octet strings are joined by getValue().
  return new Uint8Array(eContent.getValue());
}

/**
 * Digests of one content, each algorithm computed once: the verdict's SHA-256 and a signer's
 * SHA-256 message digest are the same hash of what may be a 10 MB upload.
 */
function contentDigests(content: Uint8Array): (name: HashName) => Uint8Array {
  const digests = new Map<HashName, Uint8Array>();
  return (name) => {
    let digest = digests.get(name);
    if (!digest) digests.set(name, (digest = hash(name, content)));
    return digest;
  };
}

type SignerCheck = {
  cert?: pkijs.Certificate;
  signingTime?: Date;
  problem?: { code: ReasonCode; message: string };
};

function findSignerCertificate(sid: pkijs.SignerInfo['sid'], certs: pkijs.Certificate[]): pkijs.Certificate | undefined {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find(
      (c) => sameBytes(nameDer(c.issuer), nameDer(sid.issuer)) && sameBytes(c.serialNumber.valueBlock.valueHexView, sid.serialNumber.valueBlock.valueHexView),
    );
  }
  // [0] SubjectKeyIdentifier
  const ski = (sid as asn1js.Constructed | asn1js.Primitive).valueBlock as { valueHexView?: Uint8Array; value?: asn1js.AsnType[] };
  const wanted = ski.valueHexView ?? (ski.value?.[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
  return wanted
    ? certs.find((c) => {
        const k = subjectKeyId(c);
        return !!k && sameBytes(k, wanted);
      })
    : undefined;
}

/** Digest, signed attributes and signature of one SignerInfo (no trust decisions). */
async function checkSignerInfo(
  eContentType: string,
  signerInfo: pkijs.SignerInfo,
  certs: pkijs.Certificate[],
  content: Uint8Array,
  digestOf = contentDigests(content),
): Promise<SignerCheck> {
  const cert = findSignerCertificate(signerInfo.sid, certs);
  const algorithms = [
    signerInfo.digestAlgorithm.algorithmId,
    signerInfo.signatureAlgorithm.algorithmId,
    cert?.subjectPublicKeyInfo.algorithm.algorithmId,
    cert?.signatureAlgorithm.algorithmId,
  ];
  const gost = algorithms.find(isGostAlgorithm);
  if (gost) return { cert, problem: { code: 'ALGORITHM_NOT_SUPPORTED', message: `GOST algorithm ${gost} is recognised but not supported` } };
  if (!cert) return { problem: { code: 'SIGNER_CERTIFICATE_MISSING', message: "the signer's certificate is not included in the signature" } };

  const digestName = HASH_BY_OID[signerInfo.digestAlgorithm.algorithmId];
  if (!digestName || !ENGINE_HASHES.includes(digestName)) {
    return {
      cert,
      problem: {
        code: 'ALGORITHM_NOT_SUPPORTED',
        message: `digest algorithm ${signerInfo.digestAlgorithm.algorithmId} is not supported (SHA-256/384/512 only)`,
      },
    };
  }
  const keyAlgorithm = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (![OID.rsaEncryption, OID.rsaPss, OID.ecPublicKey].includes(keyAlgorithm as never)) {
    return { cert, problem: { code: 'ALGORITHM_NOT_SUPPORTED', message: `public key algorithm ${keyAlgorithm} is not supported` } };
  }

  const digest = digestOf(digestName);
  let signedBytes: Uint8Array = content;
  let signingTime: Date | undefined;
  if (signerInfo.signedAttrs) {
    const attrs = signerInfo.signedAttrs.attributes;
    if (attrs.some((a) => !a.values?.length)) return { cert, problem: { code: 'MALFORMED', message: 'a signed attribute has no value' } };
    const attr = (type: string) => attrs.find((a) => a.type === type)?.values[0];
    const contentType = attr(OID.attrContentType);
    if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== eContentType) {
      return { cert, problem: { code: 'MALFORMED', message: 'the contentType signed attribute is missing or differs from the content type' } };
    }
    const messageDigest = attr(OID.attrMessageDigest);
    if (!(messageDigest instanceof asn1js.OctetString))
      return { cert, problem: { code: 'MALFORMED', message: 'the messageDigest signed attribute is missing' } };
    if (!sameBytes(messageDigest.valueBlock.valueHexView, digest)) {
      return { cert, problem: { code: 'CONTENT_MISMATCH', message: 'the content does not match the signed digest (changed after signing?)' } };
    }
    signingTime = asn1Time(attr(OID.attrSigningTime));
    const essProblem = checkSigningCertificateAttribute(attr(OID.attrSigningCertificateV2), attr('1.2.840.113549.1.9.16.2.12'), cert);
    if (essProblem) return { cert, problem: { code: 'SIGNATURE_INVALID', message: essProblem } };
    signedBytes = new Uint8Array(signerInfo.signedAttrs.encodedValue).slice();
    signedBytes[0] = 0x31; // signed as an explicit SET OF, not as the [0] IMPLICIT field
  }

  const engine = verifyingEngine();
  let verified: boolean;
  try {
    // With a bare rsaEncryption signature algorithm the hash comes from the digest algorithm.
    const hashFromSignature =
      signerInfo.signatureAlgorithm.algorithmId === OID.rsaEncryption || signerInfo.signatureAlgorithm.algorithmId === OID.ecPublicKey
        ? undefined
        : safeHashOf(engine, signerInfo.signatureAlgorithm);
    verified = await engine.verifyWithPublicKey(
      toArrayBuffer(signedBytes),
      signerInfo.signature,
      cert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      hashFromSignature ?? digestName,
    );
  } catch (err) {
    return { cert, problem: { code: 'SIGNATURE_INVALID', message: `the signature could not be verified: ${(err as Error).message}` } };
  }
  if (!verified) return { cert, signingTime, problem: { code: 'SIGNATURE_INVALID', message: "the signature does not verify with the signer's certificate" } };
  return { cert, signingTime };
}

function safeHashOf(engine: pkijs.ICryptoEngine, algorithm: pkijs.AlgorithmIdentifier): string | undefined {
  try {
    return engine.getHashAlgorithm(algorithm) || undefined;
  } catch {
    return undefined;
  }
}

/** ESS signing-certificate (v2, or v1 with SHA-1): binds the signature to exactly this certificate. */
function checkSigningCertificateAttribute(v2: asn1js.AsnType | undefined, v1: asn1js.AsnType | undefined, cert: pkijs.Certificate): string | undefined {
  const value = v2 ?? v1;
  if (!value) return undefined;
  try {
    const certs = (value as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const parts = first.valueBlock.value;
    let hashName: HashName = v2 ? 'SHA-256' : 'SHA-1';
    let certHash = parts[0];
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      const alg = new pkijs.AlgorithmIdentifier({ schema: parts[0] });
      const named = HASH_BY_OID[alg.algorithmId];
      if (!named) return `signing-certificate attribute uses unsupported hash ${alg.algorithmId}`;
      hashName = named;
      certHash = parts[1];
    }
    if (!(certHash instanceof asn1js.OctetString)) return 'signing-certificate attribute is malformed';
    return sameBytes(certHash.valueBlock.valueHexView, hash(hashName, certificateDer(cert)))
      ? undefined
      : 'the signing-certificate attribute names another certificate than the one included';
  } catch {
    return 'signing-certificate attribute is malformed';
  }
}

/** RFC 3161 token over a signature value: checks it and returns the trusted time. */
export async function verifyTimestampToken(
  token: asn1js.AsnType,
  signatureValue: Uint8Array,
  anchors: TrustAnchors,
): Promise<{ genTime: Date } | { problem: string }> {
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: token });
    const tsd = signedDataParts(contentInfo.content);
    if (tsd.encapContentInfo.eContentType !== OID.tstInfo) return { problem: 'the timestamp token does not carry TSTInfo' };
    const tstBytes = encapsulatedContent(tsd.encapContentInfo);
    if (!tstBytes) return { problem: 'the timestamp token has no content' };
    const certs = tsd.certificates;
    const checked = await checkSignerInfo(tsd.encapContentInfo.eContentType, tsd.signerInfos[0], certs, tstBytes);
    if (checked.problem) return { problem: `timestamp: ${checked.problem.message}` };
    const tsa = checked.cert!;
    const chain = await buildChain(tsa, certs, anchors);
    if (!chain.ok) return { problem: `timestamp authority: ${chain.message}` };
    if (!(extendedKeyUsage(tsa) ?? []).includes(OID.ekuTimeStamping)) return { problem: 'the timestamp is not signed by a timestamping certificate' };
    const tstInfo = new pkijs.TSTInfo({ schema: parseAsn1(tstBytes, 'TSTInfo') });
    const imprintHash = HASH_BY_OID[tstInfo.messageImprint.hashAlgorithm.algorithmId];
    if (!imprintHash) return { problem: 'the timestamp uses an unsupported hash' };
    if (!sameBytes(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView, hash(imprintHash, signatureValue))) {
      return { problem: 'the timestamp covers another signature' };
    }
    if (tstInfo.genTime < tsa.notBefore.value || tstInfo.genTime > tsa.notAfter.value)
      return { problem: 'the timestamp authority certificate was not valid at the time stamped' };
    return { genTime: tstInfo.genTime };
  } catch (err) {
    return { problem: `the timestamp token is malformed: ${(err as Error).message}` };
  }
}

/**
 * Why a certificate may not be used for the purpose, or undefined when it may. NCA RK issues
 * separate keys: signing (keyUsage nonRepudiation) and authentication (digitalSignature with
 * extendedKeyUsage clientAuth). Each is refused for the other purpose.
 */
export function keyPurposeProblem(cert: pkijs.Certificate, purpose: Purpose): string | undefined {
  const usage = keyUsage(cert);
  const eku = extendedKeyUsage(cert) ?? [];
  if (purpose === 'sign') {
    if (!usage?.has('nonRepudiation')) return 'a document signature needs a signing certificate (keyUsage nonRepudiation); this one is not';
    return undefined;
  }
  if (!usage?.has('digitalSignature') || !eku.includes(OID.ekuClientAuth)) {
    return 'a login needs an authentication certificate (digitalSignature with extendedKeyUsage clientAuth); this one is not';
  }
  return undefined;
}
