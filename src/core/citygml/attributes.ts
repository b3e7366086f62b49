/**
 * Attribute handlers of the CityGML reader: text attributes (name, class, function, measuredHeight with its
 * unit converted to metres, storeys, years), xAL addresses, external references and generic attributes
 * (string, number and attribute sets; CityGML 2.0 and 3.0 encodings).
 */
import type { Address, GenericAttributes } from './types.ts';
import * as apiModule from './api.ts';
import * as ownModule from '../util/own.ts';
import * as stateModule from './state.ts';
import type { ObjectBuilder, ReaderState, Frame } from './state.ts';
import * as vocabulary from './vocabulary.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const {
  C_NONE,
  C_TEXT_ATTR,
  C_ADDRESS,
  C_ADDRESS_FIELD,
  C_EXTREF,
  C_EXTREF_FIELD,
  C_GENERIC,
  C_GENERIC_VALUE,
  C_GENERIC_NAME,
  C_HEIGHT_VALUE,
} = stateModule;

const { GENERIC_KINDS, metresPerUnit } = vocabulary;
const { setOwn } = ownModule;
const { MAX_NESTING_LEVELS } = apiModule;

/** Opens an element inside `address` (xAL); returns its frame code, or -1 to skip it. */
export function openAddress(reader: ReaderState, local: string): number {
  switch (local) {
    case 'Thoroughfare':
    case 'Locality':
    case 'Country':
    case 'PostCode':
    case 'PostalCode':
    case 'AdministrativeArea':
    case 'DependentLocality':
    case 'SubAdministrativeArea':
    case 'Premise':
    case 'PostBox':
      reader.addressSection = local;
      return C_NONE;
    case 'ThoroughfareName':
    case 'ThoroughfareNumber':
    case 'PostalCodeNumber':
    case 'LocalityName':
    case 'CountryName':
    case 'NameElement':
    case 'Number':
    case 'Identifier':
      reader.startText();
      (reader.frames[reader.depth] as Frame).key = local;
      return C_ADDRESS_FIELD;
    case 'multiPoint':
      return -1;
    default:
      return C_NONE;
  }
}

/** Opens an element inside `externalReference`; returns its frame code. */
export function openExternalReference(reader: ReaderState, local: string): number {
  switch (local) {
    case 'informationSystem':
    case 'name':
    case 'uri':
    case 'targetResource':
      reader.startText();
      (reader.frames[reader.depth] as Frame).key = local;
      return C_EXTREF_FIELD;
    default:
      return C_NONE;
  }
}

/** Opens a generic attribute element (2.0 stringAttribute etc., 3.0 genericAttribute); returns its frame code, or -1 to skip it. */
export function openGeneric(
  reader: ReaderState,
  local: string,
  attributes: Record<string, string>,
  frame: Frame,
): number {
  const kind = GENERIC_KINDS.get(local);
  if (kind !== undefined) {
    if (kind === 'set' && reader.genericStack.length >= MAX_NESTING_LEVELS) {
      reader.warn(
        `generic attribute set nested deeper than ${MAX_NESTING_LEVELS} sets: skipped with everything in it (expected at most ${MAX_NESTING_LEVELS})`,
        reader.parser.line,
        reader.top?.builder.record.id,
      );
      return -1;
    }
    reader.genericStack.push({
      name: attributes.name,
      kind,
      value: undefined,
      set: kind === 'set' ? {} : undefined,
    });
    return C_GENERIC;
  }
  const holder = reader.genericStack[reader.genericStack.length - 1];
  if (holder === undefined) return local === 'genericAttribute' || local === 'value' ? C_NONE : -1;
  if (local === 'name' && holder.name === undefined) {
    reader.startText();
    return C_GENERIC_NAME;
  }
  if (local === 'value') {
    if (holder.kind === 'set') return C_NONE;
    frame.aux = attributes.uom;
    reader.startText();
    return C_GENERIC_VALUE;
  }
  return -1;
}

function closeTextAttribute(reader: ReaderState, key: string, value: string, uom: string | undefined): void {
  if (value === '') return;
  const attributes = (reader.builder as ObjectBuilder).record.attributes;
  switch (key) {
    case 'name':
    case 'description':
    case 'class':
    case 'function':
    case 'usage':
    case 'roofType':
      if (attributes[key] === undefined) attributes[key] = value;
      return;
    case 'measuredHeight': {
      const height = Number(value);
      const factor = metresPerUnit(uom);
      if (!Number.isFinite(height)) {
        reader.warn(`measuredHeight "${value}" is not a number (expected a length)`);
        return;
      }
      if (factor === undefined) {
        reader.warn(`measuredHeight unit "${uom}" unknown (expected a length unit such as m); kept as is`);
      }
      attributes.measuredHeight = height * (factor ?? 1);
      if (uom !== undefined) attributes.measuredHeightUom = uom;
      return;
    }
    case 'storeysAboveGround':
    case 'storeysBelowGround':
    case 'yearOfConstruction':
    case 'yearOfDemolition': {
      const number = Number(value);
      if (Number.isFinite(number)) attributes[key] = number;
      else reader.warn(`${key} "${value}" is not a number (expected an integer)`);
      return;
    }
    case 'dateOfConstruction':
    case 'dateOfDemolition': {
      const year = Number(/^-?\d{1,4}/.exec(value)?.[0]);
      if (Number.isFinite(year)) {
        attributes[key === 'dateOfConstruction' ? 'yearOfConstruction' : 'yearOfDemolition'] = year;
      }
      return;
    }
    default:
      return;
  }
}

