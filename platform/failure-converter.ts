// Failure messages and stack traces can carry what a payload would (a name, an address in an
// error text), yet by default Temporal stores them in clear. This converter moves them into the
// failure's encoded attributes, which the payload codec encrypts like any payload; clients with
// the codec (the API, the Web UI through /codec) read them back. Loaded by path, because workflow
// code in the sandbox gets it through the bundle.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
