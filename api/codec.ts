// The codec endpoint lets authorised people read encrypted workflow histories in the Temporal Web
// UI: the UI posts payloads here and shows what comes back. Two ways in, both authorised:
//   - `Authorization: Bearer <token>` (a Web UI behind single sign-on passes the user's token);
//   - a capability path `/codec/t/<token>/…` for a Web UI without sign-on (the local dev server),
//     configured as its codec endpoint and never shown to the public.
import express, { Router, type Request } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { forbidden, HttpError, parseOr400 } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { OfficialRole } from '../domain/roles';
import { json, jsonBody, operation } from './openapi-kit';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

// Checked before any byte is decoded: a payload that is not an object, or metadata that is not
// text, used to throw inside Buffer.from and answer 500.
const payloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })),
});

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export interface CodecRouterOptions {
  codec: PayloadCodec;
  /** Origins allowed to call the endpoint from a browser (the Temporal Web UI). */
  corsOrigins: string[];
  /** Whether the bearer token (or the capability token) belongs to someone allowed to read histories. */
  authorise(token: string): Promise<boolean>;
}

export function codecRouter(opts: CodecRouterOptions): Router {
  const router = Router();
  router.use('/codec', (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && opts.corsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    }
    if (req.method === 'OPTIONS') {
      res.sendStatus(204);
      return;
    }
    next();
  });

  const tokenOf = (req: Request): string | undefined => {
    const fromPath = req.params.token;
    if (typeof fromPath === 'string') return fromPath;
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  };

  const handler = (direction: 'encode' | 'decode') => async (req: Request, res: express.Response) => {
    const token = tokenOf(req);
    if (!token || !(await opts.authorise(token))) throw forbidden('Not allowed to read workflow histories');
    const payloads = parseOr400(payloadsBody, req.body ?? {}).payloads.map(fromJson);
    let result: Payload[];
    try {
      result = direction === 'encode' ? await opts.codec.encode(payloads) : await opts.codec.decode(payloads);
    } catch (e) {
      // A payload cut short, tampered with or under a key this system does not hold is the
      // caller's input, not a fault here.
      throw new HttpError(400, 'BAD_REQUEST', `A payload could not be ${direction}d: ${(e as Error).message}`);
    }
    res.json({ payloads: result.map(toJson) });
  };

  const json = express.json({ limit: '8mb' });
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/codec/${direction}`, json, handler(direction));
    router.post(`/codec/t/:token/${direction}`, json, handler(direction));
  }
  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

/** Who may read decrypted workflow histories (app/system.ts wires the codec endpoint so). */
const HISTORY_READERS: OfficialRole[] = ['head', 'prosecutor', 'operator'];

const base64 = z.string().meta({ contentEncoding: 'base64' });
const codecPayloads = z
  .object({
    payloads: z.array(
      z
        .object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })
        .meta({ description: 'A Temporal payload; metadata values and data in base64.' }),
    ),
  })
  .meta({ id: 'CodecPayloads' });

function codecOperation(direction: 'encode' | 'decode', capability: boolean) {
  const verb = direction === 'encode' ? 'Encrypts' : 'Decrypts';
  return {
    post: operation({
      operationId: `codec${direction === 'encode' ? 'Encode' : 'Decode'}${capability ? 'WithCapability' : ''}`,
      tag: 'Codec',
      summary: `${verb} Temporal payloads${capability ? ' (capability path)' : ''}`,
      description:
        `${verb} payloads with the AES-256-GCM payload codec (the key id travels in the payload metadata), ` +
        'for the Temporal Web UI showing workflow histories. ' +
        (capability
          ? 'The token in the path stands in for the bearer token: it is configured as the codec endpoint of a Web UI without single sign-on and never shown to the public. '
          : 'The Web UI behind single sign-on passes the user’s token as `Authorization: Bearer`. ') +
        'A missing or unauthorised token answers 403, not 401. Browsers from the configured Web UI origin get CORS headers; their `OPTIONS` preflight is answered with 204.',
      access: capability ? 'capability' : 'codec',
      roles: HISTORY_READERS,
      requestParams: capability
        ? { path: z.object({ token: z.string().meta({ description: 'The codec access token, or a history reader’s session token.' }) }) }
        : undefined,
      requestBody: jsonBody(codecPayloads, '8 MB'),
      responses: { 200: json(codecPayloads, `The payloads, ${direction}d, in the same order.`) },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  };
}

export const codecPaths: ZodOpenApiPathsObject = {
  '/codec/encode': codecOperation('encode', false),
  '/codec/decode': codecOperation('decode', false),
  '/codec/t/{token}/encode': codecOperation('encode', true),
  '/codec/t/{token}/decode': codecOperation('decode', true),
};
