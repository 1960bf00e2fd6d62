// The side effects of translation tasks (000 §4.7–4.8, §5): the task's row (the inbox's projection)
// kept in step with its workflow, and each round's translated files stored with the PDF of every
// DOCX (000 §4.7 step 6: "DOCX → PDF automatically"). Idempotent: a retry adds no row twice
// (unique task + round + sha256 + kind) and converts nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { AttachmentRef, MaterialItem } from '../domain/petition';
import { translationTaskRow, type TranslationInput } from '../domain/translation';
import { sha256Hex, type FileStore } from '../documents/store';
import { MEDIA_TYPES } from '../documents/media-type';
import type { ConvertOptions } from '../documents/convert';
import { convertDocxWithHeartbeat, pdfNameFor } from './materials';

export interface StoreTranslationRoundInput {
  taskId: string;
  round: number;
  translatorIin: string;
  files: AttachmentRef[];
}

/** The files of a round, and what goes into the case: each file as a PDF (the DOCX's conversion, or itself). */
export interface StoredTranslationRound {
  materials: MaterialItem[];
  caseDocuments: { title: string; sha256: string }[];
}

export interface TranslationStateRow {
  taskId: string;
  status: string;
  rounds?: number;
  language?: string;
  submittedAt?: string;
  dueAt?: string;
  /** null clears the reason of an earlier return. */
  returnReason?: string | null;
  approvedAt?: string;
  overdue?: boolean;
}

export interface TranslationActivities {
  openTranslationTask(input: { task: TranslationInput; idempotencyKey: string }): Promise<void>;
  storeTranslationRound(input: StoreTranslationRoundInput): Promise<StoredTranslationRound>;
  recordTranslationState(row: TranslationStateRow): Promise<void>;
}

export function createTranslationActivities(deps: { prisma: PrismaClient; files: FileStore; convert?: ConvertOptions }): TranslationActivities {
  const { prisma, files } = deps;
  return {
    async openTranslationTask({ task, idempotencyKey }) {
      await prisma.translationTask.createMany({ data: [translationTaskRow(task, idempotencyKey)], skipDuplicates: true });
    },

    async storeTranslationRound({ taskId, round, translatorIin, files: listed }) {
      const stored = [];
      // Every file is checked before anything is written, so a bad one leaves no partial round.
      for (const a of listed) {
        const file = await prisma.storedFile.findUnique({ where: { id: a.id } });
        if (!file || file.sha256 !== a.sha256 || file.ownerIin !== translatorIin) {
          throw ApplicationFailure.nonRetryable(`file ${a.id} (${a.sha256}) is not an upload of the translator`, 'ATTACHMENT_MISSING');
        }
        stored.push(file);
      }
      await prisma.translationMaterial.createMany({
        data: stored.map((f) => ({ taskId, round, fileId: f.id, sha256: f.sha256, name: f.name, mediaType: f.mediaType, size: f.size, kind: 'translation' })),
        skipDuplicates: true,
      });
      const caseDocuments: StoredTranslationRound['caseDocuments'] = [];
      for (const file of stored) {
        if (file.mediaType !== MEDIA_TYPES.docx.mediaType) {
          caseDocuments.push({ title: file.name, sha256: file.sha256 });
          continue;
        }
        let pdf = file.pdfSha256 ? await files.get(file.pdfSha256) : null;
        if (!pdf) {
          const docx = await files.get(file.sha256);
          if (!docx) throw ApplicationFailure.nonRetryable(`the content of file ${file.id} is not in the file store`, 'ATTACHMENT_MISSING');
          pdf = await convertDocxWithHeartbeat(docx, deps.convert);
          const put = await files.put(pdf);
          await prisma.storedFile.update({ where: { id: file.id }, data: { pdfSha256: put.sha256 } });
        }
        const sha = sha256Hex(pdf);
        await prisma.translationMaterial.createMany({
          data: [
            {
              taskId,
              round,
              fileId: null,
              sha256: sha,
              name: pdfNameFor(file.name),
              mediaType: MEDIA_TYPES.pdf.mediaType,
              size: pdf.length,
              kind: 'translation_pdf',
            },
          ],
          skipDuplicates: true,
        });
        caseDocuments.push({ title: pdfNameFor(file.name), sha256: sha });
      }
      const rows = await prisma.translationMaterial.findMany({ where: { taskId, round }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] });
      return {
        materials: rows.map((r) => ({ name: r.name, sha256: r.sha256, mediaType: r.mediaType, size: r.size, kind: r.kind, addedAt: r.addedAt.toISOString() })),
        caseDocuments,
      };
    },

    async recordTranslationState({ taskId, status, rounds, language, submittedAt, dueAt, returnReason, approvedAt, overdue }) {
      await prisma.translationTask.update({
        where: { id: taskId },
        data: {
          status,
          rounds,
          language,
          returnReason,
          overdue,
          submittedAt: submittedAt ? new Date(submittedAt) : undefined,
          dueAt: dueAt ? new Date(dueAt) : undefined,
          approvedAt: approvedAt ? new Date(approvedAt) : undefined,
        },
      });
    },
  };
}
