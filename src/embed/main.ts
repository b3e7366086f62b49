/**
 * Entry of embed.html: a light 3D view of a city's tiles for other sites' iframes (three.js + 3d-tiles-renderer,
 * no Cesium, no React). Reads the link (core/embed/params.ts), refuses tilesets from origins the city does not
 * allow, shows a clicked or `select=`ed building's attributes as text (the main viewer's labels and formatting,
 * core/attributes/format.ts), and keeps an "open in the full viewer" link on the current view.
 */
import './embed.css';
import { attributeDisplayValue, attributeLabel } from '../core/attributes/format.ts';
import { pickedFromLayerFeature } from '../app/layers/features.ts';
import { attributionText } from '../app/config/attribution.ts';
import { keyAction, stepView } from '../core/embed/keyboard.ts';
import { formatFullViewerQuery, isTilesetUrlAllowed, parseEmbedParams } from '../core/embed/params.ts';
import type { CameraView } from '../core/view/camera-view.ts';
import { selectCity } from '../app/config/select-city.ts';
import type { CityConfig } from '../app/config/types.ts';
import { cameraViewOf, orbitToCameraView } from './camera.ts';
import {
  buildingAt,
  findBuilding,
  highlightFeature,
  highlightTriangles,
  removeHighlight,
} from './features.ts';
import type { PickedBuilding } from './features.ts';
import { addLayerList, markChosen } from './layer-list.ts';
import { embedLayers, loadLayerFeatures, pointsOf } from './layers.ts';
import { EmbedMarkers } from './markers.ts';
import type { Marker } from './markers.ts';
import { EMBED_TEXTS } from './texts.ts';
import { EmbedViewer } from './viewer.ts';

/** The query and the hash together; the hash wins (as in the main viewer, which puts long state there). */
function linkParams(): URLSearchParams {
  const merged = new URLSearchParams(location.search);
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const key of new Set(fromHash.keys())) {
    merged.delete(key);
    for (const value of fromHash.getAll(key)) merged.append(key, value);
  }
  return merged;
}

/** Origins (or URLs) a city's tilesets may come from besides the page's own. */
function allowedTilesetSources(city: CityConfig): string[] {
  return [
    ...city.tilesets.map((tileset) => tileset.url),
    ...(city.compareTilesets ?? []).map((tileset) => tileset.url),
    ...(city.allowedTilesetOrigins ?? []),
  ];
}

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`embed: #${id} is missing in embed.html`);
  return found as T;
};

const params = parseEmbedParams(linkParams());
const selection = selectCity(params.city ? `?city=${encodeURIComponent(params.city)}` : '');
const city = selection.city;
const language = params.language ?? 'de';
const texts = EMBED_TEXTS[language];
document.documentElement.lang = language;
document.title = `${city.title[language]} – 3D`;

const map = element<HTMLDivElement>('embed-map');
const messages = element<HTMLDivElement>('embed-messages');
const announcer = element<HTMLParagraphElement>('embed-announcer');
const panel = element<HTMLElement>('embed-attributes');
const panelTitle = element<HTMLHeadingElement>('embed-attributes-title');
const panelClose = element<HTMLButtonElement>('embed-attributes-close');
const table = element<HTMLTableElement>('embed-attributes-table');
const panelNote = element<HTMLParagraphElement>('embed-attributes-note');
const layersSection = element<HTMLElement>('embed-layers');
element<HTMLHeadingElement>('embed-layers-title').textContent = texts.layers;
const attribution = element<HTMLSpanElement>('embed-attribution');
const openFull = element<HTMLAnchorElement>('embed-open-full');
const home = element<HTMLButtonElement>('embed-home');
const footer = document.querySelector<HTMLElement>('.embed-footer');
element<HTMLHeadingElement>('embed-title').textContent = city.title[language];
map.setAttribute('aria-label', texts.mapLabel);
panelTitle.textContent = texts.attributesTitle;
panelClose.setAttribute('aria-label', texts.close);
openFull.textContent = texts.openFull;
home.setAttribute('aria-label', texts.home);
home.title = texts.home;

