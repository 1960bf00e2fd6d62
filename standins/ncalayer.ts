// NCALayer stand-in: answers the messages of NCALayer's WebSocket protocol (wss://127.0.0.1:13579,
// see ui/src/ncalayer.ts) as NCALayer does, signing with development key files instead of asking
// the user for a key store and password. It is the protocol only — no socket — so a browser test
// connects it to the page (Playwright's routeWebSocket), and a unit test calls it directly.
//   commonUtils.createCMSSignatureFromBase64 [storage, "AUTHENTICATION"|"SIGNATURE", base64, attached]
//     → {"code":"200","responseObject":"<base64 CMS>"}
//   basics.sign {format:"cms", data, signingParams:{encapsulate}, signerParams:{extKeyUsageOids}}
//     → {"status":true,"body":{"result":["<base64 CMS>"]}}
//   commonUtils.getActiveTokens → {"code":"200","responseObject":[]} (no hardware tokens)
// Anything else answers as NCALayer answers an unknown request: code 500 with a message.
import { signCms, signerFromPkcs12, type SignerKey } from '../eds/sign';

export interface NcaLayerKeyFile {
  p12: Uint8Array;
  password: string;
}

export interface NcaLayerStandIn {
  /** What NCALayer sends first on a new connection. */
  greeting: string;
  /** The answer to one request (a JSON text), as a JSON text. */
  answer(message: string): Promise<string>;
  /** Every request answered, in order (tests read them). */
  requests: { module: string; method: string }[];
}

const CLIENT_AUTH_EKU = '1.3.6.1.5.5.7.3.2';

export function ncaLayerStandIn(keys: { auth: NcaLayerKeyFile; sign: NcaLayerKeyFile }): NcaLayerStandIn {
  const signers = new Map<'auth' | 'sign', Promise<SignerKey>>();
  const signer = (purpose: 'auth' | 'sign') => {
    if (!signers.has(purpose)) signers.set(purpose, signerFromPkcs12(keys[purpose].p12, keys[purpose].password));
    return signers.get(purpose)!;
  };
  const cms = async (purpose: 'auth' | 'sign', base64: string, attached: boolean) =>
    Buffer.from(await signCms(new Uint8Array(Buffer.from(base64, 'base64')), await signer(purpose), { attached })).toString('base64');
  const requests: NcaLayerStandIn['requests'] = [];

  return {
    greeting: JSON.stringify({ result: { version: '1.4-standin' } }),
    requests,
    async answer(message) {
      let req: { module?: string; method?: string; args?: unknown };
      try {
        req = JSON.parse(message);
      } catch {
        return JSON.stringify({ code: '500', message: 'bad request' });
      }
      requests.push({ module: String(req.module), method: String(req.method) });
      try {
        if (req.module === 'kz.gov.pki.knca.commonUtils' && req.method === 'createCMSSignatureFromBase64') {
          const [, keyType, data, attached] = req.args as [string, string, string, boolean];
          return JSON.stringify({ code: '200', responseObject: await cms(keyType === 'AUTHENTICATION' ? 'auth' : 'sign', data, !!attached) });
        }
        if (req.module === 'kz.gov.pki.knca.commonUtils' && req.method === 'getActiveTokens') {
          return JSON.stringify({ code: '200', responseObject: [] });
        }
        if (req.module === 'kz.gov.pki.knca.basics' && req.method === 'sign') {
          const a = req.args as { data: string; signingParams?: { encapsulate?: boolean }; signerParams?: { extKeyUsageOids?: string[] } };
          const purpose = a.signerParams?.extKeyUsageOids?.includes(CLIENT_AUTH_EKU) ? 'auth' : 'sign';
          return JSON.stringify({ status: true, body: { result: [await cms(purpose, a.data, a.signingParams?.encapsulate !== false)] } });
        }
        return JSON.stringify({ code: '500', message: `unknown method ${req.module}.${req.method}` });
      } catch (e) {
        return JSON.stringify({ code: '500', message: (e as Error).message });
      }
    },
  };
}
