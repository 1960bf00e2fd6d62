// The browser suite's shared set-up (tests/ui/cabinet-*.test.ts): the web UI in a real browser
// (Debian's Chromium through playwright-core) against the whole system (tests/helpers/system.ts),
// one system and one browser per test file. It logs people in with their PKCS#12 files opened in
// the page, fills the report form, checks each page with axe-core (no serious or critical
// violation) and collects the Content-Security-Policy violations the pages report. Screenshots go
// to artifacts/ui-screenshots (UI_ARTIFACTS_DIR). Where no Chromium is installed, each file says so
// and checks only that the detection is right.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DevPerson, DevRole } from '../../eds/dev-pki';
import { ARTIFACTS_DIR, CHROMIUM_CANDIDATES, findChromium, isExecutable, launchChromium, screenshot, seriousAxeViolations } from './browser';
import { testPki } from './pki';
import { reportBody } from './report';
import { startTestSystem, type TestSystem } from './system';

export interface Cabinet {
  /** The system's address, once it runs (in tests and hooks, not while the file is read). */
  readonly baseUrl: string;
  readonly system: TestSystem;
  /** What the pages reported as broken Content-Security-Policy, for the file's last test. */
  readonly cspViolations: string[];
  person(role: DevRole): DevPerson;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * Logs in through the page with the role's authentication .p12 (opened by pkijs in the page); an
   * official's first login signs the user agreement on its page (signAgreementIfAsked, with the
   * screenshot and axe check `agreementShot` if given) and says whether it did.
   */
  loginWithKeyFile(page: Page, role: DevRole, opts?: { agreementShot?: string }): Promise<{ agreementSigned: boolean }>;
  /**
   * 002 p.17, p.19: an official's first login opens the user agreement before any service; it is
   * signed there with the official's signing .p12, and the page asked for opens.
   */
  signAgreementIfAsked(page: Page, role: DevRole, shot?: string): Promise<boolean>;
  /**
   * 000 §6: a citizen's first login opens the profile, whose mandatory fields (mobile, e-mail) come
   * before any service; officials are not asked.
   */
  completeProfileIfAsked(page: Page, shot?: string): Promise<boolean>;
  expectAccessible(page: Page, name: string): Promise<void>;
  /** Fills the report form (000 §4.3) with a burglary reported to the development officials' body and a DOCX. */
  fillReport(page: Page): Promise<void>;
  sessionToken(page: Page): Promise<string | null>;
}

/**
 * Screenshots of an earlier run are removed; those the other browser test files of this run took
 * are kept (jest runs the files one after another in this process, started with the run).
 */
