/**
 * Prints what Chromium's graphics stack is with the launch flags of `launchChromium` (`CHROMIUM_GL_ARGS`,
 * `CHROMIUM_PATH`): the WebGL2 renderer a page gets, and the GPU process's own report over CDP
 * (`SystemInfo.getInfo`: devices, driver, feature status, workarounds; headless shell has no chrome://gpu).
 * Run on the GPU machine by bench/gpu/device.sh, or here with `npx tsx bench/gpu/gpu-info.ts` (SwiftShader).
 */
import { launchChromium } from '../../e2e/browser.ts';

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const renderer = await page.evaluate(`(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL2';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) + ' | ' + gl.getParameter(gl.VERSION);
  })()`);
  console.log(`WebGL2 renderer: ${String(renderer)}`);
  const cdp = await browser.newBrowserCDPSession();
  const info = await cdp.send('SystemInfo.getInfo');
  console.log(JSON.stringify(info.gpu, null, 1));
} finally {
  await browser.close();
}
