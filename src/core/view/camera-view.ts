/**
 * The camera as a person shares it: the six numbers of the `view=` URL parameter and of a story scene's
 * `camera`. Platform-free (no Cesium): the app turns it into a Cesium camera pose and back.
 */

/** Camera position and orientation: WGS84/ETRS89 degrees, ellipsoidal metres, degrees. */
export interface CameraView {
  /** Longitude of the camera position, degrees east (−180..180). */
  longitude: number;
  /** Latitude of the camera position, degrees north (−90..90). */
  latitude: number;
  /** Height of the camera position above the WGS84 ellipsoid, metres. */
  height: number;
  /** Degrees clockwise from north (0..360). */
  heading: number;
  /** Degrees, negative looks down (−90..90). */
  pitch: number;
  /** Degrees (−180..180). */
  roll: number;
}
