// «Пайдаланушы келісімі» (002 p.17, p.19, annex A-6; api/account.ts): at the first login an
// official reads the user agreement and signs it with their EDS before any service opens — until
// then the API answers every other call with 428 AGREEMENT_REQUIRED and the UI shows this page in
// place of the one asked for. The API names the exact JSON to sign (the agreement's version, the
// SHA-256 of its texts, the official's IIN); it is signed with the signing key, content attached,
// through the same key picker as every other signed form (000 §7.1), and then the official goes on
// to the page they were opening.
import { api, session, type User } from '../api';
import { h, fill } from '../dom';
import { dateTime, t, tr, type Text } from '../i18n';
import { errorText, go } from '../nav';
import { keyPicker } from './common';

interface Agreement {
  version: string;
  text: Text;
  textSha256: string;
  /** Exactly what is signed (UTF-8 JSON, attached CMS). */
  toSign: Record<string, unknown>;
  signedAt: string | null;
}

/** Where to go once signed: the page the official was opening (the address stays), or home. */
function continueToWantedPage(): void {
  const here = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  go(here.startsWith('/agreement') ? '/' : here);
}

export async function renderAgreement(main: HTMLElement): Promise<void> {
  const agreement = await api<Agreement>('GET', '/api/v1/account/agreement');
  // The text comes as lines: the title, the numbered clauses, the closing tick.
  const [title, ...clauses] = tr(agreement.text).split('\n');
  const text = h(
    'section',
    { class: 'card agreement-text', id: 'agreement-text', 'aria-labelledby': 'agreement-text-title' },
    h('h3', { id: 'agreement-text-title' }, title),
    clauses.map((line) => h('p', {}, line)),
    h('p', { class: 'muted' }, `${t('agreementVersion')}: ${agreement.version}`),
  );
  const heading = h('h2', { id: 'agreement-title' }, t('svcAgreement'));

  if (agreement.signedAt) {
    fill(main, heading, h('p', { class: 'success', role: 'status', id: 'agreement-status' }, `${t('agreementSigned')}: ${dateTime(agreement.signedAt)}`), text);
    return;
  }

  const picker = keyPicker('sign', 'agreement');
  const error = h('p', { class: 'error', role: 'alert', id: 'agreement-error' });
  const submit = h('button', { type: 'submit', id: 'agreement-sign' }, t('agreementSign'));
  const form = h('form', { class: 'card', 'aria-labelledby': 'agreement-title' }, picker.element, error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const signature = await picker.sign(new TextEncoder().encode(JSON.stringify(agreement.toSign)), true);
      if (!signature) return;
      await api('POST', '/api/v1/account/agreement', { signature });
      session.user = (await api<{ user: User }>('GET', '/api/v1/auth/me')).user;
      continueToWantedPage();
    } catch (x) {
      error.textContent = errorText(x);
    } finally {
      submit.disabled = false;
    }
  });
  fill(main, heading, text, form);
}
