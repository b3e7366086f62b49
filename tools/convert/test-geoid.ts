/** Test helper: a GeoTIFF geoid grid for `--geoid <file.tif>`. */
import { writeArrayBuffer } from 'geotiff';

/** A 12 × 12 PixelIsPoint grid over 6–9°E, 51–54°N (ETRS89), every node `metres`: a GeoTIFF file's bytes. */
export function constantGeoidGrid(metres: number): ArrayBuffer {
  return writeArrayBuffer(new Float32Array(12 * 12).fill(metres), {
    width: 12,
    height: 12,
    ModelPixelScale: [0.25, 0.25, 0],
    ModelTiepoint: [0, 0, 0, 6, 54, 0],
    GeographicTypeGeoKey: 4258,
    GTModelTypeGeoKey: 2,
    GTRasterTypeGeoKey: 2,
  });
}
