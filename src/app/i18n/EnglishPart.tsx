import { Fragment } from 'react';
import type { Language } from './index.ts';

/** Stands for the English part while the sentence around it is filled in (a private-use character). */
const SLOT = '\uE000';

/**
 * A translated sentence around a part that stays English: the messages of the converter core, the
 * workers and the browser are not translated ("line 7: expected a height …"). On a German page the
 * part is marked `lang="en"`, so a screen reader speaks it with English rules instead of reading it as
 * German (WCAG 2.1 SC 3.1.2, Language of Parts, which BITV 2.0 requires). `sentence` fills the
 * translated template with the text it is given; the part is rendered as text, never as HTML.
 */
export function WithEnglishPart({
  sentence,
  english,
  language,
}: {
  sentence: (part: string) => string;
  english: string;
  language: Language;
}) {
  if (language === 'en') return <>{sentence(english)}</>;
  const [first = '', ...rest] = sentence(SLOT).split(SLOT);
  return (
    <>
      {first}
      {rest.map((after, i) => (
        <Fragment key={i}>
          <span lang="en">{english}</span>
          {after}
        </Fragment>
      ))}
    </>
  );
}
