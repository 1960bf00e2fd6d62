// Request ids across process boundaries. The API keeps the current request id in an
// AsyncLocalStorage; the client interceptor copies it into a Temporal header on every start,
// signal and update; the workflow interceptors (workflows/interceptors.ts) hand it on to the
// activities; the activity interceptor puts it into every activity log line.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Headers, Next } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import type {
  WorkflowClientInterceptor,
  WorkflowStartInput,
  WorkflowSignalInput,
  WorkflowStartUpdateInput,
  WorkflowSignalWithStartInput,
} from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../domain/request-id';

const current = new AsyncLocalStorage<string>();

export const runWithRequestId = <T>(requestId: string, fn: () => T): T => current.run(requestId, fn);
export const currentRequestId = (): string | undefined => current.getStore();

function withRequestId<I extends { readonly headers: Headers }>(input: I): I {
  const id = current.getStore();
  if (!id) return input;
  return { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } };
}

export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>) {
    return next(withRequestId(input));
  }
  startWithDetails(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'startWithDetails'>) {
    return next(withRequestId(input));
  }
  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>) {
    return next(withRequestId(input));
  }
  signalWithStart(input: WorkflowSignalWithStartInput, next: Next<WorkflowClientInterceptor, 'signalWithStart'>) {
    return next(withRequestId(input));
  }
  startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>) {
    return next(withRequestId(input));
  }
}

/** Adds `requestId` to the log attributes of an activity that was scheduled on behalf of a request. */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute(input, next) {
        const header = input.headers[REQUEST_ID_HEADER];
        requestId = header ? (defaultPayloadConverter.fromPayload(header) as string) : undefined;
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(requestId ? { ...input, requestId } : input);
      },
    },
  };
};
