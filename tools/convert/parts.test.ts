import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBuildingMesh, encodeBuildingMesh, meshAsStored } from '../../src/core/tiles/mesh-store.ts';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import { expandInputs, globToRegExp, splitSource } from './inputs.ts';
import { DiskMeshStore, encodedBatch, readSpooledMeshes } from './disk-mesh-store.ts';
import { StagedOutput } from './output.ts';
import { ProgressDisplay } from './progress.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-parts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mesh(id: string, vertices: number, withColours: boolean): BuildingMesh {
  const positions = new Float64Array(vertices * 3).map((_, i) => 3_900_000 + i * 0.125);
  const result: BuildingMesh = {
    id,
    properties: { gml_id: id, function: '31001_2000', measuredHeight: 12.5, flat: true },
    positions,
    normals: new Float32Array(vertices * 3).map((_, i) => (i % 3 === 2 ? 1 : 0)),
    indices: Uint32Array.from({ length: (vertices - 2) * 3 }, (_, i) =>
      i % 3 === 0 ? 0 : Math.floor(i / 3) + (i % 3),
    ),
    surfaceClass: new Uint8Array(vertices).fill(2),
  };
  if (withColours) result.colors = new Uint8Array(vertices * 4).fill(200);
  return result;
}

describe('globToRegExp', () => {
  it('matches *, ? and ** over / paths', () => {
    expect(globToRegExp('*.gml').test('a.gml')).toBe(true);
    expect(globToRegExp('*.gml').test('sub/a.gml')).toBe(false);
    expect(globToRegExp('**/*.gml').test('a.gml')).toBe(true);
    expect(globToRegExp('**/*.gml').test('x/y/a.gml')).toBe(true);
    expect(globToRegExp('tile_?.xml').test('tile_1.xml')).toBe(true);
    expect(globToRegExp('tile_?.xml').test('tile_12.xml')).toBe(false);
    expect(globToRegExp('a+b.gml').test('a+b.gml')).toBe(true);
  });
});

describe('expandInputs', () => {
  const dir = join(scratch, 'inputs');
  mkdirSync(join(dir, 'deep/er'), { recursive: true });
  for (const name of ['a.gml', 'b.xml', 'notes.txt', 'deep/c.gml.gz', 'deep/er/d.zip', 'deep/er/e.citygml']) {
    writeFileSync(join(dir, name), name);
  }

  it('walks directories recursively for CityGML, .gz and .zip files', () => {
    const { sources, errors } = expandInputs([dir]);
    expect(errors).toEqual([]);
    expect(sources.map((s) => s.name)).toEqual([
      'a.gml',
      'b.xml',
      'deep/c.gml.gz',
      'deep/er/d.zip',
      'deep/er/e.citygml',
    ]);
    expect(sources.map((s) => s.kind)).toEqual(['xml', 'xml', 'gz', 'zip', 'xml']);
    expect(sources[0]!.size).toBe('a.gml'.length);
  });

  it('expands globs, removes duplicates and reports inputs that match nothing', () => {
    const { sources, errors } = expandInputs([
      join(dir, '**/*.gml*'),
      join(dir, 'a.gml'),
      join(dir, '*.none'),
    ]);
    expect(sources.map((s) => s.path.slice(dir.length + 1))).toEqual(['a.gml', 'deep/c.gml.gz']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/no file matches/);
  });

  it('refuses FIFOs by stat (never opening them) and names symbolic link loops, converting the rest', () => {
    const odd = join(scratch, 'odd');
    mkdirSync(join(odd, 'dir'), { recursive: true });
    writeFileSync(join(odd, 'good.gml'), 'x');
    writeFileSync(join(odd, 'dir/inner.gml'), 'x');
    spawnSync('mkfifo', [join(odd, 'pipe.gml'), join(odd, 'dir/pipe.gml')]);
    symlinkSync(join(odd, 'loop.gml'), join(odd, 'loop.gml'));
    const { sources, errors } = expandInputs([
      join(odd, 'pipe.gml'),
      join(odd, 'loop.gml'),
      join(odd, 'missing.gml'),
      join(odd, 'good.gml'),
      join(odd, 'dir'),
    ]);
    expect(sources.map((s) => s.path.slice(odd.length + 1))).toEqual(['good.gml', 'dir/inner.gml']);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/pipe\.gml: not a regular file but a FIFO/),
      expect.stringMatching(/loop\.gml: symlink loop/),
      expect.stringMatching(/no such file or directory: .*missing\.gml$/),
      expect.stringMatching(/dir\/pipe\.gml: not a regular file but a FIFO/),
    ]);
    expect(errors.map((e) => e.file.slice(odd.length + 1))).toEqual([
      'pipe.gml',
      'loop.gml',
      'missing.gml',
      'dir/pipe.gml',
    ]);
  });
});

