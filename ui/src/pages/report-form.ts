// «Қылмыстық құқық бұзушылық туралы арыз беру» (000 §4.3): the offence date and time, the fabula
// (10–2000 characters), region → district → body from the dictionaries, documents (≤ 10 MB each,
// DOCX converted to PDF by the service), the applicant's address, e-mail and phone, the art. 419
// warning, the signature. On «ЖІБЕРУ» each file is signed (detached CMS by the signing key) and
// uploaded with its progress shown, then the report's JSON is signed (content attached) and sent
// with an Idempotency-Key, so pressing again after a lost answer gives the same talon.
import { api, ApiError, upload } from '../api';
import { field, h, fill, setError } from '../dom';
import { t, tr } from '../i18n';
import { errorText } from '../nav';
import { keyPicker } from './common';

import { FABULA_MAX, FABULA_MIN } from '../../../domain/report';

/** 000 §4.3 field 7 (documents/media-type.ts MAX_FILE_BYTES on the server). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

interface Entry {
  id: string;
  code: string;
  name: { kk: string; ru: string; en: string };
}

/** `2026-11-22` + `23:10` in the browser's zone → `2026-11-22T23:10:00+05:00`. */
export function withOffset(date: string, time: string): string {
  const d = new Date(`${date}T${time || '00:00'}:00`);
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${date}T${time || '00:00'}:00${off >= 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
}

export async function renderReportForm(main: HTMLElement): Promise<void> {
  const regions = await api<Entry[]>('GET', '/api/v1/dictionaries/regions');
  const option = (e: Entry) => h('option', { value: e.id }, tr(e.name));
  const placeholder = () => h('option', { value: '' }, t('choose'));

  const date = field(t('offenceDate'), h('input', { type: 'date', name: 'offenceDate', id: 'offence-date' }), { required: true });
  const time = field(t('offenceTime'), h('input', { type: 'time', name: 'offenceTime', id: 'offence-time' }), { required: true });
  const fabulaInput = h('textarea', { name: 'fabula', id: 'fabula', rows: 6, maxlength: FABULA_MAX });
  const fabula = field(t('fabula'), fabulaInput, { required: true });
  const counter = h('p', { class: 'hint', 'aria-live': 'polite' }, `0 / ${FABULA_MAX}`);
  fabulaInput.addEventListener('input', () => (counter.textContent = `${fabulaInput.value.length} / ${FABULA_MAX}`));
  const regionSel = h('select', { name: 'region', id: 'region' }, placeholder(), regions.map(option));
  const districtSel = h('select', { name: 'district', id: 'district', disabled: true }, placeholder());
  const bodySel = h('select', { name: 'body', id: 'body', disabled: true }, placeholder());
  const region = field(t('region'), regionSel, { required: true });
  const district = field(t('district'), districtSel, { required: true });
  const body = field(t('body'), bodySel, { required: true });
  // The cascade: a region's districts, then a district's bodies, each from the dictionaries API.
  regionSel.addEventListener('change', async () => {
    fill(districtSel, placeholder());
    fill(bodySel, placeholder());
    bodySel.disabled = true;
    districtSel.disabled = !regionSel.value;
    if (regionSel.value)
      fill(
        districtSel,
        placeholder(),
        (await api<Entry[]>('GET', `/api/v1/dictionaries/regions/${encodeURIComponent(regionSel.value)}/districts`)).map(option),
      );
  });
  districtSel.addEventListener('change', async () => {
    fill(bodySel, placeholder());
    bodySel.disabled = !districtSel.value;
    if (districtSel.value)
      fill(bodySel, placeholder(), (await api<Entry[]>('GET', `/api/v1/dictionaries/districts/${encodeURIComponent(districtSel.value)}/bodies`)).map(option));
  });

  const filesInput = h('input', { type: 'file', name: 'documents', id: 'documents', multiple: true, accept: '.pdf,.docx,.jpg,.jpeg,.png' });
  const files = field(t('documents'), filesInput, { hint: t('filesHint') });
  const progress = h('ul', { class: 'uploads', 'aria-live': 'polite' });
  filesInput.addEventListener('change', () => {
    const big = [...(filesInput.files ?? [])].filter((f) => f.size > MAX_FILE_BYTES);
    setError(files, big.length ? `${t('fileTooLarge')}: ${big.map((f) => f.name).join(', ')}` : null);
  });

  const address = field(t('address'), h('input', { type: 'text', name: 'address', id: 'address', autocomplete: 'street-address' }), { required: true });
  const email = field(t('email'), h('input', { type: 'email', name: 'email', id: 'email', autocomplete: 'email' }), { required: true });
  const phone = field(t('phone'), h('input', { type: 'tel', name: 'phone', id: 'phone', autocomplete: 'tel', placeholder: '+7XXXXXXXXXX' }), {
    required: true,
  });
  const warnBox = h('input', { type: 'checkbox', name: 'warning419', id: 'warning419' });
  const warnError = h('p', { class: 'field-error', id: 'warning419-error', role: 'alert' });
  warnBox.setAttribute('aria-describedby', 'warning419-error');
  const picker = keyPicker('sign', 'report');
  const summary = h('div', { role: 'alert', class: 'error', id: 'report-error' });
  const submit = h('button', { type: 'submit', id: 'report-submit' }, t('send'));

  const value = (f: { control: HTMLElement }) => (f.control as HTMLInputElement).value.trim();

  /** The seed's checks (000 §4.3, §8), shown at each field; true when the form may go. */
  function validate(): boolean {
    const checks: [ReturnType<typeof field>, string | null][] = [
      [date, value(date) ? null : t('required')],
      [time, value(time) ? null : t('required')],
      [fabula, value(fabula).length < FABULA_MIN ? t('fabulaTooShort') : value(fabula).length > FABULA_MAX ? t('fabulaTooLong') : null],
      [region, regionSel.value ? null : t('required')],
      [district, districtSel.value ? null : t('required')],
      [body, bodySel.value ? null : t('required')],
      [files, [...(filesInput.files ?? [])].some((f) => f.size > MAX_FILE_BYTES) ? t('fileTooLarge') : null],
      [address, value(address).length < 5 ? t('addressTooShort') : null],
      [email, /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value(email)) ? null : t('emailInvalid')],
      [phone, /^\+7\d{10}$/.test(value(phone)) ? null : t('phoneInvalid')],
    ];
    for (const [f, message] of checks) setError(f, message);
    warnError.textContent = warnBox.checked ? '' : t('warning419Missing');
    if (warnBox.checked) warnBox.removeAttribute('aria-invalid');
    else warnBox.setAttribute('aria-invalid', 'true');
    const firstBad = checks.find(([, m]) => m)?.[0].control ?? (warnBox.checked ? null : warnBox);
    firstBad?.focus();
    return !firstBad;
  }

  // One key per filled-in form: a retry after a lost answer is the same submission.
  const idempotencyKey = crypto.randomUUID();
  const uploaded = new Map<File, { id: string; sha256: string }>();

  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'report-title' },
    h('div', { class: 'row' }, date.wrap, time.wrap),
    fabula.wrap,
    counter,
    region.wrap,
    district.wrap,
    body.wrap,
    files.wrap,
    progress,
    h('fieldset', {}, h('legend', {}, t('applicant')), address.wrap, email.wrap, phone.wrap),
    h(
      'div',
      { class: 'check' },
      warnBox,
      h('label', { for: 'warning419' }, t('warning419'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
      warnError,
    ),
    picker.element,
    summary,
    submit,
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summary.textContent = '';
    if (!validate()) {
      summary.textContent = t('formHasErrors');
      return;
    }
    submit.disabled = true;
    try {
      const attachments: { id: string; sha256: string }[] = [];
      for (const file of filesInput.files ?? []) {
        const done = uploaded.get(file);
        if (done) {
          attachments.push(done);
          continue;
        }
        const bar = h('progress', { max: 100, value: 0, 'aria-label': `${t('uploading')} ${file.name}` });
        const item = h('li', { 'data-file': file.name }, h('span', {}, file.name), ' ', bar, h('span', { class: 'pct' }, ' 0%'));
        progress.append(item);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const signature = await picker.sign(bytes, false);
        if (!signature) return;
        const fd = new FormData();
        fd.append('file', file, file.name);
        fd.append('signature', signature);
        const stored = await upload<{ id: string; sha256: string }>('/api/v1/files', fd, (f) => {
          bar.value = Math.round(f * 100);
          item.querySelector('.pct')!.textContent = ` ${Math.round(f * 100)}%`;
        });
        uploaded.set(file, { id: stored.id, sha256: stored.sha256 });
        attachments.push({ id: stored.id, sha256: stored.sha256 });
      }
      const content = {
        offenceAt: withOffset(value(date), value(time)),
        fabula: value(fabula),
        regionId: regionSel.value,
        districtId: districtSel.value,
        bodyId: bodySel.value,
        applicant: { address: value(address), email: value(email), phone: value(phone) },
        falseReportWarningAccepted: true,
        attachments,
      };
      const signedReport = await picker.sign(new TextEncoder().encode(JSON.stringify(content)), true);
      if (!signedReport) return;
      const accepted = await api<{ talon: string; status: string }>('POST', '/api/v1/reports', { signedReport }, { 'Idempotency-Key': idempotencyKey });
      fill(
        main,
        h('h2', { id: 'report-title' }, t('svcReport')),
        h('div', { class: 'success', role: 'status' }, h('p', {}, t('reportSent')), h('p', { class: 'talon', id: 'talon' }, accepted.talon)),
        progress,
        h('p', {}, h('a', { href: '#/reports' }, t('svcReportStatus'))),
      );
    } catch (err) {
      summary.textContent = errorText(err);
      if (err instanceof ApiError && err.fields)
        summary.textContent += ` (${Object.entries(err.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ')})`;
    } finally {
      submit.disabled = false;
    }
  });

  fill(main, h('h2', { id: 'report-title' }, t('svcReport')), form);
}
