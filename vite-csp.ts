/**
 * The viewer's Content-Security-Policy and security headers, in one place: the Vite plugin below writes the
 * policy into the built index.html as a `<meta http-equiv>`; vite.config.ts sends it (plus the header-only
 * rules) from `vite preview` and the dev server; the e2e static server sends the same headers; a web server
 * config (nginx `add_header`) can print `securityHeaders()` at deploy time instead of copying the string.
 *
 * The hosts in connect-src/img-src are read from the city configuration (base maps, remote layers), so that
 * a host added to a city's config is allowed without a second edit here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { BASEMAP_DE, CITIES, OPENSTREETMAP } from './src/app/config/cities.ts';
import type { BaseMapConfig, CityConfig } from './src/app/config/types.ts';

/**
 * `?layersConfig=` (src/app/config/layers-override.ts) lets a viewer that runs on a loopback host load
 * layers from a server on a loopback host on any port (local MapServer, the remote-layers e2e test). The
 * app refuses it on any other host; the policy allows these sources unless told otherwise, and a public
 * deployment drops them with `securityHeaders({ loopback: false })` (both policies apply, so the header's
 * narrower connect-src wins). CSP host sources have no syntax for IPv6 literals, so [::1] is left out.
 */
const LOOPBACK_SOURCES = ['http://127.0.0.1:*', 'http://localhost:*'];

/** Options of the policy. */
export interface CspOptions {
  /** Allow loopback hosts on any port in connect-src/img-src (see `LOOPBACK_SOURCES`); default true. */
  loopback?: boolean;
  /**
   * The dev server's needs, which the production build does not have: Vite injects CSS as `<style>` elements
   * and React Fast Refresh adds an inline module script (`inlineScripts`, allowed by their hashes).
   */
  dev?: { inlineScripts: string[] };
}

/**
 * The origin of a configured URL as a CSP host source, or undefined for a relative (same-origin) one.
 * A templated label in the host name (`{s}.tile.example.org`) becomes a `*` wildcard.
 */
export function sourceOf(url: string): string | undefined {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(url);
  if (!match) return undefined;
  const [, scheme = '', host = ''] = match;
  const labels = host.split('.').map((label) => (label.includes('{') ? '*' : label));
  return `${scheme}://${labels.join('.')}`.toLowerCase();
}

function baseMapUrls(baseMap: BaseMapConfig): string[] {
  return baseMap.kind === 'natural-earth' ? [] : [baseMap.url];
}

function cityUrls(city: CityConfig): string[] {
  const urls = [...baseMapUrls(city.baseMap), ...city.tilesets.map((tileset) => tileset.url)];
  for (const layer of city.layers?.layers ?? []) {
    if ('url' in layer.source && layer.source.url !== undefined) urls.push(layer.source.url);
  }
  if (city.layers?.broadbandStatisticsUrl) urls.push(city.layers.broadbandStatisticsUrl);
  // Tilesets the embed viewer may load from a link's tileset= (src/embed/).
  urls.push(...(city.allowedTilesetOrigins ?? []));
  // Only a city that configured an external geocoder lets the search reach it.
  if (city.geocoder) urls.push(city.geocoder.url);
  return urls;
}

/**
 * Every other origin the configured cities may fetch from: their base maps, the optional online base maps
 * (`?basemap=basemapde|osm`), tilesets and layer sources with absolute URLs. Sorted, without duplicates.
 */
export function configuredSources(cities: readonly CityConfig[] = CITIES): string[] {
  const urls = [...baseMapUrls(BASEMAP_DE), ...baseMapUrls(OPENSTREETMAP), ...cities.flatMap(cityUrls)];
  return [...new Set(urls.map(sourceOf).filter((source): source is string => source !== undefined))].sort();
}

/** The SHA-256 CSP source of an inline script or style text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The string literals of a `"a" + "b"` expression, joined. */
function joinLiterals(expression: string): string {
  return [...expression.matchAll(/"([^"\\]*)"/g)].map((literal) => literal[1]).join('');
}

/** A Cesium engine source file. */
function cesiumSource(file: string): string {
  const engine = dirname(createRequire(import.meta.url).resolve('@cesium/engine/package.json'));
  return readFileSync(join(engine, file), 'utf8');
}

/** A piece of text cut out of a Cesium source file; throws when the pattern no longer matches (an upgrade). */
function cesiumText(file: string, pattern: RegExp): string {
  const match = pattern.exec(cesiumSource(file))?.[1];
  if (match === undefined) throw new Error(`CSP: ${pattern} not found in @cesium/engine/${file}; review it`);
  return match;
}

