// The web UI in a real browser (Debian's Chromium through playwright-core) against the whole system
// (tests/helpers/system.ts): a citizen logs in with a PKCS#12 file opened in the page, files a report
// with a DOCX (validation messages of 000 §4.3 first), sees the talon and downloads the PDF; a
// registry officer registers it in the KUI book and an investigator registers it in the ERDR from
// the board; a head reads its history in plain words. NCALayer's protocol is served by the stand-in
// (standins/ncalayer.ts) and its signature logs in. axe-core checks each page (no serious or
// critical violation), the page must work at 360 px, and no CSP violation may occur. Screenshots
// go to artifacts/ui-screenshots (UI_ARTIFACTS_DIR). Where no Chromium is installed the suite says
// so and checks only that the detection is right.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS_DIR, CHROMIUM_CANDIDATES, findChromium, isExecutable, launchChromium, screenshot, seriousAxeViolations } from '../helpers/browser';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { randomUUID } from 'node:crypto';
import { loginAs, signWith, testPki } from '../helpers/pki';
import { reportBody, reportContent, waitFor } from '../helpers/report';
import { ncaLayerStandIn } from '../../standins/ncalayer';
import type { DevPerson, DevRole } from '../../eds/dev-pki';
import { REPORT_STATUS_LABELS } from '../../domain/report';
import { ACCESS_REQUEST_TEMPLATE, PETITION_RESULT_LABELS } from '../../domain/petition';

const chromiumFound = findChromium();

