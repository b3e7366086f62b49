/** Search: address normalisation, the address index beside a tileset, and the ranked matcher. */
export * from './address-index.ts';
export * from './match.ts';
export * from './normalise.ts';
export * from './place-view.ts';
export * from './geocoder.ts';
