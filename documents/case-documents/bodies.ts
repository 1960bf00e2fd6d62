// What each kind of document says, after the case details and before the closing (001 §10, §11,
// §22–24, §29).
import { CONTENT_WIDTH } from '../builtin-pdf';
import {
  CaseDocumentDataError,
  type CaseDocumentData,
  type CaseInventoryData,
  type CourtCoverLetterData,
  type KuiRegistrationReportData,
  type OffenceDetectionReportData,
  type ParticipantLetterData,
  type Person,
  type PrintPackageCoverData,
  type ProsecutorNoticeFormatData,
  type ProsecutorNoticeStartData,
} from './data';
import { astanaDate, astanaDateTime } from './hashes-and-dates';
import { FORMAT_PHRASE, PAPER_SWITCH_GROUND_LABELS, PARTICIPANT_ROLE_LABELS, type Bilingual } from './kinds';
import { labelled, type PageWriter, type TableColumn } from './page-writer';
import { addressee, splitHash } from './shared-parts';

/** The text proper of a document: the part that differs from kind to kind. */
export function kindBody(w: PageWriter, d: CaseDocumentData): void {
  switch (d.kind) {
    case 'kui_registration_report':
      kuiRegistrationReportBody(w, d);
      break;
    case 'offence_detection_report':
      offenceDetectionReportBody(w, d);
      break;
    case 'prosecutor_notice_start':
      prosecutorNoticeStartBody(w, d);
      break;
    case 'prosecutor_notice_format':
      prosecutorNoticeFormatBody(w, d);
      break;
    case 'participant_letter':
      participantLetterBody(w, d);
      break;
    case 'case_inventory':
      caseInventoryBody(w, d);
      break;
    case 'court_cover_letter':
      courtCoverLetterBody(w, d);
      break;
    case 'print_package_cover':
      printPackageCoverBody(w, d);
      break;
    default: {
      const never: never = d;
      throw new CaseDocumentDataError(`unknown document kind ${(never as { kind: string }).kind}`);
    }
  }
}

function kuiRegistrationReportBody(w: PageWriter, d: KuiRegistrationReportData): void {
  const at = astanaDateTime(d.kuiRegisteredAt);
  w.pair(
    `Қылмыстық құқық бұзушылық туралы ақпарат ${at} АЕК-те № ${d.kuiNumber} болып тіркелгенін баяндаймын.`,
    `Докладываю, что информация об уголовном правонарушении ${at} зарегистрирована в Книге учёта информации (КУИ) за № ${d.kuiNumber}.`,
  );
  w.pair(labelled('Ақпарат көзі', d.source), labelled('Источник информации', d.source));
  if (d.talon) w.pair(labelled('Жария сектордағы талон', d.talon), labelled('Талон Публичного сектора', d.talon));
}

function offenceDetectionReportBody(w: PageWriter, d: OffenceDetectionReportData): void {
  const at = astanaDateTime(d.detectedAt);
  w.pair(
    `${at} қылмыстық құқық бұзушылық туралы мәліметтер анықталғанын баяндаймын.`,
    `Докладываю, что ${at} обнаружены сведения об уголовном правонарушении.`,
  );
  w.pair('Анықтау мән-жайлары:', 'Обстоятельства обнаружения:', { bold: true });
  w.paragraph(d.circumstances);
}

export function prosecutorAddressee(w: PageWriter, p: Person): void {
  addressee(w, ['Кімге:', p.position.kk, p.name], ['Кому:', p.position.ru, p.name]);
}

function prosecutorNoticeStartBody(w: PageWriter, d: ProsecutorNoticeStartData): void {
  const at = astanaDateTime(d.registeredAt);
  w.pair(
    `${at} СДТБТ-де № ${d.erdrNumber} тіркелген материалдар бойынша сотқа дейінгі тергеп-тексеру басталғаны туралы хабарлаймын.`,
    `Уведомляю, что ${at} по материалам, зарегистрированным в ЕРДР за № ${d.erdrNumber}, начато досудебное расследование.`,
  );
}