describe('splitSource', () => {
  it('splits a plain file at cityObjectMember boundaries into well-formed pieces', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<core:CityModel xmlns:core="x">\n';
    const members = Array.from(
      { length: 40 },
      (_, i) => `<core:cityObjectMember>\n<b id="${i}"/>\n</core:cityObjectMember>\n`,
    );
    const text = `${head}${members.join('')}</core:CityModel>\n`;
    const file = join(scratch, 'split.gml');
    writeFileSync(file, text);
    const [source] = expandInputs([file]).sources;
    const pieces = splitSource(source!, 4);
    expect(pieces).toHaveLength(4);
    const bytes = readFileSync(file);
    let body = '';
    for (const piece of pieces) {
      const p = piece.piece!;
      expect(bytes.subarray(0, p.headEnd).toString()).toBe(head);
      const range = bytes.subarray(p.start, p.end).toString();
      if (p.index < 3) expect(range.endsWith('</core:cityObjectMember>\n')).toBe(true);
      expect(range.startsWith('<core:cityObjectMember>')).toBe(true);
      expect(p.closing).toBe(p.index === 3 ? '' : '</core:CityModel>');
      body += range;
    }
    expect(head + body).toBe(text);
  });

  it('leaves compressed and member-less files whole', () => {
    const file = join(scratch, 'plain.gml');
    writeFileSync(file, '<CityModel><x/></CityModel>');
    const [source] = expandInputs([file]).sources;
    expect(splitSource(source!, 4)).toEqual([source]);
    expect(splitSource({ ...source!, kind: 'gz' }, 4)).toHaveLength(1);
  });
});

describe('DiskMeshStore', () => {
  it('gives back every mesh as it was put, from a spool file it deletes on dispose', () => {
    const path = join(scratch, 'spool.bin');
    const store = new DiskMeshStore(path);
    const meshes = Array.from({ length: 50 }, (_, i) => mesh(`B${i}`, 3 + (i % 7), i % 2 === 0));
    const handles = meshes.map((m) => store.put(m));
    expect(store.size).toBe(50);
    for (const i of [49, 0, 17, 3]) {
      const back = store.get(handles[i]!);
      const original = meshes[i]!;
      expect(back.id).toBe(original.id);
      expect(back.properties).toEqual(original.properties);
      expect(Array.from(back.positions)).toEqual(Array.from(original.positions));
      expect(Array.from(back.normals)).toEqual(Array.from(original.normals));
      expect(Array.from(back.indices)).toEqual(Array.from(original.indices));
      expect(Array.from(back.surfaceClass)).toEqual(Array.from(original.surfaceClass));
      expect(back.colors === undefined).toBe(original.colors === undefined);
    }
    // A mesh read back for the tileset builder is not spooled a second time.
    const bytes = store.bytes;
    const again = store.getForAdd(handles[5]!);
    expect(store.put(again)).toBe(handles[5]);
    expect(store.bytes).toBe(bytes);
    expect(store.put(mesh('new', 4, false))).toBe(50);
    expect(() => store.get(999)).toThrow(/no mesh with handle 999/);
    store.dispose();
    expect(existsSync(path)).toBe(false);
  });

  it('stores a batch of meshes laid back to back in one buffer under consecutive handles', () => {
    const store = new DiskMeshStore(join(scratch, 'batch.bin'));
    const first = store.put(mesh('before', 3, false));
    const meshes = [mesh('B0', 3, true), mesh('B1', 9, false), mesh('B2', 5, true)];
    const encoded = meshes.map((m) => encodeBuildingMesh(m));
    const bytes = new Uint8Array(encoded.reduce((sum, part) => sum + part.byteLength, 0));
    encoded.reduce((at, part) => (bytes.set(part, at), at + part.byteLength), 0);
    const lengths = Uint32Array.from(encoded, (part) => part.byteLength);
    expect(store.putEncodedBatch(bytes, lengths)).toBe(first + 1);
    expect(store.size).toBe(4);
    meshes.forEach((original, i) => {
      const back = store.get(first + 1 + i);
      expect(back.id).toBe(original.id);
      expect(Array.from(back.positions)).toEqual(Array.from(original.positions));
      expect(Array.from(store.getEncoded(first + 1 + i))).toEqual(Array.from(encoded[i]!));
    });
    expect(store.get(first).id).toBe('before');
    // Lengths that do not add up to the buffer are refused before anything is written.
    expect(() => store.putEncodedBatch(bytes, [1, 2])).toThrow(/batch of \d+ bytes holds meshes of 3/);
    expect(store.size).toBe(4);
    store.dispose();
  });

  it('holds meshes in memory up to its budget and spools the rest, giving every one back', () => {
    const path = join(scratch, 'memory.bin');
    const store = new DiskMeshStore(path);
    const meshes = Array.from({ length: 12 }, (_, i) => mesh(`M${i}`, 3 + (i % 5), i % 3 === 0));
    const encoded = meshes.map((m) => encodeBuildingMesh(m));
    const budget = encoded.slice(0, 5).reduce((sum, part) => sum + part.byteLength, 0);
    store.keepInMemory(budget);
    const handles = encoded.map((part) => store.putEncoded(part));
    // the first five fill the budget exactly; the rest are in the spool file, and nothing twice
    const spooled = encoded.slice(5).reduce((sum, part) => sum + part.byteLength, 0);
    expect(statSync(path).size).toBe(spooled);
    expect(store.bytes).toBe(budget + spooled);
    handles.forEach((handle, i) => {
      expect(Array.from(store.getEncoded(handle))).toEqual(Array.from(encoded[i]!));
      expect(store.get(handle).id).toBe(`M${i}`);
    });
    // tile-writing threads read the spool file: a mesh held in memory has no place there
    expect(() => store.location(handles[0]!)).toThrow(/held in memory/);
    expect(store.location(handles[5]!)).toEqual({ offset: 0, length: encoded[5]!.byteLength });
    expect(() => store.keepInMemory(1)).toThrow(/after meshes were stored/);
    store.dispose();
    expect(existsSync(path)).toBe(false);
    // the run reports the stored bytes after the store is gone
    expect(store.bytes).toBe(budget + spooled);
  });
});