// The map ends where the footer begins (its height changes as the attribution wraps): a map under the
// footer would hide the bottom of its own focus ring and of the view.
if (footer) {
  const setFooterHeight = () =>
    document.body.style.setProperty('--embed-footer-height', `${footer.getBoundingClientRect().height}px`);
  new ResizeObserver(setFooterHeight).observe(footer);
  setFooterHeight();
}

/** Adds a polite message (text only) above the map. */
function showMessage(text: string, kind: string): void {
  const item = document.createElement('p');
  item.dataset.message = kind;
  item.textContent = text;
  messages.append(item);
}

if (selection.unknownCityId) showMessage(texts.unknownCity(selection.unknownCityId), 'city');
for (const problem of params.problems) {
  if (problem.param === 'view') showMessage(texts.badView(problem.value), 'view');
  else if (problem.param === 'time') showMessage(texts.badTime(problem.value), 'time');
  else if (problem.param === 'layers') showMessage(texts.badLayers(problem.value), 'layers');
  else showMessage(texts.badLanguage(problem.value), 'lang');
}

// Tilesets: the link's, else the city's; each checked against the page's origin and the city's allowed ones.
const requested = params.tilesets.length > 0 ? params.tilesets : city.tilesets.map((tileset) => tileset.url);
const allowedSources = allowedTilesetSources(city).map((url) => new URL(url, location.href).href);
const accepted: string[] = [];
for (const raw of requested) {
  let absolute: URL | undefined;
  try {
    absolute = new URL(raw, location.href);
  } catch {
    absolute = undefined;
  }
  if (absolute && isTilesetUrlAllowed(absolute.href, location.origin, allowedSources))
    accepted.push(absolute.href);
  else showMessage(texts.refused(raw, absolute?.origin ?? raw), 'refused');
}
map.dataset.tilesets = String(accepted.length);

// Attributions: the data's, always visible.
const credits = new Set<string>();
for (const url of accepted) {
  const configured = [...city.tilesets, ...(city.compareTilesets ?? [])].find(
    (tileset) => new URL(tileset.url, location.href).href === url,
  );
  if (configured?.attribution) credits.add(attributionText(configured.attribution, language));
}

const startView: CameraView = params.view ?? orbitToCameraView(city.homeView);
let selectedId = params.select;
let highlight: ReturnType<typeof highlightFeature> = [];

function updateFullViewerLink(view: CameraView): void {
  const query = formatFullViewerQuery({
    city: params.city,
    language: params.language,
    view,
    select: selectedId,
    time: params.time,
    layers: params.layers,
  });
  openFull.href = new URL(`./${query ? `?${query}` : ''}`, location.href).href;
}
updateFullViewerLink(startView);

function showBuilding(building: PickedBuilding | undefined): void {
  table.replaceChildren();
  panelTitle.textContent = texts.attributesTitle;
  panelNote.hidden = true;
  if (!building) {
    panel.hidden = true;
    map.dataset.selected = '';
    return;
  }
  if (building.rows.length === 0) {
    const row = table.insertRow();
    row.insertCell().textContent = texts.noAttributes;
  } else {
    const head = table.createTHead();
    head.className = 'visually-hidden';
    const headRow = head.insertRow();
    for (const text of [texts.attribute, texts.value]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      headRow.append(th);
    }
    const body = table.createTBody();
    for (const [name, value] of building.rows) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.title = name;
      th.textContent = attributeLabel(name, language);
      row.append(th);
      const cell = row.insertCell();
      cell.dataset.attribute = name;
      cell.textContent = attributeDisplayValue(name, value, language);
    }
  }
  panel.hidden = false;
  map.dataset.selected = building.id ?? '';
  // How many triangles the highlight covers (0: the building has none in its tile): for tests.
  map.dataset.highlightTriangles = String(highlightTriangles(highlight));
  if (building.id) announcer.textContent = texts.selected(building.id);
}

