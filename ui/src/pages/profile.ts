// «Пайдаланушы профилі» (000 §6, api/profile.ts): the name and IIN from the certificate, the birth
// date and address from the State Database of Individuals, and the person's own contact details.
// After the first login the mandatory fields come first: until they are saved, the API answers
// every other service with 428 PROFILE_REQUIRED and the UI opens this page. A changed mobile
// number is confirmed with the code sent to it by SMS.
import { api, ApiError, session, type User } from '../api';
import { field, h, fill, setError } from '../dom';
import { locale, t, tr, type Text } from '../i18n';
import { errorText, go } from '../nav';

interface Profile {
  iin: string;
  fullName: string;
  birthDate: string | null;
  address: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  smsOptIn: boolean;
  locale: string;
  status: 'INCOMPLETE' | 'COMPLETE' | 'MOBILE_PENDING';
  statusLabel: Text;
  pendingMobile: { mobile: string; expiresAt: string } | null;
}

export async function renderProfile(main: HTMLElement): Promise<void> {
  let profile = await api<Profile>('GET', '/api/v1/profile');
  const message = h('div', { role: 'status', id: 'profile-status' });
  const error = h('p', { class: 'error', role: 'alert', id: 'profile-error' });
  const mobile = field(t('mobile'), h('input', { type: 'tel', id: 'profile-mobile', autocomplete: 'tel', placeholder: '+77XXXXXXXXX' }), { required: true });
  const phone = field(t('phone'), h('input', { type: 'tel', id: 'profile-phone' }));
  const email = field(t('email'), h('input', { type: 'email', id: 'profile-email', autocomplete: 'email' }), { required: true });
  const lang = h(
    'select',
    { id: 'profile-locale' },
    (['kk', 'ru', 'en'] as const).map((l) => h('option', { value: l }, { kk: 'Қазақша', ru: 'Русский', en: 'English' }[l])),
  );
  const fLang = field(t('noticesLanguage'), lang);
  const sms = h('input', { type: 'checkbox', id: 'profile-sms' });
  const codeSlot = h('div');
  const input = (f: { control: HTMLElement }) => f.control as HTMLInputElement;

  const load = (p: Profile) => {
    profile = p;
    input(mobile).value = p.mobile ?? '';
    input(phone).value = p.phone ?? '';
    input(email).value = p.email ?? '';
    lang.value = p.status === 'INCOMPLETE' ? locale() : p.locale;
    sms.checked = p.smsOptIn;
    fill(message, h('p', { class: p.status === 'COMPLETE' ? 'success' : 'notice' }, tr(p.statusLabel)));
    fill(codeSlot, p.pendingMobile ? codeForm(p.pendingMobile.mobile) : null);
  };

  /** The SMS code for a changed mobile number. */
  function codeForm(pending: string): HTMLElement {
    const code = field(
      `${t('smsCode')} (${pending})`,
      h('input', { type: 'text', id: 'profile-code', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code' }),
    );
    const form = h('form', { class: 'card' }, code.wrap, h('button', { type: 'submit' }, t('confirm')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        load(await api<Profile>('POST', '/api/v1/profile/mobile-confirmation', { code: input(code).value.trim() }));
      } catch (x) {
        setError(code, errorText(x));
      }
    });
    return form;
  }

  const save = async () => {
    error.textContent = '';
    for (const f of [mobile, phone, email]) setError(f, null);
    try {
      load(
        await api<Profile>('PUT', '/api/v1/profile', {
          mobile: input(mobile).value.trim(),
          email: input(email).value.trim(),
          locale: lang.value,
          phone: input(phone).value.trim() || null,
          smsOptIn: sms.checked,
        }),
      );
      const wasRequired = session.user?.profileRequired;
      session.user = (await api<{ user: User }>('GET', '/api/v1/auth/me')).user;
      if (wasRequired && !session.user.profileRequired) go('/');
    } catch (x) {
      error.textContent = errorText(x);
      if (x instanceof ApiError && x.fields) {
        for (const [k, f] of [
          ['mobile', mobile],
          ['phone', phone],
          ['email', email],
        ] as const)
          if (x.fields[k]) setError(f, x.localised && x.fields[k] ? tr(x.localised) : x.fields[k]);
      }
    }
  };

  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('fullName')),
      h('dd', { id: 'profile-name' }, profile.fullName),
      h('dt', {}, t('iin')),
      h('dd', {}, profile.iin),
      h('dt', {}, t('birthDate')),
      h('dd', {}, profile.birthDate ?? '—'),
      h('dt', {}, t('registeredAddress')),
      h('dd', {}, profile.address ?? '—'),
    ),
    mobile.wrap,
    phone.wrap,
    email.wrap,
    fLang.wrap,
    h('div', { class: 'check' }, sms, h('label', { for: 'profile-sms' }, t('smsOptIn'))),
    error,
    h(
      'div',
      { class: 'buttons' },
      // «ДЕРЕКТЕРДІ ЖАҢАРТУ»: read the profile again; «КҮШІН ЖОЮ»: drop the edits (and a mobile change awaiting its code); «САҚТАУ».
      h('button', { type: 'button', class: 'secondary', onclick: async () => load(await api<Profile>('GET', '/api/v1/profile')) }, t('updateData')),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: async () => load(profile.pendingMobile ? await api<Profile>('DELETE', '/api/v1/profile/mobile-change') : profile),
        },
        t('cancel'),
      ),
      h('button', { type: 'submit', id: 'profile-save' }, t('save')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void save();
  });
  load(profile);
  fill(main, h('h2', {}, t('svcProfile')), message, form, codeSlot);
}
