// Moving between pages, and what to tell a person about a failure.
import { ApiError } from './api';
import { t, tr } from './i18n';

let renderPage: () => Promise<void> = async () => undefined;
export const onRender = (fn: () => Promise<void>) => void (renderPage = fn);

/** Opens the page at `path` (#/path), drawing it again when it is the current one. */
export function go(path: string): void {
  if (location.hash === `#${path}`) void renderPage();
  else location.hash = `#${path}`;
}

/** The API's own words in the reader's language when it gave them, else its code and message. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.localised) return tr(e.localised);
    if (e.status === 404) return t('notFound');
    return `${e.code}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}
