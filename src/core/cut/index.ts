export {
  keptBySectionPlane,
  moveSectionPlane,
  normaliseSectionPlane,
  SECTION_PLANE_DEFAULTS,
  sectionPlane,
  tiltSectionPlane,
  turnSectionPlane,
} from './section-plane.ts';
export type { AnchoredSectionPlane, EnuPlane, SectionPlaneOptions } from './section-plane.ts';
export { buildingsInside, prepareClipArea, signedDoubleArea } from './clip-area.ts';
export type { ClipArea, ClipAreaProblem, ClipAreaResult } from './clip-area.ts';
export {
  CLIP_URL_LIMITS,
  CUT_URL_VERSION,
  formatClipArea,
  formatSectionPlane,
  isSectionInRange,
  parseClipArea,
  parseSectionPlane,
} from './url.ts';
export type { CutUrlProblem } from './url.ts';
