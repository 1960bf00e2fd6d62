// The development PKI: an NCA RK–like hierarchy (root → intermediate → people) with a key pair
// per role for authentication and for signing, plus defective certificates for tests, a CRL,
// an OCSP responder and a timestamping authority. Everything lands in one folder described by
// manifest.json. Dev keys only: CA keys are stored unencrypted so the stand-in can sign CRLs.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { serialHex } from './certificate';
import { certificateDer, pemBlocks, toPem } from './der';
import { buildIin } from '../domain/iin';
import { withControlDigit } from './identity';
import { OID } from './oids';
import { writePkcs12 } from './pkcs12';
import {
  exportPkcs8,
  fakeGostCertificate,
  fakeGostCms,
  generateKeyPair,
  importIssuerKey,
  issueCertificate,
  issueCrl,
  KeyPair,
  NameAttribute,
  RevokedEntry,
} from './x509-builder';
import { parseCertificate } from './der';

export const DEV_PKI_DEFAULT_BASE_URL = 'http://127.0.0.1:3104';
// A second citizen and officials of another body, so tests can show what strangers do not see
// (platform/trust.ts grants each official their role and body).
export const DEV_ROLES = [
  'citizen',
  'registry_officer',
  'investigator',
  'head',
  'prosecutor',
  'translator',
  'operator',
  'citizen2',
  'investigator_other_body',
  'registry_officer_other_body',
] as const;
export type DevRole = (typeof DEV_ROLES)[number];

export interface DevKeyFile {
  purpose: 'auth' | 'sign';
  p12: string;
  password: string;
  cert: string;
  serial: string;
}

export interface DevPerson {
  role: DevRole;
  iin: string;
  surname: string;
  givenName: string;
  patronymic: string;
  /** Full name as written in Kazakh. */
  fullNameKk: string;
  organization?: string;
  bin?: string;
  auth: DevKeyFile;
  sign: DevKeyFile;
}

export interface DevPkiManifest {
  version: 1;
  createdAt: string;
  baseUrl: string;
  /** Absolute folder of this PKI (paths below are absolute too when read through this module). */
  dir: string;
  trustAnchorsDir: string;
  root: { cert: string; key: string; subject: string };
  intermediate: { cert: string; key: string; subject: string };
  ocspResponder: { cert: string; key: string };
  tsa: { cert: string; key: string };
  crl: { path: string; url: string };
  ocspUrl: string;
  people: DevPerson[];
  special: {
    expired: DevKeyFile & { iin: string };
    notYetValid: DevKeyFile & { iin: string };
    revoked: DevKeyFile & { iin: string };
    badIin: DevKeyFile & { iin: string };
    gost: { cert: string; sampleCms: string; sampleContent: string; iin: string };
  };
  revoked: RevokedEntry[];
  /** Serials (hex) of every end-entity certificate issued by the intermediate. */
  issued: string[];
}

