import { describe, expect, it } from 'vitest';
import { geocoderRequestUrl, parseGeocoderAnswer } from './geocoder.ts';

describe('external geocoder (optional)', () => {
  const nominatim = { kind: 'nominatim', url: 'https://nominatim.example.org/' } as const;
  const bkg = { kind: 'bkg', url: 'https://geo.example.de/geokodierung?key=abc' } as const;
  it('asks Nominatim /search and the BKG service with the query', () => {
    const n = new URL(geocoderRequestUrl(nominatim, 'Bachstraße 3', 5));
    expect(n.pathname).toBe('/search');
    expect(n.searchParams.get('q')).toBe('Bachstraße 3');
    expect(n.searchParams.get('format')).toBe('jsonv2');
    const b = new URL(geocoderRequestUrl(bkg, 'Bachstraße 3', 5));
    expect(b.searchParams.get('key')).toBe('abc');
    expect(b.searchParams.get('query')).toBe('Bachstraße 3');
  });
  it('reads answers into places, skipping entries without name or position', () => {
    const n = parseGeocoderAnswer(
      nominatim,
      [{ display_name: 'Bachstraße 3, Barmen, Wuppertal', lon: '7.2', lat: '51.27' }, { display_name: 'x' }],
      210,
    );
    expect(n).toEqual([
      expect.objectContaining({
        kind: 'place',
        label: 'Bachstraße 3',
        detail: 'Barmen, Wuppertal',
        place: { longitude: 7.2, latitude: 51.27, height: 210 },
      }),
    ]);
    const b = parseGeocoderAnswer(
      bkg,
      {
        features: [
          {
            properties: { text: 'Bachstraße 3, 42275 Wuppertal' },
            geometry: { type: 'Point', coordinates: [7.2, 51.27] },
          },
        ],
      },
      0,
    );
    expect(b.map((r) => r.label)).toEqual(['Bachstraße 3']);
    expect(parseGeocoderAnswer(bkg, '<html>', 0)).toEqual([]);
    expect(parseGeocoderAnswer(nominatim, { error: 'x' }, 0)).toEqual([]);
  });
});
