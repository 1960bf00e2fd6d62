// Object identifiers used across the EDS module, named after the standards that define them.
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  attrContentType: '1.2.840.113549.1.9.3',
  attrMessageDigest: '1.2.840.113549.1.9.4',
  attrSigningTime: '1.2.840.113549.1.9.5',
  attrSigningCertificateV2: '1.2.840.113549.1.9.16.2.47',
  attrSignatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',

  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  certificatePolicies: '2.5.29.32',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',

  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',
  adOcsp: '1.3.6.1.5.5.7.48.1',
  adCaIssuers: '1.3.6.1.5.5.7.48.2',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',

  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',

  // Distinguished-name attributes as NCA RK fills them (see eds/identity.ts).
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  emailAddress: '1.2.840.113549.1.9.1',

  // Kazakh GOST 34.310-2004 public key and GOST 34.311-95 signature, as NCA RK issues them.
  kzGostPublicKey: '1.2.398.3.10.1.1.1.1',
  kzGostSignature: '1.2.398.3.10.1.1.1.2',
  // NCA RK policy arcs seen in its end-entity certificates (individual / legal entity).
  ncaIndividual: '1.2.398.3.3.4.1.1',
  ncaLegalEntity: '1.2.398.3.3.4.1.2',
} as const;

const GOST_ARCS = ['1.2.398.3.10.', '1.2.643.'];

/** Kazakh (1.2.398.3.10.*) and Russian (1.2.643.*) GOST algorithms: recognised but not supported. */
export function isGostAlgorithm(oid: string | undefined): boolean {
  return !!oid && GOST_ARCS.some((arc) => oid.startsWith(arc));
}

const NAME_LABEL: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.country]: 'C',
  [OID.locality]: 'L',
  [OID.state]: 'ST',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.givenName]: 'G',
  [OID.emailAddress]: 'E',
};

export function nameLabel(oid: string): string {
  return NAME_LABEL[oid] ?? oid;
}
