import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { imageMimeType } from '../../src/core/tiles/glb.ts';

/**
 * Reads texture images for the tile writer from the references the workers put on meshes (absolute
 * paths, or `zip:<archive>!<entry>`; see `imageReference`). Each image that cannot be used (missing,
 * unreadable, not PNG/JPEG) gets one warning; its surfaces keep their colours.
 */
export class ImageResolver {
  readonly warnings: { line: number; message: string }[] = [];
  private readonly failed = new Set<string>();
  private zip: { path: string; bytes: Uint8Array } | undefined;

  read(reference: string): Uint8Array | undefined {
    if (this.failed.has(reference)) return undefined;
    let bytes: Uint8Array | undefined;
    let problem = 'not found';
    try {
      const inZip = /^zip:(.*)!([^!]*)$/.exec(reference);
      if (inZip) {
        const [, archive = '', entry = ''] = inZip;
        if (this.zip?.path !== archive) this.zip = { path: archive, bytes: readFileSync(archive) };
        bytes = unzipSync(this.zip.bytes, { filter: (file) => file.name === entry })[entry];
      } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
        bytes = readFileSync(reference);
      } else problem = 'not a local file';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = code === 'ENOENT' ? 'not found' : `unreadable (${(error as Error).message})`;
    }
    if (bytes && !imageMimeType(bytes)) {
      problem = 'neither PNG nor JPEG (glTF images must be one of them)';
      bytes = undefined;
    }
    if (!bytes) {
      this.failed.add(reference);
      this.warnings.push({
        line: 0,
        message: `texture image ${reference} ${problem}; its surfaces keep their semantic colours`,
      });
    }
    return bytes;
  }
}
