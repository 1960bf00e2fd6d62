// The fuzzing profiles of tests/api/contract-fuzz.test.ts, one file per process (named after its
// router, api/<stem>.ts); every documented operation needs one. A process adds its file and its
// line below.
import type { Profile } from './kit';
import * as health from './health';
import * as codec from './codec';
import * as app from './app';
import * as auth from './auth';
import * as dictionaries from './dictionaries';
import * as accountApplication from './account-application';
import * as account from './account';
import * as notifications from './notifications';
import * as files from './files';
import * as report from './report';
import * as ecase from './ecase';
import * as petition from './petition';
import * as complaint from './complaint';
import * as archiveCertificate from './archive-certificate';
import * as offenceInformation from './offence-information';
import * as deadlineStatistics from './deadline-statistics';
import * as translation from './translation';
import * as auditLog from './audit-log';
import * as queryReview from './query-review';
import * as incident from './incident';
import * as legalityCheck from './legality-check';
import * as officialQuery from './official-query';
import * as decisions from './decisions';
import * as profile from './profile';

const PROCESSES = [
  health,
  codec,
  app,
  auth,
  dictionaries,
  accountApplication,
  account,
  notifications,
  files,
  report,
  ecase,
  petition,
  complaint,
  archiveCertificate,
  offenceInformation,
  deadlineStatistics,
  translation,
  auditLog,
  queryReview,
  incident,
  legalityCheck,
  officialQuery,
  decisions,
  profile,
];

export const PROFILES: Record<string, Profile> = Object.assign({}, ...PROCESSES.map((p) => p.profiles));
