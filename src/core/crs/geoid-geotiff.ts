/**
 * Geoid models from single-band geographic GeoTIFF grids, such as PROJ-data's `de_bkg_gcg2016.tif`
 * (German quasigeoid GCG2016) or `us_nga_egm96_15.tif`.
 */
import * as geotiff from 'geotiff';
import { CrsError } from './crs-error.ts';
import { geoidFromGrid, type GeoidGrid, type GeoidModel } from './geoid.ts';
import { errorMessage } from '../errors.ts';
import { checkTiffLayout, tiffReadProblem } from '../util/tiff-layout.ts';
import { registerTiffLzw } from '../util/tiff-lzw.ts';
import { registerTiffZstd } from '../util/tiff-zstd.ts';

// geotiff's own LZW and ZSTD decoders can loop without end on damaged data (see tiff-lzw.ts, tiff-zstd.ts). The
// namespace is passed, not named imports: in the converter's bundle it is tools/convert/lazy-geotiff.mjs, loaded
// on first use.
registerTiffLzw(geotiff);
registerTiffZstd(geotiff);

/**
 * Most nodes of a geoid grid read (8 bytes each once read): a global EGM2008 grid at 2.5′ has 37 million,
 * the German GCG2016 a quarter of a million.
 */
export const GEOID_MAX_CELLS = 64_000_000;

const PIXEL_IS_POINT = 2;
const MODEL_TYPE_GEOGRAPHIC = 2;

/**
 * Reads a geoid model from a GeoTIFF: first image, first band, undulations in metres (GDAL SCALE/OFFSET
 * metadata applied), in a geographic CRS (longitude/latitude degrees, ETRS89/WGS84). The geotransform comes
 * from tie point + pixel scale or a model transformation without rotation; PixelIsArea grids have their nodes
 * at pixel centres, PixelIsPoint grids at the tie point. GDAL no-data values become NaN (no value there).
 * Throws `CrsError` for projected or rotated grids.
 */
export async function readGeoidGeoTiff(data: ArrayBuffer, name = 'GeoTIFF geoid grid'): Promise<GeoidModel> {
  return geoidFromGrid(await readGeoidGridGeoTiff(data, name));
}

/**
 * The grid of `readGeoidGeoTiff` itself (undulations in metres, rows south → north), for callers that
 * parse the file once and hand the grid on (the CLI shares it with its worker threads).
 */
export async function readGeoidGridGeoTiff(
  data: ArrayBuffer,
  name = 'GeoTIFF geoid grid',
): Promise<GeoidGrid> {
  let tiff;
  try {
    tiff = await geotiff.fromArrayBuffer(data);
  } catch (error) {
    throw new CrsError(`geoid GeoTIFF "${name}" could not be read: ${errorMessage(error)}`);
  }
  let image;
  let geoKeys;
  try {
    image = await tiff.getImage(0);
    await checkTiffLayout(image);
    geoKeys = image.getGeoKeys() ?? {};
  } catch (error) {
    throw new CrsError(`geoid GeoTIFF "${name}" could not be read: ${errorMessage(error)}`);
  }
  const modelType: unknown = geoKeys.GTModelTypeGeoKey;
  if (modelType !== undefined && modelType !== MODEL_TYPE_GEOGRAPHIC) {
    throw new CrsError(
      `geoid GeoTIFF "${name}" is not in a geographic CRS (GTModelTypeGeoKey ${String(modelType)})`,
    );
  }
  const width = image.getWidth();
  const height = image.getHeight();
  // Before the pixels are inflated: a 560 KB deflate strip can claim 12 000 × 12 000 cells (2.9 GB here).
  if (width * height > GEOID_MAX_CELLS)
    throw new CrsError(
      `geoid GeoTIFF "${name}" has ${width} × ${height} nodes, more than the ${GEOID_MAX_CELLS / 1e6} million a geoid grid is read with`,
    );
  let origin: number[];
  let resolution: number[];
  try {
    origin = image.getOrigin();
    resolution = image.getResolution();
  } catch (error) {
    throw new CrsError(`geoid GeoTIFF "${name}" has no usable geotransform: ${errorMessage(error)}`);
  }
  const [originX = Number.NaN, originY = Number.NaN] = origin;
  const [resolutionX = Number.NaN, resolutionY = Number.NaN] = resolution;
  if (
    ![originX, originY, resolutionX, resolutionY].every(Number.isFinite) ||
    resolutionX === 0 ||
    resolutionY === 0
  ) {
    throw new CrsError(`geoid GeoTIFF "${name}" has an invalid geotransform`);
  }
  const pixelIsPoint = geoKeys.GTRasterTypeGeoKey === PIXEL_IS_POINT;
  const firstNodeX = originX + (pixelIsPoint ? 0 : resolutionX / 2);
  const firstNodeY = originY + (pixelIsPoint ? 0 : resolutionY / 2);

  let metadata;
  try {
    metadata = (await image.getGDALMetadata(0)) ?? {};
  } catch (error) {
    throw new CrsError(`geoid GeoTIFF "${name}" could not be read: ${tiffReadProblem(image, error)}`);
  }
  const scale = Number(metadata.SCALE ?? 1);
  const offset = Number(metadata.OFFSET ?? 0);
  const noData = image.getGDALNoData();
  let raster;
  try {
    raster = await image.readRasters({ samples: [0], interleave: true });
  } catch (error) {
    throw new CrsError(`geoid GeoTIFF "${name}" could not be read: ${tiffReadProblem(image, error)}`);
  }

  // Store rows south → north and columns west → east, whatever the file's orientation.
  const values = new Float64Array(width * height);
  for (let row = 0; row < height; row++) {
    const targetRow = resolutionY < 0 ? height - 1 - row : row;
    for (let column = 0; column < width; column++) {
      const targetColumn = resolutionX < 0 ? width - 1 - column : column;
      const raw = Number(raster[row * width + column]);
      values[targetRow * width + targetColumn] =
        (noData !== null && raw === noData) || Number.isNaN(raw) ? Number.NaN : raw * scale + offset;
    }
  }
  const stepLonDeg = Math.abs(resolutionX);
  const stepLatDeg = Math.abs(resolutionY);
  const westDeg = resolutionX < 0 ? firstNodeX + resolutionX * (width - 1) : firstNodeX;
  const southDeg = resolutionY < 0 ? firstNodeY + resolutionY * (height - 1) : firstNodeY;
  const wrapsLongitude = Math.abs(stepLonDeg * width - 360) < stepLonDeg * 1e-6;
  return {
    name,
    westDeg,
    southDeg,
    stepLonDeg,
    stepLatDeg,
    columns: width,
    rows: height,
    values,
    wrapsLongitude,
  };
}
