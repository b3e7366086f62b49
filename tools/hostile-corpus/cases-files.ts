/**
 * Hostile-input cases about files and paths: an unsafe `--out`, inputs that find nothing, files that
 * are not CityGML, truncated structure and text encodings.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { OUTPUT_MARKER } from '../convert/output.ts';
import {
  docHead,
  DOC_TAIL,
  boxPolygons,
  goodBuilding,
  goodDocument,
  write,
  pngWithMarker,
  mkfifo,
  deadPid,
  garbage,
  single,
  goodAndBad,
  MiB,
} from './blocks.ts';
import type { HostileCase } from './types.ts';

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Cases about files and paths, in the corpus's order. */
export const FILE_CASES: HostileCase[] = [
  // --- --out safety -------------------------------------------------------------------------------
  {
    name: 'out-folder-with-other-files',
    description: '--out names an existing folder with files the converter did not write',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'out/notes.txt'), 'my notes\n');
      write(join(dir, 'out/photos/holiday.jpg'), garbage(4096));
      return {
        inputs: [write(join(dir, 'city.gml'), goodDocument(2))],
        out: join(dir, 'out'),
        survivors: ['out/notes.txt', 'out/photos/holiday.jpg', 'city.gml'],
      };
    },
    expect: {
      exitCodes: [2],
      message:
        /out[^\n]*(--force|not (a|written by)|refus|contains)|(--force|not (a|written by)|refus|contains)[^\n]*out/i,
    },
  },
  {
    name: 'out-is-input-folder',
    description: '--out is the folder the inputs are read from',
    scope: 'both',
    make: async (dir) => ({
      inputs: [write(join(dir, 'data/city.gml'), goodDocument(2))],
      out: join(dir, 'data'),
      survivors: ['data/city.gml'],
    }),
    expect: {
      exitCodes: [2],
      message:
        /data[^\n]*(--force|input|not (a|written by)|refus|contains)|(--force|input|not (a|written by)|refus|contains)[^\n]*data/i,
    },
  },
  {
    name: 'out-is-cwd',
    description: '--out . in the folder that holds the input',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'work/city.gml'), goodDocument(2));
      write(join(dir, 'work/todo.txt'), 'keep me\n');
      return {
        inputs: ['city.gml'],
        out: '.',
        cwd: join(dir, 'work'),
        survivors: ['work/city.gml', 'work/todo.txt'],
      };
    },
    expect: { exitCodes: [2], message: /(--force|input|not (a|written by)|refus|contains|current)/i },
  },
  {
    name: 'out-is-a-file',
    description: '--out names an existing regular file',
    scope: 'both',
    make: async (dir) => ({
      inputs: [write(join(dir, 'city.gml'), goodDocument(1))],
      out: write(join(dir, 'result.txt'), 'an unrelated file\n'),
      survivors: ['result.txt', 'city.gml'],
    }),
    expect: {
      exitCodes: [2],
      message:
        /result\.txt[^\n]*(not a (directory|folder)|file|--force|refus)|(not a (directory|folder)|file|--force|refus)[^\n]*result\.txt/i,
    },
  },
  {
    name: 'out-inside-input',
    description:
      '--out is a new folder inside the input folder (refused, or written without touching inputs)',
    scope: 'both',
    make: async (dir) => ({
      inputs: [join(dir, 'data')],
      out: join(dir, 'data/tiles'),
      survivors: [
        write(join(dir, 'data/a.gml'), goodDocument(1, 'a')).slice(dir.length + 1),
        write(join(dir, 'data/b.gml'), goodDocument(1, 'b')).slice(dir.length + 1),
      ],
    }),
    expect: { exitCodes: [0, 2], message: /(tiles|data)/ },
  },
  {
    name: 'out-previous-output-replaced',
    description: 'a second run into the previous output of the converter replaces it (no --force needed)',
    scope: 'both',
    previous: true,
    make: single('city.gml', goodDocument(3)),
    expect: { exitCodes: [0], message: /city\.gml/, read: 3, written: 3, dropped: 0 },
  },
  {
    name: 'out-read-only',
    description: '--out lies where nothing can be created (read-only; /sys when running as root)',
    scope: 'both',
    make: async (dir) => {
      const input = write(join(dir, 'city.gml'), goodDocument(1));
      if (process.getuid?.() === 0)
        return { inputs: [input], out: `/sys/stadtmodell-hostile-${process.pid}/out` };
      mkdirSync(join(dir, 'locked'));
      spawnSync('chmod', ['0555', join(dir, 'locked')]);
      return { inputs: [input], out: join(dir, 'locked/out') };
    },
    expect: {
      exitCodes: [1, 2],
      message:
        /(stadtmodell-hostile-\d+|locked)[^\n]*(permi|read-only|EACCES|EPERM|EROFS|cannot)|(permi|read-only|EACCES|EPERM|EROFS|cannot)[^\n]*(stadtmodell-hostile-\d+|locked)/i,
    },
  },
  {
    name: 'concurrent-runs-same-out',
    description: 'two processes convert into the same --out at once',
    scope: 'both',
    concurrent: 2,
    make: async (dir) => {
      // Enough buildings that the two runs overlap.
      let members = '';
      for (let i = 0; i < 400; i++) members += goodBuilding(`c${i}`, i % 40);
      return {
        inputs: [write(join(dir, 'city.gml'), docHead() + members + DOC_TAIL)],
        out: join(dir, 'out'),
      };
    },
    expect: { exitCodes: [0, 1, 2], message: /out/ },
  },
  {
    name: 'stale-temporaries-dead-pid',
    description: '<out>.tmp-PID, .spool-PID and .old-PID left by a process that no longer exists',
    scope: 'both',
    make: async (dir) => {
      const pid = deadPid();
      write(join(dir, `out.tmp-${pid}/tileset.json`), '{}');
      write(join(dir, `out.spool-${pid}`), garbage(1024));
      // What a run that died between the two renames of its commit leaves: its previous output moved
      // aside, with the marker that makes it ours (a marker-less one is a user's --force directory,
      // moved back, never deleted: see output.test.ts).
      write(join(dir, `out.old-${pid}/tileset.json`), '{}');
      write(
        join(dir, `out.old-${pid}/${OUTPUT_MARKER}`),
        JSON.stringify({ tool: 'stadtmodell-convert', version: '0', files: ['tileset.json'] }),
      );
      return {
        inputs: [write(join(dir, 'city.gml'), goodDocument(1))],
        out: join(dir, 'out'),
        staleTemporaries: [`out.tmp-${pid}`, `out.spool-${pid}`, `out.old-${pid}`],
      };
    },
    expect: { exitCodes: [0], message: /city\.gml/, read: 1, written: 1 },
  },

  // --- inputs that find nothing ------------------------------------------------------------------
  {
    name: 'input-missing',
    description: 'an input path that does not exist',
    scope: 'both',
    previous: true,
    make: async (dir) => ({ inputs: [join(dir, 'nowhere.gml')], out: join(dir, 'out') }),
    expect: {
      exitCodes: [1, 2],
      message:
        /nowhere\.gml[^\n]*(no such|not found|does not exist)|(no such|not found|does not exist)[^\n]*nowhere\.gml/i,
    },
  },
  {
    name: 'input-dir-without-citygml',
    description: 'an input folder with no CityGML in it',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'docs/readme.txt'), 'nothing here\n');
      write(join(dir, 'docs/plan.pdf'), garbage(2048));
      return { inputs: [join(dir, 'docs')], out: join(dir, 'out'), survivors: ['docs/readme.txt'] };
    },
    expect: { exitCodes: [1, 2], message: /docs[^\n]*no CityGML|no CityGML[^\n]*docs/i },
  },
  {
    name: 'glob-matching-nothing',
    description: 'a glob that matches no file',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'a.txt'), 'x');
      return { inputs: [join(dir, '*.gml')], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message: /\*\.gml[^\n]*(no file|nothing|match)|(no file|nothing|match)[^\n]*\*\.gml/i,
    },
  },
  {
    name: 'zip-without-citygml',
    description: 'a .zip that holds no CityGML entry',
    scope: 'both',
    previous: true,
    make: single(
      'docs.zip',
      zipSync({ 'readme.txt': new TextEncoder().encode('hello'), 'img/a.png': pngWithMarker('x') }),
    ),
    expect: {
      exitCodes: [1],
      message:
        /docs\.zip[^\n]*(no CityGML|no \.gml|nothing|no (city|document))|(no CityGML|no \.gml|nothing|no (city|document))[^\n]*docs\.zip/i,
    },
  },
  {
    name: 'symlink-loop-in-input-dirs',
    description: 'input folders that link to each other in a loop, plus one real file',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'in/x/city.gml'), goodDocument(1));
      mkdirSync(join(dir, 'in/y'), { recursive: true });
      symlinkSync(join(dir, 'in/y'), join(dir, 'in/x/to-y'));
      symlinkSync(join(dir, 'in/x'), join(dir, 'in/y/to-x'));
      symlinkSync(join(dir, 'in'), join(dir, 'in/self'));
      return { inputs: [join(dir, 'in')], out: join(dir, 'out') };
    },
    expect: { exitCodes: [0], message: /city\.gml/, read: 1, written: 1 },
  },
  {
    name: 'symlink-self-loop-file',
    description: 'an input file that is a symbolic link to itself (ELOOP)',
    scope: 'both',
    make: async (dir) => {
      const path = join(dir, 'loop.gml');
      symlinkSync(path, path);
      return { inputs: [path], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message: /loop\.gml[^\n]*(loop|symbolic|ELOOP)|(loop|symbolic|ELOOP)[^\n]*loop\.gml/i,
    },
  },
  {
    name: 'input-is-fifo',
    description: 'an input named .gml that is a FIFO nobody writes to',
    scope: 'both',
    make: async (dir) => {
      mkfifo(join(dir, 'pipe.gml'));
      return { inputs: [join(dir, 'pipe.gml')], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message:
        /pipe\.gml[^\n]*(not a (regular )?file|fifo|pipe|special)|(not a (regular )?file|fifo|pipe|special)[^\n]*pipe\.gml/i,
    },
  },

  // --- not CityGML at all --------------------------------------------------------------------------
  {
    name: 'binary-garbage',
    description: '1 MiB of random bytes named .gml',
    scope: 'both',
    previous: true,
    make: single('garbage.gml', garbage(MiB, 7)),
    expect: {
      exitCodes: [1],
      message:
        /garbage\.gml[^\n]*(XML|CityGML|markup|character|expected|not)|(XML|CityGML|markup|character|expected|not)[^\n]*garbage\.gml/i,
    },
  },
  {
    name: 'empty-file',
    description: 'a zero-byte .gml',
    scope: 'both',
    previous: true,
    make: single('empty.gml', ''),
    expect: {
      exitCodes: [1],
      message:
        /empty\.gml[^\n]*(empty|no (root|document|XML|CityGML|city))|(empty|no (root|document|XML|CityGML|city))[^\n]*empty\.gml/i,
    },
  },
  {
    name: 'html-error-page',
    description: 'an HTML error page saved as .gml (what a failed download gives)',
    scope: 'both',
    make: single(
      'download.gml',
      '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n',
    ),
    expect: {
      exitCodes: [1],
      message:
        /download\.gml[^\n]*(CityGML|CityModel|root|html|no city)|(CityGML|CityModel|root|html|no city)[^\n]*download\.gml/i,
    },
  },
  {
    name: 'citymodel-without-members',
    description: 'a valid CityModel with no city objects',
    scope: 'both',
    make: single('empty-model.gml', docHead() + DOC_TAIL),
    expect: { exitCodes: [1], message: /empty-model\.gml/ },
  },
  {
    name: 'gz-not-gzip',
    description: 'a .gml.gz that is not gzip data',
    scope: 'both',
    make: single('fake.gml.gz', goodDocument(1)),
    expect: {
      exitCodes: [1],
      message: /fake\.gml\.gz[^\n]*(gzip|gz|header|compress)|(gzip|gz|header|compress)[^\n]*fake\.gml\.gz/i,
    },
  },
  {
    name: 'zip-not-zip',
    description: 'a .zip of random bytes',
    scope: 'both',
    make: single('fake.zip', garbage(64 * 1024, 3)),
    expect: {
      exitCodes: [1],
      message:
        /fake\.zip[^\n]*(zip|archive|signature|central|invalid)|(zip|archive|signature|central|invalid)[^\n]*fake\.zip/i,
    },
  },
  {
    name: 'comment-never-closed',
    description: 'a document head followed by <!-- that never ends',
    scope: 'both',
    make: single('open-comment.gml', docHead() + '<!-- this comment never ends ' + 'x'.repeat(10_000)),
    expect: {
      exitCodes: [1],
      message:
        /open-comment\.gml[^\n]*(comment|end|unexpected|unclosed|truncat)|(comment|end|unexpected|unclosed|truncat)[^\n]*open-comment\.gml/i,
    },
  },
  {
    name: 'mixed-good-and-garbage-files',
    description:
      'a folder with one good file and one garbage file: the good one is converted, the bad one reported',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'in/good.gml'), goodDocument(2));
      write(join(dir, 'in/junk.gml'), garbage(8192, 11));
      return { inputs: [join(dir, 'in')], out: join(dir, 'out') };
    },
    expect: { exitCodes: [0], message: /junk\.gml/, reportMessage: /junk\.gml/, read: 2, written: 2 },
  },

  // --- truncated and broken structure -------------------------------------------------------------
  {
    name: 'truncated-plain',
    description: 'a file cut off in the middle of its third building',
    scope: 'both',
    make: async (dir) => {
      const text = goodDocument(3);
      const cut = text.indexOf('b2_p3');
      return single('cut.gml', text.slice(0, cut))(dir);
    },
    expect: {
      exitCodes: [0],
      message: /cut\.gml/,
      reportMessage: /cut\.gml[^\n]*(truncat|end of (file|input|document)|unexpected end|cut off)/i,
      read: 3,
      written: 2,
      dropped: 1,
    },
  },
  {
    name: 'truncated-gz',
    description: 'a .gml.gz whose compressed stream is cut at 60 %',
    scope: 'both',
    make: async (dir) => {
      const gz = gzipSync(goodDocument(40));
      return single('cut.gml.gz', gz.subarray(0, Math.floor(gz.length * 0.6)))(dir);
    },
    expect: {
      exitCodes: [0],
      message: /cut\.gml\.gz/,
      reportMessage: /cut\.gml\.gz:[1-9]\d*[^\n]*(truncat|unexpected end|end of|gzip|incomplete)/i,
      writtenAtLeast: 1,
    },
  },
  {
    name: 'unclosed-tags',
    description: 'a building whose start tag is never closed (mismatched end tag), after a good one',
    scope: 'both',
    make: goodAndBad(
      'unclosed.gml',
      `<cityObjectMember><bldg:Building gml:id="open"><gml:name>x</gml:name>${boxPolygons('open', 2)}</cityObjectMember>\n`,
    ),
    expect: {
      exitCodes: [0, 1],
      message:
        /unclosed\.gml[^\n]*(mismatch|expected|unclosed|end tag|close)|(mismatch|expected|unclosed|end tag|close)[^\n]*unclosed\.gml/i,
      reportMessage: /unclosed\.gml[^\n]*(mismatch|expected|unclosed|end tag|close)/i,
    },
  },
  {
    name: 'deep-nesting-100k',
    description: '100 000 nested elements inside a building attribute',
    scope: 'both',
    make: goodAndBad(
      'deep.gml',
      `<cityObjectMember><bldg:Building gml:id="deep">${'<gen:x>'.repeat(100_000)}${'</gen:x>'.repeat(100_000)}` +
        `<bldg:lod2MultiSurface><gml:MultiSurface>${boxPolygons('deep', 2)}</gml:MultiSurface></bldg:lod2MultiSurface>` +
        `</bldg:Building></cityObjectMember>\n`,
    ),
    expect: {
      exitCodes: [0, 1],
      message: /deep\.gml[^\n]*(nest|deep|depth)|(nest|deep|depth)[^\n]*deep\.gml/i,
      writtenAtLeast: 1,
    },
  },

  // --- encodings -----------------------------------------------------------------------------------
  {
    name: 'utf16le-with-bom',
    description: 'a UTF-16LE document with BOM and matching declaration',
    scope: 'both',
    make: single('utf16.gml', utf16le(goodDocument(2).replace('encoding="UTF-8"', 'encoding="UTF-16"'))),
    expect: { exitCodes: [0], message: /utf16\.gml/, read: 2, written: 2 },
  },
  {
    name: 'utf8-bom',
    description: 'a UTF-8 document with a byte order mark',
    scope: 'both',
    make: single('bom.gml', '\ufeff' + goodDocument(2)),
    expect: { exitCodes: [0], message: /bom\.gml/, read: 2, written: 2 },
  },
  {
    name: 'encoding-declared-utf16-but-utf8',
    description: 'declares encoding="UTF-16" but the bytes are UTF-8 without BOM',
    scope: 'both',
    make: single('liar.gml', goodDocument(2).replace('encoding="UTF-8"', 'encoding="UTF-16"')),
    expect: {
      exitCodes: [0, 1],
      message: /liar\.gml[^\n]*(encoding|UTF-16)|(encoding|UTF-16)[^\n]*liar\.gml/i,
      reportMessage: /liar\.gml[^\n]*encoding="UTF-16", but the bytes are not UTF-16/,
    },
  },
  {
    name: 'encoding-unknown-name',
    description: 'declares encoding="x-klingon-42"',
    scope: 'both',
    make: single('klingon.gml', goodDocument(1).replace('encoding="UTF-8"', 'encoding="x-klingon-42"')),
    expect: {
      exitCodes: [0, 1],
      message: /klingon\.gml[^\n]*(encoding|x-klingon-42)|(encoding|x-klingon-42)[^\n]*klingon\.gml/i,
    },
  },
];
