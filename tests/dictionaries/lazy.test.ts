// The dictionaries are built on first use, not at import: each Temporal workflow imports them into
// a fresh module context, and only the lookups should pay for building them, once.
type DictionariesModule = typeof import('../../domain/dictionaries');
type CatalogueModule = typeof import('../../domain/dictionaries/catalogue');

const CATALOGUE = '../../domain/dictionaries/catalogue';
const DICTIONARIES = '../../domain/dictionaries';

/** A fresh copy of the dictionaries module whose catalogue builds are counted. */
function freshDictionaries(): { dictionaries: DictionariesModule; buildCatalogue: jest.Mock } {
  let loaded!: { dictionaries: DictionariesModule; buildCatalogue: jest.Mock };
  jest.isolateModules(() => {
    const actual = jest.requireActual<CatalogueModule>(CATALOGUE);
    const buildCatalogue = jest.fn(actual.buildCatalogue);
    jest.doMock(CATALOGUE, () => ({ ...actual, buildCatalogue }));
    loaded = { dictionaries: require(DICTIONARIES) as DictionariesModule, buildCatalogue };
  });
  return loaded;
}

afterEach(() => jest.dontMock(CATALOGUE));

describe('building the dictionaries lazily', () => {
  it('builds nothing on import', () => {
    const { dictionaries, buildCatalogue } = freshDictionaries();
    expect(typeof dictionaries.findBody).toBe('function');
    expect(dictionaries.BODY_KIND_CODES.police).toBe('03');
    expect(buildCatalogue).not.toHaveBeenCalled();
  });

  it('builds once, on the first lookup, whichever lookup comes first', () => {
    const { dictionaries, buildCatalogue } = freshDictionaries();
    expect(dictionaries.findBody('kz-ast-saryarka-police')?.code).toBe('711303');
    expect(buildCatalogue).toHaveBeenCalledTimes(1);

    dictionaries.regions();
    dictionaries.districtsOf('kz-ast');
    dictionaries.bodiesOf('kz-ast-saryarka');
    dictionaries.findRegion('kz-ast');
    dictionaries.findDistrict('kz-ast-saryarka');
    dictionaries.bodyByCode('711303');
    dictionaries.allBodies();
    dictionaries.checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-saryarka', bodyId: 'kz-ast-saryarka-police' });
    expect(buildCatalogue).toHaveBeenCalledTimes(1);

    const other = freshDictionaries();
    expect(other.dictionaries.checkPlacement({ regionId: 'kz-ast', districtId: 'kz-ast-saryarka', bodyId: 'kz-ast-saryarka-police' }).ok).toBe(true);
    expect(other.buildCatalogue).toHaveBeenCalledTimes(1);
  });

  it('answers as the catalogue says, with the same objects on every call', () => {
    const { dictionaries } = freshDictionaries();
    const catalogue = jest.requireActual<CatalogueModule>(CATALOGUE).buildCatalogue();

    expect(dictionaries.regions()).toEqual(catalogue.regions);
    expect(dictionaries.allBodies()).toEqual(catalogue.bodies);
    expect(dictionaries.regions()).toBe(dictionaries.regions());
    expect(dictionaries.allBodies()).toBe(dictionaries.allBodies());
    expect(Object.isFrozen(dictionaries.regions())).toBe(true);
    expect(Object.isFrozen(dictionaries.findBody('kz-ast-national-security'))).toBe(true);

    for (const district of catalogue.districts) {
      // The district's own bodies first, then the region-wide ones, in catalogue order.
      const expected = [
        ...catalogue.bodies.filter((b) => b.districtId === district.id),
        ...catalogue.bodies.filter((b) => b.regionId === district.regionId && b.districtId === null),
      ];
      expect(dictionaries.bodiesOf(district.id)).toEqual(expected);
      expect(Object.isFrozen(dictionaries.bodiesOf(district.id))).toBe(true);
      expect(dictionaries.findDistrict(district.id)).toEqual(district);
    }
    for (const region of catalogue.regions) {
      expect(dictionaries.districtsOf(region.id)).toEqual(catalogue.districts.filter((d) => d.regionId === region.id));
    }
    for (const body of catalogue.bodies) {
      expect(dictionaries.findBody(body.id)).toBe(dictionaries.bodyByCode(body.code));
      expect(dictionaries.findBody(body.id)).toEqual(body);
    }
    expect(dictionaries.findBody('kz-nowhere')).toBeUndefined();
    expect(dictionaries.districtsOf('kz-nowhere')).toBeUndefined();
    expect(dictionaries.bodiesOf('kz-nowhere')).toBeUndefined();
  });
});
