// How the operations of the cabinet's notices (api/notifications.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, call, type Json, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  listNotifications: { officials: ANY },
  markNotificationRead: {
    officials: ANY,
    pathValues: (f) => ({ id: f.notificationIds.length ? f.notificationIds : ['1'] }),
    refresh: async (f) => {
      const page = await call('GET', '/api/v1/notifications?limit=100', { token: f.sessions.citizen.token });
      f.notificationIds = (page.body?.items ?? []).map((n: Json) => n.id);
    },
  },
};