const PEOPLE: Omit<DevPerson, 'iin' | 'auth' | 'sign' | 'fullNameKk'>[] = [
  { role: 'citizen', surname: 'ӘБІЛҚАСЫМОВ', givenName: 'ЕРЛАН', patronymic: 'СЕРІКҰЛЫ' },
  {
    role: 'registry_officer',
    surname: 'НҰРЛАНОВА',
    givenName: 'АЙГЕРІМ',
    patronymic: 'БОЛАТҚЫЗЫ',
    organization: 'ҚР БАС ПРОКУРАТУРАСЫНЫҢ ҚҰҚЫҚТЫҚ СТАТИСТИКА ЖӘНЕ АРНАЙЫ ЕСЕПКЕ АЛУ ЖӨНІНДЕГІ КОМИТЕТІ',
  },
  { role: 'investigator', surname: 'ҚАЙРАТОВ', givenName: 'ДӘУРЕН', patronymic: 'МАРАТҰЛЫ', organization: 'АСТАНА ҚАЛАСЫНЫҢ ПОЛИЦИЯ ДЕПАРТАМЕНТІ' },
  { role: 'head', surname: 'ЖАҚСЫЛЫҚОВ', givenName: 'ТАЛҒАТ', patronymic: 'ӘМІРҰЛЫ', organization: 'АСТАНА ҚАЛАСЫНЫҢ ПОЛИЦИЯ ДЕПАРТАМЕНТІ' },
  { role: 'prosecutor', surname: 'СҮЛЕЙМЕНОВА', givenName: 'ГҮЛНАР', patronymic: 'ЕРЖАНҚЫЗЫ', organization: 'АСТАНА ҚАЛАСЫНЫҢ ПРОКУРАТУРАСЫ' },
  { role: 'translator', surname: 'ОМАРОВ', givenName: 'РУСЛАН', patronymic: 'ҒАЛЫМҰЛЫ' },
  { role: 'operator', surname: 'ТӨЛЕГЕНОВА', givenName: 'ДИНАРА', patronymic: 'АСХАТҚЫЗЫ', organization: 'ҚР БАС ПРОКУРАТУРАСЫ' },
  // Appended, so the IINs above (derived from the position) stay what they were.
  { role: 'citizen2', surname: 'СЕЙІТОВА', givenName: 'АЛИЯ', patronymic: 'НҰРЛАНҚЫЗЫ' },
  {
    role: 'investigator_other_body',
    surname: 'БЕКМҰХАМБЕТОВ',
    givenName: 'АСЛАН',
    patronymic: 'ҚАНАТҰЛЫ',
    organization: 'АСТАНА ҚАЛАСЫНЫҢ ПОЛИЦИЯ ДЕПАРТАМЕНТІ',
  },
  {
    role: 'registry_officer_other_body',
    surname: 'ЖҰМАБАЕВА',
    givenName: 'ӘСЕЛ',
    patronymic: 'ТИМУРҚЫЗЫ',
    organization: 'ҚР БАС ПРОКУРАТУРАСЫНЫҢ ҚҰҚЫҚТЫҚ СТАТИСТИКА ЖӘНЕ АРНАЙЫ ЕСЕПКЕ АЛУ ЖӨНІНДЕГІ КОМИТЕТІ',
  },
];

/**
 * A valid IIN of someone born in the 1900s: birth date as YYMMDD, 7th digit 3 (man) or 4 (woman),
 * the first serial number from `sequence` on that gives a valid control digit.
 */
export function makeIin(birth: string, centurySex: 3 | 4, sequence: number): string {
  const birthDate = `19${birth.slice(0, 2)}-${birth.slice(2, 4)}-${birth.slice(4, 6)}`;
  for (let s = sequence; s < sequence + 1000; s++) {
    const iin = buildIin(birthDate, centurySex === 3 ? 'male' : 'female', s);
    if (iin) return iin;
  }
  throw new Error('no valid IIN found');
}

const BINS: Record<string, string> = {};
function binFor(organization: string): string {
  // BIN: registration year and month, legal-entity type 4, attribute 0, sequence, control digit.
  for (let n = 100 + Object.keys(BINS).length * 10; !BINS[organization]; n++) {
    const bin = withControlDigit(`990740${String(n).padStart(5, '0')}`);
    if (bin) BINS[organization] = bin;
  }
  return BINS[organization];
}

const MANIFEST = 'manifest.json';

/** Reads DIR/manifest.json and turns its relative paths into absolute ones. */
export async function readDevPkiManifest(dir: string): Promise<DevPkiManifest> {
  const absDir = path.resolve(dir);
  const stored = JSON.parse(await fs.readFile(path.join(absDir, MANIFEST), 'utf8')) as DevPkiManifest;
  return resolvePaths(stored, absDir);
}

