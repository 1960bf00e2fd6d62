// checkPlacement: the Region → District → Body choice of a crime report, naming the field at fault.
import { checkPlacement } from '../../domain/dictionaries';

describe('checkPlacement', () => {
  it('accepts a district police unit in its own district', () => {
    const r = checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-saryarka', bodyId: 'kz-ast-saryarka-police' });
    expect(r).toMatchObject({ ok: true, region: { id: 'kz-ast' }, district: { id: 'kz-ast-saryarka' }, body: { code: '711303' } });
  });

  it('accepts a region-wide body in any district of its region', () => {
    expect(checkPlacement({ regionId: 'kz-shy', districtId: 'kz-shy-enbekshi', bodyId: 'kz-shy-national-security' }).ok).toBe(true);
    expect(checkPlacement({ regionId: 'kz-kar', districtId: 'kz-kar-shet', bodyId: 'kz-kar-anti-corruption' }).ok).toBe(true);
  });

  it('names regionId for an unknown region', () => {
    expect(checkPlacement({ regionId: 'kz-xxx', districtId: 'kz-ast-esil', bodyId: 'kz-ast-esil-police' })).toMatchObject({ ok: false, field: 'regionId' });
  });

  it('names districtId for an unknown district or one of another region', () => {
    expect(checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-nowhere', bodyId: 'kz-ast-police' })).toMatchObject({ ok: false, field: 'districtId' });
    expect(checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ala-medeu', bodyId: 'kz-ala-medeu-police' })).toMatchObject({ ok: false, field: 'districtId' });
  });

  it('names bodyId for a body that does not serve the district', () => {
    // Police of a neighbouring district of the same city.
    expect(checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-esil', bodyId: 'kz-ast-saryarka-police' })).toMatchObject({ ok: false, field: 'bodyId' });
    // A region-wide body of another region.
    expect(checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-esil', bodyId: 'kz-ala-national-security' })).toMatchObject({ ok: false, field: 'bodyId' });
    expect(checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-esil', bodyId: '' })).toMatchObject({ ok: false, field: 'bodyId' });
  });

  it('reports the first field in form order and explains it in three languages', () => {
    const r = checkPlacement({ regionId: 'nope', districtId: 'nope', bodyId: 'nope' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe('regionId');
    expect(r.message.kk).toMatch(/облыс/);
    expect(r.message.ru).toMatch(/област/);
    expect(r.message.en).toMatch(/region/);
  });
});
