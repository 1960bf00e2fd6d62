// The kinds of document the electronic criminal case generates (001 §10, §11, §22–24, §29) and the
// bilingual words they print: titles, participants' procedural roles, the format of the
// proceedings and the grounds for going over to paper.

export const CASE_DOCUMENT_KINDS = [
  'kui_registration_report',
  'offence_detection_report',
  'prosecutor_notice_start',
  'prosecutor_notice_format',
  'participant_letter',
  'case_inventory',
  'court_cover_letter',
  'print_package_cover',
] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export interface Bilingual {
  kk: string;
  ru: string;
}

export const CASE_DOCUMENT_TITLES: Record<CaseDocumentKind, Bilingual> = {
  kui_registration_report: {
    kk: 'Қылмыстық құқық бұзушылықтар туралы арыздар мен хабарламаларды тіркеу кітабында (АЕК) тіркеу туралы баянат',
    ru: 'Рапорт о регистрации в КУИ',
  },
  offence_detection_report: {
    kk: 'Қылмыстық құқық бұзушылық туралы мәліметтерді анықтау туралы баянат',
    ru: 'Рапорт об обнаружении сведений об уголовном правонарушении',
  },
  prosecutor_notice_start: {
    kk: 'Сотқа дейінгі тергеп-тексерудің басталғаны туралы прокурорға хабарлама',
    ru: 'Уведомление прокурору о начале досудебного расследования',
  },
  prosecutor_notice_format: {
    kk: 'Қылмыстық сот ісін жүргізу форматы туралы прокурорға хабарлама',
    ru: 'Уведомление прокурору о формате уголовного судопроизводства',
  },
  participant_letter: {
    kk: 'Қылмыстық сот ісін жүргізу форматы және Жария секторды пайдалану туралы қатысушыға хат',
    ru: 'Письмо участнику о формате уголовного судопроизводства и использовании Публичного сектора',
  },
  case_inventory: {
    kk: 'Электрондық қылмыстық іс құжаттарының тізімдемесі',
    ru: 'Опись документов электронного уголовного дела',
  },
  court_cover_letter: {
    kk: 'Қылмыстық істі сотқа жіберу туралы ілеспе хат',
    ru: 'Сопроводительное письмо о направлении уголовного дела в суд',
  },
  print_package_cover: {
    kk: 'Қағаз форматқа ауыстыру кезінде басып шығарылған құжаттар топтамасының титул парағы',
    ru: 'Титульный лист пакета документов, распечатанных при переходе на бумажный формат',
  },
};

/** Participants who are told of the format decision (001 §10). */
export const PARTICIPANT_ROLES = [
  'suspect',
  'accused',
  'legal_representative',
  'defender',
  'private_prosecutor',
  'civil_defendant',
  'victim',
  'civil_plaintiff',
  'representative',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, Bilingual> = {
  suspect: { kk: 'күдікті', ru: 'подозреваемый' },
  accused: { kk: 'айыпталушы', ru: 'обвиняемый' },
  legal_representative: { kk: 'заңды өкіл', ru: 'законный представитель' },
  defender: { kk: 'қорғаушы', ru: 'защитник' },
  private_prosecutor: { kk: 'жеке айыптаушы', ru: 'частный обвинитель' },
  civil_defendant: { kk: 'азаматтық жауапкер', ru: 'гражданский ответчик' },
  victim: { kk: 'жәбірленуші', ru: 'потерпевший' },
  civil_plaintiff: { kk: 'азаматтық талапкер', ru: 'гражданский истец' },
  representative: { kk: 'өкіл', ru: 'представитель' },
};

export const CASE_FORMATS = ['ELECTRONIC', 'PAPER'] as const;
export type CaseFormat = (typeof CASE_FORMATS)[number];

/** "conducted … format", as it reads inside a sentence. */
export const FORMAT_PHRASE: Record<CaseFormat, Bilingual> = {
  ELECTRONIC: { kk: 'электрондық форматта', ru: 'в электронном формате' },
  PAPER: { kk: 'қағаз форматында', ru: 'в бумажном формате' },
};

/** Grounds for going over from electronic to paper (001 §17 ¶4, §22). */
export const PAPER_SWITCH_GROUNDS = ['abnormal_situation', 'emergency', 'foreign_state', 'state_secret', 'joining'] as const;
export type PaperSwitchGround = (typeof PAPER_SWITCH_GROUNDS)[number];

export const PAPER_SWITCH_GROUND_LABELS: Record<PaperSwitchGround, Bilingual> = {
  abnormal_situation: {
    kk: 'штаттан тыс жағдай (электр жарығының, байланыстың немесе е-ҚІ модуліне қосылудың болмауы)',
    ru: 'нештатная ситуация (отсутствие электроэнергии, связи или подключения к модулю е-УД)',
  },
  emergency: { kk: 'төтенше жағдай', ru: 'чрезвычайная ситуация' },
  foreign_state: {
    kk: 'қылмыстық қудалауды жалғастыру үшін материалдарды шет мемлекетке жіберу қажеттілігі',
    ru: 'необходимость направления материалов в иностранное государство для продолжения уголовного преследования',
  },
  state_secret: {
    kk: 'іс материалдарына мемлекеттік құпияларды не заңмен қорғалатын өзге де мәліметтерді қосу қажеттілігі',
    ru: 'необходимость приобщения к материалам сведений, составляющих государственные секреты или иную охраняемую законом тайну',
  },
  joining: {
    kk: 'қылмыстық істерді біріктіру кезінде қағаз форматы таңдалды',
    ru: 'при соединении уголовных дел избран бумажный формат',
  },
};
