/**
 * Names of the GIS formats' files, without their readers (so the import panel can tell a drop apart without
 * loading loaders.gl): endings, a file's format, a ZIP's, and a drop's Shapefile parts put together.
 * Platform-free.
 */
import { dgmTilesOf } from '../../terrain/dgm-names.ts';
import type { GisFormat } from './features.ts';

/** The file endings of a Shapefile's parts, the `.shp` first. */
export const SHAPEFILE_PARTS = ['.shp', '.dbf', '.shx', '.prj', '.cpg'] as const;

/** The ending of a Shapefile part in `name` (lower case), or undefined. */
export function shapefilePart(name: string): (typeof SHAPEFILE_PARTS)[number] | undefined {
  const lower = name.toLowerCase();
  return SHAPEFILE_PARTS.find((ending) => lower.endsWith(ending));
}

/** `name` without its Shapefile part ending (folders kept), compared case-insensitively by the callers. */
export function shapefileBase(name: string): string {
  const part = shapefilePart(name);
  return part ? name.slice(0, -part.length) : name;
}

/** File endings read here: Shapefile parts, GeoPackage, KML, KMZ, FlatGeobuf. */
export const GIS_EXTENSIONS = [
  '.shp',
  '.dbf',
  '.shx',
  '.prj',
  '.cpg',
  '.gpkg',
  '.kml',
  '.kmz',
  '.fgb',
] as const;

/** The format of a file by its ending (a ZIP: by what it holds), or undefined when it is none of these. */
export function gisFormatOf(name: string): GisFormat | undefined {
  const lower = name.toLowerCase();
  if (shapefilePart(lower)) return 'shapefile';
  if (lower.endsWith('.gpkg')) return 'geopackage';
  if (lower.endsWith('.kml') || lower.endsWith('.kmz')) return 'kml';
  if (lower.endsWith('.fgb')) return 'flatgeobuf';
  return undefined;
}

/** Whether the entry names of a ZIP hold a Shapefile (a `.shp`), a GeoPackage, KML or FlatGeobuf and no CityGML. */
export function isGisArchive(entries: readonly string[]): boolean {
  return (
    entries.some((name) => /\.(shp|gpkg|kml|fgb)$/i.test(name)) &&
    !entries.some((name) => /\.(gml|xml|citygml|json)$/i.test(name))
  );
}

/** One dataset of a drop: its name (the `.shp`'s for a Shapefile) and its files. */
export interface GisGroup<F extends { name: string }> {
  name: string;
  files: F[];
}

/**
 * Puts the GIS files of a drop together: each Shapefile's parts (same name but the ending, compared
 * case-insensitively) as one group named after its `.shp` (or, without one, its first part: reading that
 * group says the `.shp` is missing); every terrain grid of the drop (GeoTIFF, XYZ, ASCII grid: the tiles of
 * one terrain model) as one group named after the first, each text grid followed by its `.prj` (`dgm1.prj` or
 * `dgm1.asc.prj` beside `dgm1.asc`, as GDAL and ArcGIS write them) unless a Shapefile of that name is in the
 * drop; every other file a group of its own. Keeps the order of the drop.
 */
export function groupGisFiles<F extends { name: string }>(files: readonly F[]): GisGroup<F>[] {
  const groups: GisGroup<F>[] = [];
  const shapefiles = new Map<string, GisGroup<F>>();
  const shapefileNames = new Set(
    files.filter((file) => /\.shp$/i.test(file.name)).map((file) => shapefileBase(file.name).toLowerCase()),
  );
  // each grid with its .prj, unless a Shapefile of that name is in the drop (then the .prj is the Shapefile's)
  const tiles = dgmTilesOf(files).map(({ grid, prj }) =>
    prj && !shapefileNames.has(shapefileBase(prj.name).toLowerCase()) ? { grid, prj } : { grid },
  );
  const grids = new Set(tiles.map(({ grid }) => grid));
  const prjs = new Map(tiles.flatMap(({ grid, prj }) => (prj ? [[grid, prj] as const] : [])));
  const prjsTaken = new Set(prjs.values());
  let gridGroup: GisGroup<F> | undefined;
  for (const file of files) {
    const key = shapefileBase(file.name).toLowerCase();
    if (prjsTaken.has(file)) continue;
    if (grids.has(file)) {
      // the grids in drop order, each with its .prj, in the group where the first grid was dropped
      if (!gridGroup) {
        gridGroup = { name: file.name, files: [] };
        groups.push(gridGroup);
      }
      gridGroup.files.push(file);
      const prj = prjs.get(file);
      if (prj && !gridGroup.files.includes(prj)) gridGroup.files.push(prj);
      continue;
    }
    if (!shapefilePart(file.name)) {
      groups.push({ name: file.name, files: [file] });
      continue;
    }
    let group = shapefiles.get(key);
    if (!group) {
      group = { name: file.name, files: [] };
      shapefiles.set(key, group);
      groups.push(group);
    }
    group.files.push(file);
    if (file.name.toLowerCase().endsWith('.shp')) group.name = file.name;
  }
  return groups;
}
