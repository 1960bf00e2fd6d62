// SigV4 against the worked examples in the AWS S3 API documentation ("Signature Calculations for
// the Authorization Header: Transferring Payload in a Single Chunk"): same credentials, same
// requests, same published signatures.
import { EMPTY_PAYLOAD_SHA256, signRequest, uriEncode } from '../../documents/s3-signer';
import crypto from 'node:crypto';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
};
const date = new Date('2013-05-24T00:00:00Z');
const host = 'https://examplebucket.s3.amazonaws.com';

describe('AWS Signature Version 4', () => {
  it('GET Object with a Range header', () => {
    const signed = signRequest({ method: 'GET', url: new URL(`${host}/test.txt`), headers: { Range: 'bytes=0-9' }, date }, credentials);
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY_PAYLOAD_SHA256}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(signed.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' + '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('PUT Object with a body, a Date header and a key that needs encoding', () => {
    const body = 'Welcome to Amazon S3.';
    const payloadHash = crypto.createHash('sha256').update(body).digest('hex');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signRequest(
      {
        method: 'PUT',
        url: new URL(`${host}/test$file.text`),
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadHash,
        date,
      },
      credentials,
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.stringToSign.split('\n')[3]).toBe('9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d');
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket lifecycle (a query parameter without a value)', () => {
    const signed = signRequest({ method: 'GET', url: new URL(`${host}/?lifecycle`), date }, credentials);
    expect(signed.canonicalRequest.split('\n').slice(1, 3)).toEqual(['/', 'lifecycle=']);
    expect(signed.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('GET Bucket (list objects) with sorted query parameters', () => {
    const signed = signRequest({ method: 'GET', url: new URL(`${host}/?prefix=J&max-keys=2`), date }, credentials);
    expect(signed.canonicalRequest.split('\n')[2]).toBe('max-keys=2&prefix=J');
    expect(signed.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('encodes everything except unreserved characters', () => {
    expect(uriEncode("a b+c/ә~._-*'")).toBe('a%20b%2Bc%2F%D3%99~._-%2A%27');
    expect(uriEncode('a/b', false)).toBe('a/b');
  });
});