// Point layers the link turns on (layers=), from the page's origin or a source the city allows.
const shownLayers = embedLayers(city.layers, params.layers, location.href, (url) =>
  isTilesetUrlAllowed(url, location.origin, allowedSources),
);
for (const refused of shownLayers.refused) showMessage(texts.layerRefused(refused.id), 'layer');
for (const layer of shownLayers.layers)
  if (layer.config.attribution) credits.add(attributionText(layer.config.attribution, language));
attribution.textContent = `${texts.attribution}: ${[...credits, '3DTilesRendererJS', 'three.js'].join(' · ')}`;
const markers = new EmbedMarkers();
let chosen: Marker | undefined;

/** Shows a marker's feature in the attribute panel (the main viewer's content for it: text only). */
function showFeature(marker: Marker | undefined): void {
  chosen = marker;
  markers.select(marker);
  markChosen(layersSection, marker?.feature.id);
  map.dataset.selectedFeature = marker?.feature.id ?? '';
  if (!marker) return;
  const picked = pickedFromLayerFeature(marker.feature, marker.layer.config, language);
  table.replaceChildren();
  panelTitle.textContent = picked.title ?? marker.name;
  const body = table.createTBody();
  for (const [name, value] of picked.properties) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    row.append(th);
    const cell = row.insertCell();
    cell.dataset.attribute = name;
    cell.textContent = value;
  }
  panelNote.textContent = picked.note ?? '';
  panelNote.hidden = !picked.note;
  panel.hidden = false;
  map.dataset.selected = '';
  announcer.textContent = texts.featureSelected(marker.name);
}

let viewer: EmbedViewer | undefined;
try {
  viewer = new EmbedViewer(
    map,
    {
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      sunTime: params.time,
      sunPlace: city.homeView.target,
    },
    {
      onTileLoad: (scene) => {
        if (!selectedId || highlight.length > 0) return;
        const found = findBuilding(scene, selectedId);
        if (!found) return;
        highlight = highlightFeature(scene, found.featureId);
        showBuilding(found.building);
        viewer?.requestRender();
      },
      onError: (url) => {
        if (!messages.querySelector(`[data-message="error"][data-url="${CSS.escape(url)}"]`)) {
          showMessage(texts.tilesetError(url), 'error');
          messages.lastElementChild?.setAttribute('data-url', url);
        }
        map.dataset.tilesState = 'error';
      },
      onFirstFrame: () => {
        map.dataset.tilesState = 'drawn';
        announcer.textContent = texts.loaded;
      },
      onCameraRest: () => {
        if (viewer) updateFullViewerLink(cameraViewOf(viewer.camera));
      },
    },
  );
} catch {
  showMessage(texts.noWebgl, 'webgl');
}

