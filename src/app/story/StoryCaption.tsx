import { useMemo, useRef } from 'react';
import { parseCaption } from '../../core/story/caption.ts';
import type { StoryScene } from '../../core/story/types.ts';
import { useScrollCue } from './use-scroll-cue.ts';

/**
 * A scene's title and caption: paragraphs of text and `<a>` links (http/https only, opening in a new tab
 * without referrer or opener). Everything is rendered as text, never as HTML. Where the caption is longer than
 * the band, it scrolls on its own, takes the keyboard focus (arrow keys scroll it) and fades at the end that hides
 * more text (`data-more`).
 */
export function StoryCaption({
  scene,
  position,
  headingId,
}: {
  scene: StoryScene;
  position: string;
  headingId: string;
}) {
  const paragraphs = useMemo(() => parseCaption(scene.caption), [scene.caption]);
  const ref = useRef<HTMLDivElement>(null);
  const cue = useScrollCue(ref, scene);
  const more = [cue.above && 'above', cue.below && 'below'].filter(Boolean).join(' ');
  return (
    <div
      ref={ref}
      className="story-caption"
      data-testid="story-caption"
      data-more={more || undefined}
      tabIndex={more ? 0 : undefined}
    >
      <h2 id={headingId} className="story-caption-title">
        <span className="story-position">{position}</span> {scene.title}
      </h2>
      {paragraphs.map((runs, i) => (
        <p key={i}>
          {runs.map((run, j) =>
            run.kind === 'link' ? (
              <a key={j} href={run.href} target="_blank" rel="noopener noreferrer">
                {run.text}
              </a>
            ) : (
              <span key={j}>{run.text}</span>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
