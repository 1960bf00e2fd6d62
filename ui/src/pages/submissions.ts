// Petitions (өтінішхат, 000 §4.5–4.6) and complaints (шағым, 000 §4.10, CPC art. 105–106): both are
// filed on a case available to the participant, signed, with signed attachments, and listed with
// their answers. The petition's «request access to materials» tick fills the template text
// (domain/petition.ts ACCESS_REQUEST_TEMPLATE); without it the content needs 100 characters.
import { api, upload } from '../api';
import { field, h, fill, setError } from '../dom';
import { dateTime, locale, t, tr, type Text } from '../i18n';
import { errorText, go } from '../nav';
import { erdrFilter, keyPicker, materialsDialog, table } from './common';
import { ACCESS_REQUEST_TEMPLATE, CONTENT_TOO_SHORT, PETITION_CONTENT_MIN } from '../../../domain/petition';
import { COMPLAINT_CONTENT_MIN, COMPLAINT_SUBJECT_LABELS } from '../../../domain/complaint';

export type SubmissionKind = 'petition' | 'complaint';

const CONTENT_MIN: Record<SubmissionKind, number> = { petition: PETITION_CONTENT_MIN, complaint: COMPLAINT_CONTENT_MIN };

const apiBase = (kind: SubmissionKind) => (kind === 'petition' ? '/api/v1/petitions' : '/api/v1/complaints');

interface AvailableCase {
  erdrNumber: string;
  fabula: string | null;
  petitions: { filed: number; considered: number };
  inProceedings: { body: { code: string; name: Text | null }; officialName: string | null };
  decidingBody: { code: string; name: Text | null };
}

export async function renderSubmissionForm(main: HTMLElement, kind: SubmissionKind): Promise<void> {
  const title = kind === 'petition' ? t('svcPetition') : t('svcComplaint');
  const cases = (await api<{ items: AvailableCase[] }>('GET', '/api/v1/petitions/available-cases')).items;
  const formSlot = h('div', { id: 'submission-form' });
  fill(
    main,
    h('h2', {}, title),
    table<AvailableCase>(
      t('availableCases'),
      [
        { head: t('erdrNumber'), cell: (c) => h('span', { class: 'mono' }, c.erdrNumber) },
        { head: t('fabulaCol'), cell: (c) => c.fabula ?? '' },
        { head: t('petitionsCount'), cell: (c) => `${c.petitions.filed} / ${c.petitions.considered}` },
        {
          head: t('inProceedings'),
          cell: (c) => [tr(c.inProceedings.body.name) || c.inProceedings.body.code, c.inProceedings.officialName].filter(Boolean).join(', '),
        },
        { head: t('decidingBody'), cell: (c) => tr(c.decidingBody.name) || c.decidingBody.code },
        { head: t('actions'), cell: (c) => h('button', { type: 'button', onclick: () => drawForm(formSlot, kind, c.erdrNumber) }, t('fileHere')) },
      ],
      cases,
    ),
    formSlot,
  );
}

function drawForm(slot: HTMLElement, kind: SubmissionKind, erdrNumber: string): void {
  const accessBox = h('input', { type: 'checkbox', id: 'access-request', name: 'accessRequest' });
  const language = h(
    'select',
    { id: 'submission-language', name: 'language' },
    (['kk', 'ru', 'en'] as const).map((l) => h('option', { value: l, selected: l === locale() }, { kk: 'Қазақша', ru: 'Русский', en: 'English' }[l])),
  );
  const subject = h(
    'select',
    { id: 'complaint-subject', name: 'subject' },
    Object.entries(COMPLAINT_SUBJECT_LABELS).map(([v, l]) => h('option', { value: v }, tr(l))),
  );
  const contentInput = h('textarea', { id: 'submission-content', name: 'content', rows: 7 });
  const content = field(t('content'), contentInput, { required: true });
  const fLanguage = field(t('writtenIn'), language);
  const fSubject = field(t('subject'), subject);
  // The tick puts the template in the chosen language; the user appends the list of materials.
  const applyTemplate = () => {
    const all = Object.values(ACCESS_REQUEST_TEMPLATE);
    const rest = all.reduce((text, tpl) => (text.startsWith(tpl) ? text.slice(tpl.length) : text), contentInput.value);
    contentInput.value = accessBox.checked ? ACCESS_REQUEST_TEMPLATE[language.value as keyof Text] + rest : rest;
  };
  accessBox.addEventListener('change', applyTemplate);
  language.addEventListener('change', () => accessBox.checked && applyTemplate());
  const filesInput = h('input', { type: 'file', id: 'submission-files', name: 'files', multiple: true });
  const files = field(t('documents'), filesInput, { hint: t('filesHint') });
  const progress = h('ul', { class: 'uploads', 'aria-live': 'polite' });
  const picker = keyPicker('sign', kind);
  const message = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'submission-submit' }, t('send'));
  const idempotencyKey = crypto.randomUUID();

  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h3', {}, `${t('erdrNumber')}: ${erdrNumber}`),
    kind === 'petition' ? h('div', { class: 'check' }, accessBox, h('label', { for: 'access-request' }, t('accessRequest'))) : fSubject.wrap,
    fLanguage.wrap,
    content.wrap,
    files.wrap,
    progress,
    picker.element,
    message,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    const text = contentInput.value.trim();
    const tooShort = kind === 'petition' ? !accessBox.checked && text.length < CONTENT_MIN.petition : text.length < CONTENT_MIN.complaint;
    setError(content, tooShort ? (kind === 'petition' ? tr(CONTENT_TOO_SHORT) : t('complaintTooShort')) : null);
    if (tooShort) return contentInput.focus();
    submit.disabled = true;
    try {
      const attachments: { id: string; sha256: string }[] = [];
      for (const file of filesInput.files ?? []) {
        if (file.size > 10 * 1024 * 1024) return setError(files, t('fileTooLarge'));
        const bar = h('progress', { max: 100, value: 0, 'aria-label': `${t('uploading')} ${file.name}` });
        progress.append(h('li', {}, file.name, ' ', bar));
        const signature = await picker.sign(new Uint8Array(await file.arrayBuffer()), false);
        if (!signature) return;
        const fd = new FormData();
        fd.append('file', file, file.name);
        fd.append('signature', signature);
        const stored = await upload<{ id: string; sha256: string }>('/api/v1/files', fd, (f) => (bar.value = Math.round(f * 100)));
        attachments.push({ id: stored.id, sha256: stored.sha256 });
      }
      const body =
        kind === 'petition'
          ? { erdrNumber, accessRequest: accessBox.checked, language: language.value, content: contentInput.value, attachments }
          : { erdrNumber, subject: subject.value, language: language.value, content: contentInput.value, attachments };
      const signed = await picker.sign(new TextEncoder().encode(JSON.stringify(body)), true);
      if (!signed) return;
      await api('POST', apiBase(kind), kind === 'petition' ? { signedPetition: signed } : { signedComplaint: signed }, { 'Idempotency-Key': idempotencyKey });
      fill(
        slot,
        h(
          'div',
          { class: 'success', role: 'status' },
          h('p', {}, kind === 'petition' ? t('petitionSent') : t('complaintSent')),
          h('a', { href: kind === 'petition' ? '#/petitions' : '#/complaints' }, kind === 'petition' ? t('svcPetitionStatus') : t('svcComplaintStatus')),
        ),
      );
    } catch (err) {
      message.textContent = errorText(err);
    } finally {
      submit.disabled = false;
    }
  });
  fill(slot, form);
  contentInput.focus();
}

