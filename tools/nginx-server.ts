/**
 * Starts Debian's nginx on a loopback port with the shipped deploy/nginx/stadtmodell.conf over a folder, as
 * an unprivileged foreground process with everything (pid, logs, temp files) in a temporary prefix: for the
 * deployment tests and to look at a build the way a deployment serves it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Debian's nginx, or the one NGINX names. */
export const NGINX_PATH = process.env.NGINX ?? '/usr/sbin/nginx';

/** The shipped server rules. */
export const NGINX_SITE_RULES = resolve(import.meta.dirname, '../deploy/nginx/stadtmodell.conf');

/** A running nginx. */
export interface NginxServer {
  /** The server's URL, ending in '/'. */
  url: string;
  /** Stops nginx and removes its prefix. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (nginx cannot report the port of `listen 0`). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (!address || typeof address === 'string') throw new Error('nginx: no free port');
  return address.port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Serves `root` with the shipped rules. `headers`: the text of stadtmodell-headers.conf (from
 * `nginxSecurityHeaders()` in vite-nginx.ts). `mounts`: further folders under URL prefixes
 * (`{ '/terrain/': '/data/terrain/' }`, both ending in '/'). Throws with nginx's own message when it fails.
 */
export async function startNginx({
  root,
  headers,
  mounts = {},
}: {
  root: string;
  headers: string;
  mounts?: Record<string, string>;
}): Promise<NginxServer> {
  if (!existsSync(NGINX_PATH)) {
    throw new Error(`nginx: ${NGINX_PATH} is missing; install it with: sudo apt-get install -y nginx`);
  }
  const prefix = mkdtempSync(join(tmpdir(), 'stadtmodell-nginx-'));
  writeFileSync(join(prefix, 'stadtmodell-headers.conf'), headers);
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(prefix, name)};`)
    .join('\n');
  const aliases = Object.entries(mounts)
    .map(([url, dir]) => `    location ^~ ${url} { alias ${resolve(dir)}/; }`)
    .join('\n');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    // As root the workers would otherwise switch to "nobody", who may not read a private temp folder.
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    root ${resolve(root)};
    include ${NGINX_SITE_RULES};
${aliases}
  }
}
`,
  );
  const child = spawn(NGINX_PATH, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A test process that ends without stopping it (a crash, a timeout) must not leave nginx running.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  const stop = async () => {
    process.off('exit', orphaned);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(prefix, { recursive: true, force: true });
  };
  for (let waited = 0; !(await canConnect(port)); waited += 50) {
    if (child.exitCode !== null || waited > 10_000) {
      await stop();
      throw new Error(`nginx: did not start on port ${port}: ${stderr.trim()}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return { url: `http://127.0.0.1:${port}/`, stop };
}
