import { startNginx } from '../tools/nginx-server.ts';
import { nginxSecurityHeaders } from '../vite-nginx.ts';
import { productionBuildDir } from './static-server.ts';

/** The production build served on loopback for one e2e test file. */
export interface AppServer {
  /** The build's URL, ending in '/'. */
  url: string;
  /** Stops the server (and removes its temporary files); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Serves the production build (`productionBuildDir()`, i.e. `E2E_DIST` or dist/) the way a deployment does:
 * Debian's nginx with the shipped deploy/nginx/stadtmodell.conf (types, gzip, ranges, cache rules, security
 * headers, embed framing), started as an unprivileged foreground process on a free 127.0.0.1 port
 * (tools/nginx-server.ts). The headers are `nginxSecurityHeaders()` with the loopback sources that `vite preview`
 * also allows (a test's MapServer on another loopback port); a city's deployment leaves them out (`--public`).
 * `mounts` serves further folders under URL prefixes (`{ '/terrain/maastricht/': '/data/qm' }`) as nginx
 * `alias` locations, so shared sample data shows on the build's origin without being copied into it.
 * There is deliberately no fallback to another server: without nginx this throws, naming the package.
 */
export async function startAppServer({
  root = productionBuildDir(),
  mounts = {},
}: { root?: string; mounts?: Record<string, string> } = {}): Promise<AppServer> {
  const slashed = Object.fromEntries(
    Object.entries(mounts).map(([prefix, dir]) => [
      prefix.endsWith('/') ? prefix : `${prefix}/`,
      dir.replace(/\/+$/, ''),
    ]),
  );
  const nginx = await startNginx({ root, headers: nginxSecurityHeaders(), mounts: slashed });
  return { url: nginx.url, close: () => nginx.stop() };
}
