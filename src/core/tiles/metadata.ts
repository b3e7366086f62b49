/**
 * Per-building metadata for 3D Tiles 1.1: a schema (`EXT_structural_metadata` / tileset `schema`) derived
 * from `BuildingMesh.properties`, property tables encoded into glTF buffer views, and a decoder for
 * tests and tools.
 */
import type { BuildingMesh, PropertyValue } from './types.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';
import { getOwn, setOwn } from '../util/own.ts';

/** Identifier of the building class in the schema. */
export const BUILDING_CLASS_ID = 'building';
/** Identifier of the metadata schema written by Stadtmodell. */
export const BUILDING_SCHEMA_ID = 'stadtmodell';
/** Property ID holding the building's gml:id. */
export const GML_ID_PROPERTY = 'gml_id';

/** noData sentinels of optional numeric properties. */
export const INT32_NO_DATA = -2147483648;
export const FLOAT64_NO_DATA = -Number.MAX_VALUE;
export const STRING_NO_DATA = '';

/** A class property of a 3D Tiles 1.1 metadata schema (the subset this writer emits). */
export interface SchemaClassProperty {
  name?: string;
  description?: string;
  type: 'STRING' | 'SCALAR' | 'BOOLEAN' | 'ENUM';
  /** Enum ID in `schema.enums` (type ENUM). */
  enumType?: string;
  componentType?: 'INT32' | 'FLOAT64';
  required?: boolean;
  noData?: string | number;
}

/** A 3D Tiles 1.1 metadata schema (JSON), as written into tileset.json and each GLB. */
export interface MetadataSchema {
  id: string;
  name?: string;
  /** Enums of repetitive string properties: value names are the original strings. */
  enums?: Record<string, { valueType: 'UINT8' | 'UINT16'; values: { name: string; value: number }[] }>;
  classes: Record<
    string,
    { name?: string; description?: string; properties: Record<string, SchemaClassProperty> }
  >;
}

/** How one input property becomes one column of the property table. */
export interface PropertyColumn {
  /** Schema property ID (identifier-safe). */
  id: string;
  /** Key in `BuildingMesh.properties`; undefined for `gml_id`, which comes from `BuildingMesh.id`. */
  source?: string;
  kind: 'STRING' | 'INT32' | 'FLOAT64' | 'BOOLEAN' | 'ENUM';
  required: boolean;
  /** ENUM: value of each string, and the value standing for "missing" (optional columns). */
  enumValues?: Map<string, number>;
  enumNoData?: number;
}

/** The schema plus the column layout derived from it; identical for every tile of a tileset. */
export interface BuildingMetadataLayout {
  schema: MetadataSchema;
  columns: PropertyColumn[];
}

/** JSON of one `EXT_structural_metadata` property table (buffer view indices filled in). */
export interface PropertyTableJson {
  name?: string;
  class: string;
  count: number;
  properties: Record<
    string,
    { values: number; stringOffsets?: number; stringOffsetType?: 'UINT8' | 'UINT16' | 'UINT32' }
  >;
}

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A schema identifier for a property name: German umlauts transliterated, other characters → '_'. */
export function toSchemaIdentifier(name: string): string {
  const transliterated = name
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-zA-Z0-9_]/g, '_');
  return IDENTIFIER.test(transliterated) ? transliterated : `_${transliterated}`;
}

function isPresent(value: PropertyValue): value is string | number | boolean {
  return value !== undefined && !(typeof value === 'number' && Number.isNaN(value));
}

/** Running tally of one property key over the buildings seen so far (a few numbers, not the values). */
export interface PropertyCensus {
  strings: number;
  numbers: number;
  booleans: number;
  nonInt32: boolean;
  /** Distinct string values in order of appearance; undefined once more than `ENUM_MAX_VALUES`. */
  distinct: Map<string, number> | undefined;
}

/** String properties with at most this many distinct values (each used ≥ 4 times on average) become ENUMs. */
const ENUM_MAX_VALUES = 255;
const ENUM_MIN_REPEATS = 4;

/** A census's tally (`BuildingMetadataCensus.part`): buildings counted, and per property key its tally. */
export interface CensusPart {
  buildings: number;
  properties: Map<string, PropertyCensus>;
}

/**
 * Incremental form of `deriveBuildingMetadataLayout`: `add` each building's properties (O(number of
 * distinct keys) memory, no values kept), then `layout()` gives the same schema as deriving it from all
 * buildings at once. Used by the streaming tileset builder.
 */
export class BuildingMetadataCensus {
  private readonly census = new Map<string, PropertyCensus>();
  private buildingCount = 0;

