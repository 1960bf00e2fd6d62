// The profile's side effects (000 §6): the prefilled part from the State Database of Individuals,
// and the SMS code that confirms a new mobile number (sent from 1414; only its SHA-256 is kept;
// limited tries; it expires). Each step is idempotent: a retried send keeps the code it already
// sent, a retried check that had confirmed answers CONFIRMED again.
import { createHash, randomInt } from 'node:crypto';
import type { Adapters } from '../adapters';
import { MOBILE_CODE_DIGITS, MOBILE_CODE_MAX_ATTEMPTS, MOBILE_CODE_TTL_MS, mobileCodeSms, type MobileCodeOutcome } from '../domain/profile';
import type { PrismaClient } from '../prisma/generated/client';

export interface ProfileActivities {
  /** Copies the birth date and registered address from the register into the account; false when the register has no such person. */
  prefillProfile(input: { iin: string }): Promise<{ found: boolean }>;
  /** Sends a new code to `phone` unless this request's code already went out; returns when it expires. */
  sendMobileCode(input: { iin: string; phone: string; locale: 'kk' | 'ru' | 'en'; requestKey: string }): Promise<{ expiresAt: string }>;
  /** Checks an entered code; on the right one the number becomes the profile's mobile. */
  checkMobileCode(input: { iin: string; phone: string; code: string; requestKey: string }): Promise<{ outcome: MobileCodeOutcome; attemptsLeft: number }>;
  /** Forgets this request's code (expired, or replaced). */
  discardMobileCode(input: { iin: string; requestKey: string }): Promise<void>;
}

/** Salted with the request, so the same code of two requests hashes differently. */
const codeHash = (requestKey: string, code: string) => createHash('sha256').update(`${requestKey}\u0000${code}`).digest('hex');

export function createProfileActivities(deps: { prisma: PrismaClient; adapters: Pick<Adapters, 'sms' | 'individuals'> }): ProfileActivities {
  const { prisma, adapters } = deps;
  return {
    async prefillProfile({ iin }) {
      const person = await adapters.individuals.findByIin(iin);
      await prisma.account.update({
        where: { iin },
        data: { prefilledAt: new Date(), ...(person && { birthDate: person.birthDate, address: person.registeredAddress }) },
      });
      return { found: !!person };
    },

    async sendMobileCode({ iin, phone, locale, requestKey }) {
      const earlier = await prisma.mobileConfirmation.findUnique({ where: { iin } });
      if (earlier && earlier.requestKey === requestKey && earlier.sentAt) return { expiresAt: earlier.expiresAt.toISOString() };
      // A send cut short before it was recorded gets a fresh code: the one in flight, if it arrived, no longer counts.
      const code = String(randomInt(0, 10 ** MOBILE_CODE_DIGITS)).padStart(MOBILE_CODE_DIGITS, '0');
      const hash = codeHash(requestKey, code);
      const expiresAt = new Date(Date.now() + MOBILE_CODE_TTL_MS);
      await prisma.mobileConfirmation.upsert({
        where: { iin },
        create: { iin, phone, codeHash: hash, attempts: 0, expiresAt, requestKey },
        update: { phone, codeHash: hash, attempts: 0, expiresAt, requestKey, sentAt: null },
      });
      // The gateway drops a repeat of the same key, so one code reaches the phone once.
      await adapters.sms.send({ to: phone, text: mobileCodeSms(code, locale), requestId: `${requestKey}/${hash.slice(0, 16)}` });
      await prisma.mobileConfirmation.updateMany({ where: { iin, codeHash: hash }, data: { sentAt: new Date() } });
      return { expiresAt: expiresAt.toISOString() };
    },

    async checkMobileCode({ iin, phone, code, requestKey }) {
      return prisma.$transaction(async (tx): Promise<{ outcome: MobileCodeOutcome; attemptsLeft: number }> => {
        // One check at a time per person: two wrong codes at once still count as two tries.
        const [row] = await tx.$queryRaw<{ phone: string; code_hash: string; attempts: number; expires_at: Date; request_key: string }[]>`
          SELECT phone, code_hash, attempts, expires_at, request_key FROM mobile_confirmation WHERE iin = ${iin} FOR UPDATE`;
        if (!row || row.request_key !== requestKey) {
          // A retry of a check that confirmed: the number is the mobile already.
          const account = await tx.account.findUnique({ where: { iin }, select: { phone: true } });
          return { outcome: account?.phone === phone ? 'CONFIRMED' : 'NO_PENDING_CHANGE', attemptsLeft: 0 };
        }
        if (row.attempts >= MOBILE_CODE_MAX_ATTEMPTS) return { outcome: 'TOO_MANY_ATTEMPTS', attemptsLeft: 0 };
        if (row.expires_at.getTime() <= Date.now()) return { outcome: 'EXPIRED', attemptsLeft: 0 };
        if (row.code_hash !== codeHash(requestKey, code)) {
          const attempts = row.attempts + 1;
          await tx.mobileConfirmation.update({ where: { iin }, data: { attempts } });
          const attemptsLeft = MOBILE_CODE_MAX_ATTEMPTS - attempts;
          return { outcome: attemptsLeft > 0 ? 'WRONG_CODE' : 'TOO_MANY_ATTEMPTS', attemptsLeft };
        }
        await tx.account.update({ where: { iin }, data: { phone: row.phone } });
        await tx.mobileConfirmation.delete({ where: { iin } });
        return { outcome: 'CONFIRMED', attemptsLeft: MOBILE_CODE_MAX_ATTEMPTS - row.attempts };
      });
    },

    async discardMobileCode({ iin, requestKey }) {
      await prisma.mobileConfirmation.deleteMany({ where: { iin, requestKey } });
    },
  };
}
