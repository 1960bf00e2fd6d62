// Fails the test during which a test system answered with a body its OpenAPI document does not
// describe (tests/helpers/response-contract.ts records them).
import { failOnResponseMismatches } from './helpers/response-record';

afterEach(failOnResponseMismatches);
