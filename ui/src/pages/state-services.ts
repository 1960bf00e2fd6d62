// The Committee's state services (004; api/archive-certificate.ts, api/offence-information.ts):
// the certificate of administrative-offence information — fully automatic, a signed request and the
// signed PDF in minutes (004 B) — and the archive certificate, with its timed steps (004 A), the
// requests listed with their status and the result to download.
import { api, download, session } from '../api';
import { field, h, fill, setError } from '../dom';
import { dateTime, locale, t, tr, type Text } from '../i18n';
import { errorText } from '../nav';
import { keyPicker, table } from './common';
import { ARCHIVE_OUTCOME_LABELS, ARCHIVE_REQUESTED } from '../../../domain/archive-certificate';

interface ArchiveItem {
  id: string;
  status: string;
  statusLabel: Text | null;
  receivedAt: string;
  dueAt: string;
  hasResult: boolean;
}

interface OffenceView {
  id: string;
  statusLabel: Text | null;
  receivedAt: string;
  resultSha256: string | null;
}

/** The offence-information requests made from this browser (the API reads them by id only). */
const offenceIdsKey = () => `erdr.offence-information.${session.user?.iin ?? ''}`;
const offenceIds = (): string[] => JSON.parse(localStorage.getItem(offenceIdsKey()) ?? '[]');

export async function renderStateServices(main: HTMLElement): Promise<void> {
  const message = h('p', { class: 'error', role: 'alert' });
  const offenceList = h('div', { id: 'offence-list' });
  const archiveList = h('div', { id: 'archive-list' });
  const language = (): 'kk' | 'ru' => (locale() === 'ru' ? 'ru' : 'kk');

  const drawOffence = async () => {
    const views = await Promise.all(offenceIds().map((id) => api<OffenceView>('GET', `/api/v1/offence-information/${id}`).catch(() => null)));
    fill(
      offenceList,
      table<OffenceView>(
        t('svcOffenceInfo'),
        [
          { head: t('submittedAt'), cell: (v) => dateTime(v.receivedAt) },
          { head: t('status'), cell: (v) => tr(v.statusLabel) },
          {
            head: t('actions'),
            cell: (v) =>
              v.resultSha256
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'small',
                      'data-action': 'offence-pdf',
                      onclick: () =>
                        download(`/api/v1/offence-information/${v.id}/result.pdf`, 'offence-information.pdf').catch(
                          (e) => (message.textContent = errorText(e)),
                        ),
                    },
                    t('downloadPdf'),
                  )
                : '',
          },
        ],
        views.filter((v): v is OffenceView => !!v),
      ),
    );
  };

  const drawArchive = async () => {
    const { items } = await api<{ items: ArchiveItem[] }>('GET', '/api/v1/archive-certificates');
    fill(
      archiveList,
      table<ArchiveItem>(
        t('svcArchive'),
        [
          { head: t('submittedAt'), cell: (v) => dateTime(v.receivedAt) },
          { head: t('status'), cell: (v) => tr(v.statusLabel) || v.status },
          { head: t('dueAt'), cell: (v) => dateTime(v.dueAt) },
          {
            head: t('actions'),
            cell: (v) =>
              v.hasResult
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'small',
                      onclick: () =>
                        download(`/api/v1/archive-certificates/${v.id}/result.pdf`, 'archive-certificate.pdf').catch(
                          (e) => (message.textContent = errorText(e)),
                        ),
                    },
                    t('downloadPdf'),
                  )
                : '',
          },
        ],
        items,
      ),
    );
  };

  // 004 B: one signed request naming the recipient (the signer) and the language.
  const offencePicker = keyPicker('sign', 'offence');
  const offenceForm = h(
    'form',
    { class: 'card', 'aria-labelledby': 'offence-title' },
    offencePicker.element,
    h('button', { type: 'submit', id: 'offence-submit' }, t('request')),
  );
  offenceForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const signed = await offencePicker.sign(new TextEncoder().encode(JSON.stringify({ recipientIin: session.user!.iin, language: language() })), true);
      if (!signed) return;
      const accepted = await api<{ id: string }>('POST', '/api/v1/offence-information', { signedRequest: signed }, { 'Idempotency-Key': crypto.randomUUID() });
      localStorage.setItem(offenceIdsKey(), JSON.stringify([accepted.id, ...offenceIds().filter((id) => id !== accepted.id)].slice(0, 50)));
      await drawOffence();
    } catch (x) {
      message.textContent = errorText(x);
    }
  });

  // 004 A-p.8.2: the archive certificate about oneself, collected at a State Corporation branch.
  const requested = h(
    'select',
    { id: 'archive-requested' },
    ARCHIVE_REQUESTED.map((r) => h('option', { value: r }, tr(ARCHIVE_OUTCOME_LABELS[r]))),
  );
  const bodyCode = field(t('archiveBody'), h('input', { type: 'text', id: 'archive-body', inputmode: 'numeric', maxlength: 6 }), { required: true });
  const subject = field(t('archiveSubject'), h('textarea', { id: 'archive-subject', rows: 3 }), { required: true });
  const period = field(t('archivePeriod'), h('input', { type: 'text', id: 'archive-period' }));
  const branch = field(t('archiveBranch'), h('input', { type: 'text', id: 'archive-branch' }), { required: true });
  const archivePicker = keyPicker('sign', 'archive');
  const value = (f: { control: HTMLElement }) => (f.control as HTMLInputElement).value.trim();
  const archiveForm = h(
    'form',
    { class: 'card', novalidate: true },
    field(t('archiveRequested'), requested).wrap,
    bodyCode.wrap,
    subject.wrap,
    period.wrap,
    branch.wrap,
    archivePicker.element,
    h('button', { type: 'submit' }, t('request')),
  );
  archiveForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    setError(bodyCode, /^\d{6}$/.test(value(bodyCode)) ? null : t('bodyCodeInvalid'));
    setError(subject, value(subject).length >= 10 ? null : t('fabulaTooShort'));
    setError(branch, value(branch).length >= 3 ? null : t('required'));
    if (!/^\d{6}$/.test(value(bodyCode)) || value(subject).length < 10 || value(branch).length < 3) return;
    try {
      const content = {
        recipientIin: session.user!.iin,
        recipientName: session.user!.name,
        bodyCode: value(bodyCode),
        requested: requested.value,
        subject: value(subject),
        ...(value(period) ? { period: value(period) } : {}),
        language: language(),
        collectionBranch: value(branch),
      };
      const signed = await archivePicker.sign(new TextEncoder().encode(JSON.stringify(content)), true);
      if (!signed) return;
      await api('POST', '/api/v1/archive-certificates', { signedRequest: signed }, { 'Idempotency-Key': crypto.randomUUID() });
      await drawArchive();
    } catch (x) {
      message.textContent = errorText(x);
    }
  });

  await Promise.all([drawOffence(), drawArchive()]);
  fill(
    main,
    h('h2', {}, t('svcStateServices')),
    message,
    h(
      'section',
      { 'aria-labelledby': 'offence-title' },
      h('h3', { id: 'offence-title' }, t('svcOffenceInfo')),
      offenceForm,
      h('button', { type: 'button', class: 'secondary', id: 'offence-refresh', onclick: () => void drawOffence() }, t('refreshAll')),
      offenceList,
    ),
    h(
      'section',
      { 'aria-labelledby': 'archive-title' },
      h('h3', { id: 'archive-title' }, t('svcArchive')),
      archiveForm,
      h('button', { type: 'button', class: 'secondary', onclick: () => void drawArchive() }, t('refreshAll')),
      archiveList,
    ),
  );
}