/** The CSS CreditDisplay's `appendCss` puts into a `<style>` element, its `${constant}`s filled in. */
function creditDisplayCss(): string {
  const file = 'Source/Scene/CreditDisplay.js';
  const source = cesiumSource(file);
  const template = cesiumText(file, /function appendCss[^`]*`([^`\\]*)`/);
  return template.replace(/\$\{(\w+)\}/g, (_all, name: string) => {
    const value = new RegExp(`const ${name} = (?:"([^"]*)"|(\\d+(?:\\.\\d+)?));`).exec(source);
    if (!value) throw new Error(`CSP: constant ${name} of @cesium/engine/${file} not found; review it`);
    return value[1] ?? value[2] ?? '';
  });
}

/**
 * The inline styles Cesium itself sets, read from its sources so that the hashes follow an upgrade:
 * - `elements`: the `<style>` element CreditDisplay appends for its credit lightbox;
 * - `attributes`: the style attribute of the Cesium logo credit (`vertical-align`) and the one
 *   FeatureDetection sets on a scratch canvas to probe `image-rendering: pixelated` support.
 * Everything else (React's `style` props, Cesium's `element.style.x = …`) goes through the CSSOM,
 * which CSP does not govern.
 */
export function cesiumInlineStyles(): { elements: string[]; attributes: string[] } {
  return {
    elements: [creditDisplayCss()],
    attributes: [
      cesiumText('Source/Scene/CreditDisplay.js', /<img [^>]*style="([^"]*)"[^>]*title="Cesium ion"/),
      joinLiterals(
        cesiumText(
          'Source/Core/FeatureDetection.js',
          /setAttribute\(\s*"style",\s*((?:"[^"]*"\s*\+\s*)*"[^"]*")/,
        ),
      ),
    ],
  };
}

/** The directives of the policy, in order (name → sources). */
export function cspDirectives(options: CspOptions = {}): [string, string[]][] {
  const loopback = (options.loopback ?? true) ? LOOPBACK_SOURCES : [];
  const remote = [...configuredSources(), ...loopback];
  // 'wasm-unsafe-eval' lets WebAssembly compile (Cesium's meshopt decoder for EXT_meshopt_compression
  // tiles); it allows no JavaScript eval. See docs/decisions.md.
  const script = ["'self'", "'wasm-unsafe-eval'"];
  const inline = cesiumInlineStyles();
  const styleElements = inline.elements.map(hashSource);
  const styleAttributes = ["'unsafe-hashes'", ...inline.attributes.map(hashSource)];
  const connect = ["'self'", 'blob:', 'data:', ...remote];
  if (options.dev) {
    script.push(...options.dev.inlineScripts.map(hashSource));
    // Vite serves each CSS import as a <style> element and updates it in place.
    styleElements.splice(0, styleElements.length, "'unsafe-inline'");
    // Vite's HMR client talks over a WebSocket to the dev server ('self' covers ws: on the same host in
    // current browsers; listed for older ones).
    connect.push('ws://127.0.0.1:*', 'ws://localhost:*');
  }
  return [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'"]],
    ['style-src-elem', ["'self'", ...styleElements]],
    // 'unsafe-hashes' lets the listed hashes match style attributes: exactly Cesium's two, nothing else.
    ['style-src-attr', styleAttributes],
    ['img-src', ["'self'", 'blob:', 'data:', ...remote]],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
  ];
}

/**
 * The policy as one string. `header` adds `frame-ancestors 'none'`, which browsers ignore (and warn about)
 * in a `<meta>` policy: only a response header can forbid framing. `embed` (with `header`) lets any page frame it
 * instead: the embed viewer exists to be shown in other sites' iframes; everything else stays as strict.
 */
export function contentSecurityPolicy(
  options: CspOptions & { header?: boolean; embed?: boolean } = {},
): string {
  const directives = cspDirectives(options);
  if (options.header) directives.push(['frame-ancestors', [options.embed ? '*' : "'none'"]]);
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Response headers for every response of a server that serves the viewer: the policy (with frame-ancestors),
 * no MIME sniffing, no Referer to tile and map servers, and no framing for browsers without frame-ancestors.
 */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ ...options, header: true }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/** The path of the embed viewer's page (src/embed/), which other sites may frame. */
export const EMBED_PAGE = /(^|\/)embed\.html$/;

/**
 * The headers of `securityHeaders` for the embed viewer's page: the same policy, but any page may frame it
 * (`frame-ancestors *`, no X-Frame-Options). Its scripts, tiles and data keep the ordinary headers.
 */
export function embedSecurityHeaders(options: CspOptions = {}): Record<string, string> {
  const { 'X-Frame-Options': _denied, ...rest } = securityHeaders(options);
  return {
    ...rest,
    'Content-Security-Policy': contentSecurityPolicy({ ...options, header: true, embed: true }),
  };
}

/**
 * Makes `vite preview` and the dev server send the embed page's headers for embed.html (their `headers` option
 * applies one set to every response): the framing headers they set there are replaced as they are set.
 */
export function embedFramingPlugin(options: CspOptions = {}): Plugin {
  const embedHeaders = embedSecurityHeaders(options);
  const middleware = (
    request: { url?: string },
    response: { setHeader(name: string, value: unknown): unknown },
    next: () => void,
  ) => {
    const pathname = (request.url ?? '/').split(/[?#]/)[0] ?? '/';
    if (EMBED_PAGE.test(pathname)) {
      const setHeader = response.setHeader.bind(response);
      response.setHeader = (name: string, value: unknown) => {
        const lower = name.toLowerCase();
        if (lower === 'x-frame-options') return response;
        if (lower === 'content-security-policy')
          return setHeader(name, embedHeaders['Content-Security-Policy']);
        return setHeader(name, value);
      };
    }
    next();
  };
  return {
    name: 'stadtmodell:embed-framing',
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

/**
 * Writes the policy into the built index.html as the first element of `<head>`, so it governs everything
 * after it, and fails the build if the page would carry an inline script the policy then blocks.
 */
export function cspMetaPlugin(options: CspOptions = {}): Plugin {
  return {
    name: 'stadtmodell:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const inline = /<script\b(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/i.exec(html);
        if (inline) {
          throw new Error(
            `CSP: script-src 'self' blocks the inline script in index.html: ${inline[0].slice(0, 120)}`,
          );
        }
        const policy = contentSecurityPolicy(options).replace(/"/g, '&quot;');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
        // Right after the charset (which must come first) and before every script and stylesheet.
        const charset = /<meta charset=[^>]*>(\s*)/i;
        if (charset.test(html))
          return html.replace(charset, (tag: string, space: string) => `${tag}${meta}${space}`);
        return html.replace(/<head>(\s*)/i, (_all, space: string) => `<head>${space}${meta}${space}`);
      },
    },
  };
}

/** Cesium's bundled Knockout (used by its widgets), whose global lookup calls `eval`. */
const KNOCKOUT = /[\\/]@cesium[\\/]widgets[\\/]Source[\\/]ThirdParty[\\/]knockout-3\.5\.1\.js$/;

/** Knockout 3.5.1's way to find the global object when `this` is undefined (as in an ES module). */
const KNOCKOUT_GLOBAL = 'this||(0,eval)("this")';

/**
 * Knockout, which Cesium imports at start-up, finds the global object with `this || (0, eval)("this")`;
 * in an ES module `this` is undefined, so it calls eval, which script-src without 'unsafe-eval' refuses:
 * the whole bundle would stop with an EvalError. This transform replaces exactly that expression with
 * `globalThis` (what it evaluates to), so the policy needs no 'unsafe-eval'. It fails loudly when the
 * expression is not found (a Cesium upgrade), rather than leave a call the policy blocks. A rolldown
 * plugin too, so the dev server's dependency pre-bundling (optimizeDeps) applies it as well.
 */
export function knockoutWithoutEvalPlugin(): Plugin & { name: string } {
  return {
    name: 'stadtmodell:knockout-without-eval',
    transform(code: string, id: string) {
      if (!KNOCKOUT.test(id)) return null;
      if (!code.includes(KNOCKOUT_GLOBAL)) {
        throw new Error(
          `CSP: ${id} no longer contains ${KNOCKOUT_GLOBAL}; check it for eval before upgrading`,
        );
      }
      return { code: code.replace(KNOCKOUT_GLOBAL, 'globalThis'), map: null };
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx vite-csp.ts [--public] [--embed]`: prints the headers, e.g. for a web server's config.
  // `--embed`: the headers of embed.html, which other sites may frame.
  const options = { loopback: !process.argv.includes('--public') };
  const headers = process.argv.includes('--embed') ? embedSecurityHeaders(options) : securityHeaders(options);
  for (const [name, value] of Object.entries(headers)) console.log(`${name}: ${value}`);
}
