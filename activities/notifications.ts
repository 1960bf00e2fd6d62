// Notices to a person (001 ¶24), for every process: always an entry in the personal cabinet;
// an e-mail when an address is known; an SMS from 1414 when a mobile number is known and the
// person agreed to SMS; a paper letter when neither e-mail nor phone is known.
//
// Retries. The cabinet entry is written first, keyed by the caller's dedupeKey, and each channel is
// added to its `channels` list right after it went out. A retried attempt (or a second call with the
// same key) skips the channels already listed, so a crash between the e-mail and the SMS does not
// send the e-mail twice. The SMS also carries the key to the gateway, which drops repeats itself.
import { ApplicationFailure } from '@temporalio/activity';
import { ExternalSystemError, isRetryable, type Adapters } from '../adapters';
import { normalizeKzMobile } from '../adapters/sms';
import {
  EMAIL_FOOTER,
  localeOrKazakh,
  NotificationDataError,
  NOTICE_REFUSED,
  renderNotification,
  type Locale,
  type NotificationData,
  type NotificationKind,
} from '../domain/notification-templates';
import { logger } from '../platform/logger';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { queryRows } from '../platform/db/client';

export const NOTIFICATION_CHANNELS = ['cabinet', 'email', 'sms', 'paper_letter'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NoticeContact {
  email?: string;
  phone?: string;
  smsOptIn?: boolean;
  locale?: Locale;
}

/** One kind of notice with the data its template takes. */
export type NoticeContent = { [K in NotificationKind]: { kind: K; data: NotificationData[K] } }[NotificationKind];

export type PersonNotice = NoticeContent & {
  /** Whom it concerns; the cabinet entry belongs to this IIN. */
  iin: string;
  /**
   * Stays the same across retries of one notice (e.g. `report/<talon>/accepted`): the notice is
   * sent once per key, whatever happens.
   */
  dedupeKey: string;
  /** What it is about, e.g. the talon or the ERDR number; shown and filtered on in the cabinet. */
  subject: string;
  /**
   * Contact details given with the matter itself (e.g. those in a signed report); each one that is
   * missing comes from the person's account.
   */
  contact?: NoticeContact;
};

export interface NotificationActivities {
  /** Sends the notice on every channel open to the person; returns the channels it went out on. */
  notifyPerson(input: PersonNotice): Promise<{ channels: string[] }>;
}

interface FailedChannel {
  channel: NotificationChannel;
  error: string;
  status?: number;
  message: string;
}

const log = logger.child({ component: 'notifications' });

export function createNotificationActivities(deps: { prisma: PrismaClient; adapters: Pick<Adapters, 'mail' | 'sms'> }): NotificationActivities {
  const { prisma, adapters } = deps;

  // Every status change of every process sends a notice: its three statements go straight to the
  // pool (queryRows), where Prisma's query layer would cost more CPU than the statements.
  /** Adds a channel to the entry's list unless it is there already (one atomic UPDATE). */
  const markSent = async (id: string, channel: NotificationChannel) => {
    await queryRows(
      prisma,
      Prisma.sql`UPDATE notification SET channels = channels || ARRAY[${channel}]::text[] WHERE id = ${id}::bigint AND NOT (${channel} = ANY (channels))`,
    );
  };

  return {
    async notifyPerson(notice) {
      const [account] = await queryRows<{ email: string | null; phone: string | null; smsOptIn: boolean; locale: string; profileSaved: boolean }>(
        prisma,
        Prisma.sql`SELECT email, phone, sms_opt_in AS "smsOptIn", locale, profile_completed_at IS NOT NULL AS "profileSaved" FROM account WHERE iin = ${notice.iin}`,
      );
      const given = notice.contact ?? {};
      // 000 §6: once the person has saved the profile, their own choices decide, whatever the matter
      // carries: SMS only with their consent and to their confirmed mobile, in their language. An
      // address given with the matter (a report's e-mail, the one an official typed) still goes first.
      const profile = account?.profileSaved ? account : null;
      const email = clean(given.email) ?? clean(account?.email);
      const rawPhone = (profile && clean(profile.phone)) ?? clean(given.phone) ?? clean(account?.phone);
      // Only a Kazakhstan mobile number can receive SMS; a fixed line counts as no phone.
      const phone = rawPhone ? normalizeKzMobile(rawPhone) : null;
      const smsOptIn = profile ? profile.smsOptIn : (given.smsOptIn ?? account?.smsOptIn ?? false);
      const locale: Locale = profile ? localeOrKazakh(profile.locale) : (given.locale ?? localeOrKazakh(account?.locale));

      let rendered;
      try {
        // Checked again here: the input crossed Temporal as plain JSON.
        rendered = renderNotification(notice.kind as string, notice.data, locale);
      } catch (err) {
        // A notice that cannot be written will not become writable by trying again.
        if (err instanceof NotificationDataError) throw ApplicationFailure.nonRetryable(`notice ${notice.dedupeKey}: ${err.message}`, 'NOTICE_INVALID');
        throw err;
      }

      // The cabinet entry first: it is the record of what has been sent.
      // A no-op update on conflict, so the existing entry (a retry, or a second call with the key) comes back.
      const [entry] = await queryRows<{ id: string; iin: string; channels: string[] }>(
        prisma,
        Prisma.sql`INSERT INTO notification (iin, subject, kind, title, body, channels, dedupe_key)
          VALUES (${notice.iin}, ${notice.subject}, ${notice.kind}, ${rendered.title}, ${rendered.text}, ARRAY['cabinet']::text[], ${notice.dedupeKey})
          ON CONFLICT (dedupe_key) DO UPDATE SET dedupe_key = EXCLUDED.dedupe_key
          RETURNING id::text AS id, iin, channels`,
      );
      if (entry.iin !== notice.iin) {
        throw ApplicationFailure.nonRetryable(`dedupe key ${notice.dedupeKey} already belongs to a notice for another person`, 'DEDUPE_KEY_TAKEN');
      }

      const wanted: NotificationChannel[] = [];
      if (email) wanted.push('email');
      if (phone && smsOptIn) wanted.push('sms');
      // 001 ¶24: without phone and e-mail the person is notified on paper. The letter itself is
      // printed and posted elsewhere; here it is marked as due.
      if (!email && !phone) wanted.push('paper_letter');

      const sent = new Set(entry.channels);
      // Adapter messages can name the address or number; they go only into the failure details,
      // which the payload codec encrypts, never into messages and logs, which stay in clear text.
      const refused: FailedChannel[] = [];
      const unavailable: FailedChannel[] = [];
      for (const channel of wanted) {
        if (sent.has(channel)) continue;
        try {
          if (channel === 'email') {
            await adapters.mail.send({ to: email!, subject: rendered.title, text: `${rendered.text}\n\n—\n${EMAIL_FOOTER[locale]}` });
          } else if (channel === 'sms') {
            await adapters.sms.send({ to: phone!, text: rendered.sms, requestId: notice.dedupeKey });
          }
          await markSent(entry.id, channel);
          sent.add(channel);
        } catch (err) {
          // Only adapter faults are sorted per channel; anything else (the database…) is retried as is.
          if (!(err instanceof ExternalSystemError)) throw err;
          // Go on with the other channels: a dead mailbox must not keep the SMS from going out.
          const failed = { channel, error: err.name, status: 'status' in err ? (err.status as number | undefined) : undefined, message: err.message };
          (isRetryable(err) ? unavailable : refused).push(failed);
          log.warn({ channel, dedupeKey: notice.dedupeKey, error: err.name, status: failed.status }, 'notice not delivered on a channel');
        }
      }

      const describe = (list: FailedChannel[]) => list.map((f) => `${f.channel} (${f.error}${f.status ? ` ${f.status}` : ''})`).join(', ');
      // A passing fault: Temporal retries the notice, and the channels already sent are skipped then.
      if (unavailable.length > 0) {
        throw ApplicationFailure.retryable(`notice ${notice.dedupeKey} not delivered on ${describe(unavailable)}`, 'NOTICE_CHANNEL_UNAVAILABLE', {
          unavailable,
          refused,
          channels: [...sent],
        });
      }
      // A bad address or number: trying again cannot help, so the workflow decides what next.
      if (refused.length > 0) {
        throw ApplicationFailure.nonRetryable(`notice ${notice.dedupeKey} refused on ${describe(refused)}`, NOTICE_REFUSED, { refused, channels: [...sent] });
      }
      log.info({ dedupeKey: notice.dedupeKey, kind: notice.kind, channels: [...sent] }, 'notice sent');
      return { channels: [...sent] };
    },
  };
}

function clean(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
