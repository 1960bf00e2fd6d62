// SMS to participants from the unique sender number 1414 (001 ¶24), through the operator's HTTP
// gateway at SMS_GATEWAY_URL. The sender is fixed by the gateway contract, not chosen per message.
import { ExternalSystemRejectedError } from './errors';
import { JsonHttpClient } from './http';

export const SMS_SENDER = '1414';

export interface OutgoingSms {
  /** Kazakhstan mobile number in E.164, e.g. `+77011234567` (see KZ_MOBILE_E164). */
  to: string;
  text: string;
  /**
   * A key that stays the same across retries of one notification (e.g. workflow id + purpose):
   * the gateway then sends the message once even when an answer was lost and the call repeated.
   */
  requestId?: string;
}

export interface SmsGateway {
  send(sms: OutgoingSms): Promise<{ id: string }>;
}

/**
 * Kazakhstan mobile numbers in E.164: operator codes 70x, 747 and 77x. The city codes (71x, 72x,
 * e.g. Astana 7172, Almaty 727) share the same +7 7 start but are fixed lines that cannot get SMS.
 */
export const KZ_MOBILE_E164 = /^\+77(0\d|47|7\d)\d{7}$/;

/**
 * Brings a phone number as people type it (`8 701 234 56 78`, `+7 (701) 234-56-78`,
 * `87012345678`) to E.164, or null when it is not a Kazakhstan mobile number.
 */
export function normalizeKzMobile(input: string): string | null {
  const digits = input.replace(/[\s()\-.]/g, '');
  let national: string | undefined;
  if (/^\+7\d{10}$/.test(digits)) national = digits.slice(2);
  else if (/^[78]\d{10}$/.test(digits)) national = digits.slice(1);
  else if (/^\d{10}$/.test(digits)) national = digits;
  if (!national) return null;
  const e164 = `+7${national}`;
  return KZ_MOBILE_E164.test(e164) ? e164 : null;
}

export class HttpSmsGateway implements SmsGateway {
  private readonly http: JsonHttpClient;

  constructor(options: { url: string; timeoutMs?: number }) {
    this.http = new JsonHttpClient('sms', options.url, options.timeoutMs);
  }

  async send(sms: OutgoingSms): Promise<{ id: string }> {
    const answer = await this.http.request<{ id?: unknown }>({
      method: 'POST',
      path: 'api/sms',
      body: { sender: SMS_SENDER, to: sms.to, text: sms.text },
      headers: sms.requestId ? { 'idempotency-key': sms.requestId } : undefined,
    });
    if (typeof answer?.id !== 'string') {
      throw new ExternalSystemRejectedError('sms', 'gateway accepted the message but returned no id', 200, answer);
    }
    return { id: answer.id };
  }
}
