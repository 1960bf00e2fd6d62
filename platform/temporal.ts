// Connecting to Temporal the same way everywhere: one data converter (with the payload codec) for
// every client and worker, and the workflow id conventions that carry business keys.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type CodecKey } from './codec';
import { RequestIdClientInterceptor } from './request-context';

/** Failure messages go into encoded (so encrypted) attributes: platform/failure-converter.ts. */
export const FAILURE_CONVERTER_PATH = path.resolve(__dirname, 'failure-converter.ts');

export function dataConverter(keys: CodecKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

export async function connectClient(opts: { address: string; namespace: string; keys: CodecKey[] }): Promise<Client> {
  const connection = await Connection.connect({ address: opts.address, connectTimeout: '10 seconds' });
  return new Client({
    connection,
    namespace: opts.namespace,
    dataConverter: dataConverter(opts.keys),
    interceptors: { workflow: [new RequestIdClientInterceptor()] },
  });
}