function resolvePaths(m: DevPkiManifest, dir: string): DevPkiManifest {
  const abs = (p: string) => path.resolve(dir, p);
  const key = (k: DevKeyFile) => ({ ...k, p12: abs(k.p12), cert: abs(k.cert) });
  return {
    ...m,
    dir,
    trustAnchorsDir: abs(m.trustAnchorsDir),
    root: { ...m.root, cert: abs(m.root.cert), key: abs(m.root.key) },
    intermediate: { ...m.intermediate, cert: abs(m.intermediate.cert), key: abs(m.intermediate.key) },
    ocspResponder: { cert: abs(m.ocspResponder.cert), key: abs(m.ocspResponder.key) },
    tsa: { cert: abs(m.tsa.cert), key: abs(m.tsa.key) },
    crl: { ...m.crl, path: abs(m.crl.path) },
    people: m.people.map((p) => ({ ...p, auth: key(p.auth), sign: key(p.sign) })),
    special: {
      expired: key(m.special.expired) as DevKeyFile & { iin: string },
      notYetValid: key(m.special.notYetValid) as DevKeyFile & { iin: string },
      revoked: key(m.special.revoked) as DevKeyFile & { iin: string },
      badIin: key(m.special.badIin) as DevKeyFile & { iin: string },
      gost: { ...m.special.gost, cert: abs(m.special.gost.cert), sampleCms: abs(m.special.gost.sampleCms), sampleContent: abs(m.special.gost.sampleContent) },
    },
  };
}

async function isComplete(dir: string): Promise<DevPkiManifest | undefined> {
  try {
    const m = await readDevPkiManifest(dir);
    // A folder made before persons were added is made anew (development keys only; the IINs stay).
    if (DEV_ROLES.some((role) => !m.people.some((p) => p.role === role))) return undefined;
    const files = [
      m.root.cert,
      m.intermediate.cert,
      m.intermediate.key,
      m.ocspResponder.key,
      m.tsa.key,
      m.crl.path,
      ...m.people.flatMap((p) => [p.auth.p12, p.sign.p12]),
      m.special.gost.sampleCms,
    ];
    await Promise.all(files.map((f) => fs.access(f)));
    return m;
  } catch {
    return undefined;
  }
}

export async function loadPemCertificate(file: string): Promise<pkijs.Certificate> {
  return parseCertificate(pemBlocks(await fs.readFile(file, 'utf8'))[0].der);
}

export async function loadPemKey(file: string) {
  return importIssuerKey(pemBlocks(await fs.readFile(file, 'utf8'))[0].der);
}

/**
 * Creates the development PKI in `outDir`, or returns the existing one when `outDir` already
 * holds a complete PKI (its base URL is then the one it was made with).
 */
