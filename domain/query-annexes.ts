// The data of 002 that decides whether an official may query (002 §2.3–2.5): Annex 1, which roles
// may query under which basis; Annex 2, which services answer under which basis; Annex 3, the
// Criminal Code articles for which the tax services (МКК, footnote **) answer. Transcribed row by
// row from the Rules (Order No. 151 of 22.12.2015 as amended by No. 82 of 02.07.2020 and No. 17 of
// 15.02.2021); the digest 002 §2.3–2.5 reproduces the same tables. Each row keeps its number and
// its Kazakh name so it can be checked against the source.
//
// Cells are written one character per basis, in the column order of both annexes:
// CRIM, ADM_COURT, ADM_KPSSU, CIVIL_COURT, INITIAL_CHECK, ENFORCEMENT, SEARCH_CASE.
//   '+' allowed · '-' empty cell (not allowed) · 'M' «Тек ІІМ», internal-affairs (MVD) users only ·
//   'T' «қиылған», the truncated service without the amounts of МЗТО receipts (footnote *) ·
//   '3' «тек белгілі баптар бойынша», only on a criminal case under an Annex 3 article (footnote **).
import type { QueryBasis } from './official-query';

/** The bases in the column order of Annexes 1 and 2. */
export const ANNEX_BASIS_ORDER: readonly QueryBasis[] = ['CRIM', 'ADM_COURT', 'ADM_KPSSU', 'CIVIL_COURT', 'INITIAL_CHECK', 'ENFORCEMENT', 'SEARCH_CASE'];

export type RoleCell = '+' | '-';
export type ServiceCell = '+' | '-' | 'M' | 'T' | '3';

export interface AnnexRole {
  /** Row of Annex 1. */
  row: number;
  id: string;
  kk: string;
  en: string;
  /** One RoleCell per basis (ANNEX_BASIS_ORDER). */
  cells: string;
}

export interface AnnexService {
  /** Row of Annex 2. */
  row: number;
  kk: string;
  en: string;
  /** One ServiceCell per basis (ANNEX_BASIS_ORDER). */
  cells: string;
}

