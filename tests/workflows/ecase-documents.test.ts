// The case's document register out of the workflow state (platform/case-documents.ts): a case of
// 10 000 documents keeps its state — what every query, update answer and continue-as-new carries —
// far under Temporal's 2 MB payload limit, while its documents stay numbered, readable and listed.
import { recordHistory } from '../helpers/histories';
import {
  getCase,
  separateCase,
  sendToCourt,
  attachDocument,
  grantMaterialAccess,
  addParticipant,
  confirmParticipant,
  produceInventory,
  translationApproved,
} from '../../workflows/ecase';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { waitFor } from '../helpers/report';
import { calls, electronic, env, finish, iin, OFFICIAL, register, scenario, settle, sha, start, withRegister } from '../helpers/ecase-workflow';

/** Temporal's default limit on one payload (a query result, an update answer, a run's input). */
const PAYLOAD_LIMIT = 2 * 1024 * 1024;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

scenario('a case of 10 000 documents keeps its state far under the 2 MB payload limit: the documents are in the register', async () => {
  const h = await start();
  await electronic(h);
  // The three ¶11 documents and the ¶10 notice to the prosecutor come first.
  const first = (await settle(h, (s) => s.events.some((e) => e.action === 'prosecutor.notified'))).documentCount!;
  expect(first).toBe(4);
  // 001 ¶7: approved translations enter the case as documents — a thousand per signal.
  const BATCHES = 10;
  const PER_BATCH = 1000;
  for (let b = 0; b < BATCHES; b++) {
    const documents = Array.from({ length: PER_BATCH }, (_, i) => ({
      title: `Аударма / Перевод ${b * PER_BATCH + i + 1}`,
      sha256: sha(100_000 + b * PER_BATCH + i),
    }));
    await h.signal(translationApproved, { taskWorkflowId: `translation-${b}`, documents, language: 'ru', by: OFFICIAL });
  }
  const total = first + BATCHES * PER_BATCH;
  // Each batch is journalled with its event by one activity call: wait for the last.
  const erdr = (await h.query(getCase)).erdrNumber;
  const seen = await waitFor(
    async () => ({ count: (await h.query(getCase)).documentCount, written: register.get(erdr)?.length ?? 0 }),
    (x) => x.count === total && x.written === total,
    60_000,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}: ${JSON.stringify({ total, written: register.get(erdr)?.length })}`);
  });
  expect(seen).toEqual({ count: total, written: total });

  // An update after them: numbered next, written to the register before the official is answered.
  const answer = await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(999_999), title: 'Хаттама', officialIin: OFFICIAL }] });
  expect(answer.documentCount).toBe(total + 1);
  expect(answer.documents).toEqual([]);
  expect(register.get(answer.erdrNumber)!.find((d) => d.id === `d${total + 1}`)).toMatchObject({ sha256: sha(999_999) });

  const state = await h.query(getCase);
  const asShown = withRegister(state);
  expect(asShown.documents).toHaveLength(total + 1);
  expect(asShown.documents.map((d) => d.id)).toEqual(Array.from({ length: total + 1 }, (_, i) => `d${i + 1}`));
  const stateBytes = bytes(state);
  const answerBytes = bytes(answer);
  const documentsBytes = bytes(asShown.documents);
  console.log(
    `case of ${total + 1} documents: state ${(stateBytes / 1024).toFixed(1)} KB, update answer ${(answerBytes / 1024).toFixed(1)} KB` +
      ` (limit ${PAYLOAD_LIMIT / 1024} KB); the same documents kept in the state would add ${(documentsBytes / 1024).toFixed(1)} KB`,
  );
  // Far under: a twentieth of the limit. Kept in the state, the documents alone would not fit.
  expect(stateBytes).toBeLessThan(PAYLOAD_LIMIT / 20);
  expect(answerBytes).toBeLessThan(PAYLOAD_LIMIT / 20);
  expect(documentsBytes).toBeGreaterThan(PAYLOAD_LIMIT / 2);

  // Rules that need the documents still know them: access to the last one is granted (000 §4.9),
  // one beyond the count is unknown.
  await h.executeUpdate(addParticipant, {
    args: [{ iin: iin(7), fullName: 'Сейітов Арман', role: 'victim', contact: { email: 'arman@example.kz' }, officialIin: OFFICIAL }],
  });
  await h.executeUpdate(confirmParticipant, { args: [{ iin: iin(7), officialIin: OFFICIAL }] });
  const granted = await h.executeUpdate(grantMaterialAccess, { args: [{ iin: iin(7), documentIds: [`d${total + 1}`], officialIin: OFFICIAL }] });
  expect(granted.materialAccess!.at(-1)!.documentIds).toEqual([`d${total + 1}`]);
  const unknown = await h
    .executeUpdate(grantMaterialAccess, { args: [{ iin: iin(7), documentIds: [`d${total + 2}`], officialIin: OFFICIAL }] })
    .catch((e) => e);
  expect(unknown).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((unknown as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('UNKNOWN_DOCUMENT');

  // ¶11: the inventory lists every document, read from the register by the activity.
  const inventory = await h.executeUpdate(produceInventory, { args: [{ officialIin: OFFICIAL }] });
  expect(inventory.documentCount).toBe(total + 1);
  expect(calls.find((c) => c.name === 'produceInventory')!.input.documents).toHaveLength(total + 1);
  await finish(h);
});

scenario('separation copies the chosen documents register to register; the court reads them from the register', async () => {
  const h = await start();
  await electronic(h);
  await h.executeUpdate(attachDocument, { args: [{ kind: 'media', sha256: sha(777_777), title: 'Бейнежазба', officialIin: OFFICIAL }] });
  const { documentCount } = await settle(h, (s) => s.events.some((e) => e.action === 'prosecutor.notified'));
  const mediaId = withRegister(await h.query(getCase)).documents.find((d) => d.sha256 === sha(777_777))!.id;
  const { workflowId } = await h.executeUpdate(separateCase, { args: [{ reason: 'Басқа эпизод', documentIds: [mediaId], officialIin: OFFICIAL }] });
  const separated = await settle(env.client.workflow.getHandle(workflowId), (s) => s.events.length > 0);
  expect(separated.documentCount).toBe(1);
  expect(separated.documents).toEqual([expect.objectContaining({ id: 'd1', sha256: sha(777_777), title: 'Бейнежазба' })]);
  await h.executeUpdate(sendToCourt, { args: [{ court: 'Астана қ. Сарыарқа аудандық соты', byIin: OFFICIAL, by: 'official' }] });
  expect(calls.find((c) => c.name === 'submitCaseToCourt')!.input.documents).toHaveLength(documentCount!);
  expect((await h.result()).documentCount).toBe(documentCount! + 1); // and the cover letter
  await recordHistory('ecase-documents-in-register', h);
  await finish(env.client.workflow.getHandle(workflowId));
});
