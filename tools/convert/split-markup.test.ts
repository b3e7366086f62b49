/**
 * Cutting a document into pieces (`splitSource` for files, `streamPieces` for a stream) is not fooled by
 * markup: member tags written in comments, CDATA sections and processing instructions are no cut points
 * and do not end the head, and a member of any kind before the first `cityObjectMember` is not in the
 * head. The pieces read one by one give the same buildings, each once, as the whole document.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readCityGml } from '../../src/core/citygml/reader.ts';
import { expandInputs, findHead, splitSource } from './inputs.ts';
import { streamPieces } from './stream-input.ts';
import type { StreamTotals } from './stream-input.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-split-markup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ROOT =
  '<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml"' +
  ' xmlns:bldg="http://www.opengis.net/citygml/building/2.0">\n';
/** A member tag with a building in it, as text hidden in markup: read, it would be a phantom building. */
const HIDDEN = '<core:cityObjectMember><bldg:Building gml:id="PHANTOM"/></core:cityObjectMember>';

const building = (id: string, extra = '') =>
  `<bldg:Building gml:id="${id}"><gml:name>${id}</gml:name>${extra}</bldg:Building>`;
const member = (id: string, extra = '') =>
  `<core:cityObjectMember>${building(id, extra)}</core:cityObjectMember>\n`;