if (viewer) {
  const embed = viewer;
  embed.setView(startView);
  // the start view by touch or mouse too (Home does it from the keyboard)
  home.hidden = false;
  home.addEventListener('click', () => {
    embed.setView(startView);
    updateFullViewerLink(startView);
  });
  // The sun's elevation (degrees) and whether it casts shadows: for tests and for anyone reading the page.
  map.dataset.sunElevation = embed.sunElevation.toFixed(1);
  map.dataset.shadows = embed.sunElevation > 0 ? 'on' : 'off';
  for (const url of accepted) embed.addTileset(url);
  map.dataset.tilesState = accepted.length > 0 ? 'loading' : 'none';

  /** Shows a marker chosen by a tap or from the list; the building selection goes. */
  const chooseMarker = (marker: Marker) => {
    removeHighlight(highlight);
    highlight = [];
    selectedId = undefined;
    showFeature(marker);
    updateFullViewerLink(cameraViewOf(embed.camera));
    embed.requestRender();
  };
  embed.scene.add(markers.group);
  embed.onBeforeDraw(() => markers.update(embed.camera, map.clientHeight));
  map.dataset.markers = '0';
  for (const layer of shownLayers.layers) {
    loadLayerFeatures(layer)
      .then((features) => {
        const added = markers.add(layer, pointsOf(features, city.layers?.ground));
        addLayerList(layersSection, layer.config.label[language], added, chooseMarker);
        map.dataset.markers = String(markers.markers.length);
        embed.requestRender();
      })
      .catch(() => showMessage(texts.layerError(layer.config.label[language]), 'layer-error'));
  }

  // A click or tap (not a drag) picks the marker under it, else the building under it.

  let down: { x: number; y: number } | undefined;
  map.addEventListener('pointerdown', (event) => {
    down = { x: event.clientX, y: event.clientY };
  });
  /** Picks the marker at a point of the window (CSS pixels), else the building there (none: the selection goes). */
  const pickAt = (clientX: number, clientY: number) => {
    const rect = map.getBoundingClientRect();
    const marker = markers.pick(
      clientX - rect.left,
      clientY - rect.top,
      embed.camera,
      rect.width,
      rect.height,
    );
    if (marker) {
      chooseMarker(marker);
      return;
    }
    showFeature(undefined);
    removeHighlight(highlight);
    const hit = embed
      .raycast(clientX, clientY)
      .map(buildingAt)
      .find((found) => found !== undefined);
    selectedId = hit?.building.id;
    highlight = hit ? highlightFeature(embed.tileSceneOf(hit.mesh), hit.featureId) : [];
    showBuilding(hit?.building);
    updateFullViewerLink(cameraViewOf(embed.camera));
    embed.requestRender();
  };
  map.addEventListener('pointerup', (event) => {
    if (!down || event.button !== 0) return;
    const moved = Math.hypot(event.clientX - down.x, event.clientY - down.y);
    down = undefined;
    if (moved > 6) return;
    pickAt(event.clientX, event.clientY);
  });

  // Keys: the camera (core/embed/keyboard.ts), Home for the start, Enter or Space for what lies at the centre
  // (as a click there; the main viewer does the same), Escape to close the attributes.
  map.addEventListener('keydown', (event) => {
    if (event.key === 'Home') {
      embed.setView(startView);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const rect = map.getBoundingClientRect();
      pickAt(rect.left + rect.width / 2, rect.top + rect.height / 2);
    } else if (event.key === 'Escape') {
      if (panel.hidden) return;
      panelClose.click();
    } else {
      const action = keyAction(event.key, event.shiftKey);
      if (!action) return;
      embed.setView(
        stepView(cameraViewOf(embed.camera), action, embed.groundHeight ?? startView.height - 100),
      );
    }
    event.preventDefault();
    updateFullViewerLink(cameraViewOf(embed.camera));
  });

  panelClose.addEventListener('click', () => {
    const listButton = chosen
      ? layersSection.querySelector<HTMLButtonElement>(`[data-feature-id="${CSS.escape(chosen.feature.id)}"]`)
      : null;
    removeHighlight(highlight);
    highlight = [];
    selectedId = undefined;
    showFeature(undefined);
    showBuilding(undefined);
    updateFullViewerLink(cameraViewOf(embed.camera));
    // Back where the person came from: the list entry (keyboard), else the map.
    if (listButton?.offsetParent) listButton.focus();
    else map.focus();
    embed.requestRender();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') panelClose.click();
  });

  // Benchmarks and tests read the renderer's memory estimates and where the markers are here.
  Object.assign(globalThis, {
    __embedMarkers: () => {
      const rect = map.getBoundingClientRect();
      return markers.markers.map((marker) => ({
        id: marker.feature.id,
        name: marker.name,
        at: markers.screenPosition(marker, embed.camera, rect.width, rect.height),
      }));
    },
    __embedStats: () => ({
      tileBytes: embed.gpuBytes(),
      geometries: embed.renderer.info.memory.geometries,
      textures: embed.renderer.info.memory.textures,
    }),
  });
}
