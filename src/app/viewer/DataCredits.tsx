import { useEffect } from 'react';
import { Credit } from 'cesium';
import { escapeHtml } from './credit-text.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Makes every credit that reaches Cesium's credit line frame by frame (a tileset's glTF `asset.copyright`, an
 * imagery or terrain provider's attribution) text on screen. Cesium takes each as HTML and puts the ones not
 * marked for the screen behind an English "Data attribution" link: a dropped tileset's copyright
 * `<img src="https://…">` became an element of the page, whose request only the Content-Security-Policy
 * stopped (and not for the hosts it allows), and a real copyright was hidden behind that link. The city's
 * static attributions (`Attributions`) are escaped where they are made and are not touched here.
 */
export function DataCreditsAsText() {
  const viewer = useViewer();
  useEffect(() => {
    const display = viewer.creditDisplay;
    const addCredit = display.addCreditToNextFrame.bind(display);
    // one text credit per distinct HTML: Cesium adds each credit again every frame
    const asText = new Map<string, Credit>();
    display.addCreditToNextFrame = (credit: Credit) => {
      let text = asText.get(credit.html);
      if (text === undefined) {
        text = new Credit(escapeHtml(credit.html), true);
        asText.set(credit.html, text);
      }
      addCredit(text);
    };
    viewer.scene.requestRender();
    return () => {
      // the prototype's method is Cesium's own again
      if (!display.isDestroyed())
        delete (display as Partial<Pick<typeof display, 'addCreditToNextFrame'>>).addCreditToNextFrame;
    };
  }, [viewer]);
  return null;
}
