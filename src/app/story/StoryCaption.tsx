import { useMemo } from 'react';
import { parseCaption } from '../../core/story/caption.ts';
import type { StoryScene } from '../../core/story/types.ts';

/**
 * A scene's title and caption: paragraphs of text and `<a>` links (http/https only, opening in a new tab
 * without referrer or opener). Everything is rendered as text, never as HTML.
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
  return (
    <div className="story-caption" data-testid="story-caption">
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
