// Every rule a request to the case can break (001), with its paragraph and its text in kk/ru/en.
// Re-exported by domain/ecase.ts.
import type { LocalisedText } from '../notification-templates';

// ---------------------------------------------------------------------------------------------
// Refusals: every rule a request can break, with its paragraph and its text in three languages

export interface Refusal {
  code: string;
  source: string;
  message: LocalisedText;
}

const R = (source: string, kk: string, ru: string, en: string) => ({ source, message: { kk, ru, en } });

export const REFUSALS = {
  NOT_ASSIGNED_OFFICIAL: R(
    '001 ¶10',
    'Форматты тек сотқа дейінгі тергеп-тексеру тапсырылған тұлға істі өз өндірісіне алу кезінде таңдайды.',
    'Формат выбирает только лицо, которому поручено досудебное расследование, при принятии дела к своему производству.',
    'Only the official to whom the investigation is assigned chooses the format, when taking the case into proceedings.',
  ),
  FORMAT_ALREADY_RESOLVED: R(
    '001 ¶10',
    'Іс жүргізу форматы бұрын айқындалған.',
    'Формат производства уже определён.',
    'The format of the proceedings has already been resolved.',
  ),
  PAPER_TO_ELECTRONIC_FORBIDDEN: R(
    '001 ¶10, ¶17',
    'Қағаз форматтан электрондық форматқа ауысуға істерді біріктіру жағдайынан басқа кезде жол берілмейді.',
    'Переход с бумажного формата на электронный не допускается, за исключением соединения уголовных дел.',
    'Changing from paper to electronic format is not allowed, except when criminal cases are joined.',
  ),
  SWITCH_NEEDS_REASONED_RESOLUTION: R(
    '001 ¶22',
    'Электрондық форматтан қағаз форматқа тек ¶22-де көрсетілген негіздер бойынша уәжді қаулымен ауысады.',
    'Переход с электронного формата на бумажный — только мотивированным постановлением по основаниям ¶22.',
    'Electronic to paper happens only by a reasoned resolution on a ground listed in ¶22.',
  ),
  FORMAT_NOT_RESOLVED: R(
    '001 ¶10',
    'Іс әлі өндіріске алынбаған: алдымен іс жүргізу форматы туралы қаулы шығарылуы тиіс.',
    'Дело ещё не принято к производству: сначала выносится постановление о формате производства.',
    'The case is not yet in proceedings: the format resolution comes first.',
  ),
  SWITCH_GROUND_NOT_LISTED: R(
    '001 ¶22',
    'Қағаз форматқа ауысу негізі ¶22 тізбесінде жоқ (шет мемлекет, мемлекеттік құпия, штаттан тыс не төтенше жағдай).',
    'Основание перехода на бумажный формат не предусмотрено ¶22 (иностранное государство, государственные секреты, нештатная или чрезвычайная ситуация).',
    'The ground is not one listed in ¶22 (foreign state, state secrets, abnormal or emergency situation).',
  ),
  REASONED_RESOLUTION_REQUIRED: R(
    '001 ¶22',
    'Форматты өзгерту уәжді қаулымен ресімделеді: уәждер көрсетілмеген.',
    'Изменение формата оформляется мотивированным постановлением: мотивы не указаны.',
    'A change of format needs a reasoned resolution: no reasons were given.',
  ),
  NO_SITUATION_REPORTED: R(
    '001 ¶22',
    'Штаттан тыс немесе төтенше жағдай тіркелмеген.',
    'Нештатная или чрезвычайная ситуация не зафиксирована.',
    'No abnormal or emergency situation has been reported.',
  ),
  SITUATION_UNDER_24H: R(
    '001 ¶22',
    'Жағдай басталғаннан бері 24 сағат өтпеді; кезек күттірмейтін әрекеттер қажет болғанда ғана бірден ауысуға болады.',
    'С начала ситуации не прошло 24 часов; сразу перейти можно только при необходимости неотложных действий.',
    'The situation has not lasted 24 hours; switching at once is allowed only when urgent actions are needed.',
  ),
  ALREADY_PAPER: R('001 ¶22', 'Іс қағаз форматта жүргізілуде.', 'Дело уже ведётся в бумажном формате.', 'The case is already conducted on paper.'),
  SWITCH_IN_PROGRESS: R(
    '001 ¶23',
    'Қағаз форматқа ауысу орындалуда.',
    'Переход на бумажный формат уже выполняется.',
    'A switch to paper is already being executed.',
  ),
  PRINT_PACKAGE_NOT_READY: R(
    '001 ¶23',
    'Барлық құжаттардың басып шығару топтамасы әлі дайын емес.',
    'Пакет печати всех документов ещё не подготовлен.',
    'The print package of all documents is not ready yet.',
  ),
  NO_SWITCH_PENDING: R(
    '001 ¶23',
    'Орындалатын қағаз форматқа ауысу жоқ.',
    'Нет перехода на бумажный формат, ожидающего исполнения.',
    'There is no switch to paper awaiting execution.',
  ),
  CASE_SUSPENDED: R(
    '001 ¶19',
    'Тергеп-тексеру мерзімдері үзілген: ҚПК рұқсат еткеннен басқа әрекеттер шектелген.',
    'Сроки расследования прерваны: действия ограничены, кроме разрешённых УПК.',
    'The investigation terms are interrupted: actions are restricted except those the CPC allows.',
  ),
  NOT_SUSPENDED: R('001 ¶19', 'Мерзімдер үзілмеген.', 'Сроки не прерваны.', 'The terms are not interrupted.'),
  CASE_INACTIVE_FOR_SENDER: R(
    '001 ¶21',
    'Іс тергеулігі бойынша жіберілді және жіберуші орган үшін қолжетімсіз.',
    'Дело направлено по подследственности и недоступно направившему органу.',
    'The case was sent by jurisdiction and is inactive for the sending body.',
  ),
  NOT_TRANSFERRED: R(
    '001 ¶21',
    'Іс тергеулігі бойынша жіберілмеген.',
    'Дело не направлялось по подследственности.',
    'The case has not been sent by jurisdiction.',
  ),
  SAME_BODY: R('001 ¶21', 'Іс осы органның өндірісінде.', 'Дело уже в производстве этого органа.', 'The case is already with this body.'),
  UNKNOWN_BODY: R(
    '001 ¶21',
    'Қабылдаушы орган анықтамалықта жоқ.',
    'Принимающий орган отсутствует в справочнике.',
    'The receiving body is not in the dictionary.',
  ),
  AWAITING_PROSECUTOR_REVIEW: R(
    '001 ¶20',
    'Іс тоқтатылды және прокурордың заңдылықты тексеруінде.',
    'Дело прекращено и находится на проверке законности у прокурора.',
    'The case is terminated and awaits the prosecutor’s legality review.',
  ),
  NO_TERMINATION_PENDING: R(
    '001 ¶20',
    'Тексерілетін тоқтату туралы шешім жоқ.',
    'Нет решения о прекращении, ожидающего проверки.',
    'There is no termination awaiting review.',
  ),
  CASE_ARCHIVED: R('001 ¶20', 'Іс мұрағатталды.', 'Дело архивировано.', 'The case is archived.'),
  NOT_SUPERVISING_PROSECUTOR: R(
    '001 ¶20, ¶30',
    'Тоқтатудың заңдылығын істі қадағалайтын прокурор тексереді.',
    'Законность прекращения проверяет надзирающий по делу прокурор.',
    'The legality of a termination is reviewed by the prosecutor supervising the case.',
  ),
  CASE_SENT_TO_COURT: R('001 ¶29', 'Іс сотқа жіберілді.', 'Дело направлено в суд.', 'The case has been sent to court.'),
  COURT_NEEDS_ELECTRONIC: R(
    '001 ¶29',
    '«Төрелік» арқылы тек электрондық қылмыстық іс жіберіледі.',
    'Через «Төрелік» направляется только электронное уголовное дело.',
    'Only an electronic case is sent through «Төрелік».',
  ),
  UNSCANNED_PAPER: R(
    '001 ¶6, ¶14, ¶16',
    'Қағаз құжаттардың PDF көшірмелері әлі қосылмаған.',
    'PDF-копии бумажных документов ещё не приобщены.',
    'Paper documents still lack their PDF copies in the case.',
  ),
  CASE_JOINED_INTO_ANOTHER: R('001 ¶17', 'Іс басқа іспен біріктірілді.', 'Дело соединено с другим делом.', 'The case has been joined into another case.'),
  JOIN_WITH_ITSELF: R('001 ¶17', 'Істі өзімен біріктіруге болмайды.', 'Нельзя соединить дело с самим собой.', 'A case cannot be joined with itself.'),
  ALREADY_JOINED: R('001 ¶17', 'Бұл іс бұрын біріктірілген.', 'Это дело уже соединено.', 'That case has already been joined.'),
  NO_SUCH_JOIN: R(
    '001 ¶17',
    'Мұндай біріктіру туралы қаулы жоқ немесе ол орындалды.',
    'Такого постановления о соединении нет или оно уже исполнено.',
    'There is no such joining resolution, or it has been carried out.',
  ),
  INVALID_ERDR_NUMBER: R('001 ¶3.1', 'СДТБТ нөмірі 15 цифрдан тұрады.', 'Номер ЕРДР состоит из 15 цифр.', 'An ERDR number has 15 digits.'),
  UNKNOWN_ROLE: R('001 ¶10, ¶26', 'Мұндай процестік мәртебе жоқ.', 'Такого процессуального статуса нет.', 'There is no such procedural status.'),
  INVALID_IIN: R('001 ¶26', 'ЖСН дұрыс емес.', 'ИИН указан неверно.', 'The IIN is not valid.'),
  PARTICIPANT_EXISTS: R(
    '001 ¶26',
    'Бұл тұлға осы мәртебемен қосылған.',
    'Это лицо уже добавлено с этим статусом.',
    'This person already takes part with this status.',
  ),
  UNKNOWN_PARTICIPANT: R('001 ¶26', 'Іске мұндай қатысушы жоқ.', 'Такого участника в деле нет.', 'There is no such participant in the case.'),
  MARK_NOT_APPLICABLE: R(
    '000 §4.9',
    'Белгі тек күдіктінің не айыпталушының қорғаушысына немесе өкіліне қойылады.',
    'Отметка ставится только защитнику или представителю подозреваемого либо обвиняемого.',
    'Only a defender or representative of a suspect or accused carries the mark.',
  ),
  MARK_NAMES_NO_SUSPECT: R(
    '000 §4.9',
    'Белгіде осы істің күдіктісі не айыпталушысы көрсетілуі тиіс.',
    'В отметке должен быть указан подозреваемый или обвиняемый по этому делу.',
    'The mark must name a suspect or accused of this case.',
  ),
  UNKNOWN_DOCUMENT: R(
    '000 §4.9, 001 ¶26',
    'Істе мұндай құжат жоқ немесе құжаттар таңдалмаған.',
    'Таких документов в деле нет или документы не выбраны.',
    'No documents were chosen, or the case has no such document.',
  ),
  NO_LETTER_DUE: R(
    '001 ¶24',
    'Бұл қатысушыға қағаз хат дайындалмаған.',
    'Бумажное письмо этому участнику не готовилось.',
    'No paper letter was prepared for this participant.',
  ),
  UNKNOWN_OBLIGATION: R('001 ¶11, ¶14, ¶16', 'Мұндай ашық міндеттеме жоқ.', 'Такой открытой обязанности нет.', 'There is no such open obligation.'),
  OBLIGATION_NEEDS_SCAN: R(
    '001 ¶14',
    'Қағаз құжат міндеттемесі тек оның PDF көшірмесімен орындалады.',
    'Обязанность по бумажному документу исполняется только его PDF-копией.',
    'A paper document’s obligation is met only by its PDF scan.',
  ),
  INVALID_DOCUMENT: R(
    '001 ¶3.6, ¶13',
    'Құжат түрі, атауы немесе SHA-256 хэші дұрыс емес.',
    'Неверный вид документа, название или хэш SHA-256.',
    'The document kind, title or SHA-256 hash is not valid.',
  ),
  PAPER_DOCUMENT_EXISTS: R(
    '001 ¶14',
    'Мұндай нөмірлі қағаз құжат тіркелген.',
    'Бумажный документ с таким номером уже зарегистрирован.',
    'A paper document with this id is already registered.',
  ),
  INVALID_TIME: R(
    '001 ¶22',
    'Жағдайдың басталу уақыты дұрыс емес немесе болашақта.',
    'Время начала ситуации неверно или находится в будущем.',
    'The onset time is not valid or lies in the future.',
  ),
  ACTION_IN_PROGRESS: R(
    '001 ¶8',
    'Осы іс бойынша басқа процестік шешім ресімделуде.',
    'По делу оформляется другое процессуальное решение.',
    'Another procedural decision on this case is being recorded.',
  ),
  // The case's workflow is handing its state over to its next run (continue-as-new) and takes no
  // new action for that moment; the API sends the action again, to the new run.
  CASE_HANDING_OVER: R(
    '001 ¶8',
    'Іс жүйеде жаңа кезеңге көшірілуде; әрекетті бірнеше секундтан кейін қайталаңыз.',
    'Дело переносится в системе на новый этап; повторите действие через несколько секунд.',
    'The case is being carried over to its next run in the system; repeat the action in a few seconds.',
  ),
} satisfies Record<string, { source: string; message: LocalisedText }>;

export type RefusalCode = keyof typeof REFUSALS;

export function refusal(code: RefusalCode): Refusal {
  return { code, ...REFUSALS[code] };
}
