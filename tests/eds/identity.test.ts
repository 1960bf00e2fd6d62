import { hasValidCheckDigit } from '../../domain/iin';
import { isValidIin, withControlDigit } from '../../eds/identity';
import { makeIin } from '../../eds/dev-pki';
import { toDer } from '../../eds/der';

describe('IIN checksum', () => {
  it('accepts numbers whose control digit follows the first weighting', () => {
    // 9*1+0*2+0*3+1*4+0*5+1*6+3*7+0*8+0*9+0*10+5*11 = 95 → 95 mod 11 = 7
    expect(isValidIin('900101300057')).toBe(true);
    expect(isValidIin('900101300058')).toBe(false);
  });

  it('falls back to the second weighting when the first gives 10', () => {
    // first pass: 1*1+2*2+3*3+4*4+5*5+6*6+7*7+8*8+9*9+0*10+1*11 = 296 → 296 mod 11 = 10
    // second pass: 1*3+2*4+3*5+4*6+5*7+6*8+7*9+8*10+9*11+0*1+1*2 = 377 → 377 mod 11 = 3
    // (12-34-56 is no birth date, so this is a check-digit test, not an IIN.)
    expect(hasValidCheckDigit('123456789013')).toBe(true);
    expect(hasValidCheckDigit('123456789010')).toBe(false);
  });

  it('refuses numbers for which both weightings give 10, and malformed input', () => {
    const impossible = Array.from({ length: 100000 }, (_, i) => `900101${String(i).padStart(5, '0')}`).find((p) => withControlDigit(p) === undefined);
    expect(impossible).toBeDefined();
    for (let d = 0; d <= 9; d++) expect(isValidIin(`${impossible}${d}`)).toBe(false);
    expect(isValidIin('12345678901')).toBe(false);
    expect(isValidIin('IIN123456789013')).toBe(false);
    expect(isValidIin('12345678901a')).toBe(false);
  });

  it('makes valid IINs for the development PKI', () => {
    const iin = makeIin('850312', 3, 12);
    expect(iin).toMatch(/^8503123\d{5}$/);
    expect(isValidIin(iin)).toBe(true);
  });
});

describe('input encodings', () => {
  const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
  it('accepts DER, PEM and base64 alike', () => {
    expect(toDer(der)).toEqual(der);
    expect(toDer(Buffer.from(der).toString('base64'))).toEqual(der);
    expect(toDer(`-----BEGIN CMS-----\n${Buffer.from(der).toString('base64')}\n-----END CMS-----\n`)).toEqual(der);
    expect(toDer(new TextEncoder().encode(Buffer.from(der).toString('base64')))).toEqual(der);
    expect(() => toDer('not base64 at all!')).toThrow();
  });
});
