import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './cli-args.ts';

const OPTIONS = { out: { type: 'string' }, quiet: { type: 'boolean' } } as const;

function parse(argv: string[]) {
  const lines: string[] = [];
  const parsed = parseCommandLine('tool', argv, OPTIONS, 'Usage: tool <in> --out <dir>', (line) =>
    lines.push(line),
  );
  return { parsed, lines };
}

describe('parseCommandLine', () => {
  it('returns the values and positionals', () => {
    const { parsed, lines } = parse(['a.gml', '--out', 'dir', '--quiet', 'b.gml']);
    expect(parsed).not.toBeTypeOf('number');
    if (typeof parsed === 'number') return;
    expect(parsed.values).toEqual({ out: 'dir', quiet: true });
    expect(parsed.positionals).toEqual(['a.gml', 'b.gml']);
    expect(lines).toEqual([]);
  });

  it('prints the usage and ends with 0 on --help', () => {
    const { parsed, lines } = parse(['--help', 'a.gml']);
    expect(parsed).toBe(0);
    expect(lines).toEqual(['Usage: tool <in> --out <dir>']);
  });

  it('names the command and the unknown option, then the usage, and ends with 2', () => {
    const { parsed, lines } = parse(['--outt', 'dir']);
    expect(parsed).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tool: Unknown option '--outt'/);
    expect(lines[0]).toMatch(/\nUsage: tool <in> --out <dir>$/);
  });

  it('ends with 2 when a string option has no value', () => {
    const { parsed, lines } = parse(['a.gml', '--out']);
    expect(parsed).toBe(2);
    expect(lines[0]).toMatch(/^tool: Option '--out <value>' argument missing/);
  });
});
