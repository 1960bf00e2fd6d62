// 002 p.29: every recorded parameter is told in Astana time. Times are stored in UTC and shown as
// UTC+5 (Kazakhstan's single time zone since 1 March 2024; there is no daylight saving).
const ASTANA_OFFSET_MS = 5 * 60 * 60 * 1000;

/** ISO 8601 in Astana time with its offset, e.g. `2026-12-03T16:40:00.000+05:00`. */
export function astanaTime(at: Date): string {
  return new Date(at.getTime() + ASTANA_OFFSET_MS).toISOString().replace(/Z$/, '+05:00');
}
