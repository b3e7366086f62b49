import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import {
  cesiumReleasePragmas,
  cesiumReleaseShaders,
  minifyGlsl,
  resiumPureComponents,
} from '../vite-cesium.ts';

const NODE_MODULES = new URL('../node_modules/', import.meta.url).pathname;
const SHADERS = join(NODE_MODULES, '@cesium/engine/Source/Shaders');
const GENERATED = '//This file is automatically rebuilt by the Cesium build process.\n';

/** Runs a plugin's transform hook as the bundler would (the error hook throws). */
function transform(plugin: Plugin, code: string, id: string): string | undefined {
  const hook = plugin.transform as (
    this: { error(message: string): never },
    code: string,
    id: string,
  ) => { code: string } | undefined;
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };
  return hook.call(context, code, id)?.code;
}

function shaderModules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return shaderModules(path);
    return entry.name.endsWith('.js') && entry.name !== 'CzmBuiltins.js' ? [path] : [];
  });
}

/** The GLSL a shader module exports (the module evaluated as JavaScript, as the bundle would). */
function exportedGlsl(module: string): string {
  const body = module.replace(/^export default /m, 'return ');
  return new Function(body)() as string;
}

/** The tokens of GLSL source once its comments are gone: what the compiler sees. */
function tokens(glsl: string): string[] {
  const withoutComments = glsl.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  return withoutComments.split(/\s+/).filter((token) => token !== '');
}

describe('minifyGlsl', () => {
  it('drops comments, indentation and blank lines and keeps each directive on a line of its own', () => {
    const source = [
      '/**',
      ' * A documented function.',
      ' */',
      '  #ifdef APPLY_SPLIT // split the screen',
      '  uniform float u_split; /* left or right */',
      '',
      '  #endif',
      'float half(float x) { return x/* half */*0.5; } // done',
    ].join('\n');
    expect(minifyGlsl(source)).toBe(
      [
        '#ifdef APPLY_SPLIT',
        'uniform float u_split;',
        '#endif',
        'float half(float x) { return x *0.5; }',
        '',
      ].join('\n'),
    );
  });
});

describe('the build plugins for Cesium', () => {
  it('minifies every generated shader module of the installed Cesium without changing its GLSL tokens', () => {
    const plugin = cesiumReleaseShaders();
    const modules = shaderModules(SHADERS).map((path) => ({ path, code: readFileSync(path, 'utf8') }));
    // A module with a licence of its own in front (FXAA) is left as it is, licence and all.
    const [generated, others] = [true, false].map((want) =>
      modules.filter(({ code }) => code.startsWith(GENERATED) === want),
    );
    expect(generated!.length).toBeGreaterThan(300);
    for (const { path, code } of others!) expect(transform(plugin, code, path), path).toBeUndefined();
    let before = 0;
    let after = 0;
    for (const { path, code } of generated!) {
      const minified = transform(plugin, code, path);
      expect(minified, path).toBeDefined();
      const original = exportedGlsl(code);
      const glsl = exportedGlsl(minified!);
      expect(tokens(glsl), path).toEqual(tokens(original));
      expect(glsl).not.toMatch(/\/\/|\/\*/);
      before += original.length;
      after += glsl.length;
    }
    // Documentation and indentation are a large part of Cesium's shader sources.
    expect(after).toBeLessThan(0.8 * before);
  });

  it('removes the debug checks between Cesium’s pragmas and nothing else', () => {
    const path = join(NODE_MODULES, '@cesium/engine/Source/Core/Cartesian3.js');
    const code = readFileSync(path, 'utf8');
    const stripped = transform(cesiumReleasePragmas(), code, path)!;
    expect(code).toContain("//>>includeStart('debug', pragmas.debug);");
    expect(stripped).not.toContain('//>>include');
    expect(stripped).not.toContain('Check.typeOf');
    expect(stripped).toContain('static fromSpherical(spherical, result) {');
    expect(stripped).toContain('const clock = spherical.clock;');
    expect(transform(cesiumReleasePragmas(), code, '/src/app/own.js')).toBeUndefined();
  });

  it('marks each of resium’s component definitions pure, and fails on a module of another shape', () => {
    const path = join(NODE_MODULES, 'resium/dist/resium.js');
    const code = readFileSync(path, 'utf8');
    const marked = transform(resiumPureComponents(), code, path)!;
    const count = marked.match(/\/\* @__PURE__ \*\/ [A-Za-z_$][\w$]*\((?:\{\n\tname:|")/g)?.length ?? 0;
    expect(count).toBeGreaterThanOrEqual(80);
    expect(marked.replaceAll('/* @__PURE__ */ ', '')).toBe(code.replaceAll('/* @__PURE__ */ ', ''));
    expect(() => transform(resiumPureComponents(), 'export const Viewer = 1;', path)).toThrow(
      /resium-pure-components/,
    );
  });
});
