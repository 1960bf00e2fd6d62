// Every page of the UI: its address (#/path), its title, whether it is in the menu, who sees it
// (roles; none = everyone logged in) and how it draws. A new service adds its page here; the home
// page's services menu (000 §3.1) links to the pages it finds by path.
import type { WORDS } from '../i18n';
import { renderHome } from './home';
import { renderReportForm } from './report-form';
import { renderReports } from './reports';
import { renderSubmissionForm, renderSubmissions } from './submissions';
import { renderBoard, BOARD_ROLES } from './board';
import { renderSupervision, SUPERVISION_ROLES } from './supervision';
import { renderProfile } from './profile';
import { renderAgreement } from './agreement';
import { renderDecisions } from './decisions';
import { renderTranslations } from './translations';
import { renderStateServices } from './state-services';

export interface Page {
  path: string;
  title: keyof typeof WORDS;
  menu: boolean;
  roles?: readonly string[];
  render(main: HTMLElement, params: URLSearchParams): Promise<void> | void;
}

export const PAGES: Page[] = [
  { path: '/', title: 'home', menu: true, render: renderHome },
  { path: '/reports/new', title: 'svcReport', menu: true, render: renderReportForm },
  { path: '/reports', title: 'svcReportStatus', menu: true, render: renderReports },
  { path: '/petitions/new', title: 'svcPetition', menu: true, render: (m) => renderSubmissionForm(m, 'petition') },
  { path: '/petitions', title: 'svcPetitionStatus', menu: true, render: (m, p) => renderSubmissions(m, 'petition', p) },
  { path: '/complaints/new', title: 'svcComplaint', menu: true, render: (m) => renderSubmissionForm(m, 'complaint') },
  { path: '/complaints', title: 'svcComplaintStatus', menu: true, render: (m, p) => renderSubmissions(m, 'complaint', p) },
  { path: '/translations', title: 'svcTranslations', menu: true, render: (m, p) => renderTranslations(m, 'inbox', p) },
  { path: '/translations/completed', title: 'svcTranslationsDone', menu: true, render: (m, p) => renderTranslations(m, 'completed', p) },
  { path: '/decisions', title: 'svcDecisions', menu: true, render: renderDecisions },
  { path: '/state-services', title: 'svcStateServices', menu: true, render: renderStateServices },
  { path: '/profile', title: 'svcProfile', menu: true, render: renderProfile },
  // 002 p.17: opened in place of any page while an official's agreement is unsigned (main.ts).
  { path: '/agreement', title: 'svcAgreement', menu: false, render: renderAgreement },
  { path: '/board', title: 'svcBoard', menu: true, roles: BOARD_ROLES, render: renderBoard },
  { path: '/supervision', title: 'svcSupervision', menu: true, roles: SUPERVISION_ROLES, render: renderSupervision },
];