function prosecutorNoticeFormatBody(w: PageWriter, d: ProsecutorNoticeFormatData): void {
  const at = astanaDateTime(d.resolutionAt);
  const format = FORMAT_PHRASE[d.format];
  w.pair(
    `№ ${d.erdrNumber} қылмыстық іс бойынша қылмыстық процесті жүргізуші тұлға ${at} қылмыстық сот ісін ${format.kk} жүргізу туралы қаулы шығарғаны туралы хабарлаймын (Нұсқаулықтың 10-тармағы).`,
    `Уведомляю, что по уголовному делу № ${d.erdrNumber} лицом, ведущим уголовный процесс, ${at} вынесено постановление о ведении уголовного судопроизводства ${format.ru} (пункт 10 Инструкции).`,
  );
  if (d.format === 'PAPER') {
    w.pair(
      'Қағаздан электрондық форматқа ауыстыруға қылмыстық істерді біріктіру жағдайларын қоспағанда жол берілмейді.',
      'Дальнейший переход с бумажного формата на электронный не допускается, за исключением случаев соединения уголовных дел.',
      { size: 9.5 },
    );
  }
}

function participantLetterBody(w: PageWriter, d: ParticipantLetterData): void {
  const at = astanaDateTime(d.resolutionAt);
  const format = FORMAT_PHRASE[d.format];
  const role = PARTICIPANT_ROLE_LABELS[d.addressee.role];
  w.pair(labelled('Процестік мәртебесі', role.kk), labelled('Процессуальный статус', role.ru));
  w.pair(
    `Құрметті ${d.addressee.name}! № ${d.erdrNumber} қылмыстық іс бойынша ${at} қылмыстық сот ісін ${format.kk} жүргізу туралы шешім қабылданғанын хабарлаймыз.`,
    `Уважаемый(-ая) ${d.addressee.name}! Сообщаем, что по уголовному делу № ${d.erdrNumber} ${at} принято решение о ведении уголовного судопроизводства ${format.ru}.`,
  );
  w.pair('Жария секторды қалай пайдалануға болады:', 'Как пользоваться Публичным сектором:', { bold: true });
  const steps: Bilingual[] = [
    {
      kk: `1. ${d.publicSectorUrl} мекенжайы бойынша СДТБТ-нің Жария секторына ҚР Ұлттық куәландыру орталығы берген ЭЦҚ арқылы кіріңіз.`,
      ru: `1. Войдите в Публичный сектор ЕРДР по адресу ${d.publicSectorUrl} с помощью ЭЦП, выданной Национальным удостоверяющим центром РК.`,
    },
    {
      kk: '2. Процестік мәртебе алған сәттен бастап Сізге немесе Сіз қорғайтын адамға қатысты қабылданған процестік шешімдермен және іс материалдары туралы мәліметтермен танысуға болады.',
      ru: '2. С момента получения процессуального статуса Вам доступны принятые процессуальные решения, касающиеся Вас или защищаемого Вами лица, и сведения о материалах дела.',
    },
    {
      kk: '3. Жария сектор арқылы өтінішхаттар мен шағымдарды қашықтан беруге болады.',
      ru: '3. Через Публичный сектор можно дистанционно подавать ходатайства и жалобы.',
    },
    {
      kk: '4. Ұялы телефон нөмірін немесе электрондық пошта мекенжайын хабарласаңыз, хабарламалар мен шақырулар 1414 нөмірінен SMS арқылы немесе электрондық поштамен жіберіледі.',
      ru: '4. Если Вы сообщите номер мобильного телефона или адрес электронной почты, уведомления и вызовы будут направляться SMS с номера 1414 или по электронной почте.',
    },
  ];
  for (const step of steps) w.pair(step.kk, step.ru);
  if (d.delivery === 'post') {
    w.pair(
      'Сізде ұялы телефон мен электрондық пошта болмағандықтан, бұл хат қағаз түрінде пошта арқылы жіберілді (Нұсқаулықтың 24-тармағы).',
      'Письмо направлено на бумаге почтой, так как у Вас нет мобильного телефона и электронной почты (пункт 24 Инструкции).',
      { size: 9.5 },
    );
  }
}

function caseInventoryBody(w: PageWriter, d: CaseInventoryData): void {
  w.pair(
    `№ ${d.erdrNumber} электрондық қылмыстық істің құжаттары, барлығы ${d.entries.length}.`,
    `Документы электронного уголовного дела № ${d.erdrNumber}, всего ${d.entries.length}.`,
  );
  // Widths add up to the text width; the hash column fits 32 hex digits a line.
  const columns: TableColumn[] = [
    { header: '№', width: 26 },
    { header: 'Құжаттың атауы /\nНаименование документа', width: CONTENT_WIDTH - 26 - 86 - 52 - 158 },
    { header: 'Түрі / Вид', width: 86 },
    { header: 'Күні / Дата', width: 52 },
    { header: 'SHA-256', width: 158 },
  ];
  w.table(
    columns,
    d.entries.map((e, i) => [String(i + 1), e.title, e.kind, astanaDate(e.date), splitHash(e.sha256)]),
  );
  w.pair(labelled('Барлығы', `${d.entries.length} құжат`), labelled('Всего', `документов: ${d.entries.length}`));
}

