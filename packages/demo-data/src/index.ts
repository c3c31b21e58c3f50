export {
  generateDemoData,
  DEFAULT_SEED,
  DEFAULT_AS_OF,
  DEMO_DISTRICT_CODE,
  DEMO_SQUADRON_CODE,
  type GenerateOptions,
  type DemoData,
  type DemoUnit,
  type DemoOfficer,
} from './generate.ts';
export { summarize, type DemoSummary } from './summary.ts';
export { generateDemoEquipment, type DemoEquipmentItem, type DemoEquipmentOptions } from './equipment.ts';
export {
  shanghaiGeometry,
  type PolygonOrMultiPolygon,
  type GeoPolygon,
  type GeoMultiPolygon,
  type Position2,
  type ShanghaiGeometry,
} from './geometry.ts';
export {
  CITY_BUREAU,
  DISTRICTS,
  DIRECT_UNITS,
  LANDMASS_OUTLINES,
  streetShortName,
  STREET_SHORT_NAMES,
  type DistrictDef,
  type StreetDef,
  type SpecialAreaDef,
  type BrigadeDef,
  type DirectUnitDef,
  type DirectSquadronDef,
  type LonLat,
  type Landmass,
} from './shanghai.ts';