interface SubmissionItem {
  id: string;
  erdrNumber: string;
  content: string;
  sentAt: string;
  registeringBody: { code: string; name: Text | null };
  subject?: string;
  statusLabel: Text | null;
  resultLabel: Text;
  answerText: string | null;
  responderName: string | null;
  answeredAt: string | null;
}

interface SubmissionDetails extends SubmissionItem {
  materials: { name: string; sha256: string; addedAt: string }[];
}

export async function renderSubmissions(main: HTMLElement, kind: SubmissionKind, params: URLSearchParams): Promise<void> {
  const title = kind === 'petition' ? t('svcPetitionStatus') : t('svcComplaintStatus');
  const erdr = params.get('erdr');
  const message = h('p', { class: 'error', role: 'alert' });
  const list = h('div');
  const query = erdr ? `?erdrNumber=${erdr}` : '';
  let items = (await api<{ items: SubmissionItem[] }>('GET', `${apiBase(kind)}${query}`)).items;
  const base = kind === 'petition' ? '/petitions' : '/complaints';

  const materials = async (id: string) => {
    try {
      const d = await api<SubmissionDetails>('GET', `${apiBase(kind)}/${id}`);
      materialsDialog(
        d.erdrNumber,
        d.materials.map((m) => ({ name: m.name, addedAt: m.addedAt, href: `${apiBase(kind)}/${id}/materials/${m.sha256}` })),
        `${apiBase(kind)}/${id}/materials.zip`,
        `${kind}-${id}.zip`,
      );
    } catch (e) {
      message.textContent = errorText(e);
    }
  };
  const refreshOne = async (id: string) => {
    try {
      const d = await api<SubmissionDetails>('GET', `${apiBase(kind)}/${id}`);
      items = items.map((r) => (r.id === id ? { ...r, ...d } : r));
      draw();
    } catch (e) {
      message.textContent = errorText(e);
    }
  };
  const draw = () =>
    fill(
      list,
      table<SubmissionItem>(
        title,
        [
          { head: t('erdrNumber'), cell: (r) => h('span', { class: 'mono' }, r.erdrNumber) },
          ...(kind === 'complaint'
            ? [{ head: t('subject'), cell: (r: SubmissionItem) => tr(COMPLAINT_SUBJECT_LABELS[r.subject as keyof typeof COMPLAINT_SUBJECT_LABELS]) }]
            : []),
          { head: t('content'), cell: (r) => (r.content.length > 160 ? `${r.content.slice(0, 160)}…` : r.content) },
          { head: t('sentDate'), cell: (r) => dateTime(r.sentAt).slice(0, 10) },
          { head: t('registeringBody'), cell: (r) => tr(r.registeringBody?.name) || r.registeringBody?.code },
          { head: t('result'), cell: (r) => tr(r.resultLabel) },
          { head: t('answer'), cell: (r) => r.answerText ?? '' },
          { head: t('responder'), cell: (r) => r.responderName ?? '' },
          { head: t('answerDate'), cell: (r) => dateTime(r.answeredAt).slice(0, 10) },
          {
            head: t('actions'),
            cell: (r) =>
              h(
                'span',
                { class: 'row-actions' },
                h(
                  'button',
                  { type: 'button', class: 'icon', 'aria-label': `${t('refresh')} ${r.erdrNumber}`, title: t('refresh'), onclick: () => refreshOne(r.id) },
                  '⟳',
                ),
                h(
                  'button',
                  { type: 'button', class: 'small secondary', 'aria-label': `${t('materials')} ${r.erdrNumber}`, onclick: () => materials(r.id) },
                  t('materials'),
                ),
              ),
          },
        ],
        items,
      ),
    );
  draw();
  fill(
    main,
    h('h2', {}, title),
    erdrFilter(erdr, (v) => go(v ? `${base}?erdr=${v}` : base)),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: () => go(`${base}${erdr ? `?erdr=${erdr}` : ''}`) }, t('refreshAll'))),
    message,
    list,
  );
}
