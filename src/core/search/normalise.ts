/**
 * Text normalisation for the search: German street names and house numbers as people type them.
 * "Hünefeldstr. 12 a", "huenefeld strasse 12A" and "Hünefeldstraße 12a" all come out the same.
 */

/** Letters folded before diacritics are stripped, so "ü" and "ue" meet ("Müller" = "Mueller"). */
const FOLDS: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  ø: 'oe',
  œ: 'oe',
};

/**
 * Lower case, umlauts as ae/oe/ue, ß as ss, other diacritics dropped (é → e), every run of characters that is
 * not a letter or digit one space, trimmed. "Hünefeld-Straße 12a" → "huenefeld strasse 12a".
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase().replace(/[äöüßẞæøœ]/g, (c) => FOLDS[c] ?? c);
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Canonical words of a street name: folded (`foldText`), with "straße", "strasse", "str." and "str" written
 * "str", both as a word of its own and at the end of a compound ("bachstrasse" → "bachstr").
 */
export function streetWords(street: string): string[] {
  return foldText(street)
    .split(' ')
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/(?:strasse|str)$/, 'str'));
}

/**
 * The key streets are compared by: the canonical words joined without spaces, so "Heckinghauser Straße",
 * "Heckinghauserstr." and "heckinghauser-strasse" share "heckinghauserstr".
 */
export function streetKey(street: string): string {
  return streetWords(street).join('');
}

/**
 * A house number as compared: folded, spaces and the space around a range's hyphen removed.
 * "12 A" → "12a", "12 - 14" → "12-14", "7/1" → "7-1" (folding turns the slash into a separator).
 */
export function houseNumberKey(houseNumber: string): string {
  return foldText(houseNumber)
    .replace(/(\d)\s+(?=[a-z]\b)/g, '$1')
    .replace(/\s+/g, '-');
}

/** The numeric range a house number covers: "12" → 12..12, "12a" → 12..12, "12-14" → 12..14; undefined without digits first. */
export function houseNumberRange(houseNumber: string): { from: number; to: number } | undefined {
  const match = /^(\d+)[a-z]*(?:-(\d+)[a-z]*)?$/.exec(houseNumberKey(houseNumber));
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return to >= from ? { from, to } : { from, to: from };
}

/** What a search query names: street text, house number, postcode and locality, each optional. */
export interface AddressQuery {
  /** Canonical street words (`streetWords`), possibly a beginning only ("huenefeld"). */
  streetWords: string[];
  /** House number key (`houseNumberKey`), when the query has one after the street. */
  houseNumber?: string;
  /** Five-digit German postcode, when the query names one. */
  postcode?: string;
  /** Folded words after a comma that are not a postcode (a locality, "wuppertal"). */
  localityWords: string[];
}

/**
 * Splits what someone typed into street, house number, postcode and locality: "Hünefeldstr. 12 a, 42285
 * Wuppertal" → street ["huenefeldstr"], number "12a", postcode "42285", locality ["wuppertal"]. A number is
 * recognised after at least one street word ("12a", "12 a", "12-14", "12 - 14"); a leading number stays part of
 * the street ("7. Straße").
 */
export function parseAddressQuery(query: string): AddressQuery {
  const [streetPart = '', ...rest] = query.split(',');
  const localityWords: string[] = [];
  let postcode: string | undefined;
  const place = (words: string[]) => {
    for (const word of words) {
      if (postcode === undefined && /^\d{5}$/.test(word)) postcode = word;
      else if (word.length > 0) localityWords.push(word);
    }
  };
  place(foldText(rest.join(' ')).split(' '));
  const words = foldText(streetPart)
    .split(' ')
    .filter((word) => word.length > 0);
  // A postcode typed without a comma ("Bachstraße 3 42275") moves to the place part.
  while (words.length > 1 && /^\d{5}$/.test(words[words.length - 1]!) && postcode === undefined) {
    postcode = words.pop();
  }
  let houseNumber: string | undefined;
  const firstNumber = words.findIndex((word, index) => index > 0 && /^\d/.test(word));
  if (firstNumber > 0) {
    const numberWords = words.splice(firstNumber);
    // Words after the number that are neither a suffix letter nor part of a range name a place ("3 wuppertal").
    const kept: string[] = [];
    for (const word of numberWords) {
      if (kept.length === 0 || /^(\d+[a-z]?|[a-z])$/.test(word)) kept.push(word);
      else localityWords.push(word);
    }
    houseNumber = houseNumberKey(kept.join(' '));
    // "12 14" (a range typed with a space) reads as 12-14; "12 a" as 12a.
  }
  return {
    streetWords: words.map((word) => word.replace(/(?:strasse|str)$/, 'str')),
    ...(houseNumber ? { houseNumber } : {}),
    ...(postcode ? { postcode } : {}),
    localityWords,
  };
}
