// «Қылмыстық іс бойынша қабылданған шешімдер туралы мәліметтер және оларға материалдар» (000 §4.9,
// api/decisions.ts): the participant enters the ERDR number; the API checks one of the five
// situations of 000 §4.9 and the confirmed status (001 ¶26), and answers the decisions taken and
// the materials opened to them. Refused requests say why, in the reader's language.
import { api } from '../api';
import { h, fill } from '../dom';
import { dateTime, t, tr, type Text } from '../i18n';
import { errorText, go } from '../nav';
import { erdrFilter, materialsDialog, table } from './common';

interface Decisions {
  erdrNumber: string;
  statusLabel: Text;
  bases: { code: string; label: Text }[];
  decisions: { type: string; label: Text; at: string; decidingBody: { name: Text } | null; officialName: string | null; source: string }[];
  materials: { id: string; title: unknown; kind: string; addedAt: string }[];
}

const titleOf = (x: unknown) => (typeof x === 'string' ? x : tr(x as Text));

export async function renderDecisions(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const erdr = params.get('erdr');
  const out = h('div', { id: 'decisions' });
  fill(
    main,
    h('h2', {}, t('svcDecisions')),
    erdrFilter(erdr, (v) => go(v ? `/decisions?erdr=${v}` : '/decisions')),
    out,
  );
  if (!erdr) return;
  const show = async () => {
    try {
      const d = await api<Decisions>('GET', `/api/v1/decisions/${erdr}`);
      const base = `/api/v1/decisions/${erdr}`;
      fill(
        out,
        h('p', {}, `${t('erdrNumber')}: ${d.erdrNumber} — ${tr(d.statusLabel)}`),
        h('p', { class: 'muted' }, d.bases.map((b) => tr(b.label)).join('; ')),
        h(
          'div',
          { class: 'toolbar' },
          h('button', { type: 'button', onclick: show }, t('refreshAll')),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () =>
                materialsDialog(
                  erdr,
                  d.materials.map((m) => ({ name: titleOf(m.title), addedAt: m.addedAt, href: `${base}/materials/${m.id}` })),
                  `${base}/materials.zip`,
                  `${erdr}.zip`,
                ),
            },
            t('materials'),
          ),
        ),
        table(
          t('svcDecisions'),
          [
            { head: t('decisionKind'), cell: (x: Decisions['decisions'][number]) => tr(x.label) },
            { head: t('when'), cell: (x) => dateTime(x.at) },
            { head: t('decidingBody'), cell: (x) => tr(x.decidingBody?.name) },
            { head: t('official'), cell: (x) => x.officialName ?? '' },
            { head: t('basis'), cell: (x) => x.source },
          ],
          d.decisions,
        ),
      );
    } catch (e) {
      fill(out, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
  };
  await show();
}
