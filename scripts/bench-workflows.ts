// The workflow scripts/bench-reports.ts starts to measure the raw workflow-start rate of the same
// Temporal server the reports run on. It is bundled only for the benchmark's own worker and task
// queue, never for the production worker (workflows/index.ts).

/** Does nothing: what a start costs without any business process behind it. */
export async function benchNoopWorkflow(): Promise<void> {
  // Intentionally empty.
}