if (!chromiumFound.path) {
  test('browser suite did not run: Chromium detection is right', () => {
    const message = `browser suite did not run: no Chromium found (${'reason' in chromiumFound ? chromiumFound.reason : ''})`;
    // Straight to stderr, so `npm test` shows the line as it is among the suites' results.
    process.stderr.write(`\n${message}\n`);
    expect(CHROMIUM_CANDIDATES.length).toBeGreaterThan(0);
    expect(CHROMIUM_CANDIDATES.filter(isExecutable)).toEqual([]);
  });
} else {
  const chromiumPath = chromiumFound.path;
  jest.setTimeout(240_000);

  let system: TestSystem;
  let browser: Browser;
  let people: DevPerson[];
  const cspViolations: string[] = [];
  const contexts: BrowserContext[] = [];
  let talon = '';

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

  /** Logs in through the page with the role's authentication .p12 (opened by pkijs in the page). */
  async function loginWithKeyFile(page: Page, role: DevRole): Promise<void> {
    const p = person(role);
    await page.goto(`${system.baseUrl}/app/`);
    await page.selectOption('#login-storage', 'file');
    await page.setInputFiles('#login-keyfile', p.auth.p12);
    await page.fill('#login-password', p.auth.password);
    await page.click('#login-submit');
    await page.waitForSelector('.user-name');
    expect(await page.textContent('.user-name')).toContain(p.surname);
    await completeProfileIfAsked(page);
  }

  /**
   * 000 §6: a citizen's first login opens the profile, whose mandatory fields (mobile, e-mail) come
   * before any service; officials are not asked.
   */
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

  /** Fills the report form (000 §4.3) with a burglary reported to the development officials' body and a DOCX. */
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
    fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
    people = (await testPki()).people;
    system = await startTestSystem();
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  test('the cabinet is served and logs a citizen in with a PKCS#12 file opened in the page', async () => {
    const page = await newPage();
    await page.goto(`${system.baseUrl}/app/`);
    // Keyboard: the first Tab reaches the skip link, which takes focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await expectAccessible(page, '01-login');
    // The script is bundled once and then revalidated by its ETag.
    const js = await fetch(`${system.baseUrl}/app/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${system.baseUrl}/app/app.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304);

    // A wrong password is told at the field, in Kazakh.
    await page.setInputFiles('#login-keyfile', person('citizen').auth.p12);
    await page.fill('#login-password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForSelector('#login-password-error:has-text("Құпия сөз қате")');
    expect(await page.getAttribute('#login-password', 'aria-invalid')).toBe('true');

    // The first login: the profile's mandatory fields first (000 §6).
    await page.setInputFiles('#login-keyfile', person('citizen').auth.p12);
    await page.fill('#login-password', person('citizen').auth.password);
    await page.click('#login-submit');
    await page.waitForSelector('.user-name');
    const asked = await completeProfileIfAsked(page, '02-profile-first-login');
    if (asked) expect(await page.locator('#citizen-services').count()).toBe(1);
    // The services menu of 000 §3.1, in Kazakh first.
    await page.waitForSelector('text=Қылмыстық құқық бұзушылық туралы арыз беру');
    expect(await page.locator('ol.services li').count()).toBe(9);
    await expectAccessible(page, '03-cabinet');

    // The language switch.
    await page.click('button[data-locale="ru"]');
    await page.waitForSelector('h2:has-text("Кабинет пользователя")');
    expect(await page.evaluate('document.documentElement.lang')).toBe('ru');
    await page.click('button[data-locale="en"]');
    await page.waitForSelector('h2:has-text("User cabinet")');
    await page.click('button[data-locale="kk"]');
  });

  test('a citizen files a report with a DOCX: the seed’s validation messages, upload progress, the talon', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    await page.goto(`${system.baseUrl}/app/#/reports/new`);
    await page.waitForSelector('#fabula');

    // Sent empty: each field says what is wrong (000 §4.3: the fabula needs 10 characters).
    await page.fill('#fabula', 'Ұрлық');
    await page.click('#report-submit');
    expect(await page.textContent('#fabula-error')).toBe('Өрісті толтыру керек. Ең аз дегенде 10 таңба болуы қажет.');
    expect(await page.textContent('#warning419-error')).toContain('Ескертуді белгілеу керек');
    expect(await page.getAttribute('#fabula', 'aria-invalid')).toBe('true');
    await expectAccessible(page, '04-report-form-errors');

    await fillReport(page);
    const signing = person('citizen').sign;
    await page.selectOption('#report-storage', 'file');
    await page.setInputFiles('#report-keyfile', signing.p12);
    await page.fill('#report-password', signing.password);
    await page.click('#report-submit');

    await page.waitForSelector('#talon', { timeout: 60_000 });
    talon = (await page.textContent('#talon'))!.trim();
    expect(talon).toMatch(/^\d{15}$/);
    // The file's upload went to the end, shown by its progress bar.
    expect(await page.getAttribute('.uploads li[data-file="statement-libreoffice.docx"] progress', 'value')).toBe('100');
    await expectAccessible(page, '05-report-sent');

    // The server holds what the page signed: the report with the DOCX attached.
    const token = await sessionToken(page);
    const details = (await (await fetch(`${system.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { status: string; description: string };
    expect(details.description).toContain('Сарыарқа');
  });

  test('the status list shows the talon; the materials give the DOCX and its PDF', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    const token = await sessionToken(page);
    // The intake converts the DOCX to PDF (000 §4.3) in the report's workflow.
    const withPdf = await waitFor(
      async () => (await (await fetch(`${system.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { materials: { kind: string }[] },
      (r) => r.materials?.some((m) => m.kind === 'converted_pdf'),
      90_000,
    );
    expect(withPdf.materials.map((m) => m.kind)).toContain('converted_pdf');

    await page.goto(`${system.baseUrl}/app/#/reports`);
    const row = page.locator(`tr[data-talon="${talon}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(REPORT_STATUS_LABELS.AWAITING_REGISTRATION.kk);
    await page.click('#refresh-all');
    await row.waitFor();
    await expectAccessible(page, '06-report-status');

    await row.locator(`button[aria-label="Материалдар ${talon}"]`).click();
    await page.waitForSelector('dialog.materials[open]');
    await expectAccessible(page, '07-materials');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('dialog.materials button[data-pdf]')]);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('text=БАРЛЫҒЫН ЖҮКТЕУ')]);
    expect(zip.suggestedFilename()).toBe(`${talon}.zip`);
    expect(fs.readFileSync((await zip.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  test('a registry officer registers it in the KUI book and an investigator in the ERDR, from the board', async () => {
    const officer = await newPage();
    await loginWithKeyFile(officer, 'registry_officer');
    await officer.goto(`${system.baseUrl}/app/#/board`);
    const row = officer.locator(`tr[data-kind="report"][data-number="${talon}"]`);
    await row.waitFor();
    await expectAccessible(officer, '08-board-registry-officer');
    await row.locator('button[data-action="kui"]').click();
    await officer.waitForSelector('#action-panel .success');
    expect(await row.textContent()).toContain('АЕК-ге тіркелді');

    const investigator = await newPage();
    await loginWithKeyFile(investigator, 'investigator');
    await investigator.goto(`${system.baseUrl}/app/#/board`);
    const irow = investigator.locator(`tr[data-kind="report"][data-number="${talon}"]`);
    await irow.waitFor();
    // Filters: by kind (reports only) and by body.
    await investigator.selectOption('#filter-kind', 'case');
    await expect(irow.count()).resolves.toBe(0);
    await investigator.selectOption('#filter-kind', 'report');
    await irow.waitFor();
    await investigator.selectOption('#filter-body', reportBody.code);
    await irow.waitFor();
    await irow.locator('button[data-action="decision"]').click();
    await investigator.selectOption('#decision-kind', 'REGISTER_ERDR');
    await expectAccessible(investigator, '09-board-decision');
    await investigator.click('#action-panel button[type="submit"]');
    await investigator.waitForSelector('#action-panel .success');
    // Registered in the ERDR, the report has left the queue.
    await expect(irow.count()).resolves.toBe(0);
    await screenshot(investigator, '10-board-after-decision');

    const citizen = await newPage();
    await loginWithKeyFile(citizen, 'citizen');
    await citizen.goto(`${system.baseUrl}/app/#/reports`);
    const crow = citizen.locator(`tr[data-talon="${talon}"]`);
    await crow.waitFor();
    expect(await crow.textContent()).toContain('СДТБТ-да тіркелді');
    expect(await crow.textContent()).toMatch(/\d{15}.*\d{15}.*\d{15}/s);
  });

  test('a head reads the report’s history in plain words, with the link to the raw history', async () => {
    // A second report, still awaiting registration: its 24-hour deadline is within 24 hours, not 6.
    const { token } = await loginAs(system.baseUrl, 'citizen');
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent())), true);
    const res = await fetch(`${system.baseUrl}/api/v1/reports`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }, body: JSON.stringify({ signedReport }) });
    expect(res.status).toBe(202);

    const page = await newPage();
    // The test system has no Temporal Web UI of its own; the link is built from the links the API serves.
    await page.route('**/api/v1/system/links', (route) => route.fulfill({ json: { 'Temporal Web UI': 'http://127.0.0.1:8233', Temporal: '127.0.0.1:7233 (namespace default)' } }));
    await loginWithKeyFile(page, 'head');
    await page.goto(`${system.baseUrl}/app/#/supervision?kind=report&id=${talon}`);
    await page.waitForSelector('#history table');
    const history = (await page.textContent('#history'))!;
    expect(history).toContain('АЕК-ге тіркелді');
    expect(history).toContain('СДТБТ-да тіркелді');
    expect(history).toContain(person('registry_officer').iin);
    expect(history).toContain('CPC art. 181');
    expect(await page.getAttribute('#temporal-link', 'href')).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/report-${talon}`);
    // Per body: the second report is due within 24 hours, not within 6, and nothing is breached.
    const cells = await page.locator(`tr[data-body="${reportBody.code}"] td`).allTextContents();
    expect(cells.slice(1).map(Number)).toEqual([0, expect.any(Number), 0]);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(1);
    // The deadline statistics: the chart and table show what the statistics API answers, rule by
    // rule; until that API is served, the section says it is not available yet.
    const stats = await fetch(`${system.baseUrl}/api/v1/statistics/deadlines`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } });
    if (stats.status === 404) {
      expect(await page.textContent('#deadline-statistics')).toContain('GET /api/v1/statistics/deadlines');
    } else {
      const { byRule } = (await stats.json()) as { byRule: { rule: string; total: number; breached: number }[] };
      for (const r of byRule) {
        const cells = await page.locator(`#deadline-statistics tr[data-rule="${r.rule}"] td`).allTextContents();
        expect(cells.slice(1, 5).map(Number).reduce((a, b) => a + b, 0)).toBe(r.total);
        expect(Number(cells[3])).toBe(r.breached);
      }
      expect(await page.locator('#deadline-statistics tbody tr').count()).toBe(byRule.length);
    }
    await expectAccessible(page, '11-supervision');

    // The case the report became: its timeline in words, each step with its paragraph of 001.
    const { erdrNumber } = (await (await fetch(`${system.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } })).json()) as { erdrNumber: string };
    await page.selectOption('#history-kind', 'case');
    await page.fill('#history-id', erdrNumber);
    await page.click('#history-show');
    await page.waitForSelector('#history td:has-text("Іс СДТБТ-да тіркелді")');
    expect(await page.textContent('#history')).toMatch(/001 ¶\d+/);
    expect(await page.getAttribute('#temporal-link', 'href')).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/case-${erdrNumber}`);
    await expectAccessible(page, '11b-supervision-case-history');
  });

  test('the other services: the ERDR filter’s message, the decisions of my registered report, translations, profile', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    // 000 §7.5: the filter takes exactly 15 digits and says so in the seed's words.
    await page.goto(`${system.baseUrl}/app/#/petitions`);
    await page.waitForSelector('form.filter');
    await page.fill('form.filter input[name="erdr"]', '2371130310');
    await page.click('form.filter button[type="submit"]');
    await page.waitForSelector('form.filter .field-error:has-text("СДТБТ нөмірі 15 саннан тұруы керек")');
    await expectAccessible(page, '15-petitions');

    // 000 §4.9 situation 1: my report became a case, so its decisions are open to me.
    await page.click('button[data-locale="ru"]');
    const erdr = await waitFor(
      async () => (await (await fetch(`${system.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } })).json()) as { erdrNumber: string | null },
      (r) => !!r.erdrNumber,
    );
    await page.goto(`${system.baseUrl}/app/#/decisions?erdr=${erdr.erdrNumber}`);
    await page.waitForSelector('#decisions table, #decisions .error, #decisions .empty');
    expect(await page.locator('#decisions .error').count()).toBe(0);
    expect(await page.textContent('#decisions')).toContain(erdr.erdrNumber!);
    await expectAccessible(page, '16-decisions');

    await page.goto(`${system.baseUrl}/app/#/translations`);
    await page.waitForSelector('h2:has-text("Документы, направленные на перевод")');
    await expectAccessible(page, '17-translations');
    await page.goto(`${system.baseUrl}/app/#/profile`);
    await page.waitForSelector('#profile-save');
    expect(await page.inputValue('#profile-mobile')).toBe('+77011234567');
    await expectAccessible(page, '18-profile');
    await page.click('button[data-locale="kk"]');
  });

  test('a confirmed victim files a petition from the page; the investigator resolves the format and answers from the board; the victim reads the answer', async () => {
    const investigatorApi = await loginAs(system.baseUrl, 'investigator');
    const citizenApi = await loginAs(system.baseUrl, 'citizen');
    const asInvestigator = (method: string, p: string, body?: unknown) =>
      fetch(`${system.baseUrl}${p}`, { method, headers: { Authorization: `Bearer ${investigatorApi.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const { erdrNumber } = (await (await fetch(`${system.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${citizenApi.token}` } })).json()) as { erdrNumber: string };
    // 001 ¶26: the official records the citizen as the victim and confirms the status.
    expect((await asInvestigator('POST', `/api/v1/cases/${erdrNumber}/participants`, { iin: citizenApi.user.iin, fullName: citizenApi.user.name, role: 'victim', contact: { email: 'victim@mail.kz', locale: 'kk' } })).status).toBe(201);
    expect((await asInvestigator('POST', `/api/v1/cases/${erdrNumber}/participants/${citizenApi.user.iin}/confirmation`)).status).toBe(200);

    // The investigator takes the case into proceedings from the board (001 ¶10).
    const investigator = await newPage();
    await loginWithKeyFile(investigator, 'investigator');
    await investigator.goto(`${system.baseUrl}/app/#/board?kind=case`);
    const caseRow = investigator.locator(`tr[data-kind="case"][data-number="${erdrNumber}"]`);
    for (let i = 0; i < 30 && (await caseRow.count()) === 0; i++) {
      await investigator.waitForTimeout(1000);
      await investigator.click('#board-refresh');
    }
    await caseRow.locator('button[data-action="format"]').click();
    await investigator.selectOption('#case-format', 'ELECTRONIC');
    await investigator.click('#action-panel button[type="submit"]');
    await investigator.waitForSelector('#action-panel .success');

    // 000 §4.5: the victim picks the case and asks for access to materials (the template, then the list).
    const citizen = await newPage();
    await loginWithKeyFile(citizen, 'citizen');
    await citizen.goto(`${system.baseUrl}/app/#/petitions/new`);
    const row = citizen.locator('tr', { hasText: erdrNumber });
    await row.locator('button').click();
    await citizen.check('#access-request');
    expect(await citizen.inputValue('#submission-content')).toBe(ACCESS_REQUEST_TEMPLATE.kk);
    await citizen.fill('#submission-content', `${ACCESS_REQUEST_TEMPLATE.kk}жәбірленушіден жауап алу хаттамасы`);
    const signing = person('citizen').sign;
    await citizen.setInputFiles('#petition-keyfile', signing.p12);
    await citizen.fill('#petition-password', signing.password);
    await expectAccessible(citizen, '18a-petition-form');
    await citizen.click('#submission-submit');
    await citizen.waitForSelector('#submission-form .success');

    // The investigator answers it from the board (CPC art. 99, 3 days).
    await investigator.goto(`${system.baseUrl}/app/#/board?kind=petition`);
    const petitionRow = investigator.locator(`tr[data-kind="petition"][data-number="${erdrNumber}"]`);
    for (let i = 0; i < 30 && (await petitionRow.count()) === 0; i++) {
      await investigator.waitForTimeout(1000);
      await investigator.click('#board-refresh');
    }
    await petitionRow.locator('button[data-action="answer"]').click();
    await investigator.selectOption('#answer-result', 'GRANTED');
    await investigator.fill('#answer-text', 'Жәбірленушіден жауап алу хаттамасымен танысуға рұқсат етілді.');
    await investigator.click('#action-panel button[type="submit"]');
    await investigator.waitForSelector('#action-panel .success');

    // 000 §4.6: the answer, the responder's name and the result in the victim's list.
    await citizen.goto(`${system.baseUrl}/app/#/petitions?erdr=${erdrNumber}`);
    const answered = citizen.locator('tr', { hasText: 'Жәбірленушіден жауап алу хаттамасымен танысуға рұқсат етілді.' });
    for (let i = 0; i < 30 && (await answered.count()) === 0; i++) {
      await citizen.waitForTimeout(1000);
      await citizen.click('text=Жазбаларды жаңарту');
    }
    expect(await answered.textContent()).toContain(PETITION_RESULT_LABELS.GRANTED.kk);
    expect(await answered.textContent()).toContain(person('investigator').surname);
    await expectAccessible(citizen, '18b-petition-answered');
  });

  test('state services (004 B): the offence-information certificate requested, signed, and its PDF downloaded', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    await page.goto(`${system.baseUrl}/app/#/state-services`);
    await page.waitForSelector('#offence-submit');
    await expectAccessible(page, '19-state-services');
    const signing = person('citizen').sign;
    await page.selectOption('#offence-storage', 'file');
    await page.setInputFiles('#offence-keyfile', signing.p12);
    await page.fill('#offence-password', signing.password);
    await page.click('#offence-submit');
    await page.waitForSelector('#offence-list tbody tr');
    // Fully automatic (004 B): the signed certificate comes back while the page is refreshed.
    const button = page.locator('#offence-list button[data-action="offence-pdf"]');
    for (let i = 0; i < 60 && (await button.count()) === 0; i++) {
      await page.waitForTimeout(1000);
      await page.click('#offence-refresh');
    }
    const [pdf] = await Promise.all([page.waitForEvent('download'), button.first().click()]);
    expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('NCALayer: the page speaks its protocol; the stand-in’s signatures log in and sign a report', async () => {
    const p = person('citizen2');
    const standIn = ncaLayerStandIn({
      auth: { p12: new Uint8Array(fs.readFileSync(p.auth.p12)), password: p.auth.password },
      sign: { p12: new Uint8Array(fs.readFileSync(p.sign.p12)), password: p.sign.password },
    });
    const page = await newPage();
    await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => {
      ws.send(standIn.greeting);
      ws.onMessage(async (message) => ws.send(await standIn.answer(String(message))));
    });
    await page.goto(`${system.baseUrl}/app/`);
    await page.selectOption('#login-storage', 'ncalayer');
    expect(await page.isHidden('#login-keyfile')).toBe(true);
    await page.click('#login-submit');
    await page.waitForSelector('.user-name');
    expect(await page.textContent('.user-name')).toContain(p.surname);
    await completeProfileIfAsked(page);
    expect(standIn.requests).toEqual([{ module: 'kz.gov.pki.knca.commonUtils', method: 'createCMSSignatureFromBase64' }]);

    // The report and its file signed through NCALayer with the signing key.
    await page.goto(`${system.baseUrl}/app/#/reports/new`);
    await page.waitForSelector('#fabula');
    await fillReport(page);
    await page.selectOption('#report-storage', 'ncalayer');
    await page.click('#report-submit');
    await page.waitForSelector('#talon', { timeout: 60_000 });
    expect((await page.textContent('#talon'))!.trim()).toMatch(/^\d{15}$/);
    expect(standIn.requests).toHaveLength(3);
  });

  test('at 360 px the cabinet, the report pages, the board and the supervision fit the screen and stay accessible', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await loginWithKeyFile(page, 'citizen');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '20-cabinet-360px');
    await page.goto(`${system.baseUrl}/app/#/reports`);
    await page.waitForSelector(`tr[data-talon="${talon}"]`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '21-report-status-360px');
    await page.goto(`${system.baseUrl}/app/#/reports/new`);
    await page.waitForSelector('#fabula');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '22-report-form-360px');

    // The officials' pages too: the board and the supervision, tables as cards.
    const head = await newPage({ width: 360, height: 740 });
    await loginWithKeyFile(head, 'head');
    await head.goto(`${system.baseUrl}/app/#/board`);
    await head.waitForSelector('#board-list');
    expect(await head.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(head, '23-board-360px');
    await head.goto(`${system.baseUrl}/app/#/supervision?kind=report&id=${talon}`);
    await head.waitForSelector('#history table');
    expect(await head.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(head, '24-supervision-360px');
  });

  test('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
}
