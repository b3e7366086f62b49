/** XPlanGML: streaming reader, zipped plans, permitted envelopes, geometry helpers, reprojection. */
export { createXPlanReader, readXPlan, XPlanError, MAX_XPLAN_WARNINGS } from './reader.ts';
export type { XPlanReader, XPlanReadOptions } from './reader.ts';
// types.ts holds only the document model, all of it public.
export type * from './types.ts';
export {
  DEFAULT_ARC_TOLERANCE,
  geometryArea,
  geometryCentroid,
  geometryContains,
  interpolateArc,
  partEnd,
  signedRingArea,
} from './geometry.ts';
export type { XPlanGeometry, XPlanGeometryType } from './geometry.ts';
export { decodeXmlBytes, isZip, openXPlanArchive, XPlanArchiveError } from './archive.ts';
export type { ArchiveEntry, ArchiveEntryKind, XPlanArchive, XPlanArchiveOptions } from './archive.ts';
export { ENVELOPE_DEFAULTS, permittedEnvelope, permittedEnvelopes } from './envelope.ts';
export type { EnvelopeOptions, EnvelopeRule, PermittedEnvelope } from './envelope.ts';
export { createToLonLat, geometryToLonLat } from './reproject.ts';
export type { ToLonLat } from './reproject.ts';
