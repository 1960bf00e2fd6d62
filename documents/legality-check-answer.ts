// The operator's answer to a prosecutor's legality check (002 p.54) as a PDF extract from the audit
// log: the request it answers, the signed checkpoint the proofs are against, and one table row per
// query journal entry with its log index and leaf hash. The proofs themselves are in the JSON answer
// (too long for paper); the extract says how to check them. Set in Kazakh and Russian with the
// fonts and page geometry of builtin-pdf.ts, like the other documents the Committee issues.
import { renderBlocks } from './builtin-pdf';
import type { Block } from './docx-reader';
import { heading, labelled, para } from './pdf-blocks';

export interface LegalityAnswerExtract {
  checkId: string;
  resolutionNumber: string;
  resolutionSha256: string;
  bodyCode: string;
  bodyName: string;
  /** The period in Astana time, as told to the prosecutor. */
  period: { from: string; to: string };
  checkpoint: { origin: string; size: number; rootHash: string };
  entries: { index: number; at: string; officialIin: string; answered: boolean; basis: string; target: string; resultCount: string; leafHash: string }[];
  complete: boolean;
  preparedAt: string;
}

/** The PDF extract of the answer (kk, then ru headings; the table is the same for both). */
export async function renderLegalityAnswer(d: LegalityAnswerExtract): Promise<Buffer> {
  const blocks: Block[] = [
    para(
      'ҚР Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті / Комитет по правовой статистике и специальным учетам Генеральной прокуратуры РК',
      { align: 'center' },
    ),
    heading('ҚАО ААЖ ПАЙДАЛАНУШЫЛАРЫНЫҢ СҰРАУЛАРЫ ТУРАЛЫ ЖУРНАЛДАН ҮЗІНДІ / ВЫПИСКА ИЗ ЖУРНАЛА О ЗАПРОСАХ ПОЛЬЗОВАТЕЛЕЙ'),
    para('Прокурордың сұрау салуына жауап (Қағидалардың 54–55-тармақтары) / Ответ на запрос прокурора (пп. 54–55 Правил)', { align: 'center' }),
    labelled('Тексеру / Проверка', d.checkId),
    labelled('Қаулы / Постановление', `№ ${d.resolutionNumber} (SHA-256 ${d.resolutionSha256})`),
    labelled('Орган / Орган', `${d.bodyCode} ${d.bodyName}`),
    labelled('Кезең / Период', `${d.period.from} — ${d.period.to}`),
    labelled('Бақылау нүктесі / Контрольная точка', `${d.checkpoint.origin}, ${d.checkpoint.size} жазба / записей`),
    labelled('Түбір хэші / Корневой хэш', d.checkpoint.rootHash),
    labelled('Сұраулар саны / Число запросов', `${d.entries.length}${d.complete ? '' : ' (толық емес / не полностью)'}`),
    {
      kind: 'table',
      rows: [
        ['№', 'Индекс', 'Уақыты / Время', 'ЖСН / ИИН', 'Сұрау / Запрос', 'Жапырақ хэші / Хэш листа'],
        ...d.entries.map((e, i) => [
          String(i + 1),
          String(e.index),
          // Astana time, to the second (the JSON keeps the milliseconds and the offset).
          e.at.slice(0, 19).replace('T', ' '),
          e.officialIin,
          `${e.answered ? 'жауап / ответ' : 'бас тарту / отказ'}; ${e.basis}; ${e.target}; ${e.resultCount}`,
          e.leafHash,
        ]),
      ],
    },
    para(
      'Әр жазбаның журналға енгізілгені JSON жауаптағы RFC 6962 енгізу дәлелімен және қол қойылған бақылау нүктесімен тексеріледі (npm run audit -- key: тексеру кілті). / ' +
        'Включение каждой записи в журнал проверяется доказательством включения RFC 6962 из JSON-ответа и подписанной контрольной точкой (npm run audit -- key: ключ проверки).',
    ),
    labelled('Дайындалды / Подготовлено', d.preparedAt),
  ];
  return renderBlocks(blocks);
}
