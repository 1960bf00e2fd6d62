// One JSON logger for every process. Child loggers carry the component and, where there is one,
// the request id, which the API also passes into workflow memos and activity logs so a single
// citizen action can be followed from the HTTP request to the activity that sent the e-mail.
import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'erdr' },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Personal data must not reach the logs even by accident.
  redact: { paths: ['req.headers.authorization', '*.password', '*.iin', '*.email', '*.phone'], censor: '[redacted]' },
});

export type Logger = pino.Logger;

/** Routes the Temporal SDK's own log lines (worker, workflow and activity logs) into pino. */
export function temporalRuntimeLogger() {
  const l = logger.child({ component: 'temporal' });
  const at = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => l[level](meta ?? {}, message);
  return {
    log: (level: string, message: string, meta?: Record<string, unknown>) => {
      const lvl = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      (l[lvl] ?? l.info).call(l, meta ?? {}, message);
    },
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