/** Annex 1 — «Негіздер бойынша ҚАО ААЖ рөлдерін бөлу тізбесі» (002 A-1; amended 2020, 2021). */
export const ANNEX_1_ROLES: readonly AnnexRole[] = [
  { row: 1, id: 'PROSECUTOR', kk: 'Прокурор', en: 'Prosecutor', cells: '+-++++-' },
  { row: 2, id: 'SYSTEM_ADMINISTRATOR', kk: 'Жүйенің әкімшісі', en: 'System administrator', cells: '----+--' },
  { row: 3, id: 'JUDGE', kk: 'Судья', en: 'Judge', cells: '++-+---' },
  {
    row: 4,
    id: 'MVD_INVESTIGATOR',
    kk: 'Қазақстан Республикасы Ішкі істер министрлігінің тергеушісі (бұдан әрі - ІІМ)',
    en: 'Investigator, Ministry of Internal Affairs (MVD)',
    cells: '+-+-+--',
  },
  {
    row: 5,
    id: 'KNB_INVESTIGATOR',
    kk: 'Қазақстан Республикасы Ұлттық қауіпсіздік комитетінің тергеушісі (бұдан әрі – ҰҚК)',
    en: 'Investigator, National Security Committee (KNB)',
    cells: '+-+-+--',
  },
  {
    row: 6,
    id: 'ANTICORRUPTION_INVESTIGATOR',
    kk: 'Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің (Сыбайлас жемқорлыққа қарсы қызмет) тергеушісі (бұдан әрі – Сыбайлас жемқорлыққа қарсы қызмет)',
    en: 'Investigator, Anti-Corruption Agency (Anti-Corruption Service)',
    cells: '+-+-+--',
  },
  {
    row: 7,
    id: 'FMA_INVESTIGATOR',
    kk: 'Қазақстан Республикасы Қаржылық мониторинг агенттігінің тергеушісі (бұдан әрі – ҚМА)',
    en: 'Investigator, Financial Monitoring Agency (FMA)',
    cells: '+-+-+--',
  },
  { row: 8, id: 'MVD_INQUIRY_OFFICER', kk: 'ІІМ анықтаушысы', en: 'Inquiry officer (анықтаушы), MVD', cells: '+-+-+--' },
  { row: 9, id: 'KNB_INQUIRY_OFFICER', kk: 'ҰҚК анықтаушысы', en: 'Inquiry officer, KNB', cells: '+-+-+--' },
  { row: 10, id: 'ANTICORRUPTION_OFFICER', kk: 'Сыбайлас жемқорлыққа қарсы қызмет офицері', en: 'Officer, Anti-Corruption Service', cells: '+-+-+-+' },
  { row: 11, id: 'FMA_OFFICER', kk: 'ҚМА-ның офицері', en: 'Officer, FMA', cells: '+-+-+-+' },
  {
    row: 12,
    id: 'MILITARY_POLICE',
    kk: 'Қорғаныс министрлігінің (Қарулы Күштердің әскери полициясы Бас басқармасының) қызметкері',
    en: 'Employee, Ministry of Defence (Main Directorate of Military Police of the Armed Forces)',
    cells: '+-+-+-+',
  },
  { row: 13, id: 'PENAL_SYSTEM', kk: 'Қылмыстық-атқару жүйесі комитетінің қызметкері', en: 'Employee, Penal-Correctional System Committee', cells: '+-+-+--' },
  { row: 14, id: 'EMERGENCY_COMMITTEE', kk: 'Төтенше жағдайлар комитетінің қызметкері', en: 'Employee, Emergency Situations Committee', cells: '--+-+--' },
  { row: 15, id: 'BAILIFF', kk: 'Сот орындаушысы', en: 'Bailiff / court enforcement officer (сот орындаушысы)', cells: '----++-' },
  {
    row: 16,
    id: 'STATE_GUARD_INQUIRY_OFFICER',
    kk: 'Мемлекеттік күзет қызметінің анықтаушысы',
    en: 'Inquiry officer, State Security Service',
    cells: '+-+-+--',
  },
  { row: 17, id: 'ADMINISTRATIVE_POLICE', kk: 'Әкімшілік полиция қызметкері', en: 'Administrative police officer', cells: '--+-+--' },
  { row: 18, id: 'CRIMINAL_POLICE', kk: 'Криминалдық полиция қызметкері', en: 'Criminal police officer', cells: '+---+-+' },
  {
    row: 19,
    id: 'DISTRICT_INSPECTOR',
    kk: 'ІІМ жергілікті полиция қызметінің учаскелік инспекторы',
    en: 'District police inspector, MVD local police service',
    cells: '--+-+--',
  },
  {
    row: 20,
    id: 'JUVENILE_POLICE',
    kk: 'ІІМ жергілікті полиция қызметінің ювенальдық полиция қызметкері',
    en: 'Juvenile police officer, MVD local police service',
    cells: '--+-+--',
  },
  {
    row: 21,
    id: 'COUNTER_NARCOTICS',
    kk: 'ІІМ Есірткі бизнесіне қарсы күрес басқармасының қызметкері',
    en: 'Officer, MVD Counter-Narcotics Department',
    cells: '+---+--',
  },
  {
    row: 22,
    id: 'ECONOMIC_CRIME',
    kk: 'ІІМ Экономикалық қылмыстарға қарсы күрес басқармасының қызметкері',
    en: 'Officer, MVD Economic Crime Department',
    cells: '+---+--',
  },
  {
    row: 23,
    id: 'INTERNAL_AFFAIRS_OPERATIONAL',
    kk: 'Ішкі істер органдарының жедел қызметкерлері',
    en: 'Operational officers of internal affairs bodies',
    cells: '----+--',
  },
  {
    row: 24,
    id: 'ORGANIZED_CRIME',
    kk: 'ІІМ Ұйымдасқан қылмыстылыққа қарсы күрес басқармасының қызметкері',
    en: 'Officer, MVD Organized Crime Department',
    cells: '+---+--',
  },
  { row: 25, id: 'PERSONNEL_SERVICE', kk: 'Кадр қызметінің қызметкері', en: 'Personnel (HR) service officer', cells: '----+--' },
];
// Rows 10 and 11 mark SEARCH_CASE «+ (есепке алу-тіркеу тәртібі)», "by the registration-and-record
// procedure"; the Rules do not say what that restricts (002 §9 item 26), so it counts as '+'.