function courtCoverLetterBody(w: PageWriter, d: CourtCoverLetterData): void {
  const documents = d.volumes.reduce((n, v) => n + v.documents.length, 0);
  const article = d.article ? { kk: ` (${d.article})`, ru: ` (${d.article})` } : { kk: '', ru: '' };
  w.pair(
    `№ ${d.erdrNumber} қылмыстық істі${article.kk} мәні бойынша қарау үшін СДТБТ АЖ мен «Төрелік» жүйесінің интеграциясы арқылы жолдаймын.`,
    `Направляю уголовное дело № ${d.erdrNumber}${article.ru} для рассмотрения по существу посредством интеграции АИС ЕРДР с системой «Төрелік».`,
  );
  w.table(
    [
      { header: 'Том', width: 34 },
      { header: '№', width: 30 },
      { header: 'Құжаттың атауы / Наименование документа', width: CONTENT_WIDTH - 34 - 30 - 70 },
      { header: 'Парақтар / Листов', width: 70 },
    ],
    d.volumes.flatMap((v) => v.documents.map((doc, i) => [String(v.number), String(i + 1), doc.title, doc.pages ? String(doc.pages) : '—'])),
  );
  w.pair(labelled('Қосымша', `${d.volumes.length} том, ${documents} құжат`), labelled('Приложение', `томов: ${d.volumes.length}, документов: ${documents}`));
  if (d.paperOriginalsFollow) {
    w.pair(
      'Қағаз түпнұсқалар мен заттай дәлелдемелер электрондық қылмыстық іспен бірге жеке жіберіледі (Нұсқаулықтың 6-тармағы).',
      'Бумажные оригиналы и вещественные доказательства направляются отдельно вместе с электронным уголовным делом (пункт 6 Инструкции).',
      { size: 9.5 },
    );
  }
}

function printPackageCoverBody(w: PageWriter, d: PrintPackageCoverData): void {
  const at = astanaDateTime(d.resolutionAt);
  const ground = PAPER_SWITCH_GROUND_LABELS[d.ground];
  const printed = d.documents.filter((doc) => doc.source === 'printed').length;
  const originals = d.documents.length - printed;
  w.pair(
    `№ ${d.erdrNumber} қылмыстық іс ${at} уәжді қаулы негізінде электрондық форматтан қағаз форматқа ауыстырылды.`,
    `Уголовное дело № ${d.erdrNumber} переведено из электронного формата в бумажный на основании мотивированного постановления от ${at}.`,
  );
  w.pair(labelled('Негіздеме', ground.kk), labelled('Основание', ground.ru));
  w.pair(
    'Электрондық құжаттар басып шығарылды; бұрын енгізілген PDF-құжаттар сақтау орнынан сұратылған түпнұсқалармен ауыстырылады (Нұсқаулықтың 23-тармағы). Топтамаға мына құжаттар енгізілді:',
    'Электронные документы распечатаны; ранее внесённые PDF-документы заменяются оригиналами, истребованными из мест хранения (пункт 23 Инструкции). В пакет включены документы:',
  );
  w.table(
    [
      { header: '№', width: 26 },
      { header: 'Құжаттың атауы /\nНаименование документа', width: CONTENT_WIDTH - 26 - 96 - 158 },
      { header: 'Қалай енгізілді /\nКак включён', width: 96 },
      { header: 'SHA-256', width: 158 },
    ],
    d.documents.map((doc, i) => [
      String(i + 1),
      doc.title,
      doc.source === 'printed' ? 'басып шығарылды /\nраспечатан' : 'түпнұсқа /\nоригинал',
      splitHash(doc.sha256),
    ]),
  );
  w.pair(
    labelled('Барлығы', `${d.documents.length} (басып шығарылды: ${printed}, түпнұсқалар: ${originals})`),
    labelled('Всего', `${d.documents.length} (распечатано: ${printed}, оригиналов: ${originals})`),
  );
}
