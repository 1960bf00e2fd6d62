// The investigators' board: my queue across reports, cases, petitions and complaints, the soonest
// deadline first, with the time left and overdue rows in red; filters by body and kind; the next
// step of each from the row — KUI registration and the decision on a report (CPC art. 181, 24 h),
// the case format (001 ¶10), the answer to a petition (CPC art. 99) or complaint, the documents.
import { api, hasRole } from '../api';
import { field, h, fill } from '../dom';
import { dateTime, duration, t, tr, type WORDS } from '../i18n';
import { errorText } from '../nav';
import { materialsDialog, table } from './common';
import { loadQueue, type ItemKind, type QueueEntry } from './queue';
import { openReportMaterials } from './reports';

export const BOARD_ROLES = ['registry_officer', 'investigator', 'head', 'prosecutor'] as const;

export const KIND_WORD: Record<ItemKind, keyof typeof WORDS> = {
  report: 'kindReport',
  case: 'kindCase',
  petition: 'kindPetition',
  complaint: 'kindComplaint',
  translation: 'kindTranslation',
  archive: 'kindArchive',
};

export const bodyLabel = (e: QueueEntry) => (e.bodyName ? tr(e.bodyName) : (e.bodyCode ?? ''));

/** Time left, red and worded when past (not by colour alone). */
export function timeLeft(e: QueueEntry): HTMLElement {
  if (!e.dueAt) return h('span', { class: 'muted' }, t('noDeadline'));
  const ms = Date.parse(e.dueAt) - Date.now();
  return ms < 0 || e.overdue ? h('span', { class: 'overdue' }, `${t('overdue')} ${duration(ms)}`) : h('span', {}, duration(ms));
}

