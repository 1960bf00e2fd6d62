// The translation task's notices, each in the recipient's language (001 ¶24: cabinet, e-mail,
// SMS when opted in). Re-exported by domain/translation.ts; deterministic (the workflow imports it).
import { inThreeLanguages as L } from '../notification-templates';
import type { ProceedingsLanguage } from '../translation';

export const TRANSLATION_NOTICES = {
  /** To the translator: a new task in «Жұмыста» (000 §5 step 2). */
  assigned: (erdr: string, document: string, dueAt: string) => ({
    title: L(`Аударуға құжат: іс № ${erdr}`, `Документ на перевод: дело № ${erdr}`, `Document to translate: case No. ${erdr}`),
    text: L(
      `«${document}» құжаты аударуға жіберілді. Мерзімі: ${dueAt}. Тапсырма «Аударалатын құжаттар» бөлімінде.`,
      `Документ «${document}» направлен на перевод. Срок: ${dueAt}. Задание — в разделе «Документы на перевод».`,
      `The document “${document}” was sent to you for translation. Due: ${dueAt}. The task is under “Documents to be translated”.`,
    ),
  }),
  /** To the sender: a translation to check. */
  submitted: (erdr: string, document: string) => ({
    title: L(`Аударма тексеруге келді: іс № ${erdr}`, `Перевод поступил на проверку: дело № ${erdr}`, `Translation to review: case No. ${erdr}`),
    text: L(
      `«${document}» құжатының аудармасы тексеруге жіберілді.`,
      `Перевод документа «${document}» направлен на проверку.`,
      `The translation of “${document}” was sent for your review.`,
    ),
  }),
  /** To the translator: returned with the reason, back in «Жұмыста». */
  returned: (erdr: string, document: string, reason: string, dueAt: string) => ({
    title: L(`Аударма қайтарылды: іс № ${erdr}`, `Перевод возвращён: дело № ${erdr}`, `Translation returned: case No. ${erdr}`),
    text: L(
      `«${document}» аудармасы пысықтауға қайтарылды. Себебі: ${reason}. Жаңа мерзімі: ${dueAt}.`,
      `Перевод «${document}» возвращён на доработку. Причина: ${reason}. Новый срок: ${dueAt}.`,
      `The translation of “${document}” was returned for rework. Reason: ${reason}. New due date: ${dueAt}.`,
    ),
  }),
  /** To the translator: «Келісілді». */
  approved: (erdr: string, document: string) => ({
    title: L(`Аударма келісілді: іс № ${erdr}`, `Перевод согласован: дело № ${erdr}`, `Translation approved: case No. ${erdr}`),
    text: L(
      `«${document}» аудармасы келісілді және іс материалдарына қосылды.`,
      `Перевод «${document}» согласован и приобщён к материалам дела.`,
      `The translation of “${document}” was approved and added to the case documents.`,
    ),
  }),
  /** To the translator: the due date is a day away (the official and their colleagues get the rule's reminder). */
  reminder: (erdr: string, document: string, dueAt: string) => ({
    title: L(`Аударма мерзімі жақындады: іс № ${erdr}`, `Срок перевода истекает: дело № ${erdr}`, `Translation due soon: case No. ${erdr}`),
    text: L(`«${document}» аудармасының мерзімі: ${dueAt}.`, `Срок перевода «${document}»: ${dueAt}.`, `The translation of “${document}” is due ${dueAt}.`),
  }),
  /** To the official a submission is addressed to: it needs translating and the case has no confirmed translator (001 ¶7). */
  translatorMissing: (erdr: string, language: string, proceedings: ProceedingsLanguage) => ({
    title: L(`Аудармашы қажет: іс № ${erdr}`, `Нужен переводчик: дело № ${erdr}`, `A translator is needed: case No. ${erdr}`),
    text: L(
      `Өтініш ${language} тілінде берілді, іс ${proceedings} тілінде жүргізіледі. Істе расталған аудармашы жоқ: аударманы қамтамасыз етіңіз (001 ¶7).`,
      `Обращение подано на языке «${language}», производство ведётся на языке «${proceedings}». Подтверждённого переводчика в деле нет: обеспечьте перевод (001 ¶7).`,
      `The submission is written in “${language}”, the case is conducted in “${proceedings}”. The case has no confirmed translator: arrange the translation (001 ¶7).`,
    ),
  }),
  /** To the translator: the due date has passed. */
  overdue: (erdr: string, document: string) => ({
    title: L(`Аударма мерзімі өтті: іс № ${erdr}`, `Срок перевода истёк: дело № ${erdr}`, `Translation overdue: case No. ${erdr}`),
    text: L(
      `«${document}» аудармасының мерзімі өтті; кешіккен аударма осылай белгіленеді.`,
      `Срок перевода «${document}» истёк; перевод после срока будет отмечен как поданный с опозданием.`,
      `The translation of “${document}” is overdue; a later one is recorded as late.`,
    ),
  }),
};