  /**
   * The tally so far, for another census to `merge` (structured-cloneable: a worker thread posts it with its
   * mesh batch). Shared, not copied: the census must not be added to afterwards.
   */
  part(): CensusPart {
    return { buildings: this.buildingCount, properties: this.census };
  }

  /**
   * Adds the tally of buildings another census saw (`part`), as if they were added here one by one after the
   * buildings added so far: key order, counts and distinct values in order of appearance come out the same.
   */
  merge(part: CensusPart): void {
    this.buildingCount += part.buildings;
    for (const [key, theirs] of part.properties) {
      let entry = this.census.get(key);
      if (!entry)
        this.census.set(
          key,
          (entry = { strings: 0, numbers: 0, booleans: 0, nonInt32: false, distinct: new Map() }),
        );
      entry.strings += theirs.strings;
      entry.numbers += theirs.numbers;
      entry.booleans += theirs.booleans;
      entry.nonInt32 ||= theirs.nonInt32;
      if (!entry.distinct) continue;
      if (!theirs.distinct) {
        entry.distinct = undefined;
        continue;
      }
      for (const value of theirs.distinct.keys()) {
        if (entry.distinct.has(value)) continue;
        if (entry.distinct.size >= ENUM_MAX_VALUES) {
          entry.distinct = undefined;
          break;
        }
        entry.distinct.set(value, entry.distinct.size);
      }
    }
  }

  add(properties: BuildingMesh['properties']): void {
    this.buildingCount++;
    for (const [key, value] of Object.entries(properties)) {
      if (key === GML_ID_PROPERTY) continue;
      let entry = this.census.get(key);
      if (!entry)
        this.census.set(
          key,
          (entry = { strings: 0, numbers: 0, booleans: 0, nonInt32: false, distinct: new Map() }),
        );
      if (!isPresent(value)) continue;
      if (typeof value === 'string') {
        entry.strings++;
        if (entry.distinct && !entry.distinct.has(value)) {
          if (entry.distinct.size >= ENUM_MAX_VALUES) entry.distinct = undefined;
          else entry.distinct.set(value, entry.distinct.size);
        }
      } else if (typeof value === 'boolean') entry.booleans++;
      else {
        entry.numbers++;
        if (!Number.isInteger(value) || value <= INT32_NO_DATA || value > 2147483647) entry.nonInt32 = true;
      }
    }
  }

  /** The schema and column layout for all buildings added so far. */
  layout(): BuildingMetadataLayout {
    const columns: PropertyColumn[] = [{ id: GML_ID_PROPERTY, kind: 'STRING', required: true }];
    const properties: Record<string, SchemaClassProperty> = {
      [GML_ID_PROPERTY]: { name: 'gml:id', type: 'STRING', required: true },
    };
    // `__proto__` is a valid id but not a key a plain object holds by assignment: such a property gets
    // `__proto___2`, its own name kept in `name`, like any other name that is not an identifier
    const usedIds = new Set<string>([GML_ID_PROPERTY, '__proto__']);
    const enums: NonNullable<MetadataSchema['enums']> = {};
    for (const [key, entry] of this.census) {
      const present = entry.strings + entry.numbers + entry.booleans;
      if (present === 0) continue;
      const required = present === this.buildingCount;
      let kind: PropertyColumn['kind'] = 'STRING';
      if (entry.numbers === present) kind = entry.nonInt32 ? 'FLOAT64' : 'INT32';
      else if (entry.booleans === present && required) kind = 'BOOLEAN';
      else if (
        entry.strings === present &&
        entry.distinct !== undefined &&
        entry.distinct.size * ENUM_MIN_REPEATS <= present
      )
        kind = 'ENUM';
      let id = toSchemaIdentifier(key);
      for (let suffix = 2; usedIds.has(id); suffix++) id = `${toSchemaIdentifier(key)}_${suffix}`;
      usedIds.add(id);
      const column: PropertyColumn = { id, source: key, kind, required };
      columns.push(column);
      const property: SchemaClassProperty =
        kind === 'STRING' || kind === 'BOOLEAN'
          ? { type: kind }
          : kind === 'ENUM'
            ? { type: 'ENUM', enumType: `${id}_values` }
            : { type: 'SCALAR', componentType: kind };
      if (id !== key) property.name = key;
      if (kind === 'ENUM') {
        const values = [...entry.distinct!.keys()].map((name, value) => ({ name, value }));
        column.enumValues = new Map(entry.distinct!);
        if (!required) {
          // A value of its own for "missing", named so that it differs from every real value.
          let name = '_noData';
          while (entry.distinct!.has(name)) name = `_${name}`;
          column.enumNoData = values.length;
          values.push({ name, value: values.length });
          property.noData = name;
        }
        enums[property.enumType!] = { valueType: values.length <= 256 ? 'UINT8' : 'UINT16', values };
      }
      if (required) property.required = true;
      else if (kind !== 'ENUM')
        property.noData =
          kind === 'INT32' ? INT32_NO_DATA : kind === 'FLOAT64' ? FLOAT64_NO_DATA : STRING_NO_DATA;
      properties[id] = property;
    }
    const schema: MetadataSchema = {
      id: BUILDING_SCHEMA_ID,
      ...(Object.keys(enums).length > 0 ? { enums } : {}),
      classes: { [BUILDING_CLASS_ID]: { name: 'Building', properties } },
    };
    return { schema, columns };
  }
}

