import { useEffect } from 'react';
import { Cartographic, Math as CesiumMath } from 'cesium';
import { useViewer } from './use-viewer.ts';

/**
 * Keyboard navigation on the focused map (WCAG 2.1.1): arrows move, +/− zoom, Q/E rotate,
 * W/S tilt, Home calls `onHome`. The canvas becomes focusable with a label describing the keys.
 */
export function KeyboardNavigation({ label, onHome }: { label: string; onHome: () => void }) {
  const viewer = useViewer();
  useEffect(() => {
    const canvas = viewer.scene.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-label', label);
    const onKeyDown = (event: KeyboardEvent) => {
      const camera = viewer.camera;
      const height = Cartographic.fromCartesian(camera.position).height;
      const step = Math.max(5, Math.abs(height) * 0.1);
      const angle = CesiumMath.toRadians(5);
      switch (event.key) {
        case 'ArrowUp':
          camera.moveUp(step);
          break;
        case 'ArrowDown':
          camera.moveDown(step);
          break;
        case 'ArrowLeft':
          camera.moveLeft(step);
          break;
        case 'ArrowRight':
          camera.moveRight(step);
          break;
        case '+':
        case '=':
          camera.moveForward(step);
          break;
        case '-':
        case '_':
          camera.moveBackward(step);
          break;
        case 'q':
        case 'Q':
          camera.lookLeft(angle);
          break;
        case 'e':
        case 'E':
          camera.lookRight(angle);
          break;
        case 'w':
        case 'W':
          camera.lookUp(angle);
          break;
        case 's':
        case 'S':
          camera.lookDown(angle);
          break;
        case 'Home':
          onHome();
          break;
        default:
          return;
      }
      event.preventDefault();
      viewer.scene.requestRender();
    };
    canvas.addEventListener('keydown', onKeyDown);
    return () => canvas.removeEventListener('keydown', onKeyDown);
  }, [viewer, label, onHome]);
  return null;
}
