// Telling the officials of a body: the registry officers of a new report, the head and the
// supervising prosecutor of a breached deadline. Whoever holds the role in the body (an active
// grant) gets the notice through the same channels as citizens (cabinet list, e-mail, SMS).
import { ApplicationFailure } from '@temporalio/activity';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { queryRows } from '../platform/db/client';
import type { EscalationTarget } from '../domain/deadlines';
import type { OfficialRole } from '../domain/roles';
import type { DeadlineNotice } from './deadlines';
import type { PersonNotice } from './notifications';
import { NOTICE_REFUSED, type LocalisedText } from '../domain/notification-templates';

/** What officials are told about; the texts are below. */
export type OfficialsNoticeKind = 'report.awaiting_registration' | 'report.transferred_in' | 'complaint.received' | 'archive.received';

export interface OfficialsNotice {
  bodyCode?: string;
  roles: OfficialRole[];
  /** Made unique per official by appending the IIN. */
  dedupeKey: string;
  /** The talon, ERDR number… the notice is about. */
  subject: string;
  kind: OfficialsNoticeKind;
}

const TEXTS: Record<OfficialsNoticeKind, (subject: string) => { title: LocalisedText; text: LocalisedText }> = {
  'report.awaiting_registration': (talon) => ({
    title: { kk: `Жаңа арыз: талон ${talon}`, ru: `Новое заявление: талон ${talon}`, en: `New crime report: talon ${talon}` },
    text: {
      kk: `Талон ${talon} арызы тіркеуді күтуде. Шешім қабылдау мерзімі — түскен сәттен бастап 24 сағат.`,
      ru: `Заявление с талоном ${talon} ожидает регистрации. Решение — в течение 24 часов с момента поступления.`,
      en: `The crime report with talon ${talon} awaits registration. A decision is due within 24 hours of receipt.`,
    },
  }),
  // CPC art. 106: a complaint without a named addressee goes to the prosecutors of the body.
  'complaint.received': (erdr) => ({
    title: { kk: `Жаңа шағым: іс № ${erdr}`, ru: `Новая жалоба: дело № ${erdr}`, en: `New complaint: case No. ${erdr}` },
    text: {
      kk: `№ ${erdr} іс бойынша шағым түсті. Шешім қабылдау мерзімі — 3 тәулік (ҚПК 105–106-баптары).`,
      ru: `По делу № ${erdr} поступила жалоба. Срок рассмотрения — 3 суток (ст. 105–106 УПК).`,
      en: `A complaint on case No. ${erdr} has arrived. It must be decided within 3 days (CPC art. 105–106).`,
    },
  }),
  // 004 A-p.5.1, A-p.7.1: the office accepts a new archive request within 30 minutes.
  'archive.received': (id) => ({
    title: { kk: `Архивтік анықтамаға жаңа өтініш: ${id}`, ru: `Новый запрос архивной справки: ${id}`, en: `New archive certificate request: ${id}` },
    text: {
      kk: 'Құжаттарды 30 минут ішінде қабылдап, түскен сәттен бастап 2 сағат 30 минут ішінде тіркеңіз (004 A-5.1).',
      ru: 'Примите документы в течение 30 минут и зарегистрируйте в течение 2 часов 30 минут с момента поступления (004 А-5.1).',
      en: 'Accept the documents within 30 minutes and register them within 2 h 30 min of arrival (004 A-p.5.1).',
    },
  }),
  'report.transferred_in': (talon) => ({
    title: { kk: `Тергеулігі бойынша келген арыз: ${talon}`, ru: `Поступило по подследственности: ${talon}`, en: `Report transferred to your body: ${talon}` },
    text: {
      kk: `Талон ${talon} арызы сіздің органға тергеулігі бойынша жіберілді. 24 сағаттық мерзім жалғасуда.`,
      ru: `Заявление с талоном ${talon} передано в ваш орган по подследственности. 24-часовой срок продолжает течь.`,
      en: `The report with talon ${talon} was transferred to your body by jurisdiction. The 24-hour clock keeps running.`,
    },
  }),
};

