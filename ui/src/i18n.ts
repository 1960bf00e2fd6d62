// The UI's words in Kazakh, Russian and English (000 §7.6: the service is Kazakh first). Labels of
// the seed are kept as the manual shows them (000 §1.5), typos mended. The chosen language is kept
// in the browser and sent to nobody; the API's own texts come back in all three (`localised`).
export type Locale = 'kk' | 'ru' | 'en';
export const LOCALES: Locale[] = ['kk', 'ru', 'en'];
export type Text = Record<Locale, string>;

const KEY = 'erdr.locale';
let current: Locale = ((): Locale => {
  const saved = localStorage.getItem(KEY);
  return saved === 'ru' || saved === 'en' || saved === 'kk' ? saved : 'kk';
})();

export const locale = () => current;
export function setLocale(l: Locale): void {
  current = l;
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
}

/** A text of the API or the domain in the current language. */
export const tr = (text: Partial<Text> | null | undefined): string => (text ? (text[current] ?? text.kk ?? text.ru ?? text.en ?? '') : '');

/** A UI word by key. */
export const t = (key: keyof typeof WORDS): string => WORDS[key][current];

export const WORDS = {
  appTitle: { kk: 'СДТБТ Жария сектор', ru: 'ЕРДР Публичный сектор', en: 'ERDR Public Sector' },
  appSubtitle: {
    kk: 'Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімі',
    ru: 'Единый реестр досудебных расследований',
    en: 'Unified Register of Pre-Trial Investigations',
  },
  skip: { kk: 'Негізгі мазмұнға өту', ru: 'Перейти к содержанию', en: 'Skip to content' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  menu: { kk: 'Мәзір', ru: 'Меню', en: 'Menu' },
  logout: { kk: 'Шығу', ru: 'Выйти', en: 'Log out' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  notYet: { kk: 'Бұл қызмет әзірге қосылмаған', ru: 'Эта услуга пока не подключена', en: 'This service is not available yet' },
  close: { kk: 'ЖАБУ', ru: 'ЗАКРЫТЬ', en: 'CLOSE' },
  send: { kk: 'ЖІБЕРУ', ru: 'ОТПРАВИТЬ', en: 'SEND' },
  refreshAll: { kk: 'Жазбаларды жаңарту', ru: 'Обновить записи', en: 'Refresh records' },
  refresh: { kk: 'Жаңарту', ru: 'Обновить', en: 'Refresh' },
  materials: { kk: 'Материалдар', ru: 'Материалы', en: 'Materials' },
  downloadAll: { kk: 'БАРЛЫҒЫН ЖҮКТЕУ', ru: 'СКАЧАТЬ ВСЕ', en: 'DOWNLOAD ALL' },
  download: { kk: 'Жүктеу', ru: 'Скачать', en: 'Download' },
  downloadPdf: { kk: 'PDF жүктеу', ru: 'Скачать PDF', en: 'Download PDF' },
  sentMaterials: { kk: 'Жіберілген материалдар', ru: 'Отправленные материалы', en: 'Sent materials' },
  nothing: { kk: 'Жазбалар жоқ', ru: 'Записей нет', en: 'No records' },
  filter: { kk: 'СҮЗГІЛЕУ', ru: 'ФИЛЬТР', en: 'FILTER' },
  clear: { kk: 'ТАЗАРТУ', ru: 'ОЧИСТИТЬ', en: 'CLEAR' },
  erdrInput: { kk: 'СДТБТ нөмірін енгізіңіз', ru: 'Введите номер ЕРДР', en: 'Enter the ERDR number' },
  required: { kk: 'Өрісті толтыру керек.', ru: 'Поле нужно заполнить.', en: 'The field must be filled.' },

  // Login (000 §2.3, §4.2)
  loginTitle: { kk: 'ЭЦҚ арқылы кіру', ru: 'Вход по ЭЦП', en: 'Log in with an EDS' },
  loginIntro: {
    kk: 'Жүйеге тек ҚР ҰКО электрондық цифрлық қолтаңбасымен кіруге болады. Бірінші кіру сізді автоматты түрде тіркейді.',
    ru: 'Вход только по ЭЦП НУЦ РК. Первый вход регистрирует вас автоматически.',
    en: 'You log in only with an NCA RK electronic digital signature. The first login registers you.',
  },
  storage: { kk: 'Қойма', ru: 'Хранилище', en: 'Key storage' },
  storageFile: { kk: 'Сіздің компьютеріңіз (PKCS#12 файлы)', ru: 'Ваш компьютер (файл PKCS#12)', en: 'Your computer (PKCS#12 file)' },
  storageNcaLayer: { kk: 'NCALayer (Қазтокен, файл)', ru: 'NCALayer (Казтокен, файл)', en: 'NCALayer (Kaztoken, file)' },
  keyFile: { kk: 'Кілттер қоймасы (.p12)', ru: 'Хранилище ключей (.p12)', en: 'Key store (.p12)' },
  authKeyHint: {
    kk: 'Аутентификация кілті (AUTH_RSA…). Кілт браузерден шықпайды.',
    ru: 'Ключ аутентификации (AUTH_RSA…). Ключ не покидает браузер.',
    en: 'The authentication key (AUTH_RSA…). The key never leaves the browser.',
  },
  signKeyHint: {
    kk: 'Қол қою кілті (RSA… / GOST…). Кілт браузерден шықпайды.',
    ru: 'Ключ подписи (RSA… / GOST…). Ключ не покидает браузер.',
    en: 'The signing key (RSA… / GOST…). The key never leaves the browser.',
  },
  password: { kk: 'Кілттер қоймасына құпия сөзді енгізіңіз', ru: 'Введите пароль хранилища ключей', en: 'Enter the key store password' },
  login: { kk: 'КІРУ', ru: 'ВОЙТИ', en: 'LOG IN' },
  wrongPassword: { kk: 'Құпия сөз қате немесе файл бүлінген.', ru: 'Неверный пароль или файл повреждён.', en: 'Wrong password, or the file is damaged.' },
  chooseKeyFile: { kk: 'Кілт файлын таңдаңыз.', ru: 'Выберите файл ключа.', en: 'Choose the key file.' },
  ncaLayerMissing: {
    kk: 'NCALayer жауап бермейді: оны іске қосыңыз (pki.gov.kz/ncalayer).',
    ru: 'NCALayer не отвечает: запустите его (pki.gov.kz/ncalayer).',
    en: 'NCALayer does not answer: start it (pki.gov.kz/ncalayer).',
  },
  signing: { kk: 'Қол қойылуда…', ru: 'Подписание…', en: 'Signing…' },

  // Services menu (000 §3.1)
  home: { kk: 'Бастысы', ru: 'Главная', en: 'Home' },
  cabinet: { kk: 'Пайдаланушы кабинеті', ru: 'Кабинет пользователя', en: 'User cabinet' },
  svcReport: { kk: 'Қылмыстық құқық бұзушылық туралы арыз беру', ru: 'Подать заявление об уголовном правонарушении', en: 'Report a criminal offence' },
  svcReportStatus: { kk: 'Бұрын берілген өтініштің мәртебесі', ru: 'Статус ранее поданного заявления', en: 'Status of my reports' },
  svcPetition: { kk: 'Қылмыстық құқық бұзушылық бойынша өтінішхат беру', ru: 'Подать ходатайство по уголовному правонарушению', en: 'File a petition' },
  svcPetitionStatus: { kk: 'Бұрын берілген өтінішхат мәртебесі', ru: 'Статус ранее поданного ходатайства', en: 'Status of my petitions' },
  svcComplaint: { kk: 'Қылмыстық құқық бұзушылық бойынша шағым беру', ru: 'Подать жалобу по уголовному правонарушению', en: 'File a complaint' },
  svcComplaintStatus: { kk: 'Бұрын берілген шағымның мәртебесі', ru: 'Статус ранее поданной жалобы', en: 'Status of my complaints' },
  svcTranslations: { kk: 'Аударуға жіберілген құжаттар', ru: 'Документы, направленные на перевод', en: 'Documents sent for translation' },
  svcTranslationsDone: { kk: 'Аудару бойынша орындалған тапсырмалар', ru: 'Выполненные задания по переводу', en: 'Completed translation tasks' },
  translationGroup: {
    kk: 'Аудармаға ұсынылған қылмыстық істердің материалдары',
    ru: 'Материалы уголовных дел, направленные на перевод',
    en: 'Criminal case materials sent for translation',
  },
  svcDecisions: {
    kk: 'Қылмыстық іс бойынша қабылданған шешімдер туралы мәліметтер және оларға материалдар',
    ru: 'Сведения о решениях по уголовному делу и материалы к ним',
    en: 'Decisions taken in a criminal case and their materials',
  },
  svcProfile: { kk: 'Пайдаланушы профилі', ru: 'Профиль пользователя', en: 'User profile' },
  svcManual: { kk: 'Пайдаланушы нұсқаулығы', ru: 'Руководство пользователя', en: 'User manual' },
  svcBoard: { kk: 'Менің кезегім: мерзімдер', ru: 'Моя очередь: сроки', en: 'My queue: deadlines' },
  svcSupervision: { kk: 'Қадағалау: мерзімдер және тарих', ru: 'Надзор: сроки и история', en: 'Supervision: deadlines and history' },
  officialsGroup: { kk: 'Лауазымды тұлғаларға', ru: 'Должностным лицам', en: 'For officials' },
  citizensGroup: { kk: 'Азаматтарға', ru: 'Гражданам', en: 'For citizens' },

  // Report form (000 §4.3)
  offenceDate: { kk: 'Құқық бұзушылық жасалған күн', ru: 'Дата совершения правонарушения', en: 'Date of the offence' },
  offenceTime: { kk: 'Уақыты', ru: 'Время', en: 'Time' },
  fabula: { kk: 'Фабула (оқиғаның мән-жайы)', ru: 'Фабула (обстоятельства)', en: 'Fabula (what happened)' },
  fabulaTooShort: {
    kk: 'Өрісті толтыру керек. Ең аз дегенде 10 таңба болуы қажет.',
    ru: 'Поле нужно заполнить. Должно быть не менее 10 символов.',
    en: 'The field must be filled. It must be at least 10 characters.',
  },
  fabulaTooLong: { kk: 'Ең көбі 2000 таңба.', ru: 'Не более 2000 символов.', en: 'At most 2000 characters.' },
  region: { kk: 'Облыс', ru: 'Область', en: 'Region' },
  district: { kk: 'Аудан', ru: 'Район', en: 'District' },
  body: { kk: 'Қылмыстық қудалау органы', ru: 'Орган уголовного преследования', en: 'Criminal-prosecution body' },
  choose: { kk: '— таңдаңыз —', ru: '— выберите —', en: '— choose —' },
  documents: { kk: 'Құжаттар', ru: 'Документы', en: 'Documents' },
  filesHint: {
    kk: 'Жүктелген файлдардың көлемі 10 МБ-тан аспауы керек. DOCX файлдары автоматты түрде PDF түрлендіріледі.',
    ru: 'Размер загружаемых файлов не должен превышать 10 МБ. Файлы DOCX автоматически преобразуются в PDF.',
    en: 'Each file may be at most 10 MB. DOCX files are converted to PDF automatically.',
  },
  fileTooLarge: { kk: 'Файл 10 МБ-тан аспауы керек', ru: 'Файл не должен превышать 10 МБ', en: 'A file may not exceed 10 MB' },
  applicant: { kk: 'Өтініш беруші', ru: 'Заявитель', en: 'Applicant' },
  address: { kk: 'Арыз берушінің мекен-жайы', ru: 'Адрес заявителя', en: 'Applicant’s address' },
  addressTooShort: {
    kk: 'Мекен-жайды толық жазыңыз (кемінде 5 таңба).',
    ru: 'Укажите адрес полностью (не менее 5 символов).',
    en: 'Give the full address (at least 5 characters).',
  },
  email: { kk: 'E-mail', ru: 'E-mail', en: 'E-mail' },
  emailInvalid: { kk: 'E-mail мекенжайы дұрыс емес.', ru: 'Неверный адрес e-mail.', en: 'Not a valid e-mail address.' },
  phone: { kk: 'Телефон', ru: 'Телефон', en: 'Phone' },
  phoneInvalid: { kk: 'Нөмір +7XXXXXXXXXX түрінде болуы керек.', ru: 'Номер в виде +7XXXXXXXXXX.', en: 'A number in the form +7XXXXXXXXXX.' },
  warning419: {
    kk: 'Жалған ақпарат беру бойынша ҚР ҚК 419-бабы бойынша қылмыстық жауапкершілікке тартылу туралы ескертілдім',
    ru: 'Предупреждён(а) об уголовной ответственности по ст. 419 УК РК за заведомо ложный донос',
    en: 'I was warned of criminal liability under art. 419 of the Criminal Code for a knowingly false report',
  },
  warning419Missing: { kk: 'Ескертуді белгілеу керек.', ru: 'Нужно отметить предупреждение.', en: 'The warning must be ticked.' },
  signature: { kk: 'ЭЦҚ қолтаңбасы', ru: 'Подпись ЭЦП', en: 'EDS signature' },
  certificate: { kk: 'Сертификат', ru: 'Сертификат', en: 'Certificate' },
  uploading: { kk: 'Жүктелуде', ru: 'Загрузка', en: 'Uploading' },
  reportSent: {
    kk: 'Өтініш сәтті жіберілді және таңдалған аумақтық органға бағытталды. Талон нөмірі:',
    ru: 'Заявление успешно отправлено в выбранный территориальный орган. Номер талона:',
    en: 'The report was sent to the body you chose. Talon number:',
  },
  formHasErrors: { kk: 'Форманы тексеріңіз: қателер белгіленді.', ru: 'Проверьте форму: ошибки отмечены.', en: 'Check the form: the errors are marked.' },

  // Report list (000 §4.4)
  talon: { kk: 'Талон нөмірі', ru: 'Номер талона', en: 'Talon number' },
  description: { kk: 'Сипаттама', ru: 'Описание', en: 'Description' },
  result: { kk: 'Нәтиже', ru: 'Результат', en: 'Result' },
  registeringBody: { kk: 'Тіркеу органы', ru: 'Орган регистрации', en: 'Registering body' },
  submittedAt: { kk: 'Өтініш берген уақыты', ru: 'Время подачи', en: 'Submitted' },
  kuiNumber: { kk: 'АЕК нөмірі', ru: 'Номер КУИ', en: 'KUI number' },
  erdrNumber: { kk: 'СДТБТ нөмірі', ru: 'Номер ЕРДР', en: 'ERDR number' },
  actions: { kk: 'Әрекеттер', ru: 'Действия', en: 'Actions' },

  // Petitions and complaints (000 §4.5–4.6, §4.10)
  availableCases: { kk: 'Қол жетімді істер', ru: 'Доступные дела', en: 'Cases available to me' },
  fabulaCol: { kk: 'Фабула', ru: 'Фабула', en: 'Fabula' },
  petitionsCount: { kk: 'Берілген / қаралған өтінішхаттар', ru: 'Подано / рассмотрено ходатайств', en: 'Petitions filed / considered' },
  inProceedings: { kk: 'Өндірісте', ru: 'В производстве', en: 'In proceedings' },
  decidingBody: { kk: 'Шешім қабылдаған орган', ru: 'Орган, принявший решение', en: 'Body that decided' },
  fileHere: { kk: 'Өтініш беру', ru: 'Подать', en: 'File' },
  accessRequest: {
    kk: 'Қылмыстық іс материалдарына қол жеткізуді сұрау',
    ru: 'Запросить доступ к материалам уголовного дела',
    en: 'Request access to the case materials',
  },
  content: { kk: 'Мазмұн', ru: 'Содержание', en: 'Content' },
  writtenIn: { kk: 'Жазылған тілі', ru: 'Язык обращения', en: 'Written in' },
  petitionSent: { kk: 'Өтінішхат сәтті жіберілді.', ru: 'Ходатайство успешно отправлено.', en: 'The petition was sent.' },
  complaintSent: { kk: 'Шағым сәтті жіберілді.', ru: 'Жалоба успешно отправлена.', en: 'The complaint was sent.' },
  sentDate: { kk: 'Жіберу күні', ru: 'Дата отправки', en: 'Date sent' },
  answer: { kk: 'Хабарламаға жауап', ru: 'Ответ', en: 'Answer' },
  responder: { kk: 'Жауап берушінің аты-жөні', ru: 'ФИО ответившего', en: 'Responder' },
  answerDate: { kk: 'Жауаптың күні', ru: 'Дата ответа', en: 'Answer date' },
  subject: { kk: 'Шағымның мәні', ru: 'Предмет жалобы', en: 'What it is about' },
  complaintTooShort: { kk: 'Кемінде 20 таңба.', ru: 'Не менее 20 символов.', en: 'At least 20 characters.' },

  // Profile (000 §6)
  mobile: { kk: 'Ұялы телефон', ru: 'Мобильный телефон', en: 'Mobile phone' },
  fullName: { kk: 'Аты-жөні', ru: 'ФИО', en: 'Full name' },
  iin: { kk: 'ЖСН', ru: 'ИИН', en: 'IIN' },
  birthDate: { kk: 'Туған күні', ru: 'Дата рождения', en: 'Date of birth' },
  registeredAddress: { kk: 'Тіркелген мекенжайы', ru: 'Адрес регистрации', en: 'Registered address' },
  noticesLanguage: { kk: 'Хабарламалар тілі', ru: 'Язык уведомлений', en: 'Language of notices' },
  smsOptIn: { kk: 'sms хабарландырулар жіберу', ru: 'отправлять sms-уведомления', en: 'send SMS notifications' },
  smsCode: { kk: 'SMS коды', ru: 'Код из SMS', en: 'SMS code' },
  updateData: { kk: 'ДЕРЕКТЕРДІ ЖАҢАРТУ', ru: 'ОБНОВИТЬ ДАННЫЕ', en: 'UPDATE DATA' },
  cancel: { kk: 'КҮШІН ЖОЮ', ru: 'ОТМЕНА', en: 'CANCEL' },
  save: { kk: 'САҚТАУ', ru: 'СОХРАНИТЬ', en: 'SAVE' },
  profileFirst: {
    kk: 'Жұмысты жалғастыру үшін профильдің міндетті өрістерін толтырыңыз.',
    ru: 'Чтобы продолжить, заполните обязательные поля профиля.',
    en: 'To go on, fill in the mandatory fields of your profile.',
  },

  // The official's user agreement, signed at the first login (002 p.17, p.19)
  svcAgreement: { kk: 'Пайдаланушы келісімі', ru: 'Соглашение пользователя', en: 'User agreement' },
  agreementFirst: {
    kk: 'Жүйені пайдалану үшін алдымен пайдаланушы келісіміне ЭЦҚ-мен қол қойыңыз.',
    ru: 'Чтобы пользоваться Системой, сначала подпишите соглашение пользователя ЭЦП.',
    en: 'Sign the user agreement with your EDS before using the System.',
  },
  agreementVersion: { kk: 'Нұсқасы', ru: 'Редакция', en: 'Version' },
  agreementSign: { kk: 'ҚОЛ ҚОЮ', ru: 'ПОДПИСАТЬ', en: 'SIGN' },
  agreementSigned: { kk: 'Келісімге қол қойылды', ru: 'Соглашение подписано', en: 'Agreement signed' },

  // Translations (000 §4.7–4.8)
  sender: { kk: 'Жолдаушы', ru: 'Отправитель', en: 'Sender' },
  sentForWork: { kk: 'Орындауға жіберілген күні', ru: 'Дата направления на исполнение', en: 'Sent for execution' },
  sentForReview: { kk: 'Тексеруге жіберілген күні', ru: 'Дата направления на проверку', en: 'Sent for checking' },
  documentName: { kk: 'Құжаттың атауы', ru: 'Наименование документа', en: 'Document' },
  sendTranslation: { kk: 'Аударманы жіберу', ru: 'Отправить перевод', en: 'Send the translation' },
  comments: { kk: 'Пікірлер', ru: 'Комментарии', en: 'Comments' },
  translationLanguage: { kk: 'Аударма тілі', ru: 'Язык перевода', en: 'Translation language' },

  // State services (004)
  svcStateServices: { kk: 'Мемлекеттік қызметтер', ru: 'Государственные услуги', en: 'State services' },
  svcOffenceInfo: {
    kk: 'Әкімшілік құқық бұзушылықтар туралы мәліметтер',
    ru: 'Сведения об административных правонарушениях',
    en: 'Information on administrative offences',
  },
  svcArchive: { kk: 'Архивтік анықтама', ru: 'Архивная справка', en: 'Archive certificate' },
  request: { kk: 'СҰРАУ', ru: 'ЗАПРОСИТЬ', en: 'REQUEST' },
  archiveRequested: { kk: 'Не сұралады', ru: 'Что запрашивается', en: 'What is asked for' },
  archiveBody: { kk: 'Аумақтық басқарма коды (6 сан)', ru: 'Код территориального управления (6 цифр)', en: 'Territorial administration code (6 digits)' },
  bodyCodeInvalid: { kk: 'Код 6 саннан тұруы керек.', ru: 'Код должен состоять из 6 цифр.', en: 'The code must be 6 digits.' },
  archiveSubject: { kk: 'Не туралы мәліметтер қажет', ru: 'О чём нужны сведения', en: 'What the records are about' },
  archivePeriod: { kk: 'Кезең (жылдар)', ru: 'Период (годы)', en: 'Period (years)' },
  archiveBranch: {
    kk: 'Нәтижені алатын Мемлекеттік корпорация бөлімі',
    ru: 'Отделение Госкорпорации для получения результата',
    en: 'State Corporation branch to collect the result',
  },
  kindArchive: { kk: 'Архивтік анықтама', ru: 'Архивная справка', en: 'Archive certificate' },

  // Officials' board
  boardTitle: { kk: 'Менің кезегім', ru: 'Моя очередь', en: 'My queue' },
  kind: { kk: 'Түрі', ru: 'Вид', en: 'Kind' },
  all: { kk: 'Барлығы', ru: 'Все', en: 'All' },
  kindReport: { kk: 'Арыз', ru: 'Заявление', en: 'Report' },
  kindCase: { kk: 'Қылмыстық іс', ru: 'Уголовное дело', en: 'Criminal case' },
  kindPetition: { kk: 'Өтінішхат', ru: 'Ходатайство', en: 'Petition' },
  kindComplaint: { kk: 'Шағым', ru: 'Жалоба', en: 'Complaint' },
  kindTranslation: { kk: 'Аударма', ru: 'Перевод', en: 'Translation' },
  number: { kk: 'Нөмірі', ru: 'Номер', en: 'Number' },
  status: { kk: 'Мәртебесі', ru: 'Статус', en: 'Status' },
  dueAt: { kk: 'Мерзімі', ru: 'Срок', en: 'Due' },
  timeLeft: { kk: 'Қалған уақыт', ru: 'Осталось', en: 'Time left' },
  overdue: { kk: 'Мерзімі өтті', ru: 'Просрочено', en: 'Overdue' },
  registerKui: { kk: 'АЕК-ге тіркеу', ru: 'Зарегистрировать в КУИ', en: 'Register in KUI' },
  decide: { kk: 'Шешім', ru: 'Решение', en: 'Decision' },
  decisionKind: { kk: 'Шешім түрі', ru: 'Вид решения', en: 'Decision' },
  decRegister: { kk: 'СДТБТ-да тіркеу', ru: 'Регистрация в ЕРДР', en: 'Register in the ERDR' },
  decTransfer: { kk: 'Тергеулігі бойынша жіберу', ru: 'Передать по подследственности', en: 'Transfer by jurisdiction' },
  decAttach: { kk: 'Іске қосу', ru: 'Приобщить к делу', en: 'Attach to a case' },
  decRefuse: { kk: 'Тіркеуден бас тарту', ru: 'Отказать в регистрации', en: 'Refuse registration' },
  reason: { kk: 'Негіздеме', ru: 'Основание', en: 'Reason' },
  toBody: { kk: 'Қай органға (id)', ru: 'В какой орган (id)', en: 'To body (id)' },
  format: { kk: 'Іс жүргізу форматы', ru: 'Формат производства', en: 'Case format' },
  formatElectronic: { kk: 'Электрондық', ru: 'Электронный', en: 'Electronic' },
  formatPaper: { kk: 'Қағаз', ru: 'Бумажный', en: 'Paper' },
  answerPetition: { kk: 'Жауап беру', ru: 'Ответить', en: 'Answer' },
  resultGranted: { kk: 'Қанағаттандырылды', ru: 'Удовлетворено', en: 'Granted' },
  resultPartly: { kk: 'Ішінара қанағаттандырылды', ru: 'Частично удовлетворено', en: 'Partly granted' },
  resultRefused: { kk: 'Бас тартылды', ru: 'Отказано', en: 'Refused' },
  official: { kk: 'Лауазымды тұлға', ru: 'Должностное лицо', en: 'Official' },
  review: { kk: 'Тексеру', ru: 'Проверка', en: 'Review' },
  approve: { kk: 'Келісілді', ru: 'Согласовано', en: 'Approve' },
  returnIt: { kk: 'Қайтару', ru: 'Вернуть', en: 'Return' },
  documentsOf: { kk: 'Құжаттар', ru: 'Документы', en: 'Documents' },
  done: { kk: 'Орындалды', ru: 'Выполнено', en: 'Done' },
  confirm: { kk: 'Растау', ru: 'Подтвердить', en: 'Confirm' },
  noDeadline: { kk: 'мерзімсіз', ru: 'без срока', en: 'no deadline' },

  // Supervision
  supervisionTitle: { kk: 'Қадағалау', ru: 'Надзор', en: 'Supervision' },
  perBody: { kk: 'Органдар бойынша мерзімдер', ru: 'Сроки по органам', en: 'Deadlines per body' },
  in6h: { kk: '6 сағат ішінде', ru: 'В ближайшие 6 часов', en: 'Within 6 hours' },
  in24h: { kk: '24 сағат ішінде', ru: 'В ближайшие 24 часа', en: 'Within 24 hours' },
  breaches: { kk: 'Бұзылған мерзімдер', ru: 'Нарушенные сроки', en: 'Breaches' },
  statistics: { kk: 'Мерзімдер статистикасы', ru: 'Статистика сроков', en: 'Deadline statistics' },
  statisticsPending: {
    kk: 'Статистика қызметі (GET /api/v1/statistics/deadlines) әзірге қосылмаған.',
    ru: 'Сервис статистики (GET /api/v1/statistics/deadlines) пока не подключён.',
    en: 'The statistics service (GET /api/v1/statistics/deadlines) is not available yet.',
  },
  historyTitle: { kk: 'Процестің тарихы', ru: 'История процесса', en: 'History of a process' },
  historyId: { kk: 'Талон, СДТБТ нөмірі немесе id', ru: 'Талон, номер ЕРДР или id', en: 'Talon, ERDR number or id' },
  show: { kk: 'Көрсету', ru: 'Показать', en: 'Show' },
  when: { kk: 'Қашан', ru: 'Когда', en: 'When' },
  who: { kk: 'Кім', ru: 'Кто', en: 'Who' },
  what: { kk: 'Не істелді', ru: 'Что сделано', en: 'What was done' },
  basis: { kk: 'Негізі (¶)', ru: 'Основание (¶)', en: 'Under (¶)' },
  system: { kk: 'жүйе', ru: 'система', en: 'the system' },
  rawHistory: { kk: 'Temporal Web UI-дағы толық тарих', ru: 'Полная история в Temporal Web UI', en: 'Raw history in the Temporal Web UI' },
  notFound: { kk: 'Табылмады немесе сізге қол жетімсіз.', ru: 'Не найдено или недоступно вам.', en: 'Not found, or not visible to you.' },
  deadlineReminded: { kk: 'еске салынды', ru: 'напоминание', en: 'reminded' },
  deadlineBreached: { kk: 'мерзім бұзылды', ru: 'срок нарушен', en: 'deadline breached' },
  deadlineMet: { kk: 'мерзімінде орындалды', ru: 'выполнено в срок', en: 'met in time' },
  deadlineLate: { kk: 'кешігіп орындалды', ru: 'выполнено с опозданием', en: 'met late' },
  deadlineStarted: { kk: 'мерзім басталды', ru: 'начался срок', en: 'deadline started' },
  deadlineOpen: { kk: 'ашық', ru: 'открыто', en: 'open' },
  rule: { kk: 'Мерзім (ереже)', ru: 'Срок (правило)', en: 'Deadline (rule)' },
  median: { kk: 'Медиана', ru: 'Медиана', en: 'Median' },
  deadlineCancelled: { kk: 'мерзім тоқтатылды', ru: 'срок отменён', en: 'deadline cancelled' },
  deadlineDue: { kk: 'дейін', ru: 'до', en: 'due' },
} satisfies Record<string, Text>;

/** 15 Dec 2026 14:05:09 as the seed shows it (000 §7.7: DD.MM.YYYY HH:MM:SS), in local time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Time left as "5 сағ 12 мин" / "−2 ч 3 мин". */
export function duration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const m = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  const hh = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  const u = { kk: ['күн', 'сағ', 'мин'], ru: ['д', 'ч', 'мин'], en: ['d', 'h', 'min'] }[current];
  return `${sign}${d ? `${d} ${u[0]} ` : ''}${hh} ${u[1]} ${mm} ${u[2]}`;
}
