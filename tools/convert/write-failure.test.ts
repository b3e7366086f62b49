import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskMeshStore } from './disk-mesh-store.ts';
import { StagedOutput } from './output.ts';
import { writeFailure } from './write-failure.ts';

// Linux's /dev/full answers every write with ENOSPC, as a full disk does: a file linked to it is a full disk.
const FULL = '/dev/full';
const scratch = mkdtempSync(join(tmpdir(), 'convert-write-failure-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('writes to a full disk', () => {
  it('names the output file and the remedy, and leaves the earlier output as it was', () => {
    const out = join(scratch, 'out');
    const first = new StagedOutput(out);
    first.write({ path: 'tileset.json', bytes: bytes('{"earlier":true}') });
    first.commit();
    const next = new StagedOutput(out);
    mkdirSync(join(next.staging, 'tiles'));
    symlinkSync(FULL, join(next.staging, 'tiles', '0.glb'));
    expect(() => next.write({ path: 'tiles/0.glb', bytes: bytes('glTF') })).toThrow(
      `could not write tiles/0.glb of the output (staged in ${next.staging}): the disk is full (ENOSPC); free space on that disk or give another --out`,
    );
    next.abort();
    expect(existsSync(next.staging)).toBe(false);
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('{"earlier":true}');
    expect(lstatSync(FULL).isCharacterDevice()).toBe(true);
  });

  it('names the scratch file of meshes when the spool cannot grow', () => {
    const spool = join(scratch, 'out.spool-1');
    symlinkSync(FULL, spool);
    const store = new DiskMeshStore(spool);
    try {
      expect(() => store.putEncoded(new Uint8Array(64))).toThrow(
        `could not write the scratch file of meshes ${spool}: the disk is full (ENOSPC)`,
      );
    } finally {
      store.dispose();
    }
    expect(existsSync(spool)).toBe(false);
    expect(lstatSync(FULL).isCharacterDevice()).toBe(true);
  });

  it('leaves other errors as they are, and says what a read-only file system asks for', () => {
    const other = new Error('not a file system problem');
    expect(writeFailure(other, 'x')).toBe(other);
    const readOnly = Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' });
    expect((writeFailure(readOnly, 'tileset.json of the output') as Error).message).toBe(
      'could not write tileset.json of the output: the file system is read-only (EROFS); give an --out on a writable file system',
    );
  });
});