/** A document: `head` inside the root before the members, `members`, each followed by `between`. */
function documentOf(head: string, members: string[], between = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${ROOT}${head}${members.map((m) => m + between).join('')}</core:CityModel>\n`;
}

async function idsOf(text: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of readCityGml([text], { file: 'test.gml' })) ids.push(record.id);
  return ids;
}

/** Buildings of the pieces `splitSource` cuts the document into (written to a file), read one by one. */
async function idsOfFilePieces(
  name: string,
  text: string,
  pieces: number,
): Promise<{ ids: string[]; count: number }> {
  const file = join(scratch, name);
  writeFileSync(file, text);
  const bytes = readFileSync(file);
  const [source] = expandInputs([file]).sources;
  const sources = splitSource(source!, pieces);
  const ids: string[] = [];
  for (const { piece } of sources) {
    const part = piece
      ? Buffer.concat([
          bytes.subarray(0, piece.headEnd),
          bytes.subarray(piece.start, piece.end),
          Buffer.from(piece.closing),
        ])
      : bytes;
    ids.push(...(await idsOf(part.toString())));
  }
  return { ids, count: sources.length };
}

/** Buildings of the pieces `streamPieces` cuts the document into (in chunks of `chunk` bytes), read one by one. */
async function idsOfStreamPieces(
  text: string,
  chunk: number,
  pieceBytes: number,
): Promise<{ ids: string[]; count: number }> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  const totals: StreamTotals = { bytes: 0, sha256: '' };
  const ids: string[] = [];
  let count = 0;
  for await (const source of streamPieces(Readable.from(chunks), totals, pieceBytes)) {
    count += 1;
    const data = Buffer.from(source.data!);
    ids.push(...(await idsOf(data.toString() + (source.piece?.closing ?? ''))));
  }
  return { ids, count };
}

const members = (n: number, extra = '') => Array.from({ length: n }, (_, i) => member(`B${i}`, extra));
/** Padding that makes a cut target likely to land in the markup before the member tag hidden in it. */
const PAD = 'x'.repeat(300);

const cases: { name: string; text: string }[] = [
  {
    name: 'a comment in the head holding a member tag',
    text: documentOf(`<!-- ${HIDDEN} -->\n<gml:name>city</gml:name>\n`, members(40)),
  },
  {
    name: 'comments holding a member tag at the cut points',
    text: documentOf('', members(40), `<!-- ${PAD} ${HIDDEN} ${PAD} -->\n`),
  },
  {
    name: 'CDATA sections holding a member tag at the cut points',
    text: documentOf(
      '',
      members(40, `<gml:description><![CDATA[${PAD} ${HIDDEN} ${PAD}]]></gml:description>`),
    ),
  },
  {
    name: 'processing instructions holding a member tag at the cut points',
    text: documentOf('', members(40), `<?note ${PAD} ${HIDDEN} ${PAD} ?>\n`),
  },
  {
    name: 'a featureMember building before the first cityObjectMember',
    text: documentOf(`<gml:featureMember>${building('HEAD_B')}</gml:featureMember>\n`, members(40)),
  },
];

describe('splitting is not fooled by markup', () => {
  for (const { name, text } of cases) {
    it(`file pieces give the whole file's buildings, each once: ${name}`, async () => {
      const whole = await idsOf(text);
      expect(whole.length).toBeGreaterThanOrEqual(40);
      expect(whole).not.toContain('PHANTOM');
      for (const pieces of [2, 3, 4, 7, 8]) {
        const split = await idsOfFilePieces(`${name.replace(/\W+/g, '-')}-${pieces}.gml`, text, pieces);
        expect(split.count).toBeGreaterThan(1);
        expect(split.ids).toEqual(whole);
      }
    });

    it(`stream pieces give the whole stream's buildings, each once: ${name}`, async () => {
      const whole = await idsOf(text);
      for (const [chunk, pieceBytes] of [
        [7, 200],
        [64, 500],
        [4096, 1000],
      ] as const) {
        const split = await idsOfStreamPieces(text, chunk, pieceBytes);
        expect(split.count).toBeGreaterThan(1);
        expect(split.ids).toEqual(whole);
      }
    });
  }

  it('stream pieces: markup of a MB holding member tags, in 4 KiB chunks, is no cut point', async () => {
    const hidden = `${HIDDEN} ${PAD}\n`.repeat(2500); // 1 MB
    const between = (markup: string) => {
      const list = members(40);
      list.splice(20, 0, `${markup}\n`);
      return documentOf('', list);
    };
    const texts = [
      documentOf(`<!-- ${hidden} -->\n`, members(40)),
      between(`<!-- ${hidden} -->`),
      between(`<?note ${hidden} ?>`),
      between(member('CDATA', `<gml:description><![CDATA[${hidden}]]></gml:description>`)),
    ];
    for (const text of texts) {
      const bytes = Buffer.from(text);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.byteLength; at += 4096) chunks.push(bytes.subarray(at, at + 4096));
      const totals: StreamTotals = { bytes: 0, sha256: '' };
      let head = '';
      let body = '';
      let count = 0;
      for await (const source of streamPieces(Readable.from(chunks), totals, 500)) {
        const data = Buffer.from(source.data!);
        head = data.subarray(0, source.piece!.headEnd).toString();
        body += data.subarray(source.piece!.headEnd).toString();
        // the markup lies whole in one piece (or in the head of each): no cut inside it
        expect(data.toString().split(HIDDEN).length, `piece ${count}`).toBeOneOf([1, 2501]);
        count += 1;
      }
      expect(count).toBeGreaterThan(5);
      expect(head + body).toBe(text);
      expect(totals.bytes).toBe(bytes.byteLength);
      const whole = await idsOf(text);
      expect(whole.filter((id) => id.startsWith('B'))).toHaveLength(40);
      expect(whole).not.toContain('PHANTOM');
      expect((await idsOfStreamPieces(text, 4096, 500)).ids).toEqual(whole);
    }
  });

  it('leaves a document whole where the head cannot be told: a DOCTYPE with an internal subset', async () => {
    const text = documentOf('', members(10)).replace(
      '<core:CityModel',
      `<!DOCTYPE core:CityModel [<!ENTITY e "${HIDDEN.replace(/"/g, "'")}">]>\n<core:CityModel`,
    );
    const file = join(scratch, 'doctype.gml');
    writeFileSync(file, text);
    const [source] = expandInputs([file]).sources;
    expect(splitSource(source!, 4)).toEqual([source]);
  });
});

describe('the head with many declarations', () => {
  it('is found after 200 000 declarations before the root, and an internal subset still refuses the cut', () => {
    // Each declaration used to be checked for an internal subset by searching back to the start of the
    // text: quadratic in their number (200 000 took 32 s); the result was the same.
    const declarations = '<!a>'.repeat(200_000);
    const document = `<?xml version="1.0"?>\n${declarations}${ROOT}${member('B1')}${member('B2')}</core:CityModel>\n`;
    const head = findHead(document, true);
    expect(head).not.toBe('more');
    expect(head).toMatchObject({
      headEnd: document.indexOf('<core:cityObjectMember>'),
      closing: '</core:CityModel>',
    });
    const subset = `<?xml version="1.0"?>\n${declarations}<!DOCTYPE x [<!ENTITY e "b">]>${ROOT}${member('B1')}</core:CityModel>\n`;
    expect(findHead(subset, true)).toBeUndefined();
  });
});
