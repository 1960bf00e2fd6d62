// What several pages share: the key picker of every signing form (000 §7.1), tables, the
// materials pop-up (000 §7.4), the ERDR-number filter (000 §7.5) and the list refresh buttons.
import { download } from '../api';
import { field, h, fill, setError } from '../dom';
import { dateTime, t, tr } from '../i18n';
import { WrongPasswordError } from '../eds';
import { NcaLayerError } from '../ncalayer';
import { openedKey, openKeyFile, sign, type Purpose, type Storage } from '../signer';
import { ERDR_FILTER_MESSAGE } from '../../../domain/petition';

export interface KeyPicker {
  element: HTMLElement;
  /** Signs with the chosen storage, opening the key file first if needed; null (with the message shown) when it cannot. */
  sign(content: Uint8Array, attached: boolean): Promise<string | null>;
}

/**
 * «Сертификат» / «Қойма»: the key storage (a file opened here, or NCALayer), the key file and its
 * password (000 §4.3 fields 6, 8). For NCALayer the file and password are asked by NCALayer itself.
 */
export function keyPicker(purpose: Purpose, idPrefix: string): KeyPicker {
  const storage = h(
    'select',
    { id: `${idPrefix}-storage`, name: 'storage' },
    h('option', { value: 'file' }, t('storageFile')),
    h('option', { value: 'ncalayer' }, t('storageNcaLayer')),
  );
  const fileInput = h('input', { type: 'file', id: `${idPrefix}-keyfile`, name: 'keyfile', accept: '.p12,.pfx,application/x-pkcs12' });
  const password = h('input', { type: 'password', id: `${idPrefix}-password`, name: 'password', autocomplete: 'current-password' });
  const fStorage = field(purpose === 'auth' ? t('storage') : t('certificate'), storage);
  const fFile = field(t('keyFile'), fileInput, { hint: purpose === 'auth' ? t('authKeyHint') : t('signKeyHint') });
  const fPassword = field(t('password'), password);
  const already = openedKey(purpose);
  const status = h('p', { class: 'key-status', role: 'status' }, already ? `✔ ${already.holder}` : '');
  const fileFields = h('div', {}, fFile.wrap, fPassword.wrap);
  storage.addEventListener('change', () => {
    fileFields.hidden = storage.value !== 'file';
  });
  const element = h('fieldset', { class: 'key-picker' }, h('legend', {}, t('signature')), fStorage.wrap, fileFields, status);

  return {
    element,
    async sign(content, attached) {
      setError(fFile, null);
      setError(fPassword, null);
      const chosen = storage.value as Storage;
      try {
        if (chosen === 'file') {
          const file = fileInput.files?.[0];
          if (file) {
            const key = await openKeyFile(purpose, file, password.value);
            status.textContent = `✔ ${key.holder}${key.iin ? ` (${key.iin})` : ''}`;
          } else if (!openedKey(purpose)) {
            setError(fFile, t('chooseKeyFile'));
            return null;
          }
        }
        return await sign(chosen, purpose, content, attached);
      } catch (e) {
        if (e instanceof WrongPasswordError) setError(fPassword, t('wrongPassword'));
        else if (e instanceof NcaLayerError && e.unreachable) setError(fStorage, t('ncaLayerMissing'));
        else setError(chosen === 'file' ? fFile : fStorage, e instanceof Error ? e.message : String(e));
        return null;
      }
    },
  };
}

export interface Column<T> {
  head: string;
  cell: (row: T) => Node | string | null | undefined;
  className?: string;
}

/** A table with a caption; on narrow screens each row becomes a card (app.css, data-label). */
export function table<T>(caption: string, columns: Column<T>[], rows: T[], rowAttrs: (row: T) => Record<string, string> = () => ({})): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, t('nothing'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c.head)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            rowAttrs(r),
            columns.map((c) => h('td', { 'data-label': c.head, class: c.className }, c.cell(r) ?? '')),
          ),
        ),
      ),
    ),
  );
}

export interface MaterialRow {
  name: string;
  addedAt: string;
  /** The API path of the file, if it can be downloaded on its own. */
  href?: string;
  /** The API path of its PDF (a DOCX's conversion). */
  pdfHref?: string;
}

/** «Материалдар» (000 §7.4): the files with their time, per-file download, download all, close. */
export function materialsDialog(title: string, rows: MaterialRow[], zipHref: string | null, zipName: string): void {
  const dialog = h('dialog', { class: 'materials', 'aria-labelledby': 'materials-title' });
  const message = h('p', { class: 'error', role: 'alert' });
  const fetchIt = (href: string, name: string) => download(href, name).catch((e) => (message.textContent = String(e.message ?? e)));
  fill(
    dialog,
    h('h3', { id: 'materials-title' }, `${t('materials')} — ${title}`),
    h('h4', {}, t('sentMaterials')),
    rows.length === 0
      ? h('p', {}, t('nothing'))
      : h(
          'ul',
          {},
          rows.map((r) =>
            h(
              'li',
              {},
              h('span', { class: 'file-name' }, r.name),
              ' ',
              h('span', { class: 'muted' }, dateTime(r.addedAt)),
              ' ',
              r.href ? h('button', { type: 'button', class: 'link', onclick: () => fetchIt(r.href!, r.name) }, t('download')) : null,
              ' ',
              r.pdfHref
                ? h(
                    'button',
                    { type: 'button', class: 'link', 'data-pdf': 'true', onclick: () => fetchIt(r.pdfHref!, r.name.replace(/\.\w+$/, '.pdf')) },
                    t('downloadPdf'),
                  )
                : null,
            ),
          ),
        ),
    message,
    h(
      'div',
      { class: 'buttons' },
      zipHref ? h('button', { type: 'button', onclick: () => fetchIt(zipHref, zipName) }, t('downloadAll')) : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('close')),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/** The ERDR-number filter (000 §7.5): 15 digits or the seed's message; calls `apply` with the number or null. */
export function erdrFilter(initial: string | null, apply: (erdr: string | null) => void): HTMLElement {
  const input = h('input', { type: 'text', inputmode: 'numeric', name: 'erdr', value: initial ?? '', maxlength: 15, placeholder: t('erdrInput') });
  const f = field(t('erdrInput'), input);
  const form = h(
    'form',
    { class: 'filter', role: 'search' },
    f.wrap,
    h('button', { type: 'submit' }, t('filter')),
    h('button', { type: 'button', class: 'secondary', onclick: () => apply(null) }, t('clear')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!/^\d{15}$/.test(v)) return setError(f, tr(ERDR_FILTER_MESSAGE));
    apply(v);
  });
  return form;
}
