// Workflow-side request ids: the id of the request that started the workflow, or of the signal or
// update being handled, goes on every activity the workflow schedules and into its log lines.
import type { Payload } from '@temporalio/common';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '../domain/request-id';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let requestId: Payload | undefined;
  const remember = (headers: Record<string, Payload>) => {
    if (headers[REQUEST_ID_HEADER]) requestId = headers[REQUEST_ID_HEADER];
  };
  return {
    inbound: [
      {
        execute(input, next) {
          remember(input.headers);
          return next(input);
        },
        handleSignal(input, next) {
          remember(input.headers);
          return next(input);
        },
        handleUpdate(input, next) {
          remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity(input, next) {
          return next(requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestId } } : input);
        },
        scheduleLocalActivity(input, next) {
          return next(requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestId } } : input);
        },
        getLogAttributes(input, next) {
          if (!requestId?.data) return next(input);
          // The header holds a JSON string payload; decode it without the payload converter (sandbox).
          return next({ ...input, requestId: JSON.parse(new TextDecoder().decode(requestId.data)) });
        },
      },
    ],
  };
};
