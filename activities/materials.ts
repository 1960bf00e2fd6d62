// The materials of a crime report (000 §3.3): the files the applicant attached, and the PDF each
// DOCX is converted to on arrival ("DOCX файлдары автоматты түрде PDF түрлендіріледі"), which is
// what officials read and download. Idempotent: a retry after a crash adds no row twice
// (unique talon + sha256 + kind) and never converts a document that already has its PDF.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import { sha256Hex, type FileStore } from '../documents/store';
import { convertDocxToPdf, type ConvertOptions } from '../documents/convert';
import { MEDIA_TYPES } from '../documents/media-type';

export type MaterialKind = 'attachment' | 'converted_pdf' | 'official_document';

export interface MaterialView {
  name: string;
  sha256: string;
  mediaType: string;
  size: number;
  kind: MaterialKind;
  /** ISO 8601; activity results travel as JSON, so no Date here. */
  addedAt: string;
}

export interface AttachReportMaterialsInput {
  talon: string;
  /** Uploaded files (POST /api/v1/files) the applicant named in the signed report. */
  attachments: { id: string; sha256: string }[];
}

export interface MaterialActivities {
  attachReportMaterials(input: AttachReportMaterialsInput): Promise<MaterialView[]>;
}

/** How often a running conversion tells Temporal it is alive (the SDK throttles further). */
const HEARTBEAT_EVERY_MS = 5_000;

export function createMaterialActivities(deps: { prisma: PrismaClient; files: FileStore; convert?: ConvertOptions }): MaterialActivities {
  const { prisma, files } = deps;

  const convertWithHeartbeat = (docx: Buffer) => convertDocxWithHeartbeat(docx, deps.convert);

  return {
    async attachReportMaterials({ talon, attachments }) {
      const report = await prisma.report.findUnique({ where: { talon }, select: { applicantIin: true } });
      if (!report) throw ApplicationFailure.nonRetryable(`report ${talon} not found`, 'REPORT_MISSING');

      // Every attachment is checked before anything is written, so a bad one leaves no partial list.
      const stored = [];
      for (const a of attachments) {
        const file = await prisma.storedFile.findUnique({ where: { id: a.id } });
        // Only the applicant's own uploads, with exactly the bytes the report's signature names.
        if (!file || file.sha256 !== a.sha256 || file.ownerIin !== report.applicantIin) {
          throw ApplicationFailure.nonRetryable(`attachment ${a.id} (${a.sha256}) is not an upload of the applicant`, 'ATTACHMENT_MISSING');
        }
        stored.push(file);
      }

      await prisma.reportMaterial.createMany({
        data: stored.map((f) => ({ talon, fileId: f.id, sha256: f.sha256, name: f.name, mediaType: f.mediaType, size: f.size, kind: 'attachment' })),
        skipDuplicates: true,
      });

      for (const file of stored.filter((f) => f.mediaType === MEDIA_TYPES.docx.mediaType)) {
        // Converted before (a retry, or the same upload in another report): reuse that PDF.
        let pdf = file.pdfSha256 ? await files.get(file.pdfSha256) : null;
        if (!pdf) {
          const docx = await files.get(file.sha256);
          if (!docx) throw ApplicationFailure.nonRetryable(`the content of attachment ${file.id} is not in the file store`, 'ATTACHMENT_MISSING');
          pdf = await convertWithHeartbeat(docx);
          const put = await files.put(pdf);
          await prisma.storedFile.update({ where: { id: file.id }, data: { pdfSha256: put.sha256 } });
        }
        await prisma.reportMaterial.createMany({
          data: [
            {
              talon,
              fileId: null,
              sha256: sha256Hex(pdf),
              name: pdfNameFor(file.name),
              mediaType: MEDIA_TYPES.pdf.mediaType,
              size: pdf.length,
              kind: 'converted_pdf',
            },
          ],
          skipDuplicates: true,
        });
      }

      return listMaterials(prisma, talon);
    },
  };
}

/**
 * The PDF of a DOCX, converted while heartbeating so a hung office suite is noticed and retried.
 * Run as a local activity (a report's intake) there is no heartbeat: its start-to-close timeout
 * and the workflow task's own liveness stand in for it. Petitions, complaints and translations use it too.
 */
export async function convertDocxWithHeartbeat(docx: Buffer, options?: ConvertOptions): Promise<Buffer> {
  const convert = async () => (await convertDocxToPdf(docx, { converter: 'auto', ...options })).pdf;
  const context = Context.current();
  if (context.info.isLocal) return convert();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await convert();
  } finally {
    clearInterval(timer);
  }
}

/** Every material of the report, in the order they were added. */
export async function listMaterials(prisma: PrismaClient, talon: string): Promise<MaterialView[]> {
  const rows = await prisma.reportMaterial.findMany({ where: { talon }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    name: r.name,
    sha256: r.sha256,
    mediaType: r.mediaType,
    size: r.size,
    kind: r.kind as MaterialKind,
    addedAt: r.addedAt.toISOString(),
  }));
}

/** `арыз.docx` → `арыз.pdf`. */
export function pdfNameFor(name: string): string {
  return `${name.replace(/\.docx$/i, '')}.pdf`;
}
