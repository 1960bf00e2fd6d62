// The browser suite's parts: finding Chromium (Debian's, installed by .ci/run; none is downloaded),
// launching it headless, checking a page with axe-core, and saving screenshots as artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Chromium may be: CHROMIUM_PATH alone when set, else Debian's and other distributions' places. */
export const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The first executable candidate, or why there is none. */
export function findChromium(): { path: string } | { path: null; reason: string } {
  const found = CHROMIUM_CANDIDATES.find(isExecutable);
  return found
    ? { path: found }
    : { path: null, reason: `none of ${CHROMIUM_CANDIDATES.join(', ')} is an executable file; install Debian's chromium or set CHROMIUM_PATH` };
}

/** The launch flags of docs/toolchain: no sandbox (containers, root), no GPU, nothing fetched in the background. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Screenshots go here: UI_ARTIFACTS_DIR, else artifacts/ui-screenshots in the checkout (ignored by git). */
export const ARTIFACTS_DIR = process.env.UI_ARTIFACTS_DIR ?? path.resolve(__dirname, '../../artifacts/ui-screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is; the violations of impact serious or critical.
 * axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
 * govern, so the page is checked under its real CSP.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