describe('DiskMeshStore read back in order for the tiler', () => {
  it('gives back every mesh whole, across read-ahead windows, a mesh larger than one and meshes stored later', () => {
    const store = new DiskMeshStore(join(scratch, 'ahead.bin'));
    // ~2 KiB each, 600 of them: several 256 KiB windows, with meshes across their edges
    const meshes = Array.from({ length: 600 }, (_, i) => mesh(`A${i}`, 20 + (i % 50), i % 4 === 0));
    meshes.splice(300, 0, mesh('large', 9000, true)); // 330 KiB encoded
    const encoded = meshes.map((m) => encodeBuildingMesh(m));
    const { bytes, lengths } = encodedBatch(encoded.slice(0, 400));
    expect(store.putEncodedBatch(bytes, lengths)).toBe(0);
    const check = (handle: number) => {
      const back = store.getForAdd(handle);
      expect(back.id, `handle ${handle}`).toBe(meshes[handle]!.id);
      expect(Array.from(back.positions)).toEqual(Array.from(meshes[handle]!.positions));
      expect(Array.from(store.getEncoded(handle))).toEqual(Array.from(encoded[handle]!));
    };
    for (let handle = 0; handle < 350; handle++) check(handle);
    // stored after the last window was read: read from the file, not from the window
    for (const part of encoded.slice(400)) store.putEncoded(part);
    for (let handle = 350; handle < encoded.length; handle++) check(handle);
    // and out of order, as the tile writer asks
    for (const handle of [600, 0, 300, 299, 301]) expect(store.get(handle).id).toBe(meshes[handle]!.id);
    store.dispose();
  });
});

describe('readSpooledMeshes', () => {
  it('gives back the meshes asked for in the order asked, near ones read together, far and large ones too', () => {
    const path = join(scratch, 'tile-reads.bin');
    const store = new DiskMeshStore(path);
    const meshes = Array.from({ length: 300 }, (_, i) => mesh(`T${i}`, 10 + (i % 90), i % 3 === 0));
    meshes.splice(150, 0, mesh('large', 30_000, true)); // larger than one merged read
    const handles = meshes.map((m) => store.put(m));
    const locations = handles.map((handle) => store.location(handle));
    // A tile's meshes: scattered over the file, out of order, neighbours and far ones.
    const asked = [299, 3, 4, 5, 150, 2, 200, 149, 151, 0, 300, 120];
    const fd = openSync(path, 'r');
    try {
      const bytes = readSpooledMeshes(
        fd,
        path,
        asked.map((i) => locations[i]!.offset),
        asked.map((i) => locations[i]!.length),
      );
      expect(bytes.map((b) => decodeBuildingMesh(b).id)).toEqual(asked.map((i) => meshes[i]!.id));
      asked.forEach((i, k) =>
        expect(Array.from(bytes[k]!), `mesh ${i}`).toEqual(Array.from(store.getEncoded(i))),
      );
    } finally {
      closeSync(fd);
    }
    store.dispose();
  });
});

