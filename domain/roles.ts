// Who may do what. Citizens and procedural participants get the participant role at their first
// EDS login (000 §3.2); official roles are granted by the Committee operator through an access
// application (002 p.13–14), bound to an IIN and a criminal-prosecution body.
export const OFFICIAL_ROLES = [
  'registry_officer', // тіркеу қызметкері: registers reports in the KUI book
  'investigator', // қылмыстық процесті жүргізуші тұлға: investigator / inquiry officer
  'head', // басшы: head of a body or unit
  'prosecutor', // прокурор: supervising prosecutor
  'translator', // аудармашы
  'operator', // Комитет операторы: manages official accounts (002)
] as const;

export type OfficialRole = (typeof OFFICIAL_ROLES)[number];
export type Role = 'participant' | OfficialRole;

export const ROLE_LABELS: Record<Role, { kk: string; ru: string; en: string }> = {
  participant: { kk: 'Процеске қатысушы', ru: 'Участник процесса', en: 'Participant' },
  registry_officer: { kk: 'Тіркеу қызметкері', ru: 'Сотрудник регистрации', en: 'Registry officer' },
  investigator: { kk: 'Тергеуші / анықтаушы', ru: 'Следователь / дознаватель', en: 'Investigator' },
  head: { kk: 'Басшы', ru: 'Руководитель', en: 'Head of body' },
  prosecutor: { kk: 'Прокурор', ru: 'Прокурор', en: 'Prosecutor' },
  translator: { kk: 'Аудармашы', ru: 'Переводчик', en: 'Translator' },
  operator: { kk: 'Комитет операторы', ru: 'Оператор Комитета', en: 'Committee operator' },
};
