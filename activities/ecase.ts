// Side effects of the electronic criminal case (workflows/ecase.ts): the generated documents of
// 001 (¶10, ¶11, ¶22–24, ¶29) rendered as PDFs and kept in the file store by SHA-256, the notices
// to the prosecutor, the participants and the receiving body, the new ERDR number of a separated
// case, the submission to the courts' «Төрелік», and the audit entry of every step.
//
// The case's own state lives in its workflow; what must outlast it goes to the tamper-evident audit
// chain (platform/case-journal.ts), where the timeline reads the events older runs no longer carry.
// Every activity is idempotent: files are content-addressed, notices and audit entries are
// keyed by the caller's dedupe key, numbers by an idempotency key, the court by a request id.
import { ApplicationFailure } from '@temporalio/activity';
import { PDFDocument } from 'pdf-lib';
import type { Adapters } from '../adapters';
import { renderCaseDocument, type CaseDocumentData, type CaseDocumentKind as RenderedKind, type Person } from '../documents/case-documents';
import type { FileStore } from '../documents/store';
import { bodyByCode } from '../domain/dictionaries';
import { documentRef, PARTICIPANT_ROLE_LABELS, type CaseDocument, type CaseEvent, type CaseFormat, type Participant, type SwitchGround } from '../domain/ecase';
import { NOTICE_REFUSED, type LocalisedText } from '../domain/notification-templates';
import type { OfficialRole } from '../domain/roles';
import type { AuditLog } from '../platform/audit';
import { caseDocuments, saveCaseDocuments } from '../platform/case-documents';
import { journalCaseEvent } from '../platform/case-journal';
import type { SearchPseudonym } from '../platform/search-pseudonyms';
import { allocateNumber, astanaYear } from '../platform/numbers';
import type { PrismaClient } from '../prisma/generated/client';
import type { PersonNotice } from './notifications';

/** A document the case generated: stored by its SHA-256, titled in Kazakh and Russian. */
export interface GeneratedDocument {
  kind: string;
  sha256: string;
  title: { kk: string; ru: string };
}

/** What the generated documents say about the case. */
export interface CaseDetails {
  erdrNumber: string;
  bodyCode: string;
  registeredAt: string;
  officialIin: string;
  prosecutorIin?: string;
  fabula?: string;
  article?: string;
}

export interface CaseStartDetails extends CaseDetails {
  talon?: string;
  kuiNumber?: string;
  kuiRegisteredAt?: string;
  /** Where the information came from, e.g. a citizen's report. */
  source?: string;
}

/** A document as the inventory, the print package and the court see it. */
export interface CaseDocumentRef {
  title: string;
  kind: string;
  addedAt: string;
  sha256: string;
}

export interface CaseActivities {
  /** ¶11: the report on KUI registration, the report on detection, the notice to the prosecutor of the start. */
  generateCaseDocuments(input: CaseStartDetails): Promise<GeneratedDocument[]>;
  /** ¶10: the notice of the format resolution, generated and delivered to the supervising prosecutor. */
  deliverProsecutorNotice(
    input: CaseDetails & { prosecutorIin: string; format: CaseFormat; resolutionAt: string; dedupeKey: string },
  ): Promise<GeneratedDocument>;
  /** ¶10, ¶24: tells a participant the format (SMS from 1414, e-mail); a paper letter to print when neither works. */
  informParticipant(
    input: CaseDetails & { participant: Participant; format: CaseFormat; resolutionAt: string; dedupeKey: string },
  ): Promise<{ channels: string[]; letter?: GeneratedDocument }>;
  /** ¶27: the supervising prosecutor is told of a procedural decision. */
  informProsecutor(input: { erdrNumber: string; prosecutorIin: string; decision: string; note?: string; dedupeKey: string }): Promise<void>;
  /** ¶21: the receiving body's investigators and head learn that a case was sent to them. */
  notifyReceivingBody(input: { erdrNumber: string; fromBodyCode: string; toBodyCode: string; dedupeKey: string }): Promise<number>;
  /** ¶11: the inventory («тізімдеме») listing every document with its SHA-256. */
  produceInventory(input: CaseDetails & { documents?: CaseDocumentRef[]; issuedAt: string }): Promise<GeneratedDocument & { documentCount: number }>;
  /** ¶23: every document printed in one PDF behind a cover sheet; PDFs of paper originals are listed for requesting the originals. */
  producePrintPackage(
    input: CaseDetails & { ground: SwitchGround | 'joining'; resolutionAt: string; documents?: (CaseDocumentRef & { scanOfPaper?: boolean })[] },
  ): Promise<{ sha256: string; documentCount: number; originalsRequested: string[] }>;
  /** ¶18: the separated materials get a new ERDR number. */
  allocateSeparatedCaseNumber(input: { bodyCode: string; idempotencyKey: string }): Promise<string>;
  /** ¶29, ¶11: cover letter generated, the case sent through «Төрелік». */
  submitCaseToCourt(
    input: CaseDetails & { court: string; documents?: CaseDocumentRef[]; requestId: string; issuedAt: string },
  ): Promise<{ receiptNumber: string; receivedAt: string; coverLetters: GeneratedDocument[] }>;
  /**
   * Who did what, when: each step of the case in the audit chain, with the documents it added
   * written to the case's register first (001 ¶11–¶16; both idempotent, so a retry completes both).
   */
  recordCaseEvent(input: { erdrNumber: string; event: CaseEvent; documents?: CaseDocument[] }): Promise<void>;
  /** The documents of a run begun before the register, written to it by the next run. */
  saveCaseDocuments(input: { erdrNumber: string; documents: CaseDocument[] }): Promise<void>;
  /** ¶18: the chosen documents of a case copied into the separated case's register as d1, d2…; how many. */
  copyCaseDocuments(input: { fromErdrNumber: string; toErdrNumber: string; documentIds: string[] }): Promise<number>;
  /** ¶26, 000 §4.5: the confirmed participant's row, from which the Public Sector lists their cases. */
  recordConfirmedParticipant(input: { erdrNumber: string; participantId: string; iin: string; role: string; confirmedAt: string }): Promise<void>;
}

