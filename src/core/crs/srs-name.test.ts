import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CrsError, crsProblemOf } from './crs-error.ts';
import { crsDefinition } from './definitions.ts';
import { crsOverrideProblem, parseSrsName, type ParsedSrs } from './srs-name.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
if (!existsSync(dataDir))
  console.warn(`srs-name.test: ${dataDir} is absent; real-data srsName tests skipped`);

type Expected = Pick<ParsedSrs, 'epsg' | 'heightKind' | 'axisOrder'> & {
  verticalEpsg?: number;
  verticalDatum?: string;
  warns?: boolean;
  defined?: boolean;
};

/** Every srsName form in /work/shared/data, with what it must mean. */
const EXPECTED: Record<string, Expected | 'local'> = {
  '#local-CRS-1': 'local',
  CH1903: { epsg: 21781, heightKind: 'unknown', axisOrder: 'east-north', warns: true },
  'EPSG:23632': { epsg: 23632, heightKind: 'unknown', axisOrder: 'east-north', warns: true, defined: false },
  'EPSG:25832': { epsg: 25832, heightKind: 'unknown', axisOrder: 'east-north' },
  'EPSG:25833': { epsg: 25833, heightKind: 'unknown', axisOrder: 'east-north' },
  'EPSG:31466': { epsg: 31466, heightKind: 'unknown', axisOrder: 'east-north' },
  'EPSG:31467': { epsg: 31467, heightKind: 'unknown', axisOrder: 'east-north' },
  'EPSG:32755': { epsg: 32755, heightKind: 'unknown', axisOrder: 'east-north' },
  'EPSG:3946': { epsg: 3946, heightKind: 'unknown', axisOrder: 'east-north' },
  // Short forms of geographic CRSs: longitude first (the files written this way are lon/lat).
  'EPSG:4326': { epsg: 4326, heightKind: 'unknown', axisOrder: 'east-north', warns: true },
  'EPSG:4979': { epsg: 4979, heightKind: 'ellipsoidal', axisOrder: 'east-north', warns: true },
  'http://www.opengis.net/def/crs/EPSG/0/6697': {
    epsg: 6697,
    verticalEpsg: 6695,
    verticalDatum: 'JGD2011 (vertical)',
    heightKind: 'physical',
    axisOrder: 'north-east',
  },
  'urn:adv:crs:DE_DHDN_3GK4*DE_DHHN92_NH': {
    epsg: 31468,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016': {
    epsg: 25832,
    verticalEpsg: 7837,
    verticalDatum: 'DHHN2016',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH': {
    epsg: 25832,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:ogc:def,crs::EPSG:31467': { epsg: 31467, heightKind: 'unknown', axisOrder: 'east-north', warns: true },
  'urn:ogc:def:crs,crs:EPSG:6.12:25832,crs:EPSG:6.12:5783': {
    epsg: 25832,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:ogc:def:crs,crs:EPSG:6.12:3068,crs:EPSG:6.12:5783': {
    epsg: 3068,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:ogc:def:crs,crs:EPSG:6.12:31466,crs:EPSG:6.12:5783': {
    epsg: 31466,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::5783': {
    epsg: 25832,
    verticalEpsg: 5783,
    verticalDatum: 'DHHN92',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
  'urn:ogc:def:crs:EPSG::25833': { epsg: 25833, heightKind: 'unknown', axisOrder: 'east-north' },
  'urn:ogc:def:crs:EPSG::4326': { epsg: 4326, heightKind: 'unknown', axisOrder: 'north-east' },
  'urn:ogc:def:crs:EPSG::7415': {
    epsg: 7415,
    verticalEpsg: 5709,
    verticalDatum: 'NAP',
    heightKind: 'physical',
    axisOrder: 'east-north',
  },
};

function xmlTextsOf(file: string): string[] {
  if (file.endsWith('.zip')) {
    const entries = unzipSync(new Uint8Array(readFileSync(file)), {
      filter: (entry) => /\.(gml|xml)$/i.test(entry.name),
    });
    return Object.values(entries).map((bytes) => new TextDecoder().decode(bytes));
  }
  return [readFileSync(file, 'utf8')];
}

function collectFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return collectFiles(full);
    return /\.(gml|xml|citygml|zip)$/i.test(entry) ? [full] : [];
  });
}

