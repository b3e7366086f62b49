/** File names of terrain models (DGM) the viewer takes as drop-ins, apart from the reader so the page's start-up stays small. */

/**
 * Endings of DGM drop-ins: GeoTIFF, XYZ grids and ESRI ASCII grids, each also gzipped (`dgm1.xyz.gz`,
 * `dgm1.tif.gz`; some portals name XYZ text `.txt`).
 */
export const DGM_EXTENSIONS = ['.tif', '.tiff', '.xyz', '.asc', '.txt'] as const;

/** Endings of the DGM drop-ins that are text, which name no CRS: a `.prj` dropped with one gives it. */
export const DGM_TEXT_EXTENSIONS = ['.xyz', '.asc', '.txt'] as const;

/** Whether a file name ends in `.txt` (or `.txt.gz`): a grid only where no other kind of grid is beside it. */
export function isTxtName(name: string): boolean {
  return /\.txt(\.gz)?$/i.test(name);
}

/**
 * Whether a file name is a text grid the DGM reader takes (XYZ or ESRI ASCII grid), which names no CRS; plain or
 * gzipped (`dgm1.xyz.gz`, as portals and `gzip` leave them).
 */
export function isDgmTextName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return DGM_TEXT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Whether a DGM file name is a gzipped grid (`dgm1.xyz.gz`, `dgm1.asc.gz`, `dgm1.tif.gz`): inflated before it is read. */
export function isGzippedDgmName(name: string): boolean {
  return /\.gz$/i.test(name) && isDgmName(name);
}

/**
 * Where the `.prj` of a grid file may be, as GDAL and ArcGIS write one: `dgm1.prj` and `dgm1.asc.prj` for
 * `dgm1.asc` (or `dgm1.asc.gz`); paths and case kept.
 */
export function prjNamesOf(name: string): [string, string] {
  const plain = name.replace(/\.gz$/i, '');
  return [`${plain.replace(/\.[^./]+$/, '')}.prj`, `${plain}.prj`];
}

/** Whether a file name is one the DGM reader takes: GeoTIFF, an XYZ grid or an ESRI ASCII grid (plain or gzipped). */
export function isDgmName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return DGM_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Whether the entry names of a ZIP hold a terrain model (GeoTIFF, XYZ or ESRI ASCII grid; not gzipped inside the
 * archive) and no CityGML, tileset or GIS data: a portal's DGM download.
 */
export function isDgmArchive(entries: readonly string[]): boolean {
  return (
    entries.some((name) => isDgmName(name) && !isGzippedDgmName(name)) &&
    !entries.some((name) => /\.(gml|xml|citygml|json|shp|gpkg|kml|fgb)$/i.test(name))
  );
}

/**
 * The terrain grids among `files` (`isDgmName`), in their order, each with the `.prj` among `files` that belongs
 * to it (`prjNamesOf`, compared case-insensitively; text grids only): the tiles of one dropped terrain model. A
 * `.txt` beside grids of another ending is a readme or a licence (as in portals' ZIPs), not a tile.
 */
export function dgmTilesOf<F extends { name: string }>(files: readonly F[]): { grid: F; prj?: F }[] {
  const grids = files.filter((file) => isDgmName(file.name));
  const named = grids.filter((file) => !isTxtName(file.name));
  return (named.length > 0 ? named : grids).map((grid) => {
    const names = isDgmTextName(grid.name) ? prjNamesOf(grid.name).map((prj) => prj.toLowerCase()) : [];
    const prj = files.find((file) => names.includes(file.name.toLowerCase()));
    return prj ? { grid, prj } : { grid };
  });
}
