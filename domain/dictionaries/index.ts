// Dictionaries of the crime-report form (000 §4.3): «Облыс» → «Ауданы» → «Қылмыстық қудалау
// органы». The report is routed to the body chosen here, so the three choices must fit together;
// checkPlacement says which one does not. Pure and deterministic: safe to import from workflows.
import { buildCatalogue, type Body, type Catalogue, type District, type Names, type Region } from './catalogue';

export { BODY_KINDS, BODY_KIND_CODES } from './catalogue';
export type { Body, BodyKind, District, DistrictKind, Names, Region } from './catalogue';

interface Dictionaries {
  catalogue: Catalogue;
  regionById: Map<string, Region>;
  districtById: Map<string, District>;
  bodyById: Map<string, Body>;
  bodyByCode: Map<string, Body>;
  districtsByRegion: Map<string, District[]>;
  bodiesByDistrict: Map<string, readonly Body[]>;
}

// Built on first use rather than at import: every Temporal workflow runs in a fresh module
// context that imports this file, and most of them never look anything up. One that does pays
// the build once, on its first lookup.
let built: Dictionaries | undefined;

function dictionaries(): Dictionaries {
  return (built ??= buildDictionaries());
}

function buildDictionaries(): Dictionaries {
  const catalogue = buildCatalogue();
  const districtsByRegion = new Map<string, District[]>();
  for (const d of catalogue.districts) push(districtsByRegion, d.regionId, d);

  // A district's list: its own police first, then the bodies serving its whole region, each in
  // catalogue order.
  const ownBodies = new Map<string, Body[]>();
  const regionWideBodies = new Map<string, Body[]>();
  for (const b of catalogue.bodies) {
    if (b.districtId === null) push(regionWideBodies, b.regionId, b);
    else push(ownBodies, b.districtId, b);
  }
  const bodiesByDistrict = new Map<string, readonly Body[]>();
  for (const d of catalogue.districts) {
    bodiesByDistrict.set(d.id, Object.freeze([...(ownBodies.get(d.id) ?? []), ...(regionWideBodies.get(d.regionId) ?? [])]));
  }

  return {
    catalogue,
    regionById: new Map(catalogue.regions.map((r) => [r.id, r])),
    districtById: new Map(catalogue.districts.map((d) => [d.id, d])),
    bodyById: new Map(catalogue.bodies.map((b) => [b.id, b])),
    bodyByCode: new Map(catalogue.bodies.map((b) => [b.code, b])),
    districtsByRegion,
    bodiesByDistrict,
  };
}

function push<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/** All regions and cities of republican significance, ordered by code. */
export function regions(): readonly Region[] {
  return dictionaries().catalogue.regions;
}

/** Districts and cities of regional significance of a region, or undefined for an unknown region. */
export function districtsOf(regionId: string): readonly District[] | undefined {
  const { regionById, districtsByRegion } = dictionaries();
  return regionById.has(regionId) ? (districtsByRegion.get(regionId) ?? []) : undefined;
}

/** Bodies that take crime reports for a district, or undefined for an unknown district. */
export function bodiesOf(districtId: string): readonly Body[] | undefined {
  return dictionaries().bodiesByDistrict.get(districtId);
}

export function findRegion(regionId: string): Region | undefined {
  return dictionaries().regionById.get(regionId);
}

export function findDistrict(districtId: string): District | undefined {
  return dictionaries().districtById.get(districtId);
}

export function findBody(bodyId: string): Body | undefined {
  return dictionaries().bodyById.get(bodyId);
}

/** The body with a 6-digit registering-body code (digits 3–8 of a KUI/ERDR number), if any. */
export function bodyByCode(code: string): Body | undefined {
  return dictionaries().bodyByCode.get(code);
}

/** Every body, districts' own first within each region; for reconciliation and reports. */
export function allBodies(): readonly Body[] {
  return dictionaries().catalogue.bodies;
}

export interface PlacementChoice {
  regionId: string;
  districtId: string;
  bodyId: string;
}

export type PlacementField = keyof PlacementChoice;

export type Placement = { ok: true; region: Region; district: District; body: Body } | { ok: false; field: PlacementField; message: Names };

const PLACEMENT_MESSAGES: Record<PlacementField, Names> = {
  regionId: {
    kk: 'Мұндай облыс анықтамалықта жоқ',
    ru: 'Такой области нет в справочнике',
    en: 'No such region in the dictionary',
  },
  districtId: {
    kk: 'Аудан таңдалған облысқа жатпайды',
    ru: 'Район не относится к выбранной области',
    en: 'The district does not belong to the chosen region',
  },
  bodyId: {
    kk: 'Қылмыстық қудалау органы таңдалған ауданға қызмет көрсетпейді',
    ru: 'Орган уголовного преследования не обслуживает выбранный район',
    en: 'The criminal-prosecution body does not serve the chosen district',
  },
};

/**
 * Checks a Region → District → Body choice. The first field that does not fit is named, in form
 * order, so a 400 response can point at it: an unknown region → `regionId`; an unknown district
 * or one of another region → `districtId`; a body that does not serve the district → `bodyId`.
 */
export function checkPlacement(choice: PlacementChoice): Placement {
  const fail = (field: PlacementField): Placement => ({ ok: false, field, message: PLACEMENT_MESSAGES[field] });
  const { regionById, districtById, bodyById, bodiesByDistrict } = dictionaries();
  const region = regionById.get(choice.regionId);
  if (!region) return fail('regionId');
  const district = districtById.get(choice.districtId);
  if (!district || district.regionId !== region.id) return fail('districtId');
  const body = bodyById.get(choice.bodyId);
  if (!body || !bodiesByDistrict.get(district.id)?.includes(body)) return fail('bodyId');
  return { ok: true, region, district, body };
}
