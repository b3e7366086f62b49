/** Streaming CityGML reader: public API of `src/core/citygml`. */
export { CityGmlError, collectGlobalAppearances, createCityGmlReader, readCityGml } from './reader.ts';
export type { CityGmlReadOptions, CityGmlReader, GlobalAppearances, RingTexture } from './reader.ts';
export { polygonArea } from './coordinates.ts';
export { sniffXmlEncoding } from './encoding.ts';
export type * from './types.ts';
