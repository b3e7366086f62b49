/** Stories: types, validation of story JSON (schema v1), caption parsing and the player state machine. */
export type { SceneLayerState, Story, StoryScene } from './types.ts';
export {
  checkScene,
  describeFound,
  isInstant,
  isStoryHead,
  STORY_HEAD_BYTES,
  MAX_DWELL_SECONDS,
  parseStory,
  STORY_VERSION,
  validateStory,
} from './validate.ts';
export type { StoryExpectation, StoryProblem, StoryValidation } from './validate.ts';
export { captionText, parseCaption, parseCaptionRuns } from './caption.ts';
export type { CaptionParagraph, CaptionRun } from './caption.ts';
export { playerActionOfKey, StoryPlayer, STORY_PLAYER_DEFAULTS } from './player.ts';
export type {
  DwellTimes,
  PlayerAction,
  PlayerTimer,
  StoryPlayerOptions,
  StoryPlayerState,
} from './player.ts';
export { cameraDistance, FLIGHT_DEFAULTS, flightSeconds } from './flight.ts';
export type { FlightOptions } from './flight.ts';
