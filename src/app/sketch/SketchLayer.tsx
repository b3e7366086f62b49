import { useOnReset } from '../state/reset.ts';
import { SketchDrawing } from './SketchDrawing.tsx';
import { SketchEntities } from './SketchEntities.tsx';
import type { SketchSession } from './use-sketch.ts';

/**
 * The sketch layer inside the viewer: the sketches drawn (when shown), the input that draws new ones while a tool
 * is on, and the app reset ("Start again", the kiosk's idle time), which clears them.
 */
export function SketchLayer({ session }: { session: SketchSession }) {
  useOnReset(session.reset);
  return (
    <>
      <SketchEntities features={session.features} visible={session.visible} />
      <SketchDrawing
        tool={session.tool}
        colour={session.colour}
        width={session.width}
        fingerDraws={session.fingerDraws}
        draft={session.draft}
        onPoint={session.placePoint}
        onStroke={session.addStroke}
        onErase={session.erase}
        onNotice={session.notify}
        penTakesPen={session.open}
        onTakePen={session.takePen}
      />
    </>
  );
}
