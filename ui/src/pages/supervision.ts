// The supervisors' view (heads, prosecutors): per body, what expires in the next 6 and 24 hours and
// what is already breached — the question the NextDeadlineAt and Overdue search attributes exist
// for; the deadline statistics once their API is served; and any process's history in plain words
// (who did what, when, under which paragraph), with a link to its raw history in the Temporal Web
// UI (which reads the encrypted payloads through the API's codec endpoint).
import { api, ApiError, download, served, session } from '../api';
import type { DeadlineStatistics } from '../../../domain/deadline-statistics';
import { field, h, fill } from '../dom';
import { dateTime, t, tr, type Text } from '../i18n';
import { errorText } from '../nav';
import { DEADLINE_RULES } from '../../../domain/deadlines';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../../../domain/report';
import { table } from './common';
import { STEP_LABELS } from '../steps';
import { bodyLabel, KIND_WORD, timeLeft } from './board';
import { loadQueue, type QueueEntry } from './queue';
import type { ReportDetails } from './reports';

export const SUPERVISION_ROLES = ['head', 'prosecutor', 'operator'] as const;
export const STATISTICS_PATH = '/api/v1/statistics/deadlines';
const HOUR = 3_600_000;

/** One line of a history told in words. */
export interface HistoryLine {
  at: string;
  by: string;
  what: string;
  source: string;
}

type Kind = 'report' | 'case' | 'petition' | 'complaint';
const WORKFLOW_ID: Record<Kind, (id: string) => string> = {
  report: (id) => `report-${id}`,
  case: (id) => `case-${id}`,
  petition: (id) => `petition-${id}`,
  complaint: (id) => `complaint-${id}`,
};

interface DeadlineRecord {
  key: string;
  rule: string;
  startedAt: string;
  dueAt: string;
  state: string;
  remindedAt?: string;
  breachedAt?: string;
  completedAt?: string;
}