export interface CaseActivityDeps {
  prisma: PrismaClient;
  audit: AuditLog;
  files: FileStore;
  adapters: Pick<Adapters, 'courts'>;
  notifyPerson(n: PersonNotice): Promise<{ channels: string[] }>;
  /** Where participants open the Public Sector (printed on paper letters). */
  publicSectorUrl?: string;
}

const OFFICIAL_POSITION = { kk: 'Қылмыстық процесті жүргізуші тұлға', ru: 'Лицо, осуществляющее уголовный процесс' };
const PROSECUTOR_POSITION = { kk: 'Қадағалаушы прокурор', ru: 'Надзирающий прокурор' };
const NOT_ASSIGNED = 'тағайындалмаған / не назначен';
const FORMAT_TEXT: Record<CaseFormat, LocalisedText> = {
  ELECTRONIC: { kk: 'электрондық форматта', ru: 'в электронном формате', en: 'in electronic format' },
  PAPER: { kk: 'қағаз форматында', ru: 'в бумажном формате', en: 'in paper format' },
};
const GROUND_FOR_DOCUMENT: Record<SwitchGround | 'joining', 'abnormal_situation' | 'emergency' | 'foreign_state' | 'state_secret' | 'joining'> = {
  OUTAGE: 'abnormal_situation',
  EMERGENCY: 'emergency',
  FOREIGN_STATE: 'foreign_state',
  STATE_SECRETS: 'state_secret',
  joining: 'joining',
};

