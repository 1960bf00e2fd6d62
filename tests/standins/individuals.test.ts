// The State Database of Individuals: the IIN rules, and the adapter against the stand-in over HTTP.
import { HttpIndividualsRegistry } from '../../adapters/individuals';
import { buildIin, iinBirthDateAndGender, iinCheckDigit, isValidIin } from '../../domain/iin';
import { startIndividualsStandIn } from '../../standins/individuals';

describe('IIN', () => {
  it('checks the check digit with both weight passes', () => {
    // 9·1 + 0 + 0 + 2·4 + 1·5 + 5·6 + 3·7 + 0 + 0 + 0 + 1·11 = 84; 84 mod 11 = 7
    expect(iinCheckDigit('90021530001')).toBe(7);
    expect(isValidIin('900215300017')).toBe(true);
    expect(isValidIin('900215300018')).toBe(false);
    // First pass: 8+10+0+4+5+12+28+0+0+20+0 = 87 → 10, so the second weights (3…11,1,2) give 111 → 1.
    expect(iinCheckDigit('85011240020')).toBe(1);
    expect(isValidIin('850112400201')).toBe(true);
  });

  it('reads the birth date and gender from the first seven digits', () => {
    expect(iinBirthDateAndGender('900215300017')).toEqual({ birthDate: '1990-02-15', gender: 'male' });
    expect(iinBirthDateAndGender('850112400201')).toEqual({ birthDate: '1985-01-12', gender: 'female' });
    expect(iinBirthDateAndGender('050730612348')).toEqual({ birthDate: '2005-07-30', gender: 'female' });
    expect(iinBirthDateAndGender('991231100000')).toEqual({ birthDate: '1899-12-31', gender: 'male' });
    expect(iinBirthDateAndGender('900230300017')).toBeNull(); // 30 February
    expect(iinBirthDateAndGender('900215700017')).toBeNull(); // century digit 7
    expect(iinBirthDateAndGender('90021530001')).toBeNull();
  });

  it('builds valid IINs for test data', () => {
    const iin = buildIin('2001-09-11', 'female', 42);
    expect(iin).not.toBeNull();
    expect(isValidIin(iin!)).toBe(true);
    expect(iinBirthDateAndGender(iin!)).toEqual({ birthDate: '2001-09-11', gender: 'female' });
  });
});

describe('individuals register stand-in', () => {
  let standIn: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    standIn = await startIndividualsStandIn({ port: 0 });
  });
  afterAll(() => standIn.close());

  it('answers 404 for an IIN with a wrong check digit, and the adapter gives null', async () => {
    expect((await fetch(`${standIn.url}/api/persons/900215300018`)).status).toBe(404);
    expect((await fetch(`${standIn.url}/api/persons/12345`)).status).toBe(400);
    const registry = new HttpIndividualsRegistry({ url: standIn.url });
    expect(await registry.findByIin('900215300018')).toBeNull();
  });

  it('returns the same plausible person every time, with the birth date and gender the IIN encodes', async () => {
    const registry = new HttpIndividualsRegistry({ url: standIn.url });
    const man = await registry.findByIin('900215300017');
    expect(man).toMatchObject({ iin: '900215300017', birthDate: '1990-02-15', gender: 'male', citizenship: 'KZ' });
    expect(man!.patronymic).toMatch(/ұлы$/);
    expect(man!.surname).not.toMatch(/а$/);
    expect(man!.registeredAddress).toMatch(/қ\., .+, \d+-үй, \d+-пәтер$/);
    expect(await registry.findByIin('900215300017')).toEqual(man);

    const woman = await registry.findByIin('850112400201');
    expect(woman).toMatchObject({ birthDate: '1985-01-12', gender: 'female' });
    expect(woman!.patronymic).toMatch(/қызы$/);
    expect(woman!.surname).toMatch(/а$/);

    const lookups = (await (await fetch(`${standIn.url}/api/lookups`)).json()) as Array<{ iin: string; found: boolean }>;
    expect(lookups).toEqual(
      expect.arrayContaining([expect.objectContaining({ iin: '900215300018', found: false }), expect.objectContaining({ iin: '850112400201', found: true })]),
    );
  });

  it('serves a stored record instead of the generated one, keeping birth date and gender from the IIN', async () => {
    const iin = buildIin('1978-03-08', 'female', 7)!;
    const res = await fetch(`${standIn.url}/api/persons/${iin}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        surname: 'Сейітова',
        givenName: 'Гүлнәр',
        patronymic: null,
        citizenship: 'KZ',
        registeredAddress: 'Алматы қ., Абай даңғылы, 1-үй',
      }),
    });
    expect(res.status).toBe(200);
    const person = await new HttpIndividualsRegistry({ url: standIn.url }).findByIin(iin);
    expect(person).toEqual({
      iin,
      surname: 'Сейітова',
      givenName: 'Гүлнәр',
      patronymic: null,
      citizenship: 'KZ',
      registeredAddress: 'Алматы қ., Абай даңғылы, 1-үй',
      birthDate: '1978-03-08',
      gender: 'female',
    });
  });
});
