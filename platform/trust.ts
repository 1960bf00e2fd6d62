// The development officials of the development PKI (eds/dev-pki.ts) and the roles they are
// granted, so one can log in as each. Choosing the trust anchors, and starting the development
// PKI's CRL/OCSP stand-in, is wiring: app/trust.ts.
import type { PrismaClient } from '../prisma/generated/client';
import type { DevPkiManifest, DevRole } from '../eds/dev-pki';
import type { OfficialRole } from '../domain/roles';

/** The body the development officials serve: УП района Сарыарка ДП г. Астана (code from the register's samples). */
export const DEV_OFFICIALS_BODY = '711303';

/** A neighbouring body (УП района Есиль ДП г. Астана): its development officials are strangers to 711303's reports and cases. */
export const DEV_OTHER_BODY = '711203';

/** The role and body each development person is granted; citizens hold none. */
export const DEV_GRANTS: Record<DevRole, { role: OfficialRole; bodyCode: string } | undefined> = {
  citizen: undefined,
  citizen2: undefined,
  registry_officer: { role: 'registry_officer', bodyCode: DEV_OFFICIALS_BODY },
  investigator: { role: 'investigator', bodyCode: DEV_OFFICIALS_BODY },
  head: { role: 'head', bodyCode: DEV_OFFICIALS_BODY },
  prosecutor: { role: 'prosecutor', bodyCode: DEV_OFFICIALS_BODY },
  translator: { role: 'translator', bodyCode: DEV_OFFICIALS_BODY },
  operator: { role: 'operator', bodyCode: DEV_OFFICIALS_BODY },
  investigator_other_body: { role: 'investigator', bodyCode: DEV_OTHER_BODY },
  registry_officer_other_body: { role: 'registry_officer', bodyCode: DEV_OTHER_BODY },
};

/** Grants the development officials their roles, as an approved access application would. */
export async function seedDevOfficials(prisma: PrismaClient, manifest: DevPkiManifest): Promise<void> {
  for (const person of manifest.people) {
    const grant = DEV_GRANTS[person.role];
    if (!grant) continue;
    const fullName = `${person.surname} ${person.givenName} ${person.patronymic}`;
    await prisma.account.upsert({ where: { iin: person.iin }, create: { iin: person.iin, fullName }, update: {} });
    await prisma.roleGrant.upsert({
      where: { applicationId: `dev-pki-${person.role}` },
      create: { iin: person.iin, role: grant.role, bodyCode: grant.bodyCode, applicationId: `dev-pki-${person.role}`, grantedBy: 'dev-pki' },
      update: {},
    });
  }
}
