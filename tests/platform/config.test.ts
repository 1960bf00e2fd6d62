import { loadConfig, ConfigError } from '../../platform/config';

test('defaults need no configuration at all', () => {
  const c = loadConfig({});
  expect(c.PORT).toBe(3000);
  expect(c.DATABASE_URL).toBeUndefined();
  expect(c.TEMPORAL_NAMESPACE).toBe('default');
  expect(c.dataDir).toMatch(/data$/);
});

test('environment variables point parts at external services', () => {
  const c = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/erdr', TEMPORAL_ADDRESS: 'temporal:7233', SMTP_URL: 'smtp://mail:25', PORT: '8080' });
  expect(c).toMatchObject({ DATABASE_URL: 'postgresql://u:p@db:5432/erdr', TEMPORAL_ADDRESS: 'temporal:7233', SMTP_URL: 'smtp://mail:25', PORT: 8080 });
});

test('a wrong value stops start-up with a message naming the variable', () => {
  const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', TEMPORAL_ADDRESS: 'no-port' });
  expect(attempt).toThrow(ConfigError);
  try {
    attempt();
  } catch (e) {
    const err = e as ConfigError;
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'PORT', 'TEMPORAL_ADDRESS']);
    expect(err.message).toContain('TEMPORAL_ADDRESS: must be host:port');
  }
});

test('an empty variable counts as unset', () => {
  expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
});

test('SEARCH_PSEUDONYM_KEY: unset by default (derived from the codec keys), and a short secret is refused', () => {
  expect(loadConfig({}).SEARCH_PSEUDONYM_KEY).toBeUndefined();
  const secret = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=';
  expect(loadConfig({ SEARCH_PSEUDONYM_KEY: secret }).SEARCH_PSEUDONYM_KEY).toBe(secret);
  expect(() => loadConfig({ SEARCH_PSEUDONYM_KEY: 'short' })).toThrow(/SEARCH_PSEUDONYM_KEY: at least 32 characters/);
});

test('API_PROCESSES and WORKER_NICE: one process at normal priority by default; out-of-range values are refused', () => {
  expect(loadConfig({})).toMatchObject({ API_PROCESSES: 1, WORKER_NICE: 0 });
  expect(loadConfig({ API_PROCESSES: '2', WORKER_NICE: '10' })).toMatchObject({ API_PROCESSES: 2, WORKER_NICE: 10 });
  expect(() => loadConfig({ WORKER_NICE: '20' })).toThrow(/WORKER_NICE/);
  expect(() => loadConfig({ API_PROCESSES: '0' })).toThrow(/API_PROCESSES/);
});

test('WORKER_MAX_CACHED_WORKFLOWS: the sticky cache holds 250 workflows by default; fewer than 2 (the SDK’s least) or a non-number is refused', () => {
  expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
});

test('REPORT_STARTER: the stand-alone worker runs the report starter unless it is off', () => {
  expect(loadConfig({}).REPORT_STARTER).toBe('on');
  expect(loadConfig({ REPORT_STARTER: 'off' }).REPORT_STARTER).toBe('off');
  expect(() => loadConfig({ REPORT_STARTER: 'no' })).toThrow(/REPORT_STARTER/);
});
