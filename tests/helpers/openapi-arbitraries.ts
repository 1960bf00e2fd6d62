// fast-check arbitraries for requests built from the OpenAPI document (tests/api/contract-fuzz.test.ts),
// in one namespace: values from schemas (./openapi-value-arbitraries.ts), hostile values
// (./hostile-values.ts), and the requests built from them: bodies and parameters
// (./openapi-request-arbitraries.ts), uploads (./openapi-upload-arbitraries.ts).
export * from './openapi-value-arbitraries';
export { hugeString, hostileString, junkValue, NASTY_STRINGS } from './hostile-values';
export * from './openapi-request-arbitraries';
