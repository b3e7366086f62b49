import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { StoryScene } from '../../core/story/types.ts';
import { initI18n } from '../i18n/index.ts';
import { SceneItem } from './SceneItem.tsx';
import type { SceneItemActions } from './SceneItem.tsx';

const camera = { longitude: 7.2, latitude: 51.3, height: 500, heading: 0, pitch: -40, roll: 0 };
const none = () => {};
const actions: SceneItemActions = {
  change: none,
  move: none,
  remove: none,
  preview: none,
  updateView: none,
};

function render(
  scene: StoryScene,
  index: number,
  count: number,
  extra: Partial<SceneItemActions> = {},
): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={initI18n('de')}>
      <SceneItem
        scene={scene}
        index={index}
        count={count}
        actions={{ ...actions, ...extra }}
        itemRef={none}
        dragging={undefined}
        onDragStart={none}
      />
    </I18nextProvider>,
  );
}

describe('SceneItem', () => {
  it('shows titles, captions and notes as text, never as HTML', () => {
    const html = render(
      {
        title: '<img src=x onerror=alert(1)>',
        caption: '<script>alert(2)</script>',
        notes: '<b>fett</b>',
        camera,
      },
      0,
      1,
    );
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;fett&lt;/b&gt;');
  });

  it('labels the row and its controls with the scene, and disables moves past the ends', () => {
    const html = render({ title: 'Markt', camera, dwellSeconds: 2.5 }, 0, 2);
    expect(html).toContain('aria-label="Szene 1 von 2: Markt"');
    expect(html).toMatch(/<button[^>]*aria-label="Nach oben: Markt"[^>]*disabled=""/);
    expect(html).not.toMatch(/<button[^>]*aria-label="Nach unten: Markt"[^>]*disabled=""/);
    expect(html).toContain('aria-keyshortcuts="Alt+ArrowDown"');
    expect(html).toContain('value="2,5"'); // German decimal comma
    expect(html).not.toContain('Ab hier abspielen'); // no player to play from
    expect(render({ title: 'Markt', camera }, 1, 2, { playFrom: none })).toContain('Ab hier abspielen');
  });
});