describe.skipIf(!existsSync(dataDir))('parseSrsName on every srsName in the shared test data', () => {
  const byName = new Map<string, string>();
  const filesWithoutSrsName: string[] = [];
  if (existsSync(dataDir)) {
    for (const file of collectFiles(dataDir)) {
      for (const text of xmlTextsOf(file)) {
        const names = [...text.matchAll(/srsName\s*=\s*["']([^"']*)["']/g)].map((match) => match[1] ?? '');
        if (names.length === 0 && /<(?:\w+:)?CityModel\b/.test(text)) filesWithoutSrsName.push(file);
        for (const name of names) if (!byName.has(name)) byName.set(name, path.relative(dataDir, file));
      }
    }
  }

  it('finds the srsName forms of the data set', () => {
    expect(byName.size).toBeGreaterThanOrEqual(20);
    expect(filesWithoutSrsName.length).toBeGreaterThan(0);
  });

  it.each([...byName.entries()])('understands %s (first in %s)', (srsName) => {
    const expected = EXPECTED[srsName];
    if (expected === 'local') {
      expect(() => parseSrsName(srsName)).toThrow(CrsError);
      expect(() => parseSrsName(srsName)).toThrow(/^CRS: .*local engineering CRS/);
      const overridden = parseSrsName(srsName, { overrideCrs: 'EPSG:25832' });
      expect(overridden.epsg).toBe(25832);
      expect(overridden.warnings.join(' ')).toMatch(/override/);
      return;
    }
    const parsed = parseSrsName(srsName);
    if (!expected) {
      // A form not listed above must at least parse to a CRS the module can project.
      expect(crsDefinition(parsed.epsg), `new srsName form ${srsName}`).toBeDefined();
      return;
    }
    expect(parsed.epsg).toBe(expected.epsg);
    expect(parsed.verticalEpsg).toBe(expected.verticalEpsg);
    expect(parsed.verticalDatum).toBe(expected.verticalDatum);
    expect(parsed.heightKind).toBe(expected.heightKind);
    expect(parsed.axisOrder).toBe(expected.axisOrder);
    expect(parsed.warnings.length > 0).toBe(expected.warns === true);
    expect(crsDefinition(parsed.epsg) !== undefined).toBe(expected.defined ?? true);
  });

  it('rejects a file without srsName unless an override is given', () => {
    expect(() => parseSrsName(undefined)).toThrow(/^CRS: no srsName/);
    expect(() => parseSrsName('  ')).toThrow(CrsError);
    expect(parseSrsName(undefined, { overrideCrs: 'urn:ogc:def:crs:EPSG::25833' }).epsg).toBe(25833);
  });
});