/** Annex 2 — «Сервистерге қолжетімділік құқықтары» (002 A-2). Rows 73–79 carry no mark at all. */
export const ANNEX_2_SERVICES: readonly AnnexService[] = [
  { row: 1, kk: '"Жеке тұлғалар" мемлекеттік деректер базасы', en: 'State DB "Individuals"', cells: '+++++++' },
  { row: 2, kk: '"Заңды тұлғалар" мемлекеттік деректер базасы', en: 'State DB "Legal entities"', cells: '++++-++' },
  { row: 3, kk: '"Жылжымайтын мүлік регистрі" деректер базасы', en: '"Real-estate register" DB', cells: '++++-++' },
  { row: 4, kk: '"Жер учаскесі" деректер базасы', en: '"Land plot" DB', cells: '++++-++' },
  { row: 5, kk: '"Көлік құралдары" деректер базасы', en: '"Vehicles" DB', cells: '++++-++' },
  { row: 6, kk: '"Тіркелген қару" деректер базасы', en: '"Registered weapons" DB', cells: '++++M++' },
  { row: 7, kk: '"Теміржол көлігі" деректер базасы', en: '"Railway transport" DB', cells: '++++-++' },
  { row: 8, kk: '"Шағын өлшемді және өзен кемелері" деректер базасы', en: '"Small-size and river vessels" DB', cells: '++++-++' },
  { row: 9, kk: '"Теңіз кемелері" деректер базасы', en: '"Sea vessels" DB', cells: '++++-++' },
  { row: 10, kk: '"Ауылшаруашылық техникасы" деректер базасы', en: '"Agricultural machinery" DB', cells: '++++-++' },
  { row: 11, kk: '"Зейнетақы аударымдары" деректер базасы', en: '"Pension contributions/transfers" DB', cells: '+TTTT++' },
  { row: 12, kk: '"Мүгедектік" деректер базасы', en: '"Disability" DB', cells: '++++-++' },
  { row: 13, kk: '"Әлеуметтік көмек" деректер базасы', en: '"Social assistance" DB', cells: '++++-++' },
  { row: 14, kk: '"Еңбек нарығы" деректер базасы', en: '"Labour market" DB', cells: '++++-++' },
  {
    row: 15,
    kk: 'Тұлғалардың ХҚКО-дан алған қызметтері туралы мәліметтер',
    en: 'Information on services persons received from Public Service Centres (ХҚКО)',
    cells: '++++-++',
  },
  { row: 16, kk: '"Арнайы есепке алу" деректер базасы', en: '"Special records" DB', cells: '+++++++' },
  { row: 17, kk: '"Бірыңғай біріздендірілген статистикалық жүйе" деректер базасы', en: '"Unified unified(-ized) statistical system" DB', cells: '++++-++' },
  { row: 18, kk: '"Атқарушылық іс жүргізу" деректер базасы', en: '"Enforcement proceedings" DB', cells: '+++++++' },
  { row: 19, kk: '"Сот органдарының" деректер базасы', en: '"Judicial bodies" DB', cells: '++++-++' },
  { row: 20, kk: '"Сот карточкалары" деректер базасы', en: '"Court (statistical) cards" DB', cells: '++++-++' },
  { row: 21, kk: '"Жол қозғалысы ережелерін бұзу" деректер базасы', en: '"Traffic-rule violations" DB', cells: '++++-++' },
  { row: 22, kk: '"Талаптар"', en: '"Demands/Claims" (Талаптар)', cells: '+++++++' },
  { row: 23, kk: '"Криминалдық автокөлік" деректер базасы', en: '"Criminal vehicles" DB', cells: '+++---+' },
  { row: 24, kk: '"Криминалдық қару" деректер базасы', en: '"Criminal weapons" DB', cells: '+++---+' },
  { row: 25, kk: '"Жол-көлік оқиғаларының есебі" деректер базасы', en: '"Road-traffic accident records" DB', cells: '++++-++' },
  { row: 26, kk: 'Мемлекеттік қызметкерге сұрау салу', en: 'Query about a state employee', cells: '+--++++' },
  { row: 27, kk: 'Халықты құжаттау жүйесінен сурет', en: 'Photo from the population documentation system', cells: '++++M++' },
  { row: 28, kk: 'Халықты құжаттау жүйесінің 1-нысаны', en: 'Form No. 1 of the population documentation system', cells: '++++-++' },
  { row: 29, kk: '"Жүргізуші куәлігі" деректер базасы', en: '"Driver licence" DB', cells: '++++-++' },
  { row: 30, kk: '"Е-Нотариат" деректер базасы', en: '"E-Notariat" DB', cells: '+--+-++' },
  { row: 31, kk: '"Тұлғалар өтініштерінің бірыңғай есебі" деректер базасы', en: '"Unified record of persons\' applications/appeals" DB', cells: '++++-++' },
  { row: 32, kk: '"Азаматтық хал актілерін жазу" деректер базасы', en: '"Civil-status acts registration" DB', cells: '++++-++' },
  { row: 33, kk: 'ҚР азаматтарының мемлекеттік шекарадан өтуі', en: 'State-border crossings by RK citizens', cells: '++++-++' },
  { row: 34, kk: 'Шетел азаматтарының мемлекеттік шекарадан өтуі', en: 'State-border crossings by foreign citizens', cells: '++++-++' },
  { row: 35, kk: '"Салық төлеушілердің" деректер базасы', en: '"Taxpayers" DB', cells: '++++-++' },
  { row: 36, kk: 'Салық берешегі туралы мәліметтер', en: 'Tax arrears information', cells: '++++-++' },
  { row: 37, kk: 'Қарсы тексерістер туралы мәліметтер**', en: 'Counter-audit (cross-check) information **', cells: '3------' },
  { row: 38, kk: 'ҚҚС төлеушілер туралы мәліметтер**', en: 'VAT (ҚҚС) payers information **', cells: '3------' },
  { row: 39, kk: 'Салық есептілігі туралы мәліметтер (СЕТМ)**', en: 'Tax reporting information (СЕТМ) **', cells: '3------' },
  { row: 40, kk: 'Контрагенттер бойынша мәліметтер**', en: 'Counterparty information **', cells: '3------' },
  { row: 41, kk: '"Е-лицензиялау" деректер базасы', en: '"E-licensing" DB', cells: '++++-++' },
  { row: 42, kk: '"Электрондық мемлекеттік сатып алулар" деректер базасы', en: '"Electronic public procurement" DB', cells: '+++++-+' },
  { row: 43, kk: '"Сыртқы экономика қызметіне қатысушылар" деректер базасы', en: '"Participants in foreign economic activity" DB', cells: '++++-++' },
  { row: 44, kk: '"Жолаушылар кедендік декларациялары бойынша мәліметтер" деректер базасы', en: '"Passenger customs declarations" DB', cells: '++++-++' },
  { row: 45, kk: '"Көлік құралына декларациялар бойынша мәліметтер" деректер базасы', en: '"Vehicle declarations" DB', cells: '++++-++' },
  { row: 46, kk: '"Шетелдік жұмыс күші" деректер базасы', en: '"Foreign labour force" DB', cells: '+++++++' },
  { row: 47, kk: '"Монополистер туралы мәліметтер" деректер базасы', en: '"Monopolists" DB', cells: '++++-++' },
  {
    row: 48,
    kk: '"Жер қойнауын (көмірсутегі шикізаты) пайдалануға келісімшарттар туралы мәліметтер" деректер базасы',
    en: '"Subsoil-use contracts (hydrocarbons)" DB',
    cells: '++++-+-',
  },
  {
    row: 49,
    kk: '"Жер қойнауын (қатты пайдалы қазбалар және жерасты сулары) пайдалануға келісімшарттар туралы мәліметтер" деректер базасы',
    en: '"Subsoil-use contracts (solid minerals and groundwater)" DB',
    cells: '++++-+-',
  },
  { row: 50, kk: '"МО тексерулерін есепке алу" деректер базасы', en: '"Records of state-body (МО) inspections" DB', cells: '++++-++' },
  { row: 51, kk: 'Бюджетке түсімдер туралы мәліметтер', en: 'Budget receipts information', cells: '++++-++' },
  { row: 52, kk: '"Қазақстан темір жолы" деректер базасы', en: '"Kazakhstan Temir Zholy" (national railway) DB', cells: '++++-++' },
  { row: 53, kk: '"Қазақтелеком" деректер базасы', en: '"Kazakhtelecom" DB', cells: '+++++++' },
  { row: 54, kk: '"Тергеуден/анықтаудан жасырынғандар" деректер базасы', en: '"Persons hiding from investigation/inquiry" DB', cells: '+++++++' },
  { row: 55, kk: '"Хабар-ошарсыз жоғалғандар" деректер базасы', en: '"Missing persons" DB', cells: '+++++++' },
  { row: 56, kk: '"Шетелдік жұмысшылардың бұзулары" деректер базасы', en: '"Violations by foreign workers" DB', cells: '+++++-+' },
  { row: 57, kk: 'Жылжымайтын мүлікке тыйым салу', en: 'Prohibition (arrest) on real estate', cells: '-----+-' },
  { row: 58, kk: 'Заңды тұлғаға (филиал, өкілдік) тыйым салу', en: 'Prohibition on a legal entity (branch, representative office)', cells: '-----+-' },
  { row: 59, kk: 'Жеке тұлғаның қатысуына тыйым салу', en: 'Prohibition on participation of an individual', cells: '-----+-' },
  { row: 60, kk: 'Шетел азаматтарын елден шығару рәсімін бақылау', en: 'Control of expulsion procedure of foreign nationals', cells: '+++++++' },
  {
    row: 61,
    kk: 'Мемлекеттік сатып алулардың жауапсыз қатысушыларын тексеру',
    en: 'Check of unscrupulous participants in public procurement',
    cells: '++++-++',
  },
  { row: 62, kk: 'Мекенжайлар мен байланыс телефондарын іздеу', en: 'Search for addresses and contact telephones', cells: '+++++-+' },
  { row: 63, kk: 'Мемлекеттік қызметшілер туралы мәліметтер', en: 'Information on civil servants', cells: '+------' },
  { row: 64, kk: 'Техникалық байқаудан өту', en: 'Passing of technical inspection (vehicles)', cells: '++++--+' },
  { row: 65, kk: 'Жер учаскесіне ауыртпалық салу/алу', en: 'Imposition/removal of encumbrance on a land plot', cells: '-----+-' },
  { row: 66, kk: 'Пошта жіберілімдері', en: 'Postal items', cells: '+-----+' },
  {
    row: 67,
    kk: 'ЖОО-лардың студенттері мен түлектері туралы мәліметтер',
    en: 'Students and graduates of higher-education institutions (ЖОО)',
    cells: '+------',
  },
  {
    row: 68,
    kk: 'Этил спиртінің және/немесе шарап материалының өндірісі және айналымы жөніндегі декларация туралы мәліметтер**',
    en: 'Declarations on production & turnover of ethyl alcohol and/or wine material **',
    cells: '3------',
  },
  {
    row: 69,
    kk: 'Алкоголь өнімінің өндірісі және айналымы жөніндегі декларация туралы мәліметтер**',
    en: 'Declarations on production & turnover of alcohol products **',
    cells: '3------',
  },
  {
    row: 70,
    kk: 'Алкоголь өнімінің айналымы жөніндегі декларация туралы мәліметтер**',
    en: 'Declarations on turnover of alcohol products **',
    cells: '3------',
  },
  { row: 71, kk: 'Мұнай өнімдері жөніндегі декларация туралы мәліметтер (2-нұсқа) **', en: 'Petroleum-products declarations (version 2) **', cells: '3------' },
  { row: 72, kk: 'Мұнай өнімдері жөніндегі декларация туралы мәліметтер (3-нұсқа) **', en: 'Petroleum-products declarations (version 3) **', cells: '3------' },
  { row: 73, kk: 'Борышкерлер және жауапкерлер туралы мәліметтер', en: 'Debtors and defendants', cells: '-------' },
  { row: 74, kk: 'Жеке тұлғаның аурулары туралы мәліметтер (емханаға жүгінулері туралы)', en: "Individual's illnesses (polyclinic visits)", cells: '-------' },
  {
    row: 75,
    kk: 'Жеке тұлғаны диспансерлік есепке алу туралы мәліметтер (Д-есепке алу туралы)',
    en: 'Dispensary registration of an individual ("D-registration")',
    cells: '-------',
  },
  {
    row: 76,
    kk: 'Жеке тұлғаны ауруханаға жатқызу туралы мәліметтер (стационарға жолдаулар туралы)',
    en: 'Hospitalisation of an individual (referrals to inpatient care)',
    cells: '-------',
  },
  {
    row: 77,
    kk: 'Жеке тұлғаны стационарлық емдеу туралы мәліметтер (стационардағы науқастар туралы)',
    en: 'Inpatient treatment of an individual (inpatients)',
    cells: '-------',
  },
  { row: 78, kk: '1-деңгейдегі өзара байланыстар', en: 'Level-1 interconnections (relationships)', cells: '-------' },
  { row: 79, kk: '2-деңгейдегі өзара байланыстар', en: 'Level-2 interconnections (relationships)', cells: '-------' },
];

