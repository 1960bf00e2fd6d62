// The parts every document shares: the letterhead of the body, the addressee block, the title,
// what the document says about the case, and the closing with hash, date and signature.
import type { Body } from '../../domain/dictionaries';
import type { TextRun } from '../docx-reader';
import type { CaseDocumentData, Person } from './data';
import { astanaDate, astanaDateTime } from './hashes-and-dates';
import type { Bilingual } from './kinds';
import { labelled, type PageWriter } from './page-writer';

/** Hash in a narrow table cell: two lines of 32 hex digits. */
export const splitHash = (sha256: string) => `${sha256.slice(0, 32)}\n${sha256.slice(32)}`;

export function letterhead(w: PageWriter, body: Body): void {
  w.pair('ҚАЗАҚСТАН РЕСПУБЛИКАСЫ', 'РЕСПУБЛИКА КАЗАХСТАН', { bold: true, align: 'center', size: 11 });
  w.pair(body.name.kk, body.name.ru, { align: 'center', size: 9.5 });
  w.gap(2);
  w.rule();
}

export function addressee(w: PageWriter, kk: string[], ru: string[]): void {
  // Addressees sit in the right half of each column, as on an official letter.
  w.pair(kk.join('\n'), ru.join('\n'), { align: 'right', size: 10 });
  w.gap(6);
}

export function title(w: PageWriter, t: Bilingual): void {
  w.gap(4);
  w.paragraph(t.kk.toUpperCase(), { bold: true, align: 'center', size: 12 });
  w.paragraph(t.ru.toUpperCase(), { bold: true, align: 'center', size: 12 });
  w.gap(6);
}

export function caseDetailsBlock(w: PageWriter, data: CaseDocumentData, body: Body): void {
  const registered = astanaDateTime(data.registeredAt);
  w.pair(labelled('СДТБТ нөмірі', data.erdrNumber), labelled('Номер ЕРДР', data.erdrNumber));
  w.pair(labelled('Тіркелген күні мен уақыты (Астана уақыты)', registered), labelled('Дата и время регистрации (время Астаны)', registered));
  w.pair(labelled('Орган', `${body.name.kk} (${body.code})`), labelled('Орган', `${body.name.ru} (${body.code})`));
  w.pair(
    labelled('Қылмыстық процесті жүргізуші тұлға', `${data.official.position.kk} ${data.official.name}`),
    labelled('Лицо, ведущее уголовный процесс', `${data.official.position.ru} ${data.official.name}`),
  );
  if (data.article) w.pair(labelled('Саралау (ҚК бабы)', data.article), labelled('Квалификация (статья УК)', data.article));
  w.pair('Қысқаша фабуласы:', 'Краткая фабула:', { bold: true });
  w.paragraph(data.fabula);
  w.gap(4);
}

export function closing(w: PageWriter, data: CaseDocumentData, dataSha256: string, signatory: Person): void {
  const hash = labelled('Құжаттың хэші / Хэш документа (SHA-256)', dataSha256);
  const date = labelled('Күні / Дата', astanaDate(data.issuedAt));
  const signature = (position: string, mark: string): TextRun[] => [
    { text: `${position}\n`, bold: false },
    { text: signatory.name, bold: true },
    { text: `\n\n____________________ (${mark})`, bold: false },
  ];
  const kk = signature(signatory.position.kk, 'қолы');
  const ru = signature(signatory.position.ru, 'подпись');
  // The hash, the date and the signature stay on one page: a signature alone on a page certifies nothing.
  w.ensureSpace(6 + w.paragraphHeight(hash, { size: 9 }) + w.paragraphHeight(date) + 10 + w.pairHeight(kk, ru));
  w.gap(6);
  w.paragraph(hash, { size: 9 });
  w.paragraph(date);
  w.gap(10);
  w.pair(kk, ru);
}
