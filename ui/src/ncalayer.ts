// NCALayer: the NCA RK program on the user's computer that holds their keys (file or Kaztoken) and
// signs on request (000 §2.3: mandatory for the Public Sector). The page speaks its WebSocket
// protocol on wss://127.0.0.1:13579: on connecting NCALayer sends its version
// (`{"result":{"version":"…"}}`); each request names a module and method with its arguments, and the
// answer comes back on the same socket. We use the common-utilities module's CMS signing:
//   → {"module":"kz.gov.pki.knca.commonUtils","method":"createCMSSignatureFromBase64",
//      "args":["PKCS12", "AUTHENTICATION" | "SIGNATURE", "<base64 data>", <attached: boolean>]}
//   ← {"code":"200","responseObject":"<base64 CMS>"}   or   {"code":"500","message":"action.canceled"}
// NCALayer asks the user for the key store and its password in its own window; the page never sees them.
export const NCALAYER_URL = 'wss://127.0.0.1:13579';
export const NCALAYER_MODULE = 'kz.gov.pki.knca.commonUtils';

export class NcaLayerError extends Error {
  constructor(
    message: string,
    readonly unreachable = false,
  ) {
    super(message);
  }
}

/** Asks NCALayer for a CMS over `data` with the key of that purpose; base64 CMS. */
export function ncaLayerSign(
  data: Uint8Array,
  purpose: 'auth' | 'sign',
  attached: boolean,
  base64: (b: Uint8Array) => string,
  timeoutMs = 300_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(NCALAYER_URL);
    } catch (e) {
      return reject(new NcaLayerError(String(e), true));
    }
    let opened = false;
    let sent = false;
    const timer = setTimeout(() => finish(new NcaLayerError('NCALayer did not answer in time')), timeoutMs);
    const finish = (result: string | Error) => {
      clearTimeout(timer);
      ws.onclose = null;
      ws.close();
      if (typeof result === 'string') resolve(result);
      else reject(result);
    };
    const send = () => {
      if (sent) return;
      sent = true;
      ws.send(
        JSON.stringify({
          module: NCALAYER_MODULE,
          method: 'createCMSSignatureFromBase64',
          args: ['PKCS12', purpose === 'auth' ? 'AUTHENTICATION' : 'SIGNATURE', base64(data), attached],
        }),
      );
    };
    ws.onopen = () => {
      opened = true;
      // NCALayer greets with its version first; older versions do not, so ask after a moment anyway.
      setTimeout(send, 300);
    };
    ws.onerror = () => !opened && finish(new NcaLayerError('NCALayer is not reachable', true));
    ws.onclose = () => finish(new NcaLayerError(opened ? 'NCALayer closed the connection' : 'NCALayer is not reachable', !opened));
    ws.onmessage = (ev) => {
      let msg: { result?: { version?: string }; code?: string; responseObject?: string; message?: string };
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg.result?.version !== undefined && !sent) return send();
      if (msg.code === '200' && typeof msg.responseObject === 'string') return finish(msg.responseObject);
      if (msg.code) finish(new NcaLayerError(msg.message ?? `NCALayer answered ${msg.code}`));
    };
  });
}
