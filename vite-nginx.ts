/**
 * The security headers of `vite-csp.ts` as nginx `add_header` lines, for deploy/nginx/stadtmodell.conf:
 * `npx tsx vite-nginx.ts --public > /etc/nginx/stadtmodell-headers.conf` after a build. The policy is the one
 * the build writes into index.html's `<meta>` and `vite preview` sends, never a copy: only its framing part
 * becomes an nginx variable, so that one file serves both the viewer (frame-ancestors 'none', X-Frame-Options
 * DENY) and the embed viewer, which the config lets other sites frame.
 */
import { securityHeaders } from './vite-csp.ts';
import type { CspOptions } from './vite-csp.ts';

/** The nginx variables deploy/nginx/stadtmodell.conf sets per location. */
export const NGINX_FRAME_VARIABLES = {
  frameAncestors: '$stadtmodell_frame_ancestors',
  frameOptions: '$stadtmodell_frame_options',
} as const;

/**
 * `add_header … always;` lines for `securityHeaders(options)`, with `frame-ancestors` and `X-Frame-Options`
 * read from `NGINX_FRAME_VARIABLES` (an empty X-Frame-Options is not sent). Throws when the policy has no
 * `frame-ancestors 'none'` to replace or holds a character nginx would read differently in a quoted value.
 */
export function nginxSecurityHeaders(options: CspOptions = {}): string {
  const lines = [
    '# Written by `npx tsx vite-nginx.ts` from vite-csp.ts: do not edit; write it again after a build.',
  ];
  for (const [name, value] of Object.entries(securityHeaders(options))) {
    let text = value;
    if (name === 'Content-Security-Policy') {
      const framing = "frame-ancestors 'none'";
      if (text.split(framing).length !== 2)
        throw new Error(`vite-nginx: the policy has no single ${framing}`);
      text = text.replace(framing, `frame-ancestors ${NGINX_FRAME_VARIABLES.frameAncestors}`);
    } else if (name === 'X-Frame-Options') {
      text = NGINX_FRAME_VARIABLES.frameOptions;
    }
    if (/["\\]|\$(?!stadtmodell_)/.test(text))
      throw new Error(`vite-nginx: ${name} holds " \\ or $: ${text}`);
    lines.push(`add_header ${name} "${text}" always;`);
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx vite-nginx.ts [--public]`: --public leaves out the loopback sources (see vite-csp.ts).
  process.stdout.write(nginxSecurityHeaders({ loopback: !process.argv.includes('--public') }));
}
