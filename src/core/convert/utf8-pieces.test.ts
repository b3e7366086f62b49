/**
 * The chunk-by-chunk UTF-8 decoder gives the text of one streaming `TextDecoder` over the same bytes,
 * however they are cut: characters of 1 to 4 bytes cut anywhere, invalid and truncated sequences, a
 * byte order mark cut across chunks, U+FEFF later in the text; and it never asks its decoder to stream.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../util/random.ts';
import type { ChunkTextDecoder } from './documents.ts';
import { Utf8ChunkDecoder, utf8CutPoint } from './utf8-pieces.ts';

/** Deterministic pseudo-random numbers in [0, 1), so a failure can be replayed. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

/** A factory whose decoders fail the test when asked to stream. */
const wholeChunks = (label: string, options?: { ignoreBOM?: boolean }): ChunkTextDecoder => {
  const decoder = new TextDecoder(label, options);
  return {
    decode(input?: Uint8Array, decodeOptions?: { stream?: boolean }): string {
      if (decodeOptions?.stream) throw new Error('asked to stream');
      return decoder.decode(input);
    },
  };
};

/** `bytes` cut at `cuts` through `decoder`, streaming, then ended. */
function decodeCut(decoder: ChunkTextDecoder, bytes: Uint8Array, cuts: number[]): string {
  let text = '';
  let from = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    text += decoder.decode(bytes.subarray(from, cut), { stream: true });
    from = cut;
  }
  return text + decoder.decode();
}

const streamed = (bytes: Uint8Array, cuts: number[]) => decodeCut(new TextDecoder('utf-8'), bytes, cuts);
const pieces = (bytes: Uint8Array, cuts: number[]) =>
  decodeCut(new Utf8ChunkDecoder(wholeChunks), bytes, cuts);

const SAMPLES = [
  'Brüner Landstraße 12, 42119 Wuppertal',
  '✓ 🏠 日本語 ﻿ mid-text byte order mark',
  '\uFEFF<?xml version="1.0"?><a>Straße</a>',
];

describe('Utf8ChunkDecoder', () => {
  it('gives the streaming text for every cut of characters of 1 to 4 bytes', () => {
    for (const sample of SAMPLES) {
      const bytes = new TextEncoder().encode(sample);
      for (let cut = 0; cut <= bytes.byteLength; cut++) {
        expect(pieces(bytes, [cut])).toBe(streamed(bytes, [cut]));
        for (let second = cut; second <= Math.min(bytes.byteLength, cut + 5); second++)
          expect(pieces(bytes, [cut, second])).toBe(streamed(bytes, [cut, second]));
      }
    }
  });

  it('drops a byte order mark at the start only, also when chunks cut it', () => {
    const bytes = new TextEncoder().encode('\uFEFF<a>\uFEFF</a>');
    expect(bytes.subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    for (const cuts of [[], [1], [2], [1, 2], [0, 1, 2, 3]])
      expect(pieces(bytes, cuts)).toBe('<a>\uFEFF</a>');
  });

  it('gives the streaming text for random bytes, valid or not, cut at random', () => {
    const next = random(20261205);
    const alphabet = [0x3c, 0x61, 0x80, 0xbf, 0xc2, 0xc3, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let round = 0; round < 400; round++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        next() < 0.5 ? alphabet[Math.floor(next() * alphabet.length)]! : Math.floor(next() * 256),
      );
      const cuts: number[] = [];
      for (let at = 0; at < bytes.byteLength; at += 1 + Math.floor(next() * 6)) cuts.push(at);
      expect(pieces(bytes, cuts)).toBe(streamed(bytes, cuts));
    }
  });

  it('cuts before the lead byte of an incomplete sequence only', () => {
    const euro = [0xe2, 0x82, 0xac]; // €
    expect(utf8CutPoint(new Uint8Array([0x61, ...euro]))).toBe(4);
    expect(utf8CutPoint(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
    expect(utf8CutPoint(new Uint8Array([0x61, 0xf0, 0x9f, 0x8f]))).toBe(1);
    expect(utf8CutPoint(new Uint8Array([0xf0, 0x9f, 0x8f, 0xa0]))).toBe(4);
    expect(utf8CutPoint(new Uint8Array([0x80, 0x80, 0x80, 0x80]))).toBe(4);
    expect(utf8CutPoint(new Uint8Array([]))).toBe(0);
  });
});
