// The system watching its own health for the emergency log (002 p.41–43, domain/incident.ts): one
// long-running workflow (`health-watch`) looks every five minutes; a delay over one hour opens an
// incident dated from when the delay began, and the incident is closed when the delay is gone. It
// runs on the worker, so after the worker itself was down it finds the delay on its first look.
// A day's looks per run, then it continues as new with the open incident.
import { continueAsNew, defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incident';
import { delayOf, HEALTH_WATCH_INTERVAL_MS, type HealthProbe } from '../domain/incident';

export interface HealthWatchState {
  openIncident: string | null;
  lastProbe: (HealthProbe & { at: string }) | null;
}

export const getHealthWatch = defineQuery<HealthWatchState>('getHealthWatch');

const { probeHealth, openIncident, closeIncident } = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});

const LOOKS_PER_RUN = 288; // one day at five minutes

export async function healthWatchWorkflow(carried: { openIncident: string | null } = { openIncident: null }): Promise<void> {
  const state: HealthWatchState = { openIncident: carried.openIncident, lastProbe: null };
  setHandler(getHealthWatch, () => state);
  for (let look = 0; look < LOOKS_PER_RUN; look++) {
    let probe: HealthProbe | null = null;
    try {
      probe = await probeHealth();
    } catch {
      // The database does not answer: the next look tries again (the delay it causes is seen then).
    }
    if (probe) {
      const now = Date.now();
      state.lastProbe = { ...probe, at: new Date(now).toISOString() };
      const delay = delayOf(probe, now);
      if (delay && !state.openIncident) {
        state.openIncident = await openIncident({ kind: delay.kind, startedAt: delay.startedAt, detail: { waitingReports: probe.waitingReports } });
      } else if (!delay && state.openIncident) {
        await closeIncident({ id: state.openIncident, endedAt: new Date(now).toISOString() });
        state.openIncident = null;
      }
    }
    await sleep(HEALTH_WATCH_INTERVAL_MS);
  }
  await continueAsNew<typeof healthWatchWorkflow>({ openIncident: state.openIncident });
}