describe('parseSrsName forms', () => {
  it.each([
    ['urn:adv:crs:ETRS89_UTM33*DE_DHHN2016_NH', 25833, 7837],
    ['urn:adv:crs:DE_DHDN_3GK2*DE_DHHN92_NH', 31466, 5783],
    ['urn:adv:crs:DE_DHDN_3GK3', 31467, undefined],
    ['urn:adv:crs:DE_DHDN_3GK5*DE_DHHN92_NH', 31469, 5783],
    ['urn:x-ogc:def:crs:EPSG:6.12:25832', 25832, undefined],
    ['urn:ogc:def:crs:EPSG:25832', 25832, undefined],
    ['http://www.opengis.net/def/crs/EPSG/0/25832', 25832, undefined],
    [
      'http://www.opengis.net/def/crs-compound?1=http://www.opengis.net/def/crs/EPSG/0/25832&2=http://www.opengis.net/def/crs/EPSG/0/7837',
      25832,
      7837,
    ],
    ['EPSG:5555', 5555, 5783],
    ['CH1903+', 2056, undefined],
  ])('%s → EPSG:%i (+ %s)', (srsName, epsg, verticalEpsg) => {
    const parsed = parseSrsName(srsName);
    expect(parsed.epsg).toBe(epsg);
    expect(parsed.verticalEpsg).toBe(verticalEpsg);
    expect(parsed.heightKind).toBe(verticalEpsg === undefined ? 'unknown' : 'physical');
  });

  it('reads geographic CRSs lat/lon in authority forms and lon/lat in the short form', () => {
    expect(parseSrsName('urn:adv:crs:ETRS89_Lat-Lon').axisOrder).toBe('north-east');
    expect(parseSrsName('http://www.opengis.net/def/crs/EPSG/0/4979').axisOrder).toBe('north-east');
    expect(parseSrsName('EPSG:4258').axisOrder).toBe('east-north');
    expect(parseSrsName('urn:ogc:def:crs:OGC:1.3:CRS84').axisOrder).toBe('east-north');
    expect(parseSrsName('EPSG:4326', { axisOrder: 'north-east' }).axisOrder).toBe('north-east');
  });

  it('uses an override CRS only where the srsName cannot be used, unless forced', () => {
    const kept = parseSrsName('EPSG:25833', { overrideCrs: 'EPSG:25832' });
    expect(kept.epsg).toBe(25833);
    expect(kept.warnings).toEqual([]);
    const forced = parseSrsName('urn:ogc:def:crs,crs:EPSG:6.12:3068,crs:EPSG:6.12:5783', {
      overrideCrs: 'EPSG:25832',
      overrideAlways: true,
    });
    expect(forced.epsg).toBe(25832);
    expect(forced.warnings[0]).toMatch(
      /override "EPSG:25832" used instead of "urn:ogc:def:crs,crs:EPSG:6.12:3068/,
    );
    expect(parseSrsName('my favourite CRS', { overrideCrs: 'EPSG:31467' }).epsg).toBe(31467);
    const undefinedCode = parseSrsName('EPSG:23632', { overrideCrs: 'EPSG:25832' });
    expect(undefinedCode.epsg).toBe(25832);
    expect(undefinedCode.warnings[0]).toMatch(/EPSG:23632 has no built-in definition/);
    expect(() => parseSrsName(undefined, { overrideCrs: 'nonsense' })).toThrow(
      /unrecognised srsName "nonsense"/,
    );
  });

  it('marks ellipsoidal heights', () => {
    expect(parseSrsName('urn:ogc:def:crs:EPSG::4979').heightKind).toBe('ellipsoidal');
    expect(parseSrsName('urn:adv:crs:ETRS89_Lat-Lon-h').heightKind).toBe('ellipsoidal');
  });

  it('rejects unknown and vertical-only names with messages that name the module', () => {
    expect(() => parseSrsName('my favourite CRS')).toThrow(/^CRS: unrecognised srsName "my favourite CRS"/);
    const problemOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return crsProblemOf(error);
      }
      return undefined;
    };
    expect(problemOf(() => parseSrsName('my favourite CRS'))).toEqual({
      kind: 'unknown',
      srsName: 'my favourite CRS',
    });
    expect(problemOf(() => parseSrsName(undefined))).toEqual({ kind: 'missing' });
    expect(problemOf(() => parseSrsName('#local-CRS-1'))).toEqual({ kind: 'local', srsName: '#local-CRS-1' });
    expect(() => parseSrsName('urn:adv:crs:XX_FOO*DE_DHHN92_NH')).toThrow(/^CRS: unknown AdV horizontal/);
    expect(() => parseSrsName('urn:adv:crs:ETRS89_UTM32*XX_BAR')).toThrow(/^CRS: unknown AdV vertical/);
    expect(() => parseSrsName('EPSG:5783')).toThrow(/only a vertical CRS/);
    expect(() => parseSrsName('urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::9999')).toThrow(
      /unknown vertical CRS/,
    );
  });
});

describe("crsOverrideProblem (a command line's --crs)", () => {
  it('accepts the forms a file may use for a CRS with a built-in definition', () => {
    for (const text of [
      'EPSG:25832',
      'epsg:25833',
      'urn:ogc:def:crs:EPSG::31467',
      'urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016',
    ])
      expect(crsOverrideProblem(text), text).toBeUndefined();
  });

  it('says why a typo, an unknown code or a vertical CRS cannot be one', () => {
    expect(crsOverrideProblem('EPSG25832')).toMatch(
      /^not a CRS name the converter reads; expected e\.g\. EPSG:25832/,
    );
    expect(crsOverrideProblem('25832')).toMatch(/^not a CRS name/);
    expect(crsOverrideProblem('EPSG:99999')).toBe(
      'EPSG:99999 has no built-in definition, so coordinates in it cannot be reprojected',
    );
    expect(crsOverrideProblem('EPSG:5783')).toBe(
      'names only a vertical CRS; give the horizontal one, e.g. EPSG:25832',
    );
  });
});
