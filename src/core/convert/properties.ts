import type { Address, CityObjectRecord, GenericAttributes } from '../citygml/types.ts';
import { EXTERNAL_REFERENCE_SYSTEM } from '../attributes/format.ts';
import type { PropertyValue } from '../tiles/types.ts';
import { setOwn } from '../util/own.ts';

/** One line per address: "Street 12, 42275 Wuppertal". */
export function formatAddress(address: Address): string {
  const street = [address.street, address.houseNumber].filter(Boolean).join(' ');
  const place = [address.postalCode, address.locality].filter(Boolean).join(' ');
  return [street, place].filter(Boolean).join(', ');
}

function flattenGeneric(
  generic: GenericAttributes,
  prefix: string,
  out: Record<string, PropertyValue>,
): void {
  for (const [name, value] of Object.entries(generic)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'object') flattenGeneric(value, key, out);
    else if (!Object.hasOwn(out, key)) setOwn(out, key, value);
  }
}

/**
 * Flat per-feature properties for the 3D Tiles metadata table: `gml_id`, the thematic attributes as
 * published (codes untranslated), the first address as one line, the first external reference (its
 * name or URI in `externalReference`, its information system in `externalReferenceSystem`) and
 * the generic attributes (attribute sets as `set.name`). Parts' own ids are listed in `parts`.
 */
export function featureProperties(record: CityObjectRecord): Record<string, PropertyValue> {
  const a = record.attributes;
  const properties: Record<string, PropertyValue> = {
    gml_id: record.id,
    objectType: record.type,
    name: a.name,
    function: a.function,
    usage: a.usage,
    class: a.class,
    roofType: a.roofType,
    measuredHeight: a.measuredHeight,
    storeysAboveGround: a.storeysAboveGround,
    storeysBelowGround: a.storeysBelowGround,
    yearOfConstruction: a.yearOfConstruction,
    address: a.addresses[0] ? formatAddress(a.addresses[0]) : undefined,
    // Split so that the information system, the same URL for thousands of buildings (83 B of 99 on NRW
    // data), becomes an enum stored once in the schema; attributeRows shows both as one value again.
    externalReference: a.externalReferences[0]
      ? (a.externalReferences[0].name ?? a.externalReferences[0].uri)
      : undefined,
    [EXTERNAL_REFERENCE_SYSTEM]: a.externalReferences[0]?.informationSystem,
    parts: record.parts.length > 0 ? record.parts.map((p) => p.id).join(' ') : undefined,
  };
  // Parts often carry the heights (e.g. NRW, Lower Saxony): take the largest where the building has none.
  if (properties.measuredHeight === undefined) {
    // a loop, not Math.max(...): a spread of some 100 000 parts exceeds the call stack
    let highest: number | undefined;
    for (const part of record.parts) {
      const height = part.attributes.measuredHeight;
      if (height !== undefined && (highest === undefined || height > highest)) highest = height;
    }
    if (highest !== undefined) properties.measuredHeight = highest;
  }
  flattenGeneric(a.generic, '', properties);
  return properties;
}
