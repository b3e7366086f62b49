import type { Browser } from 'playwright-core';

/** The WebGL renderer Chromium gives a page with the launch flags (SwiftShader, or the GPU's name), for benchmark titles. */
export async function webglRenderer(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  try {
    return String(
      await page.evaluate(`(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        if (!gl) return 'no WebGL2';
        const info = gl.getExtension('WEBGL_debug_renderer_info');
        return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
      })()`),
    );
  } finally {
    await page.close();
  }
}
