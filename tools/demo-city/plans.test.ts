import { describe, expect, it } from 'vitest';
import { DistrictLayout, ringIndices } from './layout.ts';
import { streetName } from './addresses.ts';
import { planBlock } from './plans.ts';

describe('demo city block plans', () => {
  it('keep every footprint inside its block and never let two buildings overlap (touching is fine)', () => {
    for (const seed of [1, 2, 3]) {
      const layout = new DistrictLayout(seed);
      const kinds = new Set<string>();
      for (let ring = 0; ring <= 7; ring++) {
        for (const [i, j] of ringIndices(ring)) {
          const block = layout.block(i, j);
          kinds.add(block.kind);
          const plans = planBlock(layout, block);
          for (const plan of plans) {
            expect(plan.u1 - plan.u0).toBeGreaterThan(2);
            expect(plan.v1 - plan.v0).toBeGreaterThan(2);
            expect(plan.u0).toBeGreaterThanOrEqual(block.u0 - 1e-9);
            expect(plan.u1).toBeLessThanOrEqual(block.u1 + 1e-9);
            expect(plan.v0).toBeGreaterThanOrEqual(block.v0 - 1e-9);
            expect(plan.v1).toBeLessThanOrEqual(block.v1 + 1e-9);
          }
          for (let a = 0; a < plans.length; a++) {
            for (let b = a + 1; b < plans.length; b++) {
              const p = plans[a]!;
              const q = plans[b]!;
              const overlapU = Math.min(p.u1, q.u1) - Math.max(p.u0, q.u0);
              const overlapV = Math.min(p.v1, q.v1) - Math.max(p.v0, q.v0);
              if (overlapU > 1e-6 && overlapV > 1e-6) {
                throw new Error(`seed ${seed} block ${i},${j}: buildings ${a} and ${b} overlap`);
              }
            }
          }
        }
      }
      expect(kinds).toEqual(
        new Set([
          'townhall',
          'church',
          'school',
          'rows',
          'detached',
          'commercial',
          'park',
          'cemetery',
          'square',
        ]),
      );
    }
  });

  it('spirals outwards ring by ring, visiting each block of a ring once', () => {
    for (const ring of [0, 1, 2, 5]) {
      const blocks = [...ringIndices(ring)].map(([i, j]) => `${i},${j}`);
      expect(new Set(blocks).size).toBe(blocks.length);
      expect(blocks).toHaveLength(ring === 0 ? 1 : 8 * ring);
      for (const block of blocks) {
        const [i, j] = block.split(',').map(Number) as [number, number];
        expect(Math.max(Math.abs(i), Math.abs(j))).toBe(ring);
      }
    }
  });

  it('sets the ground of each building at the lowest terrain corner, rising away from the Wupper', () => {
    const layout = new DistrictLayout(1);
    const heights = [-4, -2, -1, 0, 2, 4].map((j) =>
      layout.terrainHeight(0, (layout.rows.block(j).start + layout.rows.block(j).end) / 2, j),
    );
    expect(heights[2]!).toBeLessThan(heights[1]!); // south side rises southwards
    expect(heights[1]!).toBeLessThan(heights[0]!);
    expect(heights[3]!).toBeLessThan(heights[4]!); // north side rises northwards
    expect(heights[4]!).toBeLessThan(heights[5]!);
    for (const plan of planBlock(layout, layout.block(1, 2))) {
      const corners = [plan.u0, plan.u1].flatMap((u) =>
        [plan.v0, plan.v1].map((v) => layout.terrainHeight(u, v, 2)),
      );
      expect(plan.groundHeight).toBe(Math.min(...corners));
    }
  });

  it('names streets distinctly near the centre, with correct German qualifier endings', () => {
    const names = new Set<string>();
    let count = 0;
    for (let gap = -8; gap <= 8; gap++) {
      for (let segment = -3; segment <= 3; segment++) {
        for (const direction of ['ew', 'ns'] as const) {
          if (direction === 'ew' && gap === -1) continue; // the river banks have their own "…ufer" names
          names.add(streetName(direction, gap, segment));
          count++;
        }
      }
    }
    expect(names.size).toBe(count);
    expect(streetName('ew', 0, 0)).toBe('Werth');
    // Further out, qualifiers multiply the stock of names; their endings agree with the street type's gender.
    const qualified: string[] = [];
    for (let gap = -40; gap <= 40; gap++) {
      for (let segment = -10; segment <= 10; segment++) {
        const name = streetName('ns', gap, segment);
        if (/^(Ober|Unter|Alt|Neu)e[rs]? /.test(name)) qualified.push(name);
      }
    }
    expect(qualified.length).toBeGreaterThan(100);
    for (const name of qualified) {
      if (/(straße|allee|höhe|gasse)$/.test(name)) expect(name).toMatch(/^(Obere|Untere|Alte|Neue) /);
      else if (/feld$/.test(name)) expect(name).toMatch(/^(Oberes|Unteres|Altes|Neues) /);
      else expect(name).toMatch(/^(Oberer|Unterer|Alter|Neuer) /);
    }
  });
});
