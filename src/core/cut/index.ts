export {
  keptBySectionPlane,
  moveSectionPlane,
  normaliseSectionPlane,
  SECTION_PLANE_DEFAULTS,
  sectionPlane,
  tiltSectionPlane,
  turnSectionPlane,
} from './section-plane.ts';
export type { EnuPlane, SectionPlaneOptions } from './section-plane.ts';
export { buildingsInside, prepareClipArea, signedDoubleArea } from './clip-area.ts';
export type { ClipAreaProblem, ClipAreaResult } from './clip-area.ts';