/** Appends `value` to an address field, space-separated (a plain function: a closure per call was garbage). */
function appendAddressField(address: Address, field: 'street' | 'houseNumber', value: string): void {
  const previous = address[field];
  address[field] = previous === undefined ? value : `${previous} ${value}`;
}

function closeAddressField(reader: ReaderState, key: string, value: string): void {
  const address = reader.address;
  if (address === undefined || value === '') return;
  const section = reader.addressSection;
  switch (key) {
    case 'ThoroughfareName':
      appendAddressField(address, 'street', value);
      return;
    case 'ThoroughfareNumber':
      appendAddressField(address, 'houseNumber', value);
      return;
    case 'PostalCodeNumber':
      address.postalCode ??= value;
      return;
    case 'LocalityName':
      address.locality ??= value;
      return;
    case 'CountryName':
      address.country ??= value;
      return;
    case 'NameElement':
      if (section === 'Thoroughfare') appendAddressField(address, 'street', value);
      else if (section === 'Locality') address.locality ??= value;
      else if (section === 'Country') address.country ??= value;
      return;
    case 'Number':
      if (section === 'Thoroughfare' || section === 'Premise')
        appendAddressField(address, 'houseNumber', value);
      return;
    case 'Identifier':
      if (section === 'PostCode' || section === 'PostalCode') address.postalCode ??= value;
      return;
    default:
      return;
  }
}

function closeGeneric(reader: ReaderState): void {
  const holder = reader.genericStack.pop();
  if (holder === undefined) return;
  const parent = reader.genericStack[reader.genericStack.length - 1];
  const target = parent?.set ?? (reader.builder as ObjectBuilder).record.attributes.generic;
  if (holder.name === undefined || holder.name === '') {
    reader.warn('generic attribute without name skipped (expected a name attribute or element)');
    return;
  }
  if (holder.kind === 'set') {
    setOwn(target, holder.name, holder.set as GenericAttributes);
    return;
  }
  const text = holder.value ?? '';
  if (holder.kind === 'number') {
    const number = text === '' ? NaN : Number(text);
    setOwn(target, holder.name, Number.isFinite(number) ? number : text);
  } else {
    setOwn(target, holder.name, text);
  }
}

/** Closes an attribute element (text attributes, address, external reference, generic attributes, height). */
export function closeAttributeElement(reader: ReaderState, frame: Frame): void {
  switch (frame.code) {
    case C_TEXT_ATTR:
      closeTextAttribute(reader, frame.key, reader.takeText().trim(), frame.aux);
      return;
    case C_ADDRESS: {
      const address = reader.address;
      if (address !== undefined && Object.keys(address).length > 0) {
        (reader.builder as ObjectBuilder).record.attributes.addresses.push(address);
      }
      reader.address = undefined;
      return;
    }
    case C_ADDRESS_FIELD:
      closeAddressField(reader, frame.key, reader.takeText().trim());
      return;
    case C_EXTREF: {
      const reference = reader.externalReference;
      if (reference !== undefined && Object.keys(reference).length > 0) {
        (reader.builder as ObjectBuilder).record.attributes.externalReferences.push(reference);
      }
      reader.externalReference = undefined;
      return;
    }
    case C_EXTREF_FIELD: {
      const value = reader.takeText().trim();
      const reference = reader.externalReference;
      if (reference === undefined || value === '') return;
      if (frame.key === 'informationSystem') reference.informationSystem = value;
      else if (frame.key === 'name') reference.name = value;
      else reference.uri = value;
      return;
    }
    case C_GENERIC:
      closeGeneric(reader);
      return;
    case C_GENERIC_NAME: {
      const holder = reader.genericStack[reader.genericStack.length - 1];
      if (holder !== undefined) holder.name = reader.takeText().trim();
      return;
    }
    case C_GENERIC_VALUE: {
      const holder = reader.genericStack[reader.genericStack.length - 1];
      const value = reader.takeText(
        holder?.name !== undefined ? `generic attribute ${JSON.stringify(holder.name)}` : undefined,
      );
      if (holder !== undefined) holder.value = value.trim();
      return;
    }
    case C_HEIGHT_VALUE:
      closeTextAttribute(reader, 'measuredHeight', reader.takeText().trim(), frame.aux);
      return;
    default:
      return;
  }
}
