// The citizen's other services in the web UI in a real browser (tests/helpers/cabinet.ts): the
// ERDR filter's message, the decisions of a registered report, translations and the profile; a
// confirmed victim's petition answered from the board; the offence-information certificate of the
// state services (004 B). Each page is checked with axe-core and no CSP violation may occur. Where
// no Chromium is installed the file says so and checks only that the detection is right.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ACCESS_REQUEST_TEMPLATE, PETITION_RESULT_LABELS } from '../../domain/petition';
import { cabinetSuite } from '../helpers/cabinet';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';

cabinetSuite('the other services', (cabinet) => {
  const { person, newPage, loginWithKeyFile, expectAccessible, sessionToken, cspViolations } = cabinet;
  /**
   * A citizen's report registered in the KUI book and in the ERDR through the API (the board's
   * part is cabinet-officials.test.ts): its decisions are open to the citizen, its case takes petitions.
   */
  let talon = '';

  beforeAll(async () => {
    // The citizen's profile holds what the page's first login saves (cabinet-citizen.test.ts), not the API helper's defaults.
    const citizen = await loginAs(cabinet.baseUrl, 'citizen', { profile: false });
    const saved = await fetch(`${cabinet.baseUrl}/api/v1/profile`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${citizen.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mobile: '+77011234567', email: 'erlan.abilkassymov@mail.kz', locale: 'kk' }),
    });
    expect(saved.status).toBe(200);
    const officer = await loginAs(cabinet.baseUrl, 'registry_officer');
    const investigator = await loginAs(cabinet.baseUrl, 'investigator');
    const post = (token: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${cabinet.baseUrl}${p}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent())), true);
    const filed = await post(citizen.token, '/api/v1/reports', { signedReport }, { 'Idempotency-Key': randomUUID() });
    expect(filed.status).toBe(202);
    talon = ((await filed.json()) as { talon: string }).talon;
    expect((await post(officer.token, `/api/v1/reports/${talon}/kui-registration`)).status).toBe(200);
    const decided = await post(investigator.token, `/api/v1/reports/${talon}/decision`, { kind: 'REGISTER_ERDR' });
    expect(decided.status).toBe(200);
    const { erdrNumber } = (await decided.json()) as { erdrNumber: string };
    const opened = await waitFor(
      () => fetch(`${cabinet.baseUrl}/api/v1/cases/${erdrNumber}`, { headers: { Authorization: `Bearer ${investigator.token}` } }),
      (r) => r.status === 200,
    );
    expect(opened.status).toBe(200);
  });

  test('the other services: the ERDR filter’s message, the decisions of my registered report, translations, profile', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    // 000 §7.5: the filter takes exactly 15 digits and says so in the seed's words.
    await page.goto(`${cabinet.baseUrl}/app/#/petitions`);
    await page.waitForSelector('form.filter');
    await page.fill('form.filter input[name="erdr"]', '2371130310');
    await page.click('form.filter button[type="submit"]');
    await page.waitForSelector('form.filter .field-error:has-text("СДТБТ нөмірі 15 саннан тұруы керек")');
    await expectAccessible(page, '15-petitions');

    // 000 §4.9 situation 1: my report became a case, so its decisions are open to me.
    await page.click('button[data-locale="ru"]');
    const erdr = await waitFor(
      async () =>
        (await (await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } })).json()) as {
          erdrNumber: string | null;
        },
      (r) => !!r.erdrNumber,
    );
    await page.goto(`${cabinet.baseUrl}/app/#/decisions?erdr=${erdr.erdrNumber}`);
    await page.waitForSelector('#decisions table, #decisions .error, #decisions .empty');
    expect(await page.locator('#decisions .error').count()).toBe(0);
    expect(await page.textContent('#decisions')).toContain(erdr.erdrNumber!);
    await expectAccessible(page, '16-decisions');

    await page.goto(`${cabinet.baseUrl}/app/#/translations`);
    await page.waitForSelector('h2:has-text("Документы, направленные на перевод")');
    await expectAccessible(page, '17-translations');
    await page.goto(`${cabinet.baseUrl}/app/#/profile`);
    await page.waitForSelector('#profile-save');
    expect(await page.inputValue('#profile-mobile')).toBe('+77011234567');
    await expectAccessible(page, '18-profile');
    await page.click('button[data-locale="kk"]');
  });

  test('a confirmed victim files a petition from the page; the investigator resolves the format and answers from the board; the victim reads the answer', async () => {
    const investigatorApi = await loginAs(cabinet.baseUrl, 'investigator');
    const citizenApi = await loginAs(cabinet.baseUrl, 'citizen');
    const asInvestigator = (method: string, p: string, body?: unknown) =>
      fetch(`${cabinet.baseUrl}${p}`, {
        method,
        headers: { Authorization: `Bearer ${investigatorApi.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const { erdrNumber } = (await (
      await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${citizenApi.token}` } })
    ).json()) as { erdrNumber: string };
    // 001 ¶26: the official records the citizen as the victim and confirms the status.
    expect(
      (
        await asInvestigator('POST', `/api/v1/cases/${erdrNumber}/participants`, {
          iin: citizenApi.user.iin,
          fullName: citizenApi.user.name,
          role: 'victim',
          contact: { email: 'victim@mail.kz', locale: 'kk' },
        })
      ).status,
    ).toBe(201);
    expect((await asInvestigator('POST', `/api/v1/cases/${erdrNumber}/participants/${citizenApi.user.iin}/confirmation`)).status).toBe(200);

    // The investigator takes the case into proceedings from the board (001 ¶10).
    const investigator = await newPage();
    await loginWithKeyFile(investigator, 'investigator');
    await investigator.goto(`${cabinet.baseUrl}/app/#/board?kind=case`);
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
    await citizen.goto(`${cabinet.baseUrl}/app/#/petitions/new`);
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
    await investigator.goto(`${cabinet.baseUrl}/app/#/board?kind=petition`);
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
    await citizen.goto(`${cabinet.baseUrl}/app/#/petitions?erdr=${erdrNumber}`);
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
    await page.goto(`${cabinet.baseUrl}/app/#/state-services`);
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
    expect(
      fs
        .readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  });

  test('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
