// Who may do what with accounts (api/account.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { DEV_OFFICIALS_BODY } from '../../../platform/trust';
import { signWith } from '../../helpers/pki';
import { agreementToSign } from '../../../api/account';
import { get, officialToBlock, type Operation, post, sessions, signerOf, sys } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // 002 p.17: every official signs the user agreement (again: idempotent); a citizen holds no role to sign it for.
  'GET /api/v1/account/agreement':                                          '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/account/agreement':                                         '401  409  409  ok   ok   ok   ok   ok   ok   ok   ok',
  // 002 p.12, p.16: the head blocks the staff of their body; p.14: the operator anyone, and only the operator unblocks.
  'POST /api/v1/accounts/{iin}/block':                                      '401  403  403  403  403  ok   403  403  ok   403  403',
  'POST /api/v1/accounts/{iin}/unblock':                                    '401  403  403  403  403  403  403  403  ok   403  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/account/agreement': { request: (a) => get(a, '/api/v1/account/agreement') },
  'POST /api/v1/account/agreement': {
    request: async (a) =>
      post(a, '/api/v1/account/agreement', {
        signature: await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(agreementToSign(sessions[signerOf(a)].iin))), true),
      }),
    invalid: (a) => post(a, '/api/v1/account/agreement', { signature: 42 }),
  },
  'POST /api/v1/accounts/{iin}/block': {
    request: (a, o) => post(a, `/api/v1/accounts/${(o.blockTarget ?? o.blockable).iin}/block`, { reason: 'Жұмыстан босатылды / dismissed' }),
    own: async () => ({ blockTarget: await officialToBlock(DEV_OFFICIALS_BODY) }),
    invalid: (a, o) => post(a, `/api/v1/accounts/${(o.blockTarget ?? o.blockable).iin}/block`, { reason: '' }),
  },
  'POST /api/v1/accounts/{iin}/unblock': {
    request: (a, o) => post(a, `/api/v1/accounts/${(o.unblockTarget ?? o.blockable).iin}/unblock`, { reason: 'Қайта тағайындалды / reinstated' }),
    own: async () => {
      const unblockTarget = await officialToBlock(DEV_OFFICIALS_BODY);
      await sys.db.prisma.account.update({ where: { iin: unblockTarget.iin }, data: { status: 'BLOCKED', blockedAt: new Date(), blockedReason: 'matrix' } });
      return { unblockTarget };
    },
    invalid: (a, o) => post(a, `/api/v1/accounts/${(o.unblockTarget ?? o.blockable).iin}/unblock`, { reason: '' }),
  },
};
