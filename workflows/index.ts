// Every workflow the worker runs. The worker bundles this file for the deterministic sandbox.
export { accountApplicationWorkflow } from './account-application';
export { accountWorkflow } from './account';
export { reportWorkflow } from './report';
export { caseWorkflow } from './ecase';
export { petitionWorkflow } from './petition';
export { complaintWorkflow } from './complaint';
export { profileMobileWorkflow, profilePrefillWorkflow } from './profile';
export { translationWorkflow } from './translation';
export { archiveCertificateWorkflow } from './archive-certificate';
export { offenceInformationWorkflow } from './offence-information';
export { queryReviewWorkflow } from './query-review';
export { healthWatchWorkflow } from './incident';
export { legalityCheckWorkflow } from './legality-check';
