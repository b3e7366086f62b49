#!/usr/bin/env node
// Makes sure the Debian packages the tests use are present: Chromium for the real-browser tests and
// the reference tools that tests compare against (PROJ's cs2cs, GDAL's ogrinfo, libcitygml's
// citygmltest, MapServer 8 for the WMS/WFS/OGC API layer tests, nginx for the deployment config's tests;
// Debian 12's nginx-light is only nginx plus the echo module, so plain nginx is the smaller one). As root it installs missing ones with apt-get; otherwise it stops with the exact command.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const REQUIRED = [
  { file: '/usr/bin/chromium', pkg: 'chromium' },
  { file: '/usr/bin/cs2cs', pkg: 'proj-bin' },
  { file: '/usr/share/proj/egm96_15.gtx', pkg: 'proj-data' },
  { file: '/usr/bin/ogrinfo', pkg: 'gdal-bin' },
  { file: '/usr/bin/citygmltest', pkg: 'libcitygml-bin' },
  { file: '/usr/bin/mapserv', pkg: 'mapserver-bin' },
  { file: '/usr/lib/cgi-bin/mapserv', pkg: 'cgi-mapserver' },
  { file: '/usr/sbin/nginx', pkg: 'nginx' },
];

const missing = REQUIRED.filter((r) => !existsSync(r.file)).map((r) => r.pkg);
if (missing.length === 0) process.exit(0);

const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (typeof process.getuid === 'function' && process.getuid() === 0) {
  console.log(`ensure-system-deps: installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('sh', ['-c', command], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0) {
    console.error(`ensure-system-deps: apt-get failed; run: sudo apt-get update && sudo ${command}`);
    process.exit(1);
  }
  process.exit(0);
}
console.error(`ensure-system-deps: missing Debian packages. Run:\n  sudo apt-get update && sudo ${command}`);
process.exit(1);
