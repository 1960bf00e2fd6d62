// The fault-injection suite in its short form (the full run is `npm run test:faults`): 40 crime
// reports submitted while the worker, the report starter, the API, the Temporal dev server and
// PostgreSQL — each its own OS process — are SIGKILLed once in turn and started again. Nothing may
// be lost or doubled: one talon per submission, one workflow per talon, every report through its
// intake and registered in the KUI book with a number of its own. tests/helpers/faults.ts runs it.
import { EVERY_PART, runFaultSuite } from '../helpers/faults';

jest.setTimeout(300_000);

test('no submission is lost or doubled while every part is killed in turn', async () => {
  const said: string[] = [];
  const started = Date.now();
  const result = await runFaultSuite({
    submissions: 40,
    clients: 4,
    faults: EVERY_PART,
    downMs: 500,
    deadlineMs: 180_000,
    log: (line) => said.push(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`),
  });
  console.log(`${result.line} (${((Date.now() - started) / 1000).toFixed(0)} s; back after: ${result.recoveries.join(', ')})`);
  if (result.problems.length) console.error(`${said.join('\n')}\n${result.problems.join('\n')}\n${result.logTails()}`);
  expect(result.problems).toEqual([]);
  expect(result.counts).toMatchObject({ submissions: 40, talons: 40, duplicates: 0, lost: 0, workflows: 40, awaiting: 40, kui: 40 });
  expect(Object.keys(result.counts.kills).sort()).toEqual([...EVERY_PART].sort());
});
