/**
 * The embed's list of the markers of each shown layer: a collapsible list per layer (its name and count as the
 * summary), one 48 px button per feature with its class colour and name, pressed while that feature is shown.
 * The keyboard's and screen readers' way to the markers; texts only (names are data, set as text).
 */
import type { Marker } from './markers.ts';

/** Adds the list of one layer's markers to `section` and shows the section; `choose` is called with a marker. */
export function addLayerList(
  section: HTMLElement,
  label: string,
  markers: readonly Marker[],
  choose: (marker: Marker) => void,
): void {
  const details = document.createElement('details');
  details.dataset.layer = markers[0]?.layer.config.id ?? '';
  const summary = document.createElement('summary');
  summary.textContent = `${label} (${markers.length})`;
  const list = document.createElement('ul');
  for (const marker of markers) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'embed-feature-button';
    button.dataset.featureId = marker.feature.id;
    button.setAttribute('aria-pressed', 'false');
    const swatch = document.createElement('span');
    swatch.className = 'embed-swatch';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.background = String(marker.pin.userData.colour ?? '#ffffff');
    const name = document.createElement('span');
    name.textContent = marker.name;
    button.append(swatch, name);
    button.addEventListener('click', () => choose(marker));
    item.append(button);
    list.append(item);
  }
  details.append(summary, list);
  section.append(details);
  section.hidden = false;
}

/** Marks the button of `featureId` as pressed (and no other); undefined: none. */
export function markChosen(section: HTMLElement, featureId: string | undefined): void {
  for (const button of section.querySelectorAll<HTMLButtonElement>('.embed-feature-button'))
    button.setAttribute('aria-pressed', String(button.dataset.featureId === featureId));
}
