// The authorisation matrix of tests/api/authorization-matrix.test.ts, one file per process (named
// after its router, api/<stem>.ts): the rows, what each caller must get, and how each operation is
// called. A process adds its file and its line below.
//
// One row per operation (`METHOD /path`, and ` · variant` where the body decides who may). Columns:
// anonymous, citizen (owner), citizen2, then body 711303's registry officer, investigator, head,
// prosecutor, translator, operator, then body 711203's investigator and registry officer.
import type { Operation } from './kit';
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
import * as decisions from './decisions';
import * as profile from './profile';
import * as translation from './translation';
import * as auditLog from './audit-log';
import * as officialQuery from './official-query';
import * as queryReview from './query-review';
import * as legalityCheck from './legality-check';
import * as incident from './incident';
import * as archiveCertificate from './archive-certificate';
import * as offenceInformation from './offence-information';
import * as deadlineStatistics from './deadline-statistics';

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
  decisions,
  profile,
  translation,
  auditLog,
  officialQuery,
  queryReview,
  legalityCheck,
  incident,
  archiveCertificate,
  offenceInformation,
  deadlineStatistics,
];

export const MATRIX: Record<string, string> = Object.assign({}, ...PROCESSES.map((p) => p.rows));
export const OPERATIONS: Record<string, Operation> = Object.assign({}, ...PROCESSES.map((p) => p.operations));