export async function renderBoard(main: HTMLElement, params: URLSearchParams): Promise<void> {
  let entries = await loadQueue();
  const message = h('p', { class: 'error', role: 'alert', id: 'board-message' });
  const list = h('div', { id: 'board-list' });
  const panel = h('div', { id: 'action-panel' });
  const kindSel = h(
    'select',
    { id: 'filter-kind', name: 'kind' },
    h('option', { value: '' }, t('all')),
    (Object.keys(KIND_WORD) as ItemKind[]).map((k) => h('option', { value: k, selected: params.get('kind') === k }, t(KIND_WORD[k]))),
  );
  const bodySel = h('select', { id: 'filter-body', name: 'body' });
  const drawBodies = () => {
    const bodies = [...new Map(entries.filter((e) => e.bodyCode).map((e) => [e.bodyCode!, bodyLabel(e)])).entries()];
    fill(
      bodySel,
      h('option', { value: '' }, t('all')),
      bodies.map(([code, name]) => h('option', { value: code, selected: params.get('body') === code }, name === code ? code : `${name} (${code})`)),
    );
  };

  const reload = async () => {
    entries = await loadQueue();
    drawBodies();
    draw();
  };

  const act = async (run: () => Promise<unknown>) => {
    message.textContent = '';
    try {
      await run();
      fill(panel);
      await reload();
      message.textContent = '';
      panel.append(h('p', { class: 'success', role: 'status' }, t('done')));
    } catch (e) {
      message.textContent = errorText(e);
    }
  };

  function actions(e: QueueEntry): HTMLElement {
    const buttons: HTMLElement[] = [];
    const b = (label: string, onclick: () => void, id?: string) =>
      h('button', { type: 'button', class: 'small', onclick, 'data-action': id, 'aria-label': `${label} ${e.number}` }, label);
    if (e.kind === 'report') {
      if (e.status === 'AWAITING_REGISTRATION' && hasRole('registry_officer'))
        buttons.push(b(t('registerKui'), () => act(() => api('POST', `/api/v1/reports/${e.id}/kui-registration`)), 'kui'));
      if (e.status === 'REGISTERED_KUI' && hasRole('registry_officer', 'investigator', 'head')) buttons.push(b(t('decide'), () => decisionForm(e), 'decision'));
      buttons.push(b(t('documentsOf'), () => openReportMaterials(e.id).catch((x) => (message.textContent = errorText(x))), 'documents'));
    }
    if (e.kind === 'case') {
      if (!e.raw.format && hasRole('investigator', 'head')) buttons.push(b(t('format'), () => formatForm(e), 'format'));
      buttons.push(b(t('documentsOf'), () => caseDocuments(e.id), 'documents'));
    }
    if (e.kind === 'translation' && e.raw.awaitingMyReview) buttons.push(b(t('review'), () => reviewForm(e), 'review'));
    if ((e.kind === 'petition' && hasRole('investigator', 'head')) || (e.kind === 'complaint' && hasRole('prosecutor')))
      buttons.push(b(t('answerPetition'), () => answerForm(e), 'answer'));
    return h('span', { class: 'row-actions' }, buttons);
  }

  function decisionForm(e: QueueEntry): void {
    const kind = h('select', { id: 'decision-kind' }, [
      h('option', { value: 'REGISTER_ERDR' }, t('decRegister')),
      h('option', { value: 'TRANSFER' }, t('decTransfer')),
      h('option', { value: 'ATTACH_TO_CASE' }, t('decAttach')),
      h('option', { value: 'REFUSE' }, t('decRefuse')),
    ]);
    const reason = h('textarea', { id: 'decision-reason', rows: 3 });
    const target = h('input', { type: 'text', id: 'decision-target' });
    const fTarget = field(`${t('toBody')} / ${t('erdrNumber')}`, target);
    const fReason = field(t('reason'), reason);
    // Registration needs nothing more; the others a reason, a transfer the body, an attachment the case.
    const shown = () => {
      fReason.wrap.hidden = kind.value === 'REGISTER_ERDR';
      fTarget.wrap.hidden = kind.value !== 'TRANSFER' && kind.value !== 'ATTACH_TO_CASE';
    };
    kind.addEventListener('change', shown);
    shown();
    const form = h(
      'form',
      { class: 'card', 'aria-label': `${t('decide')} ${e.number}` },
      h('h3', {}, `${t('decide')}: ${e.number}`),
      field(t('decisionKind'), kind).wrap,
      fReason.wrap,
      fTarget.wrap,
      h('button', { type: 'submit' }, t('confirm')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body: Record<string, string> = { kind: kind.value };
      if (kind.value !== 'REGISTER_ERDR') body.reason = reason.value;
      if (kind.value === 'TRANSFER') body.toBodyId = target.value;
      if (kind.value === 'ATTACH_TO_CASE') body.erdrNumber = target.value;
      void act(() => api('POST', `/api/v1/reports/${e.id}/decision`, body));
    });
    fill(panel, form);
    kind.focus();
  }

  function formatForm(e: QueueEntry): void {
    const format = h(
      'select',
      { id: 'case-format' },
      h('option', { value: 'ELECTRONIC' }, t('formatElectronic')),
      h('option', { value: 'PAPER' }, t('formatPaper')),
    );
    const form = h(
      'form',
      { class: 'card', 'aria-label': `${t('format')} ${e.number}` },
      h('h3', {}, `${t('format')}: ${e.number}`),
      field(t('format'), format).wrap,
      h('button', { type: 'submit' }, t('confirm')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void act(() => api('POST', `/api/v1/cases/${e.id}/format`, { format: format.value }));
    });
    fill(panel, form);
    format.focus();
  }

  function answerForm(e: QueueEntry): void {
    const results =
      e.kind === 'petition'
        ? [
            ['GRANTED', t('resultGranted')],
            ['PARTLY_GRANTED', t('resultPartly')],
            ['REFUSED', t('resultRefused')],
          ]
        : [
            ['UPHELD', t('resultGranted')],
            ['PARTLY_UPHELD', t('resultPartly')],
            ['DISMISSED', t('resultRefused')],
          ];
    const result = h(
      'select',
      { id: 'answer-result' },
      results.map(([v, l]) => h('option', { value: v }, l)),
    );
    const text = h('textarea', { id: 'answer-text', rows: 4 });
    const form = h(
      'form',
      { class: 'card', 'aria-label': `${t('answerPetition')} ${e.number}` },
      h('h3', {}, `${t(KIND_WORD[e.kind])}: ${e.number}`),
      field(t('result'), result).wrap,
      field(t('answer'), text).wrap,
      h('button', { type: 'submit' }, t('confirm')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const path = e.kind === 'petition' ? `/api/v1/petitions/${e.id}/answer` : `/api/v1/complaints/${e.id}/answer`;
      void act(() => api('POST', path, { result: result.value, text: text.value, materials: [] }));
    });
    fill(panel, form);
    result.focus();
  }

  /** 000 §5 step 4: the sender approves the translation («Келісілді») or returns it with a reason. */
  function reviewForm(e: QueueEntry): void {
    const decision = h('select', { id: 'review-decision' }, h('option', { value: 'APPROVE' }, t('approve')), h('option', { value: 'RETURN' }, t('returnIt')));
    const reason = h('textarea', { id: 'review-reason', rows: 3 });
    const fReason = field(t('reason'), reason);
    const shown = () => (fReason.wrap.hidden = decision.value !== 'RETURN');
    decision.addEventListener('change', shown);
    shown();
    const form = h(
      'form',
      { class: 'card', 'aria-label': `${t('review')} ${e.number}` },
      h('h3', {}, `${t('kindTranslation')}: ${e.number}`),
      field(t('review'), decision).wrap,
      fReason.wrap,
      h('button', { type: 'submit' }, t('confirm')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void act(() =>
        api(
          'POST',
          `/api/v1/translations/${e.id}/review`,
          decision.value === 'RETURN' ? { decision: 'RETURN', reason: reason.value } : { decision: 'APPROVE' },
        ),
      );
    });
    fill(panel, form);
    decision.focus();
  }

  async function caseDocuments(erdr: string): Promise<void> {
    try {
      const c = await api<{ documents: { id: string; title: unknown; addedAt: string }[] }>('GET', `/api/v1/cases/${erdr}`);
      const title = (x: unknown) => (typeof x === 'string' ? x : tr(x as Record<string, string>));
      materialsDialog(
        erdr,
        (c.documents ?? []).map((d) => ({ name: `${d.id} ${title(d.title)}`, addedAt: d.addedAt, href: `/api/v1/cases/${erdr}/documents/${d.id}` })),
        null,
        '',
      );
    } catch (x) {
      message.textContent = errorText(x);
    }
  }

  const draw = () => {
    const shown = entries.filter((e) => (!kindSel.value || e.kind === kindSel.value) && (!bodySel.value || e.bodyCode === bodySel.value));
    fill(
      list,
      table<QueueEntry>(
        t('boardTitle'),
        [
          { head: t('kind'), cell: (e) => t(KIND_WORD[e.kind]) },
          { head: t('number'), cell: (e) => h('span', { class: 'mono' }, e.number) },
          { head: t('body'), cell: bodyLabel },
          { head: t('status'), cell: (e) => (e.statusLabel ? tr(e.statusLabel) : e.status) },
          { head: t('dueAt'), cell: (e) => dateTime(e.dueAt) },
          { head: t('timeLeft'), cell: timeLeft },
          { head: t('actions'), cell: actions },
        ],
        shown,
        (e) => ({ 'data-kind': e.kind, 'data-number': e.number, class: e.overdue || (e.dueAt && Date.parse(e.dueAt) < Date.now()) ? 'overdue-row' : '' }),
      ),
    );
  };
  kindSel.addEventListener('change', draw);
  bodySel.addEventListener('change', draw);
  drawBodies();
  draw();
  fill(
    main,
    h('h2', {}, t('boardTitle')),
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (ev: Event) => ev.preventDefault() },
      field(t('kind'), kindSel).wrap,
      field(t('body'), bodySel).wrap,
      h('button', { type: 'button', id: 'board-refresh', onclick: () => void reload().catch((x) => (message.textContent = errorText(x))) }, t('refreshAll')),
    ),
    message,
    panel,
    list,
  );
}
