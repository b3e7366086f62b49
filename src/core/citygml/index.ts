/** Streaming CityGML reader: public API of `src/core/citygml`. */
export { CityGmlError, collectGlobalAppearances, createCityGmlReader, readCityGml } from './reader.ts';
export { DEFAULT_MAX_LOD } from './api.ts';
export type { CityGmlReadOptions, CityGmlReader, GlobalAppearances, RingTexture } from './reader.ts';
export { polygonArea } from '../gml/coordinates.ts';
export { sniffXmlEncoding } from '../gml/encoding.ts';
export type * from './types.ts';
