// The cabinet after login: the services menu of 000 §3.1, in the manual's order. A service whose
// page is not there yet (its API is still to come) is listed, marked as not yet available.
import { session } from '../api';
import { h, fill } from '../dom';
import { t, type WORDS } from '../i18n';

/** 000 §3.1 items 1–9 and the page each opens (null: not yet in this UI). */
const SERVICES: { title: keyof typeof WORDS; path: string | null }[] = [
  { title: 'svcReport', path: '/reports/new' },
  { title: 'svcReportStatus', path: '/reports' },
  { title: 'svcPetition', path: '/petitions/new' },
  { title: 'svcPetitionStatus', path: '/petitions' },
  { title: 'svcComplaint', path: '/complaints/new' },
  { title: 'svcComplaintStatus', path: '/complaints' },
  { title: 'svcDecisions', path: '/decisions' },
  { title: 'svcProfile', path: '/profile' },
  { title: 'svcManual', path: null },
];

/** The Committee's state services (004): offence information, archive certificates. */
const STATE_SERVICES: { title: keyof typeof WORDS; path: string }[] = [
  { title: 'svcOffenceInfo', path: '/state-services' },
  { title: 'svcArchive', path: '/state-services' },
];

/** The translation menu group of the side menu (000 §3.2), for translators. */
const TRANSLATION_SERVICES: { title: keyof typeof WORDS; path: string }[] = [
  { title: 'svcTranslations', path: '/translations' },
  { title: 'svcTranslationsDone', path: '/translations/completed' },
];

const OFFICIAL_SERVICES: { title: keyof typeof WORDS; path: string; roles: string[] }[] = [
  { title: 'svcBoard', path: '/board', roles: ['registry_officer', 'investigator', 'head', 'prosecutor'] },
  { title: 'svcSupervision', path: '/supervision', roles: ['head', 'prosecutor', 'operator'] },
];

export function renderHome(main: HTMLElement): void {
  const roles = session.user?.roles ?? [];
  const official = OFFICIAL_SERVICES.filter((s) => s.roles.some((r) => roles.includes(r)));
  fill(
    main,
    h('h2', {}, t('cabinet')),
    h('p', { class: 'muted' }, session.user ? `${session.user.name} · ${session.user.iin}` : ''),
    official.length
      ? h(
          'section',
          { 'aria-labelledby': 'officials-services' },
          h('h3', { id: 'officials-services' }, t('officialsGroup')),
          h(
            'ul',
            { class: 'services' },
            official.map((s) => h('li', {}, h('a', { href: `#${s.path}` }, t(s.title)))),
          ),
        )
      : null,
    h(
      'section',
      { 'aria-labelledby': 'citizen-services' },
      h('h3', { id: 'citizen-services' }, t('citizensGroup')),
      h(
        'ol',
        { class: 'services' },
        SERVICES.map((s) =>
          h(
            'li',
            {},
            s.path
              ? h('a', { href: `#${s.path}` }, t(s.title))
              : h('span', { class: 'disabled', 'aria-disabled': 'true' }, t(s.title), h('small', {}, ` — ${t('notYet')}`)),
          ),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'state-services' },
      h('h3', { id: 'state-services' }, t('svcStateServices')),
      h(
        'ul',
        { class: 'services' },
        STATE_SERVICES.map((s) => h('li', {}, h('a', { href: `#${s.path}` }, t(s.title)))),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'translation-services' },
      h('h3', { id: 'translation-services' }, t('translationGroup')),
      h(
        'ul',
        { class: 'services' },
        TRANSLATION_SERVICES.map((s) => h('li', {}, h('a', { href: `#${s.path}` }, t(s.title)))),
      ),
    ),
  );
}