const DEADLINE_TEXTS: Record<DeadlineNotice['kind'], LocalisedText> = {
  reminder: { kk: 'Мерзім жақындап қалды', ru: 'Срок истекает', en: 'Deadline approaching' },
  breach: { kk: 'Мерзім бұзылды', ru: 'Срок нарушен', en: 'Deadline breached' },
  late: { kk: 'Мерзімі өткеннен кейін орындалды', ru: 'Исполнено с нарушением срока', en: 'Completed late' },
};

/** Who the deadline policy's escalation targets are, as roles. */
const ROLES_OF: Record<EscalationTarget, OfficialRole[]> = {
  official: ['registry_officer', 'investigator'],
  head: ['head'],
  prosecutor: ['prosecutor'],
  operator: ['operator'],
};

export function createOfficialsNotifier(deps: { prisma: PrismaClient; notifyPerson(n: PersonNotice): Promise<unknown> }) {
  /** The IINs of the active accounts holding any of the roles (in the body, when one is named). */
  const holdersOf = async (roles: OfficialRole[], bodyCode?: string): Promise<string[]> => {
    // Straight to the pool: every report's intake and every deadline notice asks.
    const grants = await queryRows<{ iin: string }>(
      deps.prisma,
      Prisma.sql`SELECT DISTINCT g.iin FROM role_grant g JOIN account a ON a.iin = g.iin
        WHERE g.revoked_at IS NULL AND g.role = ANY (${roles}::text[]) AND a.status = 'ACTIVE'
        ${bodyCode ? Prisma.sql`AND g.body_code = ${bodyCode}` : Prisma.empty}
        ORDER BY g.iin`,
    );
    return grants.map((g) => g.iin);
  };

  /**
   * Tells each official in turn. One whose mail server refuses the notice for good still has it in
   * the cabinet (notifyPerson wrote it there first, and logged the refusal), and the others are told:
   * a bounced address must not stop the process or keep the rest uninformed.
   */
  const tellEach = async (notices: PersonNotice[]): Promise<void> => {
    for (const notice of notices) {
      try {
        await deps.notifyPerson(notice);
      } catch (err) {
        if (!(err instanceof ApplicationFailure && err.type === NOTICE_REFUSED)) throw err;
      }
    }
  };

  const notifyOfficials = async (n: OfficialsNotice): Promise<void> => {
    const { title, text } = TEXTS[n.kind](n.subject);
    const holders = await holdersOf(n.roles, n.bodyCode);
    await tellEach(holders.map((iin) => ({ iin, dedupeKey: `${n.dedupeKey}/${iin}`, subject: n.subject, kind: 'message', data: { title, text } })));
  };

  /** The deadline tracker's hook: reminders and escalations go to the roles the rule names. */
  const notifyDeadlineOfficials = async (d: DeadlineNotice): Promise<void> => {
    const holders = await holdersOf([...new Set(d.recipients.flatMap((r) => ROLES_OF[r]))], d.body);
    const label = DEADLINE_TEXTS[d.kind];
    const title = { kk: `${label.kk}: ${d.title.kk}`, ru: `${label.ru}: ${d.title.ru}`, en: `${label.en}: ${d.title.en}` };
    const due = `${d.dueAt} (${d.source}) — ${d.subject}`;
    await tellEach(
      holders.map((iin) => ({
        iin,
        dedupeKey: `deadline/${d.workflowId}/${d.key}/${d.kind}/${iin}`,
        subject: d.subject,
        kind: 'message',
        data: { title, text: { kk: `Мерзімі: ${due}`, ru: `Срок: ${due}`, en: `Due: ${due}` } },
      })),
    );
  };

  return { notifyOfficials, notifyDeadlineOfficials };
}
