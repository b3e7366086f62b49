import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimited } from './delimited.ts';
import { isHttpUrl } from './fields.ts';
import { readSchools, readSchoolsGeoJson, readSchoolsTable } from './schools.ts';
import { haversineMetres } from './joins.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schoolsDir = path.resolve(repoRoot, '../shared/data/schools/flensburg');
const haveData = existsSync(schoolsDir);
if (!haveData) console.warn(`school data tests skipped: ${schoolsDir} not found (CI has it)`);

describe('delimited text', () => {
  it('detects tab, semicolon and comma from the header', () => {
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"a;b";c;d')).toBe(';');
    expect(detectDelimiter('"x,y",z')).toBe(',');
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, with record lines', () => {
    const text = 'name;note\r\n"Schule ""Nord""";"a;b"\n"Zwei\nZeilen";x\n\nlast;y\n';
    const table = parseDelimited(text);
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['name', 'note']);
    expect(table.rows).toEqual([
      { line: 2, fields: ['Schule "Nord"', 'a;b'] },
      { line: 3, fields: ['Zwei\nZeilen', 'x'] },
      { line: 6, fields: ['last', 'y'] },
    ]);
    expect(table.problems).toEqual([]);
  });

  it('reports records with a wrong field count and unterminated quotes by line', () => {
    const table = parseDelimited('a,b\n1,2\n1,2,3\n"open,4\n', { file: 't.csv' });
    expect(table.problems).toEqual([
      { file: 't.csv', line: 3, message: '3 fields; expected 2 (as in the header)' },
      {
        file: 't.csv',
        line: 4,
        message: 'a quoted field is not closed; expected a closing double quote (")',
      },
      { file: 't.csv', line: 4, message: '1 fields; expected 2 (as in the header)' },
    ]);
  });
});

describe('school tables', () => {
  const csv = [
    'Schulname,Schulart,Schüler,Web,Straße,Hausnummer,PLZ,Ort,Breite,Länge',
    '"Schule am Park, Nord",Grundschule,210,https://park.example,Parkweg,1,42103,Wuppertal,51.2562,7.1508',
    '<img src=x onerror=alert(1)>,Gymnasium,viele,javascript:alert(1),,,,,51.25,7.15',
    'Ohne Ort,Grundschule,10,,,,,,,',
    ',Grundschule,10,,,,,,51.2,7.1',
  ].join('\n');
  const result = readSchoolsTable(csv, { file: 's.csv' });

  it('guesses the columns and builds the address', () => {
    expect(result.schools[0]).toMatchObject({
      name: 'Schule am Park, Nord',
      type: 'Grundschule',
      pupils: 210,
      website: 'https://park.example',
      address: 'Parkweg 1, 42103 Wuppertal',
      lat: 51.2562,
      lon: 7.1508,
      line: 2,
    });
  });

  it('keeps markup as a plain string and links only http(s) websites', () => {
    const school = result.schools[1];
    expect(school?.name).toBe('<img src=x onerror=alert(1)>');
    expect(school?.website).toBeUndefined();
    expect(school?.properties['Web']).toBe('javascript:alert(1)');
    expect(school?.pupils).toBeUndefined();
    expect(isHttpUrl('https://a.example/x?y=1')).toBe(true);
    expect(isHttpUrl('http://a.example/"onmouseover=')).toBe(false);
    expect(isHttpUrl('ftp://a.example')).toBe(false);
  });

  it('reports records without position or name with file and line, and loads the rest', () => {
    expect(result.schools).toHaveLength(2);
    expect(result.problems).toEqual([
      {
        file: 's.csv',
        line: 4,
        message: 'CSV reader: no valid position; expected numbers in columns "Länge" and "Breite"',
      },
      { file: 's.csv', line: 5, message: 'no school name (expected a value in column "Schulname")' },
    ]);
  });

  it('converts easting/northing columns from the given CRS', () => {
    // Wuppertal-Barmen: `echo "51.2714 7.2001" | cs2cs EPSG:4326 EPSG:25832` gives 374444.45 5681545.01
    const table = 'name;rechtswert;hochwert\nRathaus;374444.45;5681545.01\n';
    const [school] = readSchoolsTable(table, { projectedCrs: 'EPSG:25832' }).schools;
    expect(school).toBeDefined();
    expect(haversineMetres(school!.lon, school!.lat, 7.2001, 51.2714)).toBeLessThan(0.05);
  });

  it('reports GeoJSON that is not a point collection, with lines', () => {
    const text =
      '{"type":"FeatureCollection","features":[\n{"type":"Feature","geometry":{"type":"Point","coordinates":[7.1,51.2]},"properties":{"name":"A"}},\n{"type":"Feature","geometry":{"type":"LineString","coordinates":[[7,51],[8,52]]},"properties":{"name":"B"}}\n]}';
    const read = readSchoolsGeoJson(text, { file: 'g.json' });
    expect(read.schools.map((school) => school.name)).toEqual(['A']);
    expect(read.problems).toEqual([
      {
        file: 'g.json',
        line: 3,
        message: 'feature 1 has no Point geometry; expected {"type": "Point", "coordinates": [lon, lat]}',
      },
    ]);
    const broken = readSchools('{"type": "FeatureCollection",\n "features": [', { file: 'b.json' });
    expect(broken.problems[0]?.file).toBe('b.json');
    expect(broken.problems[0]?.line).toBe(2);
    expect(broken.problems[0]?.message).toMatch(/^GeoJSON reader: not valid JSON/);
  });
});

