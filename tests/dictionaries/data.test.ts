// Integrity of the seed dictionaries: what the form's dropdowns and the routing of reports rely on.
import { allBodies, bodiesOf, bodyByCode, BODY_KIND_CODES, districtsOf, findBody, findDistrict, findRegion, regions } from '../../domain/dictionaries';

const allDistricts = () => regions().flatMap((r) => [...districtsOf(r.id)!]);
const KAZAKH_ONLY = /[әғқңөұүһі]/i;

describe('regions', () => {
  it('lists the 17 regions and the 3 cities of republican significance', () => {
    const list = regions();
    expect(list).toHaveLength(20);
    expect(
      list
        .filter((r) => r.isCity)
        .map((r) => r.name.en)
        .sort(),
    ).toEqual(['Almaty City', 'Astana City', 'Shymkent City']);
    expect(list.filter((r) => !r.isCity)).toHaveLength(17);
    // The regions created in 2022.
    for (const kk of ['Абай облысы', 'Жетісу облысы', 'Ұлытау облысы']) expect(list.map((r) => r.name.kk)).toContain(kk);
  });

  it('uses 2-digit codes and unique ids, ordered by code', () => {
    const list = regions();
    expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
    expect(list.map((r) => r.code)).toEqual([...list.map((r) => r.code)].sort());
    expect(new Set(list.map((r) => r.code)).size).toBe(list.length);
    for (const r of list) expect(r.code).toMatch(/^\d{2}$/);
    expect(findRegion('kz-ast')?.code).toBe('71');
    expect(findRegion('kz-ala')?.code).toBe('75');
    expect(findRegion('kz-shy')?.code).toBe('79');
  });

  it('writes Kazakh names with Kazakh letters', () => {
    const kk = (id: string) => findRegion(id)?.name.kk;
    expect(kk('kz-kar')).toBe('Қарағанды облысы');
    expect(kk('kz-akt')).toBe('Ақтөбе облысы');
    expect(kk('kz-tur')).toBe('Түркістан облысы');
    expect(kk('kz-vos')).toBe('Шығыс Қазақстан облысы');
    expect(kk('kz-sev')).toBe('Солтүстік Қазақстан облысы');
    expect(findRegion('kz-kar')?.name.ru).toBe('Карагандинская область');
  });

  it('gives every region at least one district', () => {
    for (const r of regions()) expect(districtsOf(r.id)!.length).toBeGreaterThan(0);
  });
});

describe('districts', () => {
  it('has unique ids and 4-digit codes prefixed by the region code', () => {
    const list = allDistricts();
    expect(list.length).toBeGreaterThan(200);
    expect(new Set(list.map((d) => d.id)).size).toBe(list.length);
    expect(new Set(list.map((d) => d.code)).size).toBe(list.length);
    for (const d of list) {
      const region = findRegion(d.regionId)!;
      expect(d.code).toMatch(/^\d{4}$/);
      expect(d.code.startsWith(region.code)).toBe(true);
      expect(d.code.slice(2)).not.toBe('00'); // 00 is reserved for region-wide bodies
      expect(d.id.startsWith(`${region.id}-`)).toBe(true);
      expect(findDistrict(d.id)).toBe(d);
    }
  });

  it('lists the five districts of Astana', () => {
    expect(districtsOf('kz-ast')!.map((d) => d.name.kk)).toEqual(['Алматы ауданы', 'Есіл ауданы', 'Сарыарқа ауданы', 'Байқоңыр ауданы', 'Нұра ауданы']);
    expect(findDistrict('kz-ast-esil')?.code).toBe('7112');
  });

  it('lists the eight districts of Almaty', () => {
    expect(
      districtsOf('kz-ala')!
        .map((d) => d.name.kk)
        .sort(),
    ).toEqual(
      ['Алатау ауданы', 'Алмалы ауданы', 'Әуезов ауданы', 'Бостандық ауданы', 'Жетісу ауданы', 'Медеу ауданы', 'Наурызбай ауданы', 'Түрксіб ауданы'].sort(),
    );
  });

  it('lists the five districts of Shymkent', () => {
    expect(districtsOf('kz-shy')!.map((d) => d.name.ru)).toEqual([
      'Абайский район',
      'Аль-Фарабийский район',
      'Енбекшинский район',
      'Каратауский район',
      'район Туран',
    ]);
  });

  it('puts the regional centre first and tells cities from districts', () => {
    expect(districtsOf('kz-kar')![0]).toMatchObject({ id: 'kz-kar-karaganda-city', kind: 'city', name: { kk: 'Қарағанды қаласы', ru: 'город Караганда' } });
    expect(findDistrict('kz-kus-kostanay')).toMatchObject({ kind: 'district', name: { ru: 'Костанайский район' } });
    expect(findDistrict('kz-kus-kostanay-city')).toMatchObject({ kind: 'city', name: { ru: 'город Костанай' } });
    expect(findDistrict('kz-ast-nura')?.kind).toBe('city_district');
    expect(districtsOf('kz-uly')!.map((d) => d.name.en)).toEqual([
      'Zhezkazgan City',
      'Karazhal City',
      'Satbayev City',
      'Zhanaarka District',
      'Ulytau District',
    ]);
  });

  it('gives every district at least one body, its own police first', () => {
    for (const d of allDistricts()) {
      const bodies = bodiesOf(d.id)!;
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies[0]).toMatchObject({ kind: 'police', districtId: d.id, code: `${d.code}03` });
      expect(bodies.filter((b) => b.kind === 'national_security')).toHaveLength(1);
      expect(bodies.filter((b) => b.kind === 'anti_corruption')).toHaveLength(1);
      expect(bodies.filter((b) => b.kind === 'economic_investigation')).toHaveLength(1);
    }
  });
});

