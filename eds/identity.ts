// Who signed: the person (and organisation) named in an NCA RK certificate.
//
// NCA RK fills the subject of its end-entity certificates like this (observed in its
// certificate templates; the same layout is used for authentication and signing keys):
//   CN           = "SURNAME GIVEN-NAME"            (2.5.4.3)
//   SN           = surname                         (2.5.4.4)
//   SERIALNUMBER = "IIN" + 12 digits               (2.5.4.5)
//   G            = patronymic (not the given name!) (2.5.4.42, givenName)
//   C = KZ, L, ST, E = e-mail (1.2.840.113549.1.9.1)
//   legal entities also: O = organisation name, OU = "BIN" + 12 digits
// So the given name is what is left of CN after the surname, and givenName holds the patronymic.
import { iinCheckDigit, isValidIin } from '../domain/iin';
import * as pkijs from 'pkijs';
import { OID, nameLabel } from './oids';

export interface CertificateIdentity {
  /** Individual identification number; undefined when the certificate carries none. */
  iin?: string;
  /** True when `iin` passes the IIN checksum. */
  iinValid: boolean;
  /** Business identification number, for certificates of employees of legal entities. */
  bin?: string;
  kind: 'individual' | 'legal_entity';
  surname?: string;
  givenName?: string;
  patronymic?: string;
  /** "SURNAME GIVEN PATRONYMIC", as shown to people. */
  fullName: string;
  commonName?: string;
  organization?: string;
  email?: string;
  country?: string;
}

export { isValidIin, isValidBin } from '../domain/iin';

/** Completes 11 digits with the control digit; undefined when no valid number starts with them. */
export function withControlDigit(first11: string): string | undefined {
  const check = iinCheckDigit(first11);
  return check === null ? undefined : first11 + check;
}

/** All attribute values of a distinguished name, by OID, in order. */
export function nameAttributes(name: pkijs.RelativeDistinguishedNames): { type: string; value: string }[] {
  return name.typesAndValues.map((tv) => ({ type: tv.type, value: String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value ?? '') }));
}

/** A readable one-line form of a distinguished name, e.g. `CN=…, SN=…, SERIALNUMBER=IIN…, C=KZ`. */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return nameAttributes(name)
    .map((a) => `${nameLabel(a.type)}=${a.value}`)
    .join(', ');
}

export function identityFromCertificate(cert: pkijs.Certificate): CertificateIdentity {
  const attrs = nameAttributes(cert.subject);
  const first = (oid: string) => attrs.find((a) => a.type === oid)?.value?.trim() || undefined;
  const all = (oid: string) => attrs.filter((a) => a.type === oid).map((a) => a.value.trim());

  const serials = all(OID.serialNumber);
  const iinMatch = serials.map((s) => /^IIN(\d+)$/i.exec(s)).find(Boolean);
  const iin = iinMatch ? iinMatch[1] : undefined;
  const binSource = [...all(OID.organizationalUnit), ...serials].map((s) => /^BIN(\d{12})$/i.exec(s)).find(Boolean);
  const bin = binSource ? binSource[1] : undefined;

  const commonName = first(OID.commonName);
  const surname = first(OID.surname) ?? commonName?.split(/\s+/)[0];
  let givenName: string | undefined;
  if (commonName && surname && commonName.toUpperCase().startsWith(surname.toUpperCase())) {
    givenName = commonName.slice(surname.length).trim() || undefined;
  } else if (commonName) {
    givenName = commonName.split(/\s+/).slice(1).join(' ') || undefined;
  }
  const patronymic = first(OID.givenName);
  const email = first(OID.emailAddress) ?? emailFromAltName(cert);

  return {
    iin,
    iinValid: iin !== undefined && isValidIin(iin),
    bin,
    kind: bin ? 'legal_entity' : 'individual',
    surname,
    givenName,
    patronymic,
    fullName: [surname, givenName, patronymic].filter(Boolean).join(' ') || commonName || '',
    commonName,
    organization: first(OID.organization),
    email,
    country: first(OID.country),
  };
}

function emailFromAltName(cert: pkijs.Certificate): string | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.17');
  const altNames = ext?.parsedValue as pkijs.AltName | undefined;
  const rfc822 = altNames?.altNames?.find((n) => n.type === 1);
  return rfc822 ? String(rfc822.value) : undefined;
}