describe('DiskMeshStore with meshes as objects', () => {
  it('holds them as they are within its budget and spools the rest encoded, giving every one back', () => {
    const path = join(scratch, 'objects.bin');
    const store = new DiskMeshStore(path);
    // three small meshes (a few hundred bytes each), then six of 60 vertices (over 2 KB each)
    const meshes = Array.from({ length: 9 }, (_, i) =>
      meshAsStored(mesh(`O${i}`, i < 3 ? 3 + i : 60, i % 2 === 0)),
    );
    store.keepInMemory(1);
    expect(store.putMeshes([])).toBe(0);
    store.keepInMemory(2048);
    const first = store.putMeshes(meshes.slice(0, 3));
    const second = store.putMeshes(meshes.slice(3)); // beyond the budget: encoded to the spool file
    expect([first, second, store.size]).toEqual([0, 3, 9]);
    const spooled = meshes.slice(3).reduce((sum, m) => sum + encodeBuildingMesh(m).byteLength, 0);
    expect(statSync(path).size).toBe(spooled);
    meshes.forEach((original, i) => {
      // held: the object itself; spooled: decoded; both encode to the same bytes
      if (i < 3) expect(store.get(i)).toBe(original);
      else expect(store.location(i).length).toBe(encodeBuildingMesh(original).byteLength);
      expect(Array.from(store.getEncoded(i))).toEqual(Array.from(encodeBuildingMesh(original)));
    });
    expect(() => store.location(0)).toThrow(/held in memory/);
    // read for the tileset builder: the held object, its encoded bytes to `read`, and not stored again
    let read: Uint8Array | undefined;
    const added = store.getForAdd(1, (bytes) => (read = bytes));
    expect(added).toBe(meshes[1]);
    expect(Array.from(read!)).toEqual(Array.from(encodeBuildingMesh(meshes[1]!)));
    expect(store.put(added)).toBe(1);
    expect(store.size).toBe(9);
    store.dispose();
    expect(existsSync(path)).toBe(false);
  });

  it('lays encoded meshes back to back with their lengths', () => {
    const encoded = [mesh('A', 3, true), mesh('B', 6, false)].map((m) => encodeBuildingMesh(m));
    const { bytes, lengths } = encodedBatch(encoded);
    expect(Array.from(lengths)).toEqual(encoded.map((part) => part.byteLength));
    expect(Array.from(bytes)).toEqual([...encoded[0]!, ...encoded[1]!]);
  });
});

describe('StagedOutput', () => {
  it('replaces the output on commit and leaves it untouched on abort', () => {
    const out = join(scratch, 'staged');
    const first = new StagedOutput(out);
    first.write({ path: 'tileset.json', bytes: new TextEncoder().encode('one') });
    first.commit();
    const second = new StagedOutput(out);
    second.write({ path: 'tileset.json', bytes: new TextEncoder().encode('two') });
    second.abort();
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('one');
    expect(existsSync(second.staging)).toBe(false);
  });
});

describe('ProgressDisplay', () => {
  it('shows files, objects, MB/s and ETA; redraws one line on a terminal', () => {
    const state = {
      filesDone: 1,
      files: 4,
      bytesRead: 50e6,
      bytes: 200e6,
      buildings: 1234,
      phase: 'reading' as const,
    };
    const line = ProgressDisplay.format(state, 10);
    expect(line).toContain('files 1/4');
    expect(line).toContain('1234 objects');
    expect(line).toContain('5.0 MB/s');
    expect(line).toContain('ETA 30 s');
    expect(line).toContain('25%');
    const written: string[] = [];
    const tty = new ProgressDisplay('tty', (t) => written.push(t), 0);
    tty.update(state);
    tty.finish();
    expect(written[0]!.startsWith('\r')).toBe(true);
    const quiet = new ProgressDisplay('off', (t) => written.push(t), 0);
    quiet.update(state, true);
    expect(written).toHaveLength(2);
  });

  it('prints the first plain line at once, then one per interval', () => {
    const state = {
      filesDone: 0,
      files: 1,
      bytesRead: 1e6,
      bytes: 9e6,
      buildings: 3,
      phase: 'reading' as const,
    };
    const lines: string[] = [];
    const display = new ProgressDisplay('lines', (t) => lines.push(t));
    display.update(state);
    display.update({ ...state, bytesRead: 2e6 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/files 0\/1, 3 objects/);
  });
});
