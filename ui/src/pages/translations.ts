// The translator's services (000 §4.7–4.8, §5; api/translation.ts): «Аударуға жіберілген құжаттар»,
// the tasks in work, with the document to download and «Аударманы жіберу» — a mandatory comment,
// the target language, the translated files (each signed, ≤ 10 MB), the whole signed — and
// «Орындалған тапсырмалар», the tasks sent for checking and approved («Келісілді»).
import { api, download, upload } from '../api';
import { field, h, fill, setError } from '../dom';
import { dateTime, t, tr, type Text } from '../i18n';
import { errorText, go } from '../nav';
import { erdrFilter, keyPicker, materialsDialog, table } from './common';
import { TRANSLATION_COMMENT_MIN } from '../../../domain/translation';

interface Task {
  id: string;
  erdrNumber: string;
  sender: { name: string | null };
  sentAt: string;
  decidingBody: { name: Text } | null;
  documentName: string;
  targetLanguage: string | null;
  statusLabel: Text | null;
  dueAt: string;
  submittedForReviewAt: string | null;
  returnReason: string | null;
  materials?: { name: string; sha256: string; addedAt: string }[];
}

export async function renderTranslations(main: HTMLElement, which: 'inbox' | 'completed', params: URLSearchParams): Promise<void> {
  const erdr = params.get('erdr');
  const path = which === 'inbox' ? '/translations' : '/translations/completed';
  const items = (await api<{ items: Task[] }>('GET', `/api/v1${path}${erdr ? `?erdrNumber=${erdr}` : ''}`)).items;
  const message = h('p', { class: 'error', role: 'alert' });
  const formSlot = h('div', { id: 'translation-form' });
  const title = which === 'inbox' ? t('svcTranslations') : t('svcTranslationsDone');
  fill(
    main,
    h('h2', {}, title),
    erdrFilter(erdr, (v) => go(v ? `${path}?erdr=${v}` : path)),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: () => go(`${path}${erdr ? `?erdr=${erdr}` : ''}`) }, t('refreshAll'))),
    message,
    formSlot,
    table<Task>(
      title,
      [
        { head: t('erdrNumber'), cell: (x) => h('span', { class: 'mono' }, x.erdrNumber) },
        { head: t('sender'), cell: (x) => x.sender.name ?? '' },
        { head: which === 'inbox' ? t('sentForWork') : t('sentForReview'), cell: (x) => dateTime(which === 'inbox' ? x.sentAt : x.submittedForReviewAt) },
        { head: t('decidingBody'), cell: (x) => tr(x.decidingBody?.name) },
        { head: t('documentName'), cell: (x) => x.documentName },
        { head: t('status'), cell: (x) => [tr(x.statusLabel), x.returnReason ? ` — ${x.returnReason}` : ''].join('') },
        {
          head: t('actions'),
          cell: (x) =>
            h(
              'span',
              { class: 'row-actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'small secondary',
                  'aria-label': `${t('download')} ${x.documentName}`,
                  onclick: () => download(`/api/v1/translations/${x.id}/source`, x.documentName).catch((e) => (message.textContent = errorText(e))),
                },
                t('download'),
              ),
              which === 'inbox'
                ? h(
                    'button',
                    { type: 'button', class: 'small', 'aria-label': `${t('sendTranslation')} ${x.documentName}`, onclick: () => submissionForm(formSlot, x) },
                    t('sendTranslation'),
                  )
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'small secondary',
                      'aria-label': `${t('materials')} ${x.documentName}`,
                      onclick: () =>
                        materialsDialog(
                          x.erdrNumber,
                          (x.materials ?? []).map((m) => ({ name: m.name, addedAt: m.addedAt, href: `/api/v1/translations/${x.id}/materials/${m.sha256}` })),
                          null,
                          '',
                        ),
                    },
                    t('materials'),
                  ),
            ),
        },
      ],
      items,
    ),
  );
}

/** «Аударманы жіберу» (000 §4.7 steps 1–10). */
function submissionForm(slot: HTMLElement, task: Task): void {
  const comment = field(t('comments'), h('textarea', { id: 'translation-comment', rows: 4 }), { required: true });
  const language = h(
    'select',
    { id: 'translation-language' },
    (['kk', 'ru', 'en'] as const).map((l) =>
      h('option', { value: l, selected: l === task.targetLanguage }, { kk: 'Қазақша', ru: 'Русский', en: 'English' }[l]),
    ),
  );
  const filesInput = h('input', { type: 'file', id: 'translation-files', multiple: true });
  const files = field(t('documents'), filesInput, { hint: t('filesHint'), required: true });
  const picker = keyPicker('sign', 'translation');
  const message = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h3', {}, `${task.documentName} (${task.erdrNumber})`),
    comment.wrap,
    field(t('translationLanguage'), language).wrap,
    files.wrap,
    picker.element,
    message,
    h('button', { type: 'submit' }, t('sendTranslation')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = (comment.control as HTMLTextAreaElement).value.trim();
    setError(comment, text.length < TRANSLATION_COMMENT_MIN ? `${t('required')} (≥ ${TRANSLATION_COMMENT_MIN})` : null);
    const chosen = [...(filesInput.files ?? [])];
    setError(files, chosen.length === 0 ? t('required') : chosen.some((f) => f.size > 10 * 1024 * 1024) ? t('fileTooLarge') : null);
    if (text.length < TRANSLATION_COMMENT_MIN || chosen.length === 0) return;
    try {
      const uploaded: { id: string; sha256: string }[] = [];
      for (const file of chosen) {
        const signature = await picker.sign(new Uint8Array(await file.arrayBuffer()), false);
        if (!signature) return;
        const fd = new FormData();
        fd.append('file', file, file.name);
        fd.append('signature', signature);
        const stored = await upload<{ id: string; sha256: string }>('/api/v1/files', fd, () => undefined);
        uploaded.push({ id: stored.id, sha256: stored.sha256 });
      }
      const signed = await picker.sign(
        new TextEncoder().encode(JSON.stringify({ taskId: task.id, comment: text, language: language.value, files: uploaded })),
        true,
      );
      if (!signed) return;
      await api('POST', `/api/v1/translations/${task.id}/submission`, { signedTranslation: signed });
      go('/translations/completed');
    } catch (x) {
      message.textContent = errorText(x);
    }
  });
  fill(slot, form);
}
