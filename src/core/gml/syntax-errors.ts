/**
 * How the GML readers (CityGML, XPlanGML) report the XML tokenizer's faults and a DOCTYPE: the same
 * wording in both, with what was found and what was expected instead.
 */
import type { XmlSyntaxError } from './xml-tokenizer.ts';

/** A fault described for a reader's error message. */
export interface SyntaxFaultDescription {
  found: string;
  expected: string;
  /** The input ended inside an element (a truncated file or stream). */
  truncated: boolean;
}

/**
 * Describes a well-formedness fault of the tokenizer; `rootExpected` names the root element the reader
 * wants (e.g. 'a CityGML CityModel root element'), for a document without one.
 */
export function describeXmlSyntaxError(error: XmlSyntaxError, rootExpected: string): SyntaxFaultDescription {
  switch (error.kind) {
    case 'unclosed-element':
      return {
        found: `the document ends inside <${error.detail}> (truncated file?)`,
        expected: `</${error.detail}> and the rest of the document`,
        truncated: true,
      };
    case 'undefined-entity':
      return {
        found: 'a reference to an undefined entity',
        expected:
          'only the predefined XML entities and character references (DTD entities are never expanded)',
        truncated: false,
      };
    case 'no-root':
      return { found: 'no root element', expected: rootExpected, truncated: false };
    default:
      return { found: `malformed XML (${error.detail})`, expected: 'well-formed XML', truncated: false };
  }
}

/** Whether a DOCTYPE's content declares entities: such documents are refused (no entity expansion, ever). */
export function declaresEntities(doctype: string): boolean {
  return /<!ENTITY/i.test(doctype);
}
