// Builds the three dictionaries of the crime-report form (regions, districts, criminal-prosecution
// bodies) from the territorial seed. Pure data, no I/O: workflows may import it.
//
// Body codes are 6 digits: RR DD BB
//   RR  region code (KATO prefix: 71 Astana, 75 Almaty, 79 Shymkent, 35 Karaganda, …)
//   DD  district code inside the region; 00 for a body serving the whole region
//   BB  kind of body: 03 police, 05 anti-corruption, 06 economic investigation (Financial
//       Monitoring Agency), 07 national security, 08 military police
// so `711303` is the police directorate of Saryarka district of Astana, the registering-body code
// seen in real KUI/ERDR numbers (YY + body code + type digit + sequence, 000 §7.8).
//
// Where a body sits: every district (or city of regional significance) has its own police unit.
// Region-level departments (the regional police department, the Anti-Corruption Agency, the
// economic investigation department of the Financial Monitoring Agency, the National Security
// Committee, and the military police where a garrison exists) serve the whole region, so they are
// offered in the body list of every district of their region, after the district's own police.
import { REGION_SEEDS, type PlaceSeed, type RegionSeed } from './territory';

/** A name in the three languages of the service. */
export interface Names {
  kk: string;
  ru: string;
  en: string;
}

export interface Region {
  /** Stable id, e.g. `kz-ast`. */
  id: string;
  /** 2-digit KATO region code, e.g. `71`. */
  code: string;
  name: Names;
  /** A city of republican significance (Astana, Almaty, Shymkent) rather than an oblys. */
  isCity: boolean;
}

/** `district` — аудан of an oblys; `city` — city of regional significance; `city_district` — district of Astana, Almaty or Shymkent. */
export type DistrictKind = 'district' | 'city' | 'city_district';

export interface District {
  /** Stable id, e.g. `kz-ast-saryarka`, `kz-kar-temirtau-city`. */
  id: string;
  /** 4 digits: region code + district code, e.g. `7113`. */
  code: string;
  regionId: string;
  kind: DistrictKind;
  name: Names;
}

