/**
 * KML 2.2 Placemarks as GeoJSON-shaped features (WGS 84 longitude/latitude), read streaming with the GML
 * readers' XML tokenizer. Replaces loaders.gl's KMLLoader, which builds a whole DOM (xmldom) and searches it:
 * on the Köln street nodes (3.4 MB, 11 142 points) it took 5–6 s where GDAL's ogr2ogr takes 0.6 s; this
 * reader takes a small fraction of that (`npm run bench:vector`) and gives the same features and attributes
 * (checked against KMLLoader in `test/vector-formats.data.test.ts`). Read: Point, LineString, LinearRing,
 * Polygon (outer and inner boundaries), MultiGeometry of them; `name`, `description`, ExtendedData `Data`
 * and `SchemaData/SimpleData` as attributes. Styles are not attributes. Platform-free.
 */
import { XmlTokenizer } from '../../gml/xml-tokenizer.ts';
import { setOwn } from '../../util/own.ts';
import type { SourceFeature } from './features.ts';

type Position = [number, number];

/** The geometries of one Placemark, simple ones only (MultiGeometry flattened). */
interface PlacemarkGeometries {
  points: Position[];
  lines: Position[][];
  polygons: Position[][][];
}

/** `lon,lat[,alt]` tuples separated by white space (tolerating spaces after commas) as positions. */
export function parseKmlCoordinates(text: string): Position[] {
  const positions: Position[] = [];
  // Tuples are separated by whitespace, which may also stand around their commas. Split on whitespace and
  // join pieces across commas, in linear time: a regular expression for the spaces around a comma
  // backtracks over every long run of spaces without one (200 000 spaces took 20 s).
  const tuples: string[] = [];
  for (const piece of text.split(/\s+/)) {
    if (piece === '') continue;
    const last = tuples.length - 1;
    if (last >= 0 && (tuples[last]!.endsWith(',') || piece.startsWith(','))) tuples[last] += piece;
    else tuples.push(piece);
  }
  for (const tuple of tuples) {
    const [x, y] = tuple.split(',');
    const lon = Number(x);
    const lat = Number(y);
    // An unusable tuple makes the geometry fail the reader's checks (reported with its record).
    positions.push([lon, lat]);
  }
  return positions;
}

/** A Placemark's geometries as one GeoJSON geometry; null without any. */
function geometryOf(g: PlacemarkGeometries): unknown {
  const kinds = [g.points.length, g.lines.length, g.polygons.length].filter((n) => n > 0).length;
  if (kinds === 0) return null;
  const members: unknown[] = [];
  if (g.points.length === 1) members.push({ type: 'Point', coordinates: g.points[0] });
  else if (g.points.length > 1) members.push({ type: 'MultiPoint', coordinates: g.points });
  if (g.lines.length === 1) members.push({ type: 'LineString', coordinates: g.lines[0] });
  else if (g.lines.length > 1) members.push({ type: 'MultiLineString', coordinates: g.lines });
  if (g.polygons.length === 1) members.push({ type: 'Polygon', coordinates: g.polygons[0] });
  else if (g.polygons.length > 1) members.push({ type: 'MultiPolygon', coordinates: g.polygons });
  return kinds === 1 ? members[0] : { type: 'GeometryCollection', geometries: members };
}

/** The local part of a qualified element name (`kml:Placemark` → `Placemark`). */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Elements whose text is collected. */
const TEXT_ELEMENTS = new Set(['coordinates', 'name', 'description', 'value', 'SimpleData']);

/**
 * Reads the Placemarks of a KML document. Throws the tokenizer's `XmlSyntaxError` for a document that is
 * not well-formed (cut short, for one).
 */
export function readKmlFeatures(text: string): SourceFeature[] {
  const features: SourceFeature[] = [];
  const stack: string[] = [];
  let placemark: { properties: Record<string, string>; geometries: PlacemarkGeometries } | undefined;
  let polygon: Position[][] | undefined;
  let outerRing: Position[] | undefined;
  let dataName: string | undefined;
  let captured = '';
  const parser: XmlTokenizer = new XmlTokenizer({
    openTag: (name, attributes) => {
      const local = localName(name);
      const parent = stack[stack.length - 1];
      stack.push(local);
      if (local === 'Placemark') {
        placemark = { properties: {}, geometries: { points: [], lines: [], polygons: [] } };
        return;
      }
      if (!placemark) return;
      if (local === 'Polygon') {
        polygon = [];
        outerRing = undefined;
      } else if (local === 'Data' || local === 'SimpleData') dataName = attributes.name;
      // `name` and `description` are attributes only as the Placemark's own children (not a Data's or a Schema's).
      if (
        TEXT_ELEMENTS.has(local) &&
        (local === 'name' || local === 'description' ? parent === 'Placemark' : true)
      ) {
        captured = '';
        parser.textWanted = true;
      }
    },
    closeTag: () => {
      const local = stack.pop() as string;
      const parent = stack[stack.length - 1];
      if (!placemark) return;
      if (parser.textWanted) {
        parser.textWanted = false;
        const value = captured.trim();
        if (local === 'coordinates') {
          const positions = parseKmlCoordinates(value);
          if (parent === 'Point') placemark.geometries.points.push(...positions.slice(0, 1));
          else if (parent === 'LineString') placemark.geometries.lines.push(positions);
          else if (parent === 'LinearRing' && polygon) {
            if (stack[stack.length - 2] === 'outerBoundaryIs') outerRing = positions;
            else polygon.push(positions);
          } else if (parent === 'LinearRing') placemark.geometries.polygons.push([positions]);
        } else if (local === 'name' || local === 'description') placemark.properties[local] = value;
        else if ((local === 'value' && parent === 'Data') || local === 'SimpleData') {
          if (dataName !== undefined) setOwn(placemark.properties, dataName, value);
        }
      }
      if (local === 'Polygon' && polygon) {
        if (outerRing) placemark.geometries.polygons.push([outerRing, ...polygon]);
        polygon = undefined;
      } else if (local === 'Placemark') {
        features.push({ geometry: geometryOf(placemark.geometries), properties: placemark.properties });
        placemark = undefined;
      }
    },
    text: (piece) => {
      captured += piece;
    },
    doctype: () => undefined,
  });
  parser.write(text);
  parser.close();
  return features;
}
