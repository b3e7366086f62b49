/** CRS module: srsName parsing, projection definitions, reprojection to ECEF, geoid heights. */
export { CrsError } from './crs-error.ts';
export { parseSrsName, type AxisOrder, type ParsedSrs, type ParseSrsOptions } from './srs-name.ts';
export {
  crsDefinition,
  verticalDefinition,
  type CrsDefinition,
  type CrsKind,
  type VerticalDefinition,
} from './definitions.ts';
export {
  builtinEgm96,
  geoidFromGrid,
  geoidWithFallback,
  unpackGeoidGrid,
  type GeoidGrid,
  type GeoidModel,
  type PackedGeoidGrid,
} from './geoid.ts';
export { readGeoidGeoTiff } from './geoid-geotiff.ts';
export {
  applyShiftGrid,
  builtinBeta2007,
  unpackNtv2Grid,
  type HorizontalShiftGrid,
  type PackedNtv2Grid,
} from './datum-shift-grid.ts';
export {
  createEcefTransformer,
  type DatumShiftGrid,
  type EcefTransformer,
  type EcefTransformerOptions,
  type HeightCorrection,
} from './ecef.ts';