describe.skipIf(!haveData)('school files of the shared data', () => {
  const read = (name: string): ReturnType<typeof readSchools> =>
    readSchools(readFileSync(path.join(schoolsDir, name), 'utf8'), { file: name });

  it('Flensburg GeoJSON and CSV give 30 schools each at the positions the files hold (within 1 m)', () => {
    const geojsonText = readFileSync(path.join(schoolsDir, 'schulen_flensburg.geojson'), 'utf8');
    const csvText = readFileSync(path.join(schoolsDir, 'schulen_flensburg.csv'), 'utf8');
    const geojson = read('schulen_flensburg.geojson');
    const csv = read('schulen_flensburg.csv');
    expect(geojson.problems).toEqual([]);
    expect(csv.problems).toEqual([]);
    expect(geojson.schools).toHaveLength(30);
    expect(csv.schools).toHaveLength(30);
    // independent reading: JSON.parse, and a plain split of the CSV (it has no quoted fields)
    const features = (
      JSON.parse(geojsonText) as {
        features: { geometry: { coordinates: number[] }; properties: { facility: string } }[];
      }
    ).features;
    features.forEach((feature, i) => {
      const school = geojson.schools[i]!;
      expect(school.name).toBe(feature.properties.facility);
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      expect(haversineMetres(school.lon, school.lat, lon, lat)).toBeLessThan(1);
    });
    const csvLines = csvText.split(/\r?\n/).filter((line) => line.trim() !== '');
    const header = (csvLines[0] as string).split(',').map((name) => name.trim());
    csvLines.slice(1).forEach((line, i) => {
      const fields = line.split(',').map((field) => field.trim());
      const school = csv.schools[i]!;
      expect(school.name).toBe(fields[header.indexOf('Schulname')]);
      const lat = Number(fields[header.indexOf('Lat')]);
      const lon = Number(fields[header.indexOf('Lon')]);
      expect(haversineMetres(school.lon, school.lat, lon, lat)).toBeLessThan(1);
    });
    // The two files are not the same data: 29 names in common (CSV: Friholtschule; GeoJSON: Zentrum für
    // kooperative Erziehungshilfe), 14 of those within 1 m of each other, the other 15 between 22 and 97 m
    // apart (measured independently with a Python haversine over the raw files).
    const byName = new Map(geojson.schools.map((school) => [school.name, school]));
    const distances = csv.schools
      .filter((school) => byName.has(school.name))
      .map((school) =>
        haversineMetres(school.lon, school.lat, byName.get(school.name)!.lon, byName.get(school.name)!.lat),
      );
    expect(distances).toHaveLength(29);
    expect(distances.filter((distance) => distance < 1)).toHaveLength(14);
    expect(Math.max(...distances)).toBeLessThan(100);
    for (const school of [...geojson.schools, ...csv.schools]) {
      expect(school.lat).toBeGreaterThan(54.7);
      expect(school.lat).toBeLessThan(54.9);
      if (school.website !== undefined) expect(school.website).toMatch(/^https?:\/\//);
    }
  });

  it('the Schleswig-Holstein TSV gives 1048 records: schools plus rows reported for a missing position', () => {
    const text = readFileSync(path.join(schoolsDir, 'schulen_schleswig_holstein.tsv'), 'utf8');
    const result = read('schulen_schleswig_holstein.tsv');
    // independent count: data lines, and those whose longitude/latitude (columns 11, 12) are empty
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const dataLines = lines.slice(1);
    const withoutPosition = dataLines.filter((line) => {
      const fields = line.split('\t');
      return (fields[10] ?? '').trim() === '' || (fields[11] ?? '').trim() === '';
    });
    expect(dataLines).toHaveLength(1048);
    expect(result.schools.length + result.problems.length).toBe(1048);
    expect(result.problems).toHaveLength(withoutPosition.length);
    for (const problem of result.problems) {
      expect(problem.file).toBe('schulen_schleswig_holstein.tsv');
      expect(problem.message).toMatch(/no valid position/);
    }
    for (const school of result.schools) {
      expect(school.lon).toBeGreaterThan(7.8);
      expect(school.lon).toBeLessThan(11.4);
      expect(school.lat).toBeGreaterThan(53.3);
      expect(school.lat).toBeLessThan(55.1);
    }
  });
});
