// The web UI: the citizens' cabinet (000 §3), the officials' board and the supervisors' view, one
// page served by the API at /app/. Routes live in the address's fragment (#/reports …), so the
// server serves one HTML file; each page is an entry of pages/index.ts, which is where a new
// service's page slots in (its menu item, who sees it, how it draws).
import { api, ApiError, session, type User } from './api';
import { h, fill } from './dom';
import { LOCALES, locale, setLocale, t } from './i18n';
import { errorText, go, onRender } from './nav';
import { forgetKeys } from './signer';
import { PAGES, type Page } from './pages';
import { renderLogin } from './pages/login';

const main = () => document.getElementById('main')!;

function currentRoute(): { path: string; params: URLSearchParams } {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, query] = hash.split('?');
  return { path: path || '/', params: new URLSearchParams(query ?? '') };
}

/** Who may see a page: everyone logged in, or holders of one of its roles. */
const visible = (p: Page) => !p.roles || (session.user?.roles ?? []).some((r) => p.roles!.includes(r));

function drawChrome(): void {
  document.documentElement.lang = locale();
  document.title = `${t('appTitle')} — ${t('appSubtitle')}`;
  fill(document.getElementById('app-title')!, t('appTitle'));
  fill(document.getElementById('app-subtitle')!, t('appSubtitle'));
  const skip = document.getElementById('skip')!;
  skip.textContent = t('skip');
  // The language switch: three buttons, the current one pressed (000 §7.6).
  const lang = document.getElementById('lang')!;
  lang.setAttribute('aria-label', t('language'));
  fill(
    lang,
    LOCALES.map((l) =>
      h(
        'button',
        {
          type: 'button',
          lang: l,
          'aria-pressed': String(l === locale()),
          'data-locale': l,
          onclick: () => {
            setLocale(l);
            void render();
          },
        },
        { kk: 'Қазақша', ru: 'Русский', en: 'English' }[l],
      ),
    ),
  );
  const who = document.getElementById('who')!;
  fill(
    who,
    session.user ? [h('span', { class: 'user-name' }, session.user.name), h('button', { type: 'button', class: 'link', onclick: logout }, t('logout'))] : null,
  );
  const nav = document.getElementById('nav')!;
  nav.setAttribute('aria-label', t('menu'));
  const { path } = currentRoute();
  fill(
    nav,
    session.user
      ? h(
          'ul',
          {},
          PAGES.filter((p) => p.menu && visible(p)).map((p) =>
            h('li', {}, h('a', { href: `#${p.path}`, ...(p.path === path ? { 'aria-current': 'page' } : {}) }, t(p.title))),
          ),
        )
      : null,
  );
}

async function logout(): Promise<void> {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch {
    /* the session may be gone already */
  }
  session.token = null;
  session.user = null;
  forgetKeys();
  go('/login');
}

export async function render(): Promise<void> {
  const { path, params } = currentRoute();
  if (session.token && !session.user) {
    try {
      session.user = (await api<{ user: User }>('GET', '/api/v1/auth/me')).user;
    } catch {
      session.token = null;
    }
  }
  drawChrome();
  const m = main();
  if (!session.user) {
    renderLogin(m, async (user) => {
      session.user = user;
      go('/');
    });
    return;
  }
  // 002 p.17, p.19: an official's first login opens the user agreement before any service (the
  // address stays, so signing leads on to the page asked for); 000 §6: a citizen's, the profile.
  const wanted = session.user.agreementRequired ? '/agreement' : session.user.profileRequired ? '/profile' : path;
  const page = PAGES.find((p) => p.path === wanted && visible(p)) ?? PAGES[0];
  fill(m, h('p', { role: 'status' }, t('loading')));
  try {
    await page.render(m, params);
    const first = session.user.agreementRequired ? t('agreementFirst') : session.user.profileRequired ? t('profileFirst') : null;
    if (first) m.querySelector('h2')?.after(h('p', { class: 'notice', role: 'alert' }, first));
  } catch (e) {
    // The API says the agreement comes first (a session that began before the rule, another tab):
    // draw the agreement in place of this page, keeping its address to come back to.
    if (e instanceof ApiError && e.status === 428 && e.code === 'AGREEMENT_REQUIRED') {
      session.user = { ...session.user, agreementRequired: true };
      return render();
    }
    // Or the profile does.
    if (e instanceof ApiError && e.status === 428) {
      session.user = { ...session.user, profileRequired: true };
      return go('/profile');
    }
    fill(m, h('h2', {}, t(page.title)), h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
  // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
  const heading = m.querySelector('h2');
  if (heading && document.activeElement?.closest('#main') === null) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

onRender(render);
window.addEventListener('hashchange', () => void render());
document.getElementById('skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main().focus();
});
void render();
