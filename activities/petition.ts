// The side effects of petitions (000 §4.5–4.6) — and of complaints, which are filed and answered the
// same way: the filer's attachments and the official's answer materials stored with their PDFs
// (DOCX → PDF, 000 §7.2), and the status list's row kept in step with the workflow. Idempotent: a
// retry adds no material twice (unique submission + sha256 + kind) and converts nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { AttachmentRef, MaterialItem } from '../domain/petition';
import { sha256Hex, type FileStore } from '../documents/store';
import { MEDIA_TYPES } from '../documents/media-type';
import type { ConvertOptions } from '../documents/convert';
import { convertDocxWithHeartbeat, pdfNameFor } from './materials';

export interface AttachSubmissionMaterialsInput {
  submissionId: string;
  /** Whose uploads they must be: the filer's attachments, or the answering official's materials. */
  ownerIin: string;
  files: AttachmentRef[];
  kind: 'attachment' | 'answer';
}

export interface SubmissionStateRow {
  id: string;
  status: string;
  result?: string;
  answerText?: string;
  responderName?: string;
  answeredAt?: string;
  overdue?: boolean;
}

export interface SubmissionActivities {
  attachSubmissionMaterials(input: AttachSubmissionMaterialsInput): Promise<MaterialItem[]>;
  recordSubmissionState(input: SubmissionStateRow): Promise<void>;
}

export function createSubmissionActivities(deps: { prisma: PrismaClient; files: FileStore; convert?: ConvertOptions }): SubmissionActivities {
  const { prisma, files } = deps;
  return {
    async attachSubmissionMaterials({ submissionId, ownerIin, files: listed, kind }) {
      const stored = [];
      // Every file is checked before anything is written, so a bad one leaves no partial list.
      for (const a of listed) {
        const file = await prisma.storedFile.findUnique({ where: { id: a.id } });
        if (!file || file.sha256 !== a.sha256 || file.ownerIin !== ownerIin) {
          throw ApplicationFailure.nonRetryable(`file ${a.id} (${a.sha256}) is not an upload of the signer`, 'ATTACHMENT_MISSING');
        }
        stored.push(file);
      }
      await prisma.caseSubmissionMaterial.createMany({
        data: stored.map((f) => ({ submissionId, fileId: f.id, sha256: f.sha256, name: f.name, mediaType: f.mediaType, size: f.size, kind })),
        skipDuplicates: true,
      });
      for (const file of stored.filter((f) => f.mediaType === MEDIA_TYPES.docx.mediaType)) {
        let pdf = file.pdfSha256 ? await files.get(file.pdfSha256) : null;
        if (!pdf) {
          const docx = await files.get(file.sha256);
          if (!docx) throw ApplicationFailure.nonRetryable(`the content of file ${file.id} is not in the file store`, 'ATTACHMENT_MISSING');
          pdf = await convertDocxWithHeartbeat(docx, deps.convert);
          const put = await files.put(pdf);
          await prisma.storedFile.update({ where: { id: file.id }, data: { pdfSha256: put.sha256 } });
        }
        await prisma.caseSubmissionMaterial.createMany({
          data: [
            {
              submissionId,
              fileId: null,
              sha256: sha256Hex(pdf),
              name: pdfNameFor(file.name),
              mediaType: MEDIA_TYPES.pdf.mediaType,
              size: pdf.length,
              kind: kind === 'answer' ? 'answer_pdf' : 'converted_pdf',
            },
          ],
          skipDuplicates: true,
        });
      }
      return listSubmissionMaterials(prisma, submissionId);
    },

    async recordSubmissionState({ id, status, result, answerText, responderName, answeredAt, overdue }) {
      await prisma.caseSubmission.update({
        where: { id },
        data: { status, result, answerText, responderName, answeredAt: answeredAt ? new Date(answeredAt) : undefined, overdue },
      });
    },
  };
}

/** Every material of a petition or complaint, in the order they were added. */
export async function listSubmissionMaterials(prisma: PrismaClient, submissionId: string): Promise<MaterialItem[]> {
  const rows = await prisma.caseSubmissionMaterial.findMany({ where: { submissionId }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({ name: r.name, sha256: r.sha256, mediaType: r.mediaType, size: r.size, kind: r.kind, addedAt: r.addedAt.toISOString() }));
}