export async function generateDevPki(outDir: string, options: { baseUrl?: string; now?: Date } = {}): Promise<DevPkiManifest> {
  const dir = path.resolve(outDir);
  const existing = await isComplete(dir);
  if (existing) return existing;

  const baseUrl = (options.baseUrl ?? DEV_PKI_DEFAULT_BASE_URL).replace(/\/$/, '');
  const now = options.now ?? new Date();
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() + days * day);
  for (const sub of ['roots', 'ca', 'crl', 'people', 'special']) await fs.mkdir(path.join(dir, sub), { recursive: true });

  const writePem = async (rel: string, der: Uint8Array, label: string) => {
    await fs.writeFile(path.join(dir, rel), toPem(der, label));
    return rel;
  };
  const crlUrl = `${baseUrl}/crl/nca_dev.crl`;
  const ocspUrl = `${baseUrl}/ocsp`;

  // Certification authorities.
  const rootKeys = await generateKeyPair();
  const rootSubject: NameAttribute[] = [
    [OID.commonName, 'ҰКО ТҮБІРЛІК / NCA RK ROOT (dev)'],
    [OID.country, 'KZ'],
  ];
  const root = await issueCertificate({
    subject: rootSubject,
    publicKey: rootKeys.publicKey,
    selfSignKey: rootKeys.privateKey,
    notBefore: at(-5 * 365),
    notAfter: at(15 * 365),
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const interKeys = await generateKeyPair();
  const intermediate = await issueCertificate({
    subject: [
      [OID.commonName, 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) (dev)'],
      [OID.country, 'KZ'],
    ],
    publicKey: interKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    notBefore: at(-4 * 365),
    notAfter: at(10 * 365),
    ca: true,
    pathLength: 0,
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const issuer = { certificate: intermediate, privateKey: interKeys.privateKey };
  const issued: string[] = [];

  const manifest: Omit<Partial<DevPkiManifest>, 'special'> & { special: Partial<DevPkiManifest['special']> } = {
    version: 1,
    createdAt: now.toISOString(),
    baseUrl,
    dir,
    trustAnchorsDir: 'roots',
    root: {
      cert: await writePem('roots/nca_root_dev.pem', certificateDer(root), 'CERTIFICATE'),
      key: await writePem('ca/root.key.pem', await exportPkcs8(rootKeys.privateKey), 'PRIVATE KEY'),
      subject: 'ҰКО ТҮБІРЛІК / NCA RK ROOT (dev)',
    },
    intermediate: {
      cert: await writePem('roots/nca_rsa_dev.pem', certificateDer(intermediate), 'CERTIFICATE'),
      key: await writePem('ca/intermediate.key.pem', await exportPkcs8(interKeys.privateKey), 'PRIVATE KEY'),
      subject: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) (dev)',
    },
    crl: { path: 'crl/nca_dev.crl', url: crlUrl },
    ocspUrl,
    special: {},
  };

  // Service certificates: OCSP responder (delegated by the intermediate) and timestamping.
  const service = async (name: string, cn: string, eku: string) => {
    const keys = await generateKeyPair();
    const cert = await issueCertificate({
      subject: [
        [OID.commonName, cn],
        [OID.country, 'KZ'],
      ],
      publicKey: keys.publicKey,
      issuer,
      notBefore: at(-365),
      notAfter: at(5 * 365),
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [eku],
    });
    return {
      cert: await writePem(`ca/${name}.cert.pem`, certificateDer(cert), 'CERTIFICATE'),
      key: await writePem(`ca/${name}.key.pem`, await exportPkcs8(keys.privateKey), 'PRIVATE KEY'),
    };
  };
  manifest.ocspResponder = await service('ocsp', 'OCSP RESPONDER NCA RK (dev)', OID.ekuOcspSigning);
  manifest.tsa = await service('tsa', 'TSP SERVICE NCA RK (dev)', OID.ekuTimeStamping);

  // End-entity keys, NCA-style: a separate authentication and signing key per person.
  const endEntity = async (
    rel: string,
    person: { surname: string; givenName: string; patronymic: string; iin: string; organization?: string; bin?: string; email?: string },
    purpose: 'auth' | 'sign',
    password: string,
    validity: { notBefore: Date; notAfter: Date } = { notBefore: at(-30), notAfter: at(365) },
  ): Promise<DevKeyFile> => {
    const keys: KeyPair = await generateKeyPair();
    const subject: NameAttribute[] = [
      [OID.commonName, `${person.surname} ${person.givenName}`],
      [OID.surname, person.surname],
      [OID.serialNumber, `IIN${person.iin}`],
      [OID.country, 'KZ'],
      ...(person.organization
        ? ([
            [OID.organization, person.organization],
            [OID.organizationalUnit, `BIN${person.bin}`],
          ] as NameAttribute[])
        : []),
      [OID.givenName, person.patronymic],
      ...(person.email ? ([[OID.emailAddress, person.email]] as NameAttribute[]) : []),
    ];
    const cert = await issueCertificate({
      subject,
      publicKey: keys.publicKey,
      issuer,
      ...validity,
      // As NCA RK: authentication = digitalSignature+keyEncipherment with clientAuth;
      // signing = digitalSignature+nonRepudiation with emailProtection.
      keyUsage: purpose === 'auth' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [purpose === 'auth' ? OID.ekuClientAuth : OID.ekuEmailProtection, person.organization ? OID.ncaLegalEntity : OID.ncaIndividual],
      crlUrl,
      ocspUrl,
    });
    issued.push(serialHex(cert));
    const p12 = await writePkcs12({
      privateKeyPkcs8: await exportPkcs8(keys.privateKey),
      certificate: cert,
      chain: [intermediate],
      password,
      friendlyName: `${person.surname} ${person.givenName} (${purpose})`,
    });
    await fs.writeFile(path.join(dir, `${rel}.p12`), p12);
    return { purpose, p12: `${rel}.p12`, password, cert: await writePem(`${rel}.cert.pem`, certificateDer(cert), 'CERTIFICATE'), serial: serialHex(cert) };
  };

  manifest.people = [];
  for (const [i, p] of PEOPLE.entries()) {
    const iin = makeIin(`8${i}0${(i % 9) + 1}1${i % 3}`.slice(0, 6), i % 2 === 0 ? 3 : 4, 100 + i * 37);
    const bin = p.organization ? binFor(p.organization) : undefined;
    const person = { ...p, iin, bin, email: `${p.role.replace(/_/g, '.')}@dev.erdr.kz` };
    await fs.mkdir(path.join(dir, 'people', p.role), { recursive: true });
    const password = `${p.role}-Dev-123`;
    manifest.people.push({
      ...p,
      iin,
      ...(bin ? { bin } : {}),
      fullNameKk: `${p.surname} ${p.givenName} ${p.patronymic}`,
      auth: await endEntity(`people/${p.role}/auth`, person, 'auth', password),
      sign: await endEntity(`people/${p.role}/sign`, person, 'sign', password),
    });
  }

  const testPerson = (surname: string, seq: number) => ({ surname, givenName: 'ТЕСТ', patronymic: 'ТЕСТҰЛЫ', iin: makeIin('900101', 3, seq) });
  const special = manifest.special;
  const expired = testPerson('МЕРЗІМІӨТКЕН', 501);
  special.expired = {
    ...(await endEntity('special/expired', expired, 'sign', 'expired-Dev-123', { notBefore: at(-730), notAfter: at(-365) })),
    iin: expired.iin,
  };
  const early = testPerson('ЕРТЕ', 601);
  special.notYetValid = {
    ...(await endEntity('special/not-yet-valid', early, 'sign', 'early-Dev-123', { notBefore: at(30), notAfter: at(400) })),
    iin: early.iin,
  };
  const revokedPerson = testPerson('ҚАЙТАРЫЛҒАН', 701);
  special.revoked = { ...(await endEntity('special/revoked', revokedPerson, 'sign', 'revoked-Dev-123')), iin: revokedPerson.iin };
  // An IIN whose control digit is wrong.
  const goodIin = makeIin('900101', 3, 801);
  const badIin = goodIin.slice(0, 11) + String((Number(goodIin[11]) + 1) % 10);
  special.badIin = { ...(await endEntity('special/bad-iin', { ...testPerson('ЖСНҚАТЕ', 801), iin: badIin }, 'sign', 'badiin-Dev-123')), iin: badIin };

  const gostIin = makeIin('900101', 3, 901);
  const gostCert = fakeGostCertificate(
    [
      [OID.commonName, 'ГОСТОВ ТЕСТ'],
      [OID.surname, 'ГОСТОВ'],
      [OID.serialNumber, `IIN${gostIin}`],
      [OID.country, 'KZ'],
      [OID.givenName, 'ТЕСТҰЛЫ'],
    ],
    intermediate,
    at(-30),
    at(365),
  );
  const gostContent = new TextEncoder().encode('ГОСТ алгоритмімен қол қойылған құжат (dev)\n');
  await fs.writeFile(path.join(dir, 'special/gost-content.txt'), gostContent);
  await fs.writeFile(path.join(dir, 'special/gost-signed.p7s'), fakeGostCms(gostContent, gostCert));
  special.gost = {
    cert: await writePem('special/gost.cert.pem', certificateDer(gostCert), 'CERTIFICATE'),
    sampleCms: 'special/gost-signed.p7s',
    sampleContent: 'special/gost-content.txt',
    iin: gostIin,
  };

  manifest.revoked = [{ serial: special.revoked.serial, revokedAt: at(-1).toISOString() }];
  manifest.issued = issued;
  const crl = await issueCrl({
    issuer: intermediate,
    issuerKey: interKeys.privateKey,
    revoked: manifest.revoked,
    thisUpdate: now,
    nextUpdate: at(7),
    crlNumber: 1,
  });
  await fs.writeFile(path.join(dir, manifest.crl!.path), crl);

  // Written last: its presence marks the folder as complete.
  const stored = { ...manifest, dir: '.' } as DevPkiManifest;
  await fs.writeFile(path.join(dir, MANIFEST), JSON.stringify(stored, null, 2) + '\n');
  return resolvePaths(stored, dir);
}
