// The citizen's part of the web UI in a real browser (tests/helpers/cabinet.ts): a citizen logs in
// with a PKCS#12 file opened in the page (the profile's mandatory fields first, the language
// switch), files a report with a DOCX (validation messages of 000 §4.3 first), sees the talon and
// downloads the PDF; NCALayer's protocol is served by the stand-in (standins/ncalayer.ts) and its
// signature logs in and signs a report. Each page is checked with axe-core, the citizen's pages
// must work at 360 px, and no CSP violation may occur. Where no Chromium is installed the file
// says so and checks only that the detection is right.
import fs from 'node:fs';
import { ncaLayerStandIn } from '../../standins/ncalayer';
import { REPORT_STATUS_LABELS } from '../../domain/report';
import { cabinetSuite } from '../helpers/cabinet';
import { waitFor } from '../helpers/report';

cabinetSuite('the citizen’s report', (cabinet) => {
  const { person, newPage, loginWithKeyFile, completeProfileIfAsked, expectAccessible, fillReport, sessionToken, cspViolations } = cabinet;
  /** The report the citizen files through the page; the later tests read it. */
  let talon = '';

  test('the cabinet is served and logs a citizen in with a PKCS#12 file opened in the page', async () => {
    const page = await newPage();
    await page.goto(`${cabinet.baseUrl}/app/`);
    // Keyboard: the first Tab reaches the skip link, which takes focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await expectAccessible(page, '01-login');
    // The script is bundled once and then revalidated by its ETag.
    const js = await fetch(`${cabinet.baseUrl}/app/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${cabinet.baseUrl}/app/app.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304);

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
    await page.goto(`${cabinet.baseUrl}/app/#/reports/new`);
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
    const details = (await (await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      status: string;
      description: string;
    };
    expect(details.description).toContain('Сарыарқа');
  });

  test('the status list shows the talon; the materials give the DOCX and its PDF', async () => {
    const page = await newPage();
    await loginWithKeyFile(page, 'citizen');
    const token = await sessionToken(page);
    // The intake converts the DOCX to PDF (000 §4.3) in the report's workflow.
    const withPdf = await waitFor(
      async () =>
        (await (await fetch(`${cabinet.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
          materials: { kind: string }[];
        },
      (r) => r.materials?.some((m) => m.kind === 'converted_pdf'),
      90_000,
    );
    expect(withPdf.materials.map((m) => m.kind)).toContain('converted_pdf');

    await page.goto(`${cabinet.baseUrl}/app/#/reports`);
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
    expect(
      fs
        .readFileSync((await zip.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
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
    await page.goto(`${cabinet.baseUrl}/app/`);
    await page.selectOption('#login-storage', 'ncalayer');
    expect(await page.isHidden('#login-keyfile')).toBe(true);
    await page.click('#login-submit');
    await page.waitForSelector('.user-name');
    expect(await page.textContent('.user-name')).toContain(p.surname);
    await completeProfileIfAsked(page);
    expect(standIn.requests).toEqual([{ module: 'kz.gov.pki.knca.commonUtils', method: 'createCMSSignatureFromBase64' }]);

    // The report and its file signed through NCALayer with the signing key.
    await page.goto(`${cabinet.baseUrl}/app/#/reports/new`);
    await page.waitForSelector('#fabula');
    await fillReport(page);
    await page.selectOption('#report-storage', 'ncalayer');
    await page.click('#report-submit');
    await page.waitForSelector('#talon', { timeout: 60_000 });
    expect((await page.textContent('#talon'))!.trim()).toMatch(/^\d{15}$/);
    expect(standIn.requests).toHaveLength(3);
  });

  test('at 360 px the cabinet and the report pages fit the screen and stay accessible', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await loginWithKeyFile(page, 'citizen');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '20-cabinet-360px');
    await page.goto(`${cabinet.baseUrl}/app/#/reports`);
    await page.waitForSelector(`tr[data-talon="${talon}"]`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '21-report-status-360px');
    await page.goto(`${cabinet.baseUrl}/app/#/reports/new`);
    await page.waitForSelector('#fabula');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, '22-report-form-360px');
  });

  test('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