function removeEarlierScreenshots(): void {
  if (!fs.existsSync(ARTIFACTS_DIR)) return;
  const runStartedAt = Date.now() - process.uptime() * 1000;
  for (const file of fs.readdirSync(ARTIFACTS_DIR)) {
    const full = path.join(ARTIFACTS_DIR, file);
    if (fs.statSync(full).mtimeMs < runStartedAt) fs.rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Declares the tests of one part of the cabinet, which `define` adds with the shared set-up. Where
 * no Chromium is installed the file says so, naming its part, in one test that checks only that
 * the detection is right.
 */
export function cabinetSuite(part: string, define: (cabinet: Cabinet) => void): void {
  const chromiumFound = findChromium();
  if (!chromiumFound.path) {
    test(`browser suite (${part}) did not run: Chromium detection is right`, () => {
      const message = `browser suite (${part}) did not run: no Chromium found (${'reason' in chromiumFound ? chromiumFound.reason : ''})`;
      // Straight to stderr, so `npm test` shows the line as it is among the suites' results.
      process.stderr.write(`\n${message}\n`);
      expect(CHROMIUM_CANDIDATES.length).toBeGreaterThan(0);
      expect(CHROMIUM_CANDIDATES.filter(isExecutable)).toEqual([]);
    });
    return;
  }
  const chromiumPath = chromiumFound.path;
  jest.setTimeout(240_000);

  let system: TestSystem;
  let browser: Browser;
  let people: DevPerson[];
  const cspViolations: string[] = [];
  const contexts: BrowserContext[] = [];

  const person = (role: DevRole) => people.find((p) => p.role === role)!;

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'kk-KZ' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  async function loginWithKeyFile(page: Page, role: DevRole, opts: { agreementShot?: string } = {}): Promise<{ agreementSigned: boolean }> {
    const p = person(role);
    await page.goto(`${system.baseUrl}/app/`);
    await page.selectOption('#login-storage', 'file');
    await page.setInputFiles('#login-keyfile', p.auth.p12);
    await page.fill('#login-password', p.auth.password);
    await page.click('#login-submit');
    await page.waitForSelector('.user-name');
    expect(await page.textContent('.user-name')).toContain(p.surname);
    const agreementSigned = await signAgreementIfAsked(page, role, opts.agreementShot);
    await completeProfileIfAsked(page);
    return { agreementSigned };
  }

  async function signAgreementIfAsked(page: Page, role: DevRole, shot?: string): Promise<boolean> {
    await page.waitForSelector('#main h2');
    if (!(await page.locator('#agreement-sign').isVisible())) return false;
    if (shot) await expectAccessible(page, shot);
    const signing = person(role).sign;
    await page.selectOption('#agreement-storage', 'file');
    await page.setInputFiles('#agreement-keyfile', signing.p12);
    await page.fill('#agreement-password', signing.password);
    await page.click('#agreement-sign');
    // Signed: the page asked for replaces the agreement; refused: the page says why.
    // (A function, not a string: the page's Content-Security-Policy forbids evaluating strings.)
    await page.waitForFunction(() => {
      const query = (selector: string) =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(selector);
      return !query('#agreement-sign') || !!query('#agreement-error')?.textContent;
    });
    expect(await page.evaluate<string | null>("document.querySelector('#agreement-error')?.textContent ?? null")).toBeNull();
    await page.waitForSelector('#main h2');
    return true;
  }

  async function completeProfileIfAsked(page: Page, shot?: string): Promise<boolean> {
    await page.waitForSelector('#main h2');
    if (!(await page.locator('#profile-save').isVisible())) return false;
    if (shot) await expectAccessible(page, shot);
    await page.fill('#profile-mobile', '+77011234567');
    await page.fill('#profile-email', 'erlan.abilkassymov@mail.kz');
    await page.click('#profile-save');
    await page.waitForSelector('#citizen-services');
    return true;
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect({ page: name, violations: await seriousAxeViolations(page) }).toEqual({ page: name, violations: [] });
  }

  async function fillReport(page: Page): Promise<void> {
    await page.fill('#offence-date', '2026-11-22');
    await page.fill('#offence-time', '23:10');
    await page.fill('#fabula', 'Кеше түнде Сарыарқа ауданында менің пәтеріме бөгде адамдар кіріп, ноутбук пен құжаттарды ұрлады.');
    // Region → district → body, each list from the dictionaries API.
    await page.selectOption('#region', reportBody.regionId);
    await page.waitForSelector(`#district option[value="${reportBody.districtId}"]`, { state: 'attached' });
    await page.selectOption('#district', reportBody.districtId);
    await page.waitForSelector(`#body option[value="${reportBody.id}"]`, { state: 'attached' });
    await page.selectOption('#body', reportBody.id);
    await page.setInputFiles('#documents', path.resolve(__dirname, '../fixtures/statement-libreoffice.docx'));
    await page.fill('#address', 'Астана қ., Сарыарқа ауданы, Сейфуллин к. 10, 5-пәтер');
    await page.fill('#email', 'erlan.abilkassymov@mail.kz');
    await page.fill('#phone', '+77011234567');
    await page.check('#warning419');
  }

  const sessionToken = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('erdr.session')");

  beforeAll(async () => {
    removeEarlierScreenshots();
    people = (await testPki()).people;
    system = await startTestSystem();
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  define({
    get baseUrl() {
      return system.baseUrl;
    },
    get system() {
      return system;
    },
    cspViolations,
    person,
    newPage,
    loginWithKeyFile,
    signAgreementIfAsked,
    completeProfileIfAsked,
    expectAccessible,
    fillReport,
    sessionToken,
  });
}