/** Annex 3 — Criminal Code articles (and parts; null = the whole article) for the МКК services (new edition of 15.02.2021). */
export const ANNEX_3_ARTICLES: ReadonlyArray<{ article: number; part: number | null }> = [
  { article: 214, part: 1 },
  { article: 214, part: 2 },
  { article: 216, part: 1 },
  { article: 216, part: 2 },
  { article: 216, part: 3 },
  { article: 217, part: 1 },
  { article: 217, part: 2 },
  { article: 217, part: 3 },
  { article: 218, part: 1 },
  { article: 218, part: 2 },
  { article: 218, part: 3 },
  { article: 219, part: 1 },
  { article: 219, part: 2 },
  { article: 220, part: null },
  { article: 221, part: 1 },
  { article: 221, part: 2 },
  { article: 221, part: 3 },
  { article: 222, part: 1 },
  { article: 222, part: 2 },
  { article: 223, part: 1 },
  { article: 223, part: 2 },
  { article: 223, part: 3 },
  { article: 223, part: 4 },
  { article: 224, part: null },
  { article: 225, part: null },
  { article: 226, part: 1 },
  { article: 226, part: 2 },
  { article: 227, part: null },
  { article: 228, part: 1 },
  { article: 228, part: 2 },
  { article: 228, part: 3 },
  { article: 229, part: 1 },
  { article: 229, part: 2 },
  { article: 229, part: 3 },
  { article: 230, part: 1 },
  { article: 230, part: 2 },
  { article: 230, part: 3 },
  { article: 231, part: 1 },
  { article: 231, part: 2 },
  { article: 231, part: 3 },
  { article: 232, part: 1 },
  { article: 232, part: 2 },
  { article: 233, part: 1 },
  { article: 233, part: 2 },
  { article: 234, part: 1 },
  { article: 234, part: 2 },
  { article: 234, part: 3 },
  { article: 235, part: null },
  { article: 236, part: 1 },
  { article: 236, part: 2 },
  { article: 236, part: 3 },
  { article: 237, part: 1 },
  { article: 237, part: 2 },
  { article: 238, part: 1 },
  { article: 238, part: 2 },
  { article: 239, part: 1 },
  { article: 239, part: 2 },
  { article: 241, part: null },
  { article: 242, part: null },
  { article: 243, part: 1 },
  { article: 243, part: 2 },
  { article: 244, part: null },
  { article: 245, part: 1 },
  { article: 245, part: 2 },
  { article: 245, part: 3 },
  { article: 246, part: null },
  { article: 247, part: 1 },
  { article: 247, part: 2 },
  { article: 247, part: 3 },
  { article: 248, part: 1 },
  { article: 248, part: 2 },
  { article: 248, part: 3 },
  { article: 249, part: 1 },
  { article: 249, part: 2 },
  { article: 249, part: 3 },
];
