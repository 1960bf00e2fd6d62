// The officials' part of the web UI in a real browser (tests/helpers/cabinet.ts): a registry
// officer registers a citizen's report in the KUI book and an investigator registers it in the
// ERDR from the board; a head reads its history in plain words, with the link to the raw history,
// and the case it became. Each page is checked with axe-core, the board and the supervision must
// work at 360 px, and no CSP violation may occur. Where no Chromium is installed the file says so
// and checks only that the detection is right.
import { randomUUID } from 'node:crypto';
import { screenshot } from '../helpers/browser';
import { cabinetSuite } from '../helpers/cabinet';
import { loginAs, signWith } from '../helpers/pki';
import { reportBody, reportContent, waitFor } from '../helpers/report';

cabinetSuite('the board and the supervision', (cabinet) => {
  const { person, newPage, loginWithKeyFile, signAgreementIfAsked, expectAccessible, sessionToken, cspViolations } = cabinet;
  /** A citizen's report awaiting registration, filed through the API (the citizen's page is cabinet-citizen.test.ts). */
  let talon = '';

  beforeAll(async () => {
    const { token } = await loginAs(cabinet.baseUrl, 'citizen');
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent())), true);
    const res = await fetch(`${cabinet.baseUrl}/api/v1/reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ signedReport }),
    });
    expect(res.status).toBe(202);
    talon = ((await res.json()) as { talon: string }).talon;
    const report = await waitFor(
      async () =>
        (await (await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { status: string },
      (r) => r.status === 'AWAITING_REGISTRATION',
      90_000,
    );
    expect(report.status).toBe('AWAITING_REGISTRATION');
  });

  test('a registry officer registers it in the KUI book and an investigator in the ERDR, from the board', async () => {
    const officer = await newPage();
    // 002 p.17: the officer's first login opens the user agreement before any service; it is signed
    // in the page with the officer's signing key file, and the API keeps it.
    expect(await loginWithKeyFile(officer, 'registry_officer', { agreementShot: '07-agreement' })).toEqual({ agreementSigned: true });
    const agreement = await fetch(`${cabinet.baseUrl}/api/v1/account/agreement`, { headers: { Authorization: `Bearer ${await sessionToken(officer)}` } });
    expect(((await agreement.json()) as { signedAt: string | null }).signedAt).toEqual(expect.any(String));
    await officer.goto(`${cabinet.baseUrl}/app/#/board`);
    const row = officer.locator(`tr[data-kind="report"][data-number="${talon}"]`);
    await row.waitFor();
    await expectAccessible(officer, '08-board-registry-officer');
    await row.locator('button[data-action="kui"]').click();
    await officer.waitForSelector('#action-panel .success');
    expect(await row.textContent()).toContain('АЕК-ге тіркелді');

    // A session begun before the agreement was signed (another tab): opening the board shows the
    // agreement in its place, and signing it there leads on to the board.
    const investigator = await newPage();
    const { token } = await loginAs(cabinet.baseUrl, 'investigator', { agreement: false });
    await investigator.goto(`${cabinet.baseUrl}/app/`);
    await investigator.evaluate(`sessionStorage.setItem('erdr.session', ${JSON.stringify(token)})`);
    await investigator.goto(`${cabinet.baseUrl}/app/#/board`);
    await investigator.waitForSelector('#agreement-sign');
    expect(await investigator.textContent('#main [role="alert"].notice')).toBeTruthy();
    expect(await signAgreementIfAsked(investigator, 'investigator', '08b-agreement-before-board')).toBe(true);
    expect(investigator.url()).toMatch(/#\/board$/);
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
    await citizen.goto(`${cabinet.baseUrl}/app/#/reports`);
    const crow = citizen.locator(`tr[data-talon="${talon}"]`);
    await crow.waitFor();
    expect(await crow.textContent()).toContain('СДТБТ-да тіркелді');
    expect(await crow.textContent()).toMatch(/\d{15}.*\d{15}.*\d{15}/s);
  });

  test('a head reads the report’s history in plain words, with the link to the raw history', async () => {
    // A second report, still awaiting registration: its 24-hour deadline is within 24 hours, not 6.
    const { token } = await loginAs(cabinet.baseUrl, 'citizen');
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent())), true);
    const res = await fetch(`${cabinet.baseUrl}/api/v1/reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ signedReport }),
    });
    expect(res.status).toBe(202);

    const page = await newPage();
    // The test system has no Temporal Web UI of its own; the link is built from the links the API serves.
    await page.route('**/api/v1/system/links', (route) =>
      route.fulfill({ json: { 'Temporal Web UI': 'http://127.0.0.1:8233', Temporal: '127.0.0.1:7233 (namespace default)' } }),
    );
    await loginWithKeyFile(page, 'head');
    await page.goto(`${cabinet.baseUrl}/app/#/supervision?kind=report&id=${talon}`);
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
    const stats = await fetch(`${cabinet.baseUrl}/api/v1/statistics/deadlines`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } });
    if (stats.status === 404) {
      expect(await page.textContent('#deadline-statistics')).toContain('GET /api/v1/statistics/deadlines');
    } else {
      const { byRule } = (await stats.json()) as { byRule: { rule: string; total: number; breached: number }[] };
      for (const r of byRule) {
        const cells = await page.locator(`#deadline-statistics tr[data-rule="${r.rule}"] td`).allTextContents();
        expect(
          cells
            .slice(1, 5)
            .map(Number)
            .reduce((a, b) => a + b, 0),
        ).toBe(r.total);
        expect(Number(cells[3])).toBe(r.breached);
      }
      expect(await page.locator('#deadline-statistics tbody tr').count()).toBe(byRule.length);
    }
    await expectAccessible(page, '11-supervision');

    // The case the report became: its timeline in words, each step with its paragraph of 001.
    const { erdrNumber } = (await (
      await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${await sessionToken(page)}` } })
    ).json()) as { erdrNumber: string };
    await page.selectOption('#history-kind', 'case');
    await page.fill('#history-id', erdrNumber);
    await page.click('#history-show');
    await page.waitForSelector('#history td:has-text("Іс СДТБТ-да тіркелді")');
    expect(await page.textContent('#history')).toMatch(/001 ¶\d+/);
    expect(await page.getAttribute('#temporal-link', 'href')).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/case-${erdrNumber}`);
    await expectAccessible(page, '11b-supervision-case-history');
  });

  test('at 360 px the board and the supervision fit the screen and stay accessible', async () => {
    // The officials' pages too: the board and the supervision, tables as cards.
    const head = await newPage({ width: 360, height: 740 });
    await loginWithKeyFile(head, 'head');
    await head.goto(`${cabinet.baseUrl}/app/#/board`);
    await head.waitForSelector('#board-list');
    expect(await head.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(head, '23-board-360px');
    await head.goto(`${cabinet.baseUrl}/app/#/supervision?kind=report&id=${talon}`);
    await head.waitForSelector('#history table');
    expect(await head.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(head, '24-supervision-360px');
  });

  test('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