export const BODY_KINDS = [
  'police',
  'anti_corruption',
  'economic_investigation',
  'national_security',
  'military_police',
  // Reserved for Financial Monitoring Agency units other than its economic investigation
  // departments; none is in the seed yet.
  'financial_monitoring',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** The last two digits of a body code, by kind. */
export const BODY_KIND_CODES: Record<BodyKind, string> = {
  police: '03',
  anti_corruption: '05',
  economic_investigation: '06',
  national_security: '07',
  military_police: '08',
  financial_monitoring: '09',
};

/** A criminal-prosecution body (қылмыстық қудалау органы) that receives crime reports. */
export interface Body {
  /** Stable id, e.g. `kz-ast-saryarka-police`, `kz-ast-national-security`. */
  id: string;
  /** 6-digit registering-body code, e.g. `711303`. */
  code: string;
  kind: BodyKind;
  regionId: string;
  /** The district it belongs to, or null for a body serving the whole region. */
  districtId: string | null;
  name: Names;
}

export interface Catalogue {
  regions: readonly Region[];
  districts: readonly District[];
  bodies: readonly Body[];
}

/** `Akkol`, `Bukhar Zhyrau`, `Al-Farabi` → `akkol`, `bukhar-zhyrau`, `al-farabi`. */
function slug(en: string): string {
  return en
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** «Аккольский район» → «Аккольского района»; «район Биржан сал» → «района Биржан сал». */
function russianDistrictGenitive(ru: string): string {
  if (/ий район$/.test(ru)) return ru.replace(/ий район$/, 'ого района');
  if (/^район /.test(ru)) return ru.replace(/^район /, 'района ');
  throw new Error(`No genitive rule for district name "${ru}"`);
}

/** «Ақмола облысы» → «Ақмола облысының». */
function kazakhGenitive(kk: string): string {
  return `${kk}ның`;
}

function districtOf(region: RegionSeed, [code, kk, ru, en]: PlaceSeed, kind: DistrictKind): District {
  const isCity = kind === 'city';
  return {
    id: `${region.id}-${slug(en)}${isCity ? '-city' : ''}`,
    code: region.code + code,
    regionId: region.id,
    kind,
    name: isCity ? { kk: `${kk} қаласы`, ru: `город ${ru}`, en: `${en} City` } : { kk: `${kk} ауданы`, ru, en: `${en} District` },
  };
}

function districtPolice(region: RegionSeed, district: District, [, kk, ru, en]: PlaceSeed): Body {
  const unit: Names =
    district.kind === 'city'
      ? { kk: `${kk} қалалық полиция басқармасы`, ru: `УП города ${ru}`, en: `${en} City Police Directorate` }
      : district.kind === 'city_district'
        ? { kk: `${kk} аудандық полиция басқармасы`, ru: `УП ${russianDistrictGenitive(ru)}`, en: `${en} District Police Directorate` }
        : { kk: `${kk} аудандық полиция бөлімі`, ru: `ОП ${russianDistrictGenitive(ru)}`, en: `${en} District Police Division` };
  return {
    id: `${district.id}-police`,
    code: district.code + BODY_KIND_CODES.police,
    kind: 'police',
    regionId: region.id,
    districtId: district.id,
    // Named as in the ERDR: the unit, then its regional department («УП района Сарыарка ДП города Астана»).
    name: {
      kk: `${region.kk} Полиция департаментінің ${unit.kk}`,
      ru: `${unit.ru} ДП ${region.ruGenitive}`,
      en: `${unit.en}, ${region.en} Police Department`,
    },
  };
}

function regionBodies(region: RegionSeed): Body[] {
  const body = (kind: BodyKind, idSuffix: string, name: Names): Body => ({
    id: `${region.id}-${idSuffix}`,
    code: `${region.code}00${BODY_KIND_CODES[kind]}`,
    kind,
    regionId: region.id,
    districtId: null,
    name,
  });
  const bodies = [
    body('police', 'police', {
      kk: `${kazakhGenitive(region.kk)} Полиция департаменті`,
      ru: `Департамент полиции ${region.ruGenitive}`,
      en: `${region.en} Police Department`,
    }),
    body('anti_corruption', 'anti-corruption', {
      kk: `ҚР Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің ${region.kk} бойынша департаменті`,
      ru: `Департамент Агентства РК по противодействию коррупции по ${region.ruDative}`,
      en: `Anti-Corruption Agency Department for ${region.en}`,
    }),
    body('economic_investigation', 'economic-investigation', {
      kk: `ҚР Қаржылық мониторинг агенттігінің ${region.kk} бойынша экономикалық тергеп-тексеру департаменті`,
      ru: `Департамент экономических расследований по ${region.ruDative} Агентства РК по финансовому мониторингу`,
      en: `Economic Investigation Department for ${region.en}, Financial Monitoring Agency`,
    }),
    body('national_security', 'national-security', {
      kk: `ҚР Ұлттық қауіпсіздік комитетінің ${region.kk} бойынша департаменті`,
      ru: `Департамент Комитета национальной безопасности РК по ${region.ruDative}`,
      en: `National Security Committee Department for ${region.en}`,
    }),
  ];
  if (region.garrison) {
    const g = region.garrison;
    bodies.push(
      body('military_police', 'military-police', {
        kk: `ҚР Қорғаныс министрлігінің ${g.kk} гарнизоны әскери полиция басқармасы`,
        ru: `Управление военной полиции гарнизона ${g.ru} Министерства обороны РК`,
        en: `Military Police Directorate, ${g.en} Garrison, Ministry of Defence`,
      }),
    );
  }
  return bodies;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Builds the dictionaries in a fixed order: regions by code; in each, cities then districts by code. */
export function buildCatalogue(seeds: readonly RegionSeed[] = REGION_SEEDS): Catalogue {
  const regions: Region[] = [];
  const districts: District[] = [];
  const bodies: Body[] = [];
  for (const seed of [...seeds].sort((a, b) => a.code.localeCompare(b.code))) {
    regions.push({ id: seed.id, code: seed.code, name: { kk: seed.kk, ru: seed.ru, en: seed.en }, isCity: seed.isCity });
    const places: [PlaceSeed, DistrictKind][] = [
      ...seed.cities.map((p): [PlaceSeed, DistrictKind] => [p, 'city']),
      ...seed.districts.map((p): [PlaceSeed, DistrictKind] => [p, seed.isCity ? 'city_district' : 'district']),
    ].sort(([a], [b]) => a[0].localeCompare(b[0]));
    for (const [place, kind] of places) {
      const district = districtOf(seed, place, kind);
      districts.push(district);
      bodies.push(districtPolice(seed, district, place));
    }
    bodies.push(...regionBodies(seed));
  }
  return deepFreeze({ regions, districts, bodies });
}
