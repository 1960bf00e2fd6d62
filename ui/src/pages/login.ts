// Login (000 §2.3, §4.2; api/auth.ts): the API hands out a single-use nonce, the page signs its
// bytes with the authentication key — from a key file opened here, or through NCALayer — and the
// signature opens a session. The first login registers the person.
import { api, session, type User } from '../api';
import { h, fill } from '../dom';
import { t } from '../i18n';
import { errorText } from '../nav';
import { fromBase64 } from '../signer';
import { keyPicker } from './common';

export function renderLogin(main: HTMLElement, loggedIn: (user: User) => void): void {
  const picker = keyPicker('auth', 'login');
  const message = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const button = h('button', { type: 'submit', id: 'login-submit' }, t('login'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'login-title' }, picker.element, message, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    button.disabled = true;
    try {
      const challenge = await api<{ challengeId: string; nonce: string }>('POST', '/api/v1/auth/challenge');
      // The nonce's bytes are signed, not their base64 text (detached CMS).
      const signature = await picker.sign(fromBase64(challenge.nonce), false);
      if (!signature) return;
      const result = await api<{ token: string; user: User }>('POST', '/api/v1/auth/login', { challengeId: challenge.challengeId, signature });
      session.token = result.token;
      loggedIn(result.user);
    } catch (err) {
      message.textContent = errorText(err);
    } finally {
      button.disabled = false;
    }
  });
  fill(main, h('h2', { id: 'login-title' }, t('loginTitle')), h('p', {}, t('loginIntro')), form);
}
