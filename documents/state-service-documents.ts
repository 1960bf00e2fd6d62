// The results of the Committee's state services (seed 004) as A4 PDFs in Kazakh and Russian: the
// archive certificate, copies or «no information» reply (Regulation A), and the certificate of
// administrative-offence information (Regulation B). Set with the Unicode fonts and page geometry
// of builtin-pdf.ts, the same as converted documents; the language the recipient chose comes first.
import { createHash } from 'node:crypto';
import { renderBlocks } from './builtin-pdf';
import type { Block } from './docx-reader';
import { heading, labelled, para } from './pdf-blocks';
import { astanaDate, astanaDateTime } from './case-documents';
import { ARCHIVE_OUTCOME_LABELS, OTHER_ARCHIVES_DEFAULT, type ArchiveOutcome } from '../domain/archive-certificate';

export interface ArchiveResultData {
  requestId: string;
  registrationNumber: string;
  language: 'kk' | 'ru';
  outcome: ArchiveOutcome;
  recipient: { iin: string; name: string };
  subject: string;
  period?: string;
  findings: string;
  otherArchives?: string;
  pages?: number;
  /** The provider: the Committee's territorial administration. */
  provider: { code: string; name: string };
  signatory: { name: string };
  issuedAt: string;
}

/** 004 A-p.5.3, A-p.7.4: the certificate / copies cover letter, or the reply recommending other archives. */
export async function renderArchiveResult(d: ArchiveResultData): Promise<Buffer> {
  const label = ARCHIVE_OUTCOME_LABELS[d.outcome];
  const noInfo = d.outcome === 'NO_INFORMATION';
  const section = (lang: 'kk' | 'ru'): Block[] => {
    const kk = lang === 'kk';
    return [
      para(
        kk
          ? 'ҚР Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті'
          : 'Комитет по правовой статистике и специальным учетам Генеральной прокуратуры РК',
        { align: 'center' },
      ),
      para(d.provider.name, { align: 'center' }),
      heading(kk ? label.kk.toUpperCase() : label.ru.toUpperCase()),
      labelled(kk ? 'Тіркеу нөмірі' : 'Регистрационный номер', `${d.registrationNumber} · ${astanaDate(d.issuedAt)}`),
      labelled(kk ? 'Алушы' : 'Получатель', `${d.recipient.name}, ${kk ? 'ЖСН' : 'ИИН'} ${d.recipient.iin}`),
      labelled(kk ? 'Сұралғаны' : 'Запрошено', d.subject),
      ...(d.period ? [labelled(kk ? 'Кезең' : 'Период', d.period)] : []),
      noInfo
        ? para(
            kk ? 'Комитеттің архивтері картотекаларында сұралған мәліметтер табылмады.' : 'В картотеках архивов Комитета запрошенные сведения не обнаружены.',
          )
        : labelled(kk ? 'Архивтік деректер' : 'Архивные сведения', d.findings),
      ...(noInfo
        ? [
            para(d.findings),
            labelled(
              kk ? 'Басқа архивтерге жүгінуге ұсынылады' : 'Рекомендуется обратиться в другие архивы',
              d.otherArchives ?? (kk ? OTHER_ARCHIVES_DEFAULT.kk : OTHER_ARCHIVES_DEFAULT.ru),
            ),
          ]
        : []),
      ...(d.pages ? [labelled(kk ? 'Қоса берілген көшірмелер, парақ' : 'Приложены копии, листов', String(d.pages))] : []),
      labelled(kk ? 'Басшы (уәкілетті тұлға)' : 'Руководитель (уполномоченное лицо)', `${d.signatory.name} ____________`),
    ];
  };
  const order: ('kk' | 'ru')[] = d.language === 'kk' ? ['kk', 'ru'] : ['ru', 'kk'];
  return renderBlocks([...section(order[0]), { kind: 'pageBreak' }, ...section(order[1]), para(`${d.requestId}`, { align: 'right' })]);
}

export interface OffenceInformationData {
  requestId: string;
  language: 'kk' | 'ru';
  recipient: { iin: string; name: string };
  /** The Committee's records («Арнайы есепке алу» АЖ), newest first; empty: none recorded. */
  offences: { article: string; decidedAt: string; bodyName: string; penalty: string }[];
  authorisedPerson: { name: string };
  issuedAt: string;
}

/** 004 B-p.3, B-p.5: the certificate the provider's system makes, signed with the authorised person's EDS. */
export async function renderOffenceInformation(d: OffenceInformationData): Promise<Buffer> {
  const section = (lang: 'kk' | 'ru'): Block[] => {
    const kk = lang === 'kk';
    return [
      para(
        kk
          ? 'ҚР Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті'
          : 'Комитет по правовой статистике и специальным учетам Генеральной прокуратуры РК',
        { align: 'center' },
      ),
      heading(kk ? 'ӘКІМШІЛІК ҚҰҚЫҚ БҰЗУШЫЛЫҚ ТУРАЛЫ АНЫҚТАМА' : 'СПРАВКА ОБ АДМИНИСТРАТИВНЫХ ПРАВОНАРУШЕНИЯХ'),
      labelled(kk ? 'Берілген күні' : 'Дата выдачи', astanaDateTime(d.issuedAt)),
      labelled(kk ? 'Кімге' : 'Кому', `${d.recipient.name}, ${kk ? 'ЖСН' : 'ИИН'} ${d.recipient.iin}`),
      d.offences.length === 0
        ? para(
            kk
              ? 'Комитеттің есепке алу деректері бойынша әкімшілік құқық бұзушылық жасағаны туралы мәліметтер жоқ.'
              : 'По данным учетов Комитета сведения о совершении административных правонарушений отсутствуют.',
          )
        : para(
            kk
              ? 'Комитеттің есепке алу деректері бойынша мына әкімшілік құқық бұзушылықтар тіркелген:'
              : 'По данным учетов Комитета зарегистрированы следующие административные правонарушения:',
          ),
      ...(d.offences.length
        ? [
            {
              kind: 'table' as const,
              rows: [
                kk ? ['ӘҚБтК бабы', 'Қаулы күні', 'Орган', 'Жаза'] : ['Статья КоАП', 'Дата постановления', 'Орган', 'Взыскание'],
                ...d.offences.map((o) => [o.article, o.decidedAt, o.bodyName, o.penalty]),
              ],
            },
          ]
        : []),
      labelled(kk ? 'Уәкілетті тұлғаның ЭЦҚ-мен қол қойылды' : 'Подписано ЭЦП уполномоченного лица', d.authorisedPerson.name),
    ];
  };
  const order: ('kk' | 'ru')[] = d.language === 'kk' ? ['kk', 'ru'] : ['ru', 'kk'];
  return renderBlocks([...section(order[0]), { kind: 'pageBreak' }, ...section(order[1]), para(d.requestId, { align: 'right' })]);
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