export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  const { prisma, files } = deps;
  /** The case's documents from its register (platform/case-documents.ts), when the workflow did not list them. */
  const registered = (erdrNumber: string) => caseDocuments(prisma, erdrNumber);

  const nameOf = async (iin: string | undefined): Promise<string> => {
    if (!iin) return NOT_ASSIGNED;
    const account = await prisma.account.findUnique({ where: { iin }, select: { fullName: true } });
    return account?.fullName ?? iin;
  };
  const official = async (iin: string): Promise<Person> => ({ name: await nameOf(iin), position: OFFICIAL_POSITION });

  const common = async (c: CaseDetails, issuedAt: string) => ({
    issuedAt,
    erdrNumber: c.erdrNumber,
    registeredAt: c.registeredAt,
    bodyCode: c.bodyCode,
    official: await official(c.officialIin),
    ...(c.article && { article: c.article }),
    fabula: c.fabula?.trim() || '—',
  });

  /** Renders, stores, and describes one generated document. */
  const generate = async (kind: RenderedKind, data: CaseDocumentData): Promise<GeneratedDocument> => {
    let rendered;
    try {
      rendered = await renderCaseDocument(kind, data as never);
    } catch (e) {
      // Data that does not fit the document will not fit it on a retry either.
      if ((e as Error).name === 'CaseDocumentDataError') throw ApplicationFailure.nonRetryable((e as Error).message, 'CASE_DOCUMENT_INVALID');
      throw e;
    }
    await files.put(rendered.pdf);
    return { kind, sha256: rendered.sha256, title: rendered.title };
  };

  return {
    async generateCaseDocuments(c) {
      const base = await common(c, c.registeredAt);
      const documents: GeneratedDocument[] = [];
      if (c.kuiNumber) {
        documents.push(
          await generate('kui_registration_report', {
            kind: 'kui_registration_report',
            ...base,
            kuiNumber: c.kuiNumber,
            kuiRegisteredAt: c.kuiRegisteredAt ?? c.registeredAt,
            source: c.source ?? (c.talon ? 'Азаматтың арызы / Заявление гражданина' : 'Баянат / Рапорт'),
            ...(c.talon && { talon: c.talon }),
          }),
        );
      }
      documents.push(
        await generate('offence_detection_report', {
          kind: 'offence_detection_report',
          ...base,
          detectedAt: c.kuiRegisteredAt ?? c.registeredAt,
          circumstances: c.talon ? `Талон / Талон № ${c.talon}` : 'СДТБТ / ЕРДР',
        }),
      );
      documents.push(
        await generate('prosecutor_notice_start', {
          kind: 'prosecutor_notice_start',
          ...base,
          prosecutor: { name: await nameOf(c.prosecutorIin), position: PROSECUTOR_POSITION },
        }),
      );
      return documents;
    },

    async deliverProsecutorNotice(c) {
      const notice = await generate('prosecutor_notice_format', {
        kind: 'prosecutor_notice_format',
        ...(await common(c, c.resolutionAt)),
        prosecutor: { name: await nameOf(c.prosecutorIin), position: PROSECUTOR_POSITION },
        format: c.format,
        resolutionAt: c.resolutionAt,
      });
      const f = FORMAT_TEXT[c.format];
      await deps.notifyPerson({
        iin: c.prosecutorIin,
        dedupeKey: c.dedupeKey,
        subject: c.erdrNumber,
        kind: 'message',
        data: {
          title: { kk: `Іс жүргізу форматы: № ${c.erdrNumber}`, ru: `Формат производства: № ${c.erdrNumber}`, en: `Case format: No. ${c.erdrNumber}` },
          text: {
            kk: `№ ${c.erdrNumber} қылмыстық іс ${f.kk} жүргізіледі (001 ¶10). Хабарлама: sha256 ${notice.sha256}.`,
            ru: `Уголовное дело № ${c.erdrNumber} ведётся ${f.ru} (001 ¶10). Уведомление: sha256 ${notice.sha256}.`,
            en: `Criminal case No. ${c.erdrNumber} is conducted ${f.en} (001 ¶10). Notice: sha256 ${notice.sha256}.`,
          },
        },
      });
      return notice;
    },

    async informParticipant(c) {
      const p = c.participant;
      const f = FORMAT_TEXT[c.format];
      const role = PARTICIPANT_ROLE_LABELS[p.role];
      const notice: PersonNotice = {
        iin: p.iin,
        dedupeKey: c.dedupeKey,
        subject: c.erdrNumber,
        contact: p.contact,
        kind: 'message',
        data: {
          title: { kk: `Қылмыстық іс № ${c.erdrNumber}`, ru: `Уголовное дело № ${c.erdrNumber}`, en: `Criminal case No. ${c.erdrNumber}` },
          text: {
            kk: `Сіз (${role.kk}) қатысатын № ${c.erdrNumber} қылмыстық іс ${f.kk} жүргізіледі. Іс материалдары Жария секторда қолжетімді.`,
            ru: `Уголовное дело № ${c.erdrNumber}, в котором Вы участвуете (${role.ru}), ведётся ${f.ru}. Материалы доступны в Публичном секторе.`,
            en: `Criminal case No. ${c.erdrNumber}, in which you take part (${role.en}), is conducted ${f.en}. Its materials are open to you in the Public Sector.`,
          },
          sms: {
            kk: `№ ${c.erdrNumber} іс ${f.kk} жүргізіледі.`,
            ru: `Дело № ${c.erdrNumber} ведётся ${f.ru}.`,
            en: `Case No. ${c.erdrNumber} is conducted ${f.en}.`,
          },
        },
      };
      let channels: string[];
      try {
        channels = (await deps.notifyPerson(notice)).channels;
      } catch (e) {
        // A refused address or number: the paper letter is what remains (¶24).
        if ((e as ApplicationFailure).type !== NOTICE_REFUSED) throw e;
        channels = ['cabinet', 'paper_letter'];
      }
      if (!channels.includes('paper_letter') && (channels.includes('email') || channels.includes('sms'))) return { channels };
      // ¶24: neither phone nor e-mail reached the person: a letter to print and post.
      const letter = await generate('participant_letter', {
        kind: 'participant_letter',
        ...(await common(c, c.resolutionAt)),
        addressee: { name: p.fullName, address: p.contact.postalAddress?.length ? p.contact.postalAddress : [p.fullName], role: p.role as never },
        format: c.format,
        resolutionAt: c.resolutionAt,
        publicSectorUrl: deps.publicSectorUrl ?? 'https://erdr.gov.kz/public',
        delivery: 'post',
      });
      return { channels: [...new Set([...channels, 'paper_letter'])], letter };
    },

    async informProsecutor({ erdrNumber, prosecutorIin, decision, note, dedupeKey }) {
      await deps.notifyPerson({
        iin: prosecutorIin,
        dedupeKey,
        subject: erdrNumber,
        kind: 'message',
        data: {
          title: { kk: `Процестік шешім: № ${erdrNumber}`, ru: `Процессуальное решение: № ${erdrNumber}`, en: `Procedural decision: No. ${erdrNumber}` },
          text: {
            kk: `№ ${erdrNumber} іс бойынша шешім: ${decision}${note ? ` — ${note}` : ''} (001 ¶27).`,
            ru: `По делу № ${erdrNumber} принято решение: ${decision}${note ? ` — ${note}` : ''} (001 ¶27).`,
            en: `Decision in case No. ${erdrNumber}: ${decision}${note ? ` — ${note}` : ''} (001 ¶27).`,
          },
        },
      });
    },

    async notifyReceivingBody({ erdrNumber, fromBodyCode, toBodyCode, dedupeKey }) {
      const roles: OfficialRole[] = ['investigator', 'head'];
      const grants = await prisma.roleGrant.findMany({
        where: { revokedAt: null, role: { in: roles }, bodyCode: toBodyCode, account: { status: 'ACTIVE' } },
        select: { iin: true },
        distinct: ['iin'],
      });
      const from = bodyByCode(fromBodyCode)?.name ?? { kk: fromBodyCode, ru: fromBodyCode, en: fromBodyCode };
      for (const { iin } of grants) {
        await deps.notifyPerson({
          iin,
          dedupeKey: `${dedupeKey}/${iin}`,
          subject: erdrNumber,
          kind: 'message',
          data: {
            title: {
              kk: `Тергеулігі бойынша келген іс: № ${erdrNumber}`,
              ru: `Поступило по подследственности: дело № ${erdrNumber}`,
              en: `Case transferred to your body: No. ${erdrNumber}`,
            },
            text: {
              kk: `№ ${erdrNumber} қылмыстық іс ${from.kk} органынан тергеулігі бойынша жіберілді (001 ¶21). Істі өндіріске алыңыз.`,
              ru: `Уголовное дело № ${erdrNumber} направлено по подследственности из органа «${from.ru}» (001 ¶21). Примите дело к производству.`,
              en: `Criminal case No. ${erdrNumber} was sent to your body by jurisdiction from ${from.en} (001 ¶21). Take it into proceedings.`,
            },
          },
        });
      }
      return grants.length;
    },

    async produceInventory(input) {
      const c = { ...input, documents: input.documents ?? (await registered(input.erdrNumber)).map(documentRef) };
      if (c.documents.length === 0) throw ApplicationFailure.nonRetryable('the case has no documents to list', 'INVENTORY_EMPTY');
      const inventory = await generate('case_inventory', {
        kind: 'case_inventory',
        ...(await common(c, c.issuedAt)),
        entries: c.documents.map((d) => ({ title: d.title, kind: d.kind, date: d.addedAt, sha256: d.sha256 })),
      });
      return { ...inventory, documentCount: c.documents.length };
    },

    async producePrintPackage(input) {
      // The register marks each PDF scan with the paper document it copies (¶14, ¶16).
      const c = { ...input, documents: input.documents ?? (await registered(input.erdrNumber)).map((d) => ({ ...documentRef(d), scanOfPaper: !!d.scanOf })) };
      // ¶23: printed electronic documents; PDFs of paper documents are replaced by their originals.
      const entries = c.documents.map((d) => ({ title: d.title, sha256: d.sha256, source: d.scanOfPaper ? ('original' as const) : ('printed' as const) }));
      if (entries.length === 0) throw ApplicationFailure.nonRetryable('the case has no documents to print', 'PRINT_PACKAGE_EMPTY');
      const cover = await generate('print_package_cover', {
        kind: 'print_package_cover',
        ...(await common(c, c.resolutionAt)),
        ground: GROUND_FOR_DOCUMENT[c.ground],
        resolutionAt: c.resolutionAt,
        documents: entries,
      });
      const bundle = await PDFDocument.create({ updateMetadata: false });
      const append = async (sha256: string) => {
        const bytes = await files.get(sha256);
        if (!bytes) return false;
        try {
          const source = await PDFDocument.load(bytes, { ignoreEncryption: true });
          for (const page of await bundle.copyPages(source, source.getPageIndices())) bundle.addPage(page);
          return true;
        } catch {
          return false; // media files and other non-PDF content are listed on the cover only
        }
      };
      await append(cover.sha256);
      for (const d of c.documents) if (!d.scanOfPaper) await append(d.sha256);
      const stored = await files.put(Buffer.from(await bundle.save()));
      return { sha256: stored.sha256, documentCount: entries.length, originalsRequested: c.documents.filter((d) => d.scanOfPaper).map((d) => d.title) };
    },

    async allocateSeparatedCaseNumber({ bodyCode, idempotencyKey }) {
      return allocateNumber(prisma, { kind: 'ERDR', bodyCode, year: astanaYear(), idempotencyKey });
    },

    async submitCaseToCourt(input) {
      const c = { ...input, documents: input.documents ?? (await registered(input.erdrNumber)).map(documentRef) };
      const cover = await generate('court_cover_letter', {
        kind: 'court_cover_letter',
        ...(await common(c, c.issuedAt)),
        court: { kk: c.court, ru: c.court },
        volumes: [{ number: 1, documents: c.documents.map((d) => ({ title: d.title })) }],
        paperOriginalsFollow: true,
      });
      const receipt = await deps.adapters.courts.submitCase({
        erdrNumber: c.erdrNumber,
        court: c.court,
        documents: [{ name: `${cover.title.kk} / ${cover.title.ru}`, sha256: cover.sha256 }, ...c.documents.map((d) => ({ name: d.title, sha256: d.sha256 }))],
        coverLetter: `${cover.title.kk} / ${cover.title.ru}: sha256 ${cover.sha256}`,
        requestId: c.requestId,
      });
      return { ...receipt, coverLetters: [cover] };
    },

    async recordCaseEvent({ erdrNumber, event, documents }) {
      if (documents) await saveCaseDocuments(prisma, erdrNumber, documents);
      await journalCaseEvent(deps.audit, erdrNumber, event);
    },

    async saveCaseDocuments({ erdrNumber, documents }) {
      await saveCaseDocuments(prisma, erdrNumber, documents);
    },

    async copyCaseDocuments({ fromErdrNumber, toErdrNumber, documentIds }) {
      const taken = await caseDocuments(prisma, fromErdrNumber, documentIds);
      await saveCaseDocuments(
        prisma,
        toErdrNumber,
        taken.map((d, i) => ({ ...d, id: `d${i + 1}` })),
      );
      return taken.length;
    },

    async recordConfirmedParticipant({ erdrNumber, participantId, iin, role, confirmedAt }) {
      // Idempotent: a retry writes the same row.
      const row = { iin, role, confirmedAt: new Date(confirmedAt) };
      await prisma.caseParticipant.upsert({
        where: { erdrNumber_participantId: { erdrNumber, participantId } },
        create: { erdrNumber, participantId, ...row },
        update: row,
      });
    },
  };
}

/**
 * The search attributes `Official` and `Prosecutor` hold keyed pseudonyms, not IINs
 * (platform/search-pseudonyms.ts). The key stays out of the workflow, so the case asks for them.
 */
export interface CaseSearchActivities {
  /** The pseudonym of each IIN given, keyed by the IIN. */
  searchPseudonyms(input: { iins: string[] }): Promise<Record<string, string>>;
}

export function createCaseSearchActivities(deps: { pseudonym: SearchPseudonym }): CaseSearchActivities {
  return {
    async searchPseudonyms({ iins }) {
      return Object.fromEntries(iins.map((iin) => [iin, deps.pseudonym(iin)]));
    },
  };
}