describe('bodies', () => {
  it('has unique ids and unique 6-digit codes following RR DD BB', () => {
    const list = allBodies();
    expect(new Set(list.map((b) => b.id)).size).toBe(list.length);
    expect(new Set(list.map((b) => b.code)).size).toBe(list.length);
    for (const b of list) {
      expect(b.code).toMatch(/^\d{6}$/);
      expect(b.code.slice(0, 2)).toBe(findRegion(b.regionId)!.code);
      expect(b.code.slice(2, 4)).toBe(b.districtId ? findDistrict(b.districtId)!.code.slice(2) : '00');
      expect(b.code.slice(4)).toBe(BODY_KIND_CODES[b.kind]);
      expect(bodyByCode(b.code)).toBe(b);
      expect(findBody(b.id)).toBe(b);
    }
  });

  it('matches the registering-body codes seen in real KUI and ERDR numbers', () => {
    // 237113030512388 (KUI) and 227111031000 (ERDR) carry 711303 and 711103 (000 §7.8).
    expect(bodyByCode('711303')).toMatchObject({ id: 'kz-ast-saryarka-police', kind: 'police', name: { ru: 'УП района Сарыарка ДП города Астана' } });
    expect(bodyByCode('711103')?.name.ru).toBe('УП района Алматы ДП города Астана');
    expect(bodyByCode('999999')).toBeUndefined();
  });

  it('keeps military police to regions with a garrison', () => {
    const withGarrison = allBodies()
      .filter((b) => b.kind === 'military_police')
      .map((b) => b.regionId);
    expect(withGarrison).toEqual(expect.arrayContaining(['kz-ast', 'kz-ala', 'kz-shy']));
    expect(withGarrison).not.toContain('kz-man');
    expect(bodiesOf('kz-man-aktau-city')!.map((b) => b.kind)).not.toContain('military_police');
  });
});

describe('names', () => {
  const named = () => [...regions(), ...allDistricts(), ...allBodies()];

  it('are non-empty in all three languages', () => {
    for (const { name } of named()) {
      for (const lang of ['kk', 'ru', 'en'] as const) expect(name[lang].trim()).not.toBe('');
    }
  });

  it('use Cyrillic for Kazakh and Russian and plain Latin for English', () => {
    for (const { id, name } of named()) {
      expect([id, name.kk]).toEqual([id, expect.not.stringMatching(/[a-z]/i)]);
      expect([id, name.ru]).toEqual([id, expect.not.stringMatching(/[a-z]/i)]);
      expect([id, name.en]).toEqual([id, expect.stringMatching(/^[A-Za-z][A-Za-z .,'-]*$/)]);
    }
  });

  it('keep Kazakh letters in Kazakh district names', () => {
    const kk = (id: string) => findDistrict(id)?.name.kk;
    expect(kk('kz-ala-auezov')).toBe('Әуезов ауданы');
    expect(kk('kz-shy-enbekshi')).toBe('Еңбекші ауданы');
    expect(kk('kz-man-zhanaozen-city')).toBe('Жаңаөзен қаласы');
    expect(kk('kz-vos-oskemen-city')).toBe('Өскемен қаласы');
    expect(kk('kz-akm-korgalzhyn')).toBe('Қорғалжын ауданы');
    // Most places have a Kazakh-only letter in their Kazakh name; a transliteration slip shows up here.
    const districts = allDistricts();
    expect(districts.filter((d) => KAZAKH_ONLY.test(d.name.kk.replace(/ ауданы$| қаласы$/, ''))).length / districts.length).toBeGreaterThan(0.5);
  });
});
