import { existsSync } from 'node:fs';
import { NGINX_PATH } from '../tools/nginx-server.ts';

/**
 * Vitest globalSetup of the e2e suite: every e2e file serves the build with Debian's nginx
 * (e2e/nginx-server.ts), so without it the run stops here with one clear message instead of failing each
 * file's setup. There is no fallback to another server: the suite tests the deployment.
 */
export default function checkNginx(): void {
  if (!existsSync(NGINX_PATH)) {
    throw new Error(
      `e2e: the suite serves the build with nginx, and ${NGINX_PATH} is missing; install it with: ` +
        'sudo apt-get install -y nginx (or run node tools/ensure-system-deps.mjs as root), or name another ' +
        'nginx binary in NGINX=',
    );
  }
}