/**
 * Derives the metadata schema from all buildings' properties: `gml_id` (STRING, required) first, then
 * every property key in order of first appearance. Numbers become SCALAR INT32 (all integers) or FLOAT64,
 * booleans BOOLEAN (STRING "true"/"false" when some are missing, as BOOLEAN has no noData), anything
 * mixed STRING. Properties missing on some buildings are optional with a `noData` sentinel.
 */
export function deriveBuildingMetadataLayout(buildings: readonly BuildingMesh[]): BuildingMetadataLayout {
  const census = new BuildingMetadataCensus();
  for (const building of buildings) census.add(building.properties);
  return census.layout();
}

function columnValue(building: BuildingMesh, column: PropertyColumn): PropertyValue {
  return column.source === undefined ? building.id : getOwn(building.properties, column.source);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Binary columns of one property table; `addBufferView` stores bytes (8-byte aligned) and returns the view
 * index. String offsets are the narrowest type that holds them (UINT8/UINT16/UINT32, `stringOffsetType`),
 * and a string column equal to an earlier one (NRW's `externalReference` repeats `gml_id`) points at the
 * same buffer views instead of storing its bytes again.
 */
export function encodePropertyTable(
  layout: BuildingMetadataLayout,
  buildings: readonly BuildingMesh[],
  addBufferView: (bytes: Uint8Array) => number,
  storedSize: (bytes: Uint8Array) => number = (bytes) => bytes.byteLength,
): PropertyTableJson {
  const properties: PropertyTableJson['properties'] = {};
  const stringColumns: {
    bytes: Uint8Array;
    offsets: Uint8Array;
    property: PropertyTableJson['properties'][string];
  }[] = [];
  for (const column of layout.columns) {
    const values = buildings.map((building) => columnValue(building, column));
    if (column.kind === 'STRING') {
      const encoded = values.map((value) =>
        isPresent(value) ? encodeUtf8(String(value)) : new Uint8Array(0),
      );
      const total = encoded.reduce((sum, part) => sum + part.length, 0);
      const offsetsOf = (type: 'UINT8' | 'UINT16' | 'UINT32'): Uint8Array => {
        const offsets =
          type === 'UINT8'
            ? new Uint8Array(encoded.length + 1)
            : type === 'UINT16'
              ? new Uint16Array(encoded.length + 1)
              : new Uint32Array(encoded.length + 1);
        for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
        return new Uint8Array(offsets.buffer);
      };
      // The narrowest type is not always the smallest stored: UINT32 offsets compress (stride 4) where a
      // UINT16 column of odd length cannot.
      let offsetType: 'UINT8' | 'UINT16' | 'UINT32' = 'UINT32';
      let offsetBytes = offsetsOf('UINT32');
      for (const type of ['UINT16', 'UINT8'] as const) {
        if (total > (type === 'UINT8' ? 0xff : 0xffff)) break;
        const narrower = offsetsOf(type);
        if (storedSize(narrower) < storedSize(offsetBytes)) {
          offsetType = type;
          offsetBytes = narrower;
        }
      }
      const bytes = new Uint8Array(total);
      let at = 0;
      for (const part of encoded) {
        bytes.set(part, at);
        at += part.length;
      }
      const same = stringColumns.find(
        (earlier) => sameBytes(earlier.bytes, bytes) && sameBytes(earlier.offsets, offsetBytes),
      );
      if (same) {
        properties[column.id] = same.property;
        continue;
      }
      const property: PropertyTableJson['properties'][string] = {
        // glTF forbids empty buffer views: a column of only missing strings keeps one unused byte.
        values: addBufferView(bytes.length > 0 ? bytes : new Uint8Array(1)),
        stringOffsets: addBufferView(offsetBytes),
        ...(offsetType !== 'UINT32' ? { stringOffsetType: offsetType } : {}),
      };
      properties[column.id] = property;
      stringColumns.push({ bytes, offsets: offsetBytes, property });
    } else if (column.kind === 'ENUM') {
      const codes = new Uint8Array(values.length);
      values.forEach((value, i) => {
        const code = typeof value === 'string' ? column.enumValues?.get(value) : undefined;
        if (code === undefined && column.enumNoData === undefined)
          throw new Error(`metadata: '${column.id}' value '${String(value)}' is not in its enum`);
        codes[i] = code ?? column.enumNoData!;
      });
      properties[column.id] = { values: addBufferView(codes) };
    } else if (column.kind === 'BOOLEAN') {
      const bits = new Uint8Array(Math.ceil(values.length / 8));
      values.forEach((value, i) => {
        if (value === true) bits[i >> 3]! |= 1 << (i & 7);
      });
      properties[column.id] = { values: addBufferView(bits) };
    } else {
      const isInt = column.kind === 'INT32';
      const array = isInt ? new Int32Array(values.length) : new Float64Array(values.length);
      values.forEach((value, i) => {
        array[i] =
          typeof value === 'number' && isPresent(value) ? value : isInt ? INT32_NO_DATA : FLOAT64_NO_DATA;
      });
      properties[column.id] = { values: addBufferView(new Uint8Array(array.buffer)) };
    }
  }
  return { class: BUILDING_CLASS_ID, count: buildings.length, properties };
}

/** The parts of a glTF JSON that the property-table decoder reads. */
interface GltfForMetadata {
  bufferViews?: { buffer: number; byteOffset?: number; byteLength: number }[];
  extensions?: {
    EXT_structural_metadata?: { schema?: MetadataSchema; propertyTables?: PropertyTableJson[] };
  };
}

/**
 * Decodes property table `tableIndex` of a GLB's `EXT_structural_metadata` (JSON + binary chunk) into one
 * record per feature; noData values become undefined. `externalSchema` stands in for a `schemaUri`. Supports the types this writer emits.
 */
export function readPropertyTable(
  gltf: unknown,
  binaryChunk: Uint8Array,
  tableIndex = 0,
  externalSchema?: MetadataSchema,
): Record<string, PropertyValue>[] {
  const json = gltf as GltfForMetadata;
  const metadata = json.extensions?.EXT_structural_metadata;
  const table = metadata?.propertyTables?.[tableIndex];
  const schema = metadata?.schema ?? externalSchema;
  if (!schema || !table)
    throw new Error(`metadata: no property table ${tableIndex} with an inline or given schema`);
  const classDefinition = schema.classes[table.class];
  if (!classDefinition) throw new Error(`metadata: class '${table.class}' not in schema`);
  const view = (index: number): Uint8Array => {
    const bufferView = json.bufferViews?.[index];
    if (!bufferView) throw new Error(`metadata: buffer view ${index} missing`);
    const start = binaryChunk.byteOffset + (bufferView.byteOffset ?? 0);
    return new Uint8Array(binaryChunk.buffer, start, bufferView.byteLength);
  };
  const records: Record<string, PropertyValue>[] = Array.from({ length: table.count }, () => ({}));
  for (const [id, column] of Object.entries(table.properties)) {
    const definition = classDefinition.properties[id];
    if (!definition) throw new Error(`metadata: property '${id}' not in class '${table.class}'`);
    const bytes = view(column.values);
    const copy = bytes.slice();
    let offsets: Uint32Array | undefined;
    if (definition.type === 'STRING') {
      if (column.stringOffsets === undefined) throw new Error(`metadata: '${id}' lacks stringOffsets`);
      const offsetBytes = view(column.stringOffsets).slice().buffer;
      offsets =
        column.stringOffsetType === 'UINT8'
          ? new Uint32Array(new Uint8Array(offsetBytes))
          : column.stringOffsetType === 'UINT16'
            ? new Uint32Array(new Uint16Array(offsetBytes))
            : new Uint32Array(offsetBytes);
    }
    for (let i = 0; i < table.count; i++) {
      let value: PropertyValue;
      if (offsets) {
        value = decodeUtf8(bytes, offsets[i]!, offsets[i + 1]!);
      } else if (definition.type === 'ENUM') {
        const enumValues = schema.enums?.[definition.enumType ?? '']?.values ?? [];
        const code = bytes[i]!;
        value = enumValues.find((entry) => entry.value === code)?.name;
        if (value === undefined) throw new Error(`metadata: '${id}' value ${code} is not in its enum`);
      } else if (definition.type === 'BOOLEAN') {
        value = ((bytes[i >> 3]! >> (i & 7)) & 1) === 1;
      } else if (definition.componentType === 'INT32') {
        value = new Int32Array(copy.buffer)[i]!;
      } else {
        value = new Float64Array(copy.buffer)[i]!;
      }
      setOwn(
        records[i]!,
        id,
        definition.noData !== undefined && value === definition.noData ? undefined : value,
      );
    }
  }
  return records;
}