/** A deadline's steps: started, reminded, breached, met (or late), each under the rule's source. */
function deadlineLines(deadlines: DeadlineRecord[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  for (const d of deadlines) {
    const rule = (DEADLINE_RULES as Record<string, { source: string; title: Text }>)[d.rule];
    const name = rule ? tr(rule.title) : d.rule;
    const source = rule?.source ?? '';
    const add = (at: string | undefined, word: Parameters<typeof t>[0]) =>
      at && lines.push({ at, by: t('system'), what: `${name}: ${t(word)} (${t('deadlineDue')} ${dateTime(d.dueAt)})`, source });
    add(d.startedAt, 'deadlineStarted');
    add(d.remindedAt, 'deadlineReminded');
    add(d.breachedAt, 'deadlineBreached');
    if (d.state === 'met') add(d.completedAt, 'deadlineMet');
    if (d.state === 'late') add(d.completedAt, 'deadlineLate');
    if (d.state === 'cancelled') add(d.completedAt, 'deadlineCancelled');
  }
  return lines;
}

const who = (iin: string | undefined) => (!iin || iin === 'system' ? t('system') : iin === session.user?.iin ? `${session.user.name} (${iin})` : iin);
/** A recorded step in words: its label, else the code spelt out (`format.resolved` → "format resolved"). */
const words = (code: string) =>
  STEP_LABELS[code]
    ? tr(STEP_LABELS[code])
    : code
        .replace(/[._]/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase();

/** The history of a process in plain words, oldest first, from the API that tells it. */
export async function historyOf(kind: Kind, id: string): Promise<HistoryLine[]> {
  let lines: HistoryLine[];
  if (kind === 'report') {
    const r = await api<ReportDetails>('GET', `/api/v1/reports/${encodeURIComponent(id)}`);
    const source = (DEADLINE_RULES as Record<string, { source: string }>)['report.decision']?.source ?? '000 §4.4';
    lines = r.history.map((e) => ({
      at: e.at,
      by: who(e.by),
      what: [
        tr(REPORT_STATUS_LABELS[e.status as ReportStatus]) || e.status,
        e.status === 'REGISTERED_KUI' && r.kuiNumber ? `${t('kuiNumber')} ${r.kuiNumber}` : '',
        e.note ?? '',
      ]
        .filter(Boolean)
        .join(' — '),
      source: e.status === 'AWAITING_REGISTRATION' ? '000 §4.3' : source,
    }));
    lines.push(...deadlineLines(r.deadlines));
  } else if (kind === 'case') {
    const c = await api<{
      entries: { at: string; by: string; what: string; source?: string; note?: string; deadline?: { key: string; outcome: string; dueAt: string } }[];
    }>('GET', `/api/v1/cases/${encodeURIComponent(id)}/timeline`);
    const rules = DEADLINE_RULES as Record<string, { source: string; title: Text }>;
    // A deadline's key starts with its rule (`case.prosecutorNotice`, `case.paperToPdf:d4` …).
    const ruleOf = (key: string) => Object.keys(rules).find((r) => key === r || key.startsWith(`${r}:`));
    lines = c.entries.map((e) => {
      const rule = e.deadline && ruleOf(e.deadline.key);
      const about = e.deadline ? `${rule ? tr(rules[rule].title) : e.deadline.key} (${t('deadlineDue')} ${dateTime(e.deadline.dueAt)})` : '';
      return {
        at: e.at,
        by: who(e.by),
        what: [words(e.what), about, e.note ?? ''].filter(Boolean).join(' — '),
        source: e.source ?? (rule ? rules[rule].source : ''),
      };
    });
  } else {
    const p = await api<{ history: { at: string; what: string; by?: string; source?: string; note?: string }[]; deadlines: DeadlineRecord[] }>(
      'GET',
      `/api/v1/${kind === 'petition' ? 'petitions' : 'complaints'}/${encodeURIComponent(id)}`,
    );
    lines = p.history.map((e) => ({ at: e.at, by: who(e.by), what: [words(e.what), e.note ?? ''].filter(Boolean).join(' — '), source: e.source ?? '' }));
    lines.push(...deadlineLines(p.deadlines ?? []));
  }
  return lines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

interface BodySummary {
  code: string;
  name: string;
  in6h: number;
  in24h: number;
  breaches: number;
}

/** Per body: open deadlines due within 6 and 24 hours (not yet past), and those past (breaches). */
export function summarise(entries: QueueEntry[], now = Date.now()): BodySummary[] {
  const by = new Map<string, BodySummary>();
  for (const e of entries) {
    if (!e.dueAt || !e.bodyCode) continue;
    const s = by.get(e.bodyCode) ?? { code: e.bodyCode, name: bodyLabel(e), in6h: 0, in24h: 0, breaches: 0 };
    if (s.name === s.code && e.bodyName) s.name = bodyLabel(e);
    const left = Date.parse(e.dueAt) - now;
    if (e.overdue || left < 0) s.breaches++;
    else {
      if (left <= 6 * HOUR) s.in6h++;
      if (left <= 24 * HOUR) s.in24h++;
    }
    by.set(e.bodyCode, s);
  }
  return [...by.values()].sort((a, b) => b.breaches - a.breaches || b.in6h - a.in6h || a.code.localeCompare(b.code));
}

/**
 * The deadline statistics chart (GET /api/v1/statistics/deadlines, the last 30 days): per rule, one
 * bar split into met, met late, breached and open, with the median and 95th percentile time to
 * act, and the rows as a table for screen readers and for copying. Where the API is not served the
 * section says so.
 */
async function statisticsSection(): Promise<HTMLElement> {
  const section = h(
    'section',
    { id: 'deadline-statistics', 'aria-labelledby': 'statistics-title', 'data-api': STATISTICS_PATH },
    h('h3', { id: 'statistics-title' }, t('statistics')),
  );
  if (!(await served(STATISTICS_PATH))) {
    section.append(h('p', { class: 'muted' }, t('statisticsPending')));
    return section;
  }
  try {
    drawStatistics(section, await api<DeadlineStatistics>('GET', STATISTICS_PATH));
  } catch (e) {
    section.append(h('p', { class: 'error' }, errorText(e)));
  }
  return section;
}

const OUTCOMES = [
  ['met', 'deadlineMet'],
  ['metLate', 'deadlineLate'],
  ['breached', 'deadlineBreached'],
  ['open', 'deadlineOpen'],
] as const;

/** Hours, one decimal, for the median and p95 times. */
const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / HOUR).toFixed(1)} h`);

export function drawStatistics(section: HTMLElement, stats: DeadlineStatistics): void {
  const rules = new Map(stats.rules.map((r) => [r.rule, r]));
  const title = (rule: string) => {
    const r = rules.get(rule as DeadlineStatistics['rules'][number]['rule']);
    return r ? `${tr(r.title)} (${r.source})` : rule;
  };
  section.append(h('p', { class: 'muted' }, `${dateTime(stats.from).slice(0, 10)} — ${dateTime(stats.to).slice(0, 10)}`));
  if (stats.byRule.length === 0) {
    section.append(h('p', { class: 'empty' }, t('nothing')));
    return;
  }
  // The chart is a picture of the table below it; assistive technology reads the table.
  const chart = h(
    'div',
    { class: 'chart', 'aria-hidden': 'true' },
    stats.byRule.map((r) =>
      h(
        'div',
        { class: 'chart-row', 'data-rule': r.rule },
        h('span', { class: 'chart-label' }, title(r.rule)),
        h(
          'span',
          { class: 'chart-bar' },
          OUTCOMES.filter(([k]) => r[k] > 0).map(([k]) =>
            h('span', { class: `seg seg-${k}`, 'data-share': String(r[k] / Math.max(1, r.met + r.metLate + r.breached + r.open)) }, String(r[k])),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'legend' },
      OUTCOMES.map(([k, w]) => h('span', { class: `seg seg-${k}` }, t(w))),
    ),
  );
  section.append(
    chart,
    table(
      t('statistics'),
      [
        { head: t('rule'), cell: (r: DeadlineStatistics['byRule'][number]) => title(r.rule) },
        ...OUTCOMES.map(([k, w]) => ({ head: t(w), cell: (r: DeadlineStatistics['byRule'][number]) => String(r[k]), className: 'num' })),
        { head: t('median'), cell: (r) => hours(r.medianMs), className: 'num' },
        { head: 'p95', cell: (r) => hours(r.p95Ms), className: 'num' },
      ],
      stats.byRule,
      (r) => ({ 'data-rule': r.rule }),
    ),
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => download(`${STATISTICS_PATH}?format=csv`, 'deadline-statistics.csv') }, 'CSV')),
  );
  // Segment widths through the CSSOM (the CSP allows no inline style attributes).
  section.querySelectorAll<HTMLElement>('.chart-bar .seg').forEach((s) => (s.style.flexGrow = s.dataset.share ?? '0'));
}

export async function renderSupervision(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const [entries, links] = await Promise.all([
    loadQueue(),
    api<Record<string, string>>('GET', '/api/v1/system/links').catch(() => ({}) as Record<string, string>),
  ]);
  const summary = summarise(entries);
  const breaches = entries.filter((e) => e.overdue || (e.dueAt && Date.parse(e.dueAt) < Date.now()));

  const kindSel = h(
    'select',
    { id: 'history-kind', name: 'kind' },
    (['report', 'case', 'petition', 'complaint'] as Kind[]).map((k) => h('option', { value: k, selected: params.get('kind') === k }, t(KIND_WORD[k]))),
  );
  const idInput = h('input', { type: 'text', id: 'history-id', name: 'id', value: params.get('id') ?? '' });
  const historyOut = h('div', { id: 'history', 'aria-live': 'polite' });
  const historyForm = h(
    'form',
    { class: 'filters', role: 'search' },
    field(t('kind'), kindSel).wrap,
    field(t('historyId'), idInput).wrap,
    h('button', { type: 'submit', id: 'history-show' }, t('show')),
  );

  const showHistory = async () => {
    const kind = kindSel.value as Kind;
    const id = idInput.value.trim();
    if (!id) return;
    fill(historyOut, h('p', { role: 'status' }, t('loading')));
    try {
      const lines = await historyOf(kind, id);
      const ui = links['Temporal Web UI'];
      const namespace = /\(namespace ([^)]+)\)/.exec(links['Temporal'] ?? '')?.[1] ?? 'default';
      fill(
        historyOut,
        table<HistoryLine>(
          t('historyTitle'),
          [
            { head: t('when'), cell: (l) => dateTime(l.at) },
            { head: t('who'), cell: (l) => l.by },
            { head: t('what'), cell: (l) => l.what },
            { head: t('basis'), cell: (l) => l.source },
          ],
          lines,
        ),
        ui
          ? h(
              'p',
              {},
              h(
                'a',
                {
                  href: `${ui.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(WORKFLOW_ID[kind](id))}`,
                  target: '_blank',
                  rel: 'noopener',
                  id: 'temporal-link',
                },
                t('rawHistory'),
              ),
            )
          : null,
      );
    } catch (e) {
      fill(historyOut, h('p', { class: 'error', role: 'alert' }, e instanceof ApiError && e.status === 404 ? t('notFound') : errorText(e)));
    }
  };
  historyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void showHistory();
  });

  fill(
    main,
    h('h2', {}, t('supervisionTitle')),
    h(
      'section',
      { 'aria-labelledby': 'per-body-title' },
      h('h3', { id: 'per-body-title' }, t('perBody')),
      table<BodySummary>(
        t('perBody'),
        [
          { head: t('body'), cell: (s) => s.name },
          { head: t('in6h'), cell: (s) => String(s.in6h), className: 'num' },
          { head: t('in24h'), cell: (s) => String(s.in24h), className: 'num' },
          { head: t('breaches'), cell: (s) => (s.breaches ? h('span', { class: 'overdue' }, String(s.breaches)) : '0'), className: 'num' },
        ],
        summary,
        (s) => ({ 'data-body': s.code }),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'breaches-title' },
      h('h3', { id: 'breaches-title' }, t('breaches')),
      table<QueueEntry>(
        t('breaches'),
        [
          { head: t('kind'), cell: (e) => t(KIND_WORD[e.kind]) },
          {
            head: t('number'),
            cell: (e) =>
              e.kind in WORKFLOW_ID
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'link mono',
                      onclick: () => {
                        kindSel.value = e.kind;
                        idInput.value = e.id;
                        void showHistory();
                      },
                    },
                    e.number,
                  )
                : h('span', { class: 'mono' }, e.number),
          },
          { head: t('body'), cell: bodyLabel },
          { head: t('dueAt'), cell: (e) => dateTime(e.dueAt) },
          { head: t('timeLeft'), cell: timeLeft },
        ],
        breaches,
      ),
    ),
    await statisticsSection(),
    h('section', { 'aria-labelledby': 'history-title' }, h('h3', { id: 'history-title' }, t('historyTitle')), historyForm, historyOut),
  );
  if (idInput.value) await showHistory();
}
