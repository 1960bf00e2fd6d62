// «Бұрын берілген өтініштің мәртебесі» (000 §4.4): my reports with talon, description, result,
// registering body, time, KUI and ERDR numbers; «Жазбаларды жаңарту» refreshes all, «Жаңарту» one
// row (live from its workflow), «Материалдар» opens the files (000 §7.4).
import { api } from '../api';
import { h, fill } from '../dom';
import { dateTime, t, tr, type Text } from '../i18n';
import { errorText } from '../nav';
import { materialsDialog, table } from './common';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface ReportItem {
  talon: string;
  status: string;
  statusLabel: Text;
  description: string;
  registeringBody: { name: Text } | null;
  submittedAt: string;
  kuiNumber: string | null;
  erdrNumber: string | null;
}

export interface ReportDetails extends ReportItem {
  materials: { name: string; sha256: string; mediaType: string; kind: string; addedAt: string; fileId: string | null }[];
  history: { at: string; status: string; by?: string; note?: string }[];
  deadlines: { key: string; rule: string; startedAt: string; dueAt: string; state: string; remindedAt?: string; breachedAt?: string; completedAt?: string }[];
  decision: { kind: string; by: string; at: string; late?: boolean; reason?: string } | null;
}

export async function openReportMaterials(talon: string): Promise<void> {
  const details = await api<ReportDetails>('GET', `/api/v1/reports/${talon}`);
  materialsDialog(
    talon,
    details.materials.map((m) => ({
      name: m.name,
      addedAt: m.addedAt,
      href: m.fileId ? `/api/v1/files/${m.fileId}` : undefined,
      // A DOCX is kept with its PDF conversion (000 §4.3).
      pdfHref: m.fileId && m.mediaType === DOCX ? `/api/v1/files/${m.fileId}/pdf` : undefined,
    })),
    `/api/v1/reports/${talon}/materials.zip`,
    `${talon}.zip`,
  );
}

export async function renderReports(main: HTMLElement): Promise<void> {
  const message = h('p', { class: 'error', role: 'alert' });
  const list = h('div', { id: 'reports-list' });
  let items: ReportItem[] = (await api<{ items: ReportItem[] }>('GET', '/api/v1/reports')).items;

  const draw = () =>
    fill(
      list,
      table<ReportItem>(
        t('svcReportStatus'),
        [
          { head: t('talon'), cell: (r) => h('span', { class: 'mono' }, r.talon) },
          { head: t('description'), cell: (r) => r.description },
          { head: t('result'), cell: (r) => h('span', { class: `status status-${r.status}` }, tr(r.statusLabel)) },
          { head: t('registeringBody'), cell: (r) => tr(r.registeringBody?.name) },
          { head: t('submittedAt'), cell: (r) => dateTime(r.submittedAt) },
          { head: t('kuiNumber'), cell: (r) => r.kuiNumber ?? '' },
          { head: t('erdrNumber'), cell: (r) => r.erdrNumber ?? '' },
          {
            head: t('actions'),
            cell: (r) =>
              h(
                'span',
                { class: 'row-actions' },
                h(
                  'button',
                  { type: 'button', class: 'icon', 'aria-label': `${t('refresh')} ${r.talon}`, title: t('refresh'), onclick: () => refreshOne(r.talon) },
                  '⟳',
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small secondary',
                    'aria-label': `${t('materials')} ${r.talon}`,
                    onclick: () => openReportMaterials(r.talon).catch((e) => (message.textContent = errorText(e))),
                  },
                  t('materials'),
                ),
              ),
          },
        ],
        items,
        (r) => ({ 'data-talon': r.talon }),
      ),
    );

  async function refreshOne(talon: string): Promise<void> {
    try {
      const d = await api<ReportDetails>('GET', `/api/v1/reports/${talon}`);
      items = items.map((r) =>
        r.talon === talon ? { ...r, status: d.status, statusLabel: d.statusLabel, kuiNumber: d.kuiNumber, erdrNumber: d.erdrNumber } : r,
      );
      draw();
    } catch (e) {
      message.textContent = errorText(e);
    }
  }

  const refreshAll = async () => {
    message.textContent = '';
    try {
      items = (await api<{ items: ReportItem[] }>('GET', '/api/v1/reports')).items;
      draw();
    } catch (e) {
      message.textContent = errorText(e);
    }
  };

  draw();
  fill(
    main,
    h('h2', {}, t('svcReportStatus')),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'refresh-all', onclick: refreshAll }, t('refreshAll'))),
    message,
    list,
  );
}
