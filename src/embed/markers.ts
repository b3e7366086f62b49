/**
 * Point markers of the embed's thematic layers (school markers and the like), as the main viewer draws them: a pin
 * in the class colour on a 28 m pole above the point, a label with the feature's name beside it, both at a fixed
 * size on screen and drawn over the buildings (depth test off) so that none hides behind a roof. Positions in ECEF
 * metres (the tiles' frame); each object's own position carries the large numbers, its geometry stays small.
 */
import {
  BufferGeometry,
  CanvasTexture,
  Float32BufferAttribute,
  Group,
  Line,
  LineBasicMaterial,
  MathUtils,
  Matrix4,
  Sprite,
  SpriteMaterial,
  SRGBColorSpace,
  Vector3,
} from 'three';
import type { PerspectiveCamera } from 'three';
import { WGS84_ELLIPSOID } from '3d-tiles-renderer/three';
import { featureColor } from '../app/layers/features.ts';
import type { LayerFeature } from '../app/layers/features.ts';
import type { EmbedLayer, EmbedPoint } from './layers.ts';
import type {} from './tiles-renderer-types.ts';

/** Height of a marker's pole above its point, metres (the main viewer's). */
export const POLE_METRES = 28;
/** Pin diameter on screen, CSS pixels; a tap within `PICK_RADIUS_PX` of its centre picks it (a 48 px target). */
const PIN_PX = 30;
const PICK_RADIUS_PX = 24;
/** Label text size on screen, CSS pixels. */
const LABEL_PX = 14;
/** Above this many points a layer gets no labels (they would cover each other); the list names them all. */
const MAX_LABELS = 60;

/** One drawn marker. */
export interface Marker {
  layer: EmbedLayer;
  feature: LayerFeature;
  /** Its name (the layer style's label property), or the feature id. */
  name: string;
  /** Top of the pole, ECEF metres: where the pin is. */
  anchor: Vector3;
  pin: Sprite;
  label?: Sprite;
}

/** Canvas pixels per CSS pixel of the marker textures (sharp on 2x screens). */
const TEXTURE_SCALE = 2;

function pinTexture(colour: string, selected: boolean): CanvasTexture {
  const size = PIN_PX * TEXTURE_SCALE;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  if (context) {
    const centre = size / 2;
    context.beginPath();
    context.arc(centre, centre, centre - 2, 0, Math.PI * 2);
    context.fillStyle = selected ? '#ffd400' : '#1a1a1a';
    context.fill();
    context.beginPath();
    context.arc(centre, centre, centre - 2 - 3 * TEXTURE_SCALE, 0, Math.PI * 2);
    context.fillStyle = '#ffffff';
    context.fill();
    context.beginPath();
    context.arc(centre, centre, centre - 2 - 5 * TEXTURE_SCALE, 0, Math.PI * 2);
    context.fillStyle = colour;
    context.fill();
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

function labelTexture(text: string): { texture: CanvasTexture; aspect: number } {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  const font = `600 ${LABEL_PX * TEXTURE_SCALE}px system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif`;
  const halo = 4 * TEXTURE_SCALE;
  let width = 8;
  if (context) {
    context.font = font;
    width = Math.ceil(context.measureText(text).width) + 2 * halo;
  }
  const height = Math.ceil(LABEL_PX * 1.5 * TEXTURE_SCALE);
  canvas.width = width;
  canvas.height = height;
  if (context) {
    // Dark text in a white halo: readable over roofs, streets and the sky (the main viewer's label look).
    context.font = font;
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    context.lineWidth = halo;
    context.strokeStyle = 'rgba(255,255,255,0.95)';
    context.strokeText(text, halo, height / 2);
    context.fillStyle = '#1a1a1a';
    context.fillText(text, halo, height / 2);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return { texture, aspect: width / height };
}

/** The markers of the shown layers, in one group of the scene. */
export class EmbedMarkers {
  readonly group = new Group();
  readonly markers: Marker[] = [];
  private selected: Marker | undefined;
  private readonly pinTextures = new Map<string, CanvasTexture>();

  constructor() {
    this.group.name = 'embed-markers';
  }

  /** Adds a layer's points (ground heights resolved) as markers. */
  add(layer: EmbedLayer, points: readonly EmbedPoint[]): Marker[] {
    const style = layer.config.style;
    const labelProperty = style?.labelProperty;
    const labelled = points.length <= MAX_LABELS;
    const added: Marker[] = [];
    for (const point of points) {
      const frame = WGS84_ELLIPSOID.getEastNorthUpFrame(
        MathUtils.degToRad(point.latitude),
        MathUtils.degToRad(point.longitude),
        point.height,
        new Matrix4(),
      );
      const foot = new Vector3().setFromMatrixPosition(frame);
      const up = new Vector3().setFromMatrixColumn(frame, 2).normalize();
      const anchor = foot.clone().addScaledVector(up, POLE_METRES);
      const pole = new Line(
        new BufferGeometry().setAttribute(
          'position',
          new Float32BufferAttribute(
            [0, 0, 0, up.x * POLE_METRES, up.y * POLE_METRES, up.z * POLE_METRES],
            3,
          ),
        ),
        new LineBasicMaterial({ color: 0x1a1a1a, transparent: true, opacity: layer.opacity }),
      );
      pole.position.copy(foot);
      pole.raycast = () => {};
      const colour = style ? featureColor(style, point.feature.properties) : '#ffffff';
      const pin = new Sprite(this.pinMaterial(colour, false, layer.opacity));
      pin.position.copy(anchor);
      pin.renderOrder = 10;
      pin.userData.colour = colour;
      pin.raycast = () => {};
      const name = (labelProperty && point.feature.properties[labelProperty]) || point.feature.id;
      const marker: Marker = { layer, feature: point.feature, name, anchor, pin };
      this.group.add(pole, pin);
      if (labelled) {
        const { texture, aspect } = labelTexture(name);
        const label = new Sprite(
          new SpriteMaterial({
            map: texture,
            sizeAttenuation: false,
            depthTest: false,
            transparent: true,
            opacity: layer.opacity,
          }),
        );
        // Left-centred beside the pin.
        label.center.set(-PIN_PX / 2 / (LABEL_PX * 1.5 * aspect) - 0.04, 0.5);
        label.userData.aspect = aspect;
        label.position.copy(anchor);
        label.renderOrder = 11;
        label.raycast = () => {};
        marker.label = label;
        this.group.add(label);
      }
      this.markers.push(marker);
      added.push(marker);
    }
    return added;
  }

  /** Keeps the pins and labels at their size in CSS pixels for the camera and a canvas `heightPx` high. */
  update(camera: PerspectiveCamera, heightPx: number): void {
    // Sprites without size attenuation are sized in view-space units at 1 m distance.
    const perPixel = (2 * Math.tan(MathUtils.degToRad(camera.fov) / 2)) / Math.max(1, heightPx);
    for (const marker of this.markers) {
      const scale = marker === this.selected ? 1.3 : 1;
      marker.pin.scale.setScalar(PIN_PX * scale * perPixel);
      if (marker.label) {
        const height = LABEL_PX * 1.5 * perPixel;
        marker.label.scale.set(height * (marker.label.userData.aspect as number), height, 1);
      }
    }
  }

  /**
   * The marker whose pin is nearest to a point of the canvas (CSS pixels from its top left, `width` × `height`),
   * within the pick radius; undefined for none. Pins behind the camera are skipped.
   */
  pick(x: number, y: number, camera: PerspectiveCamera, width: number, height: number): Marker | undefined {
    let best: Marker | undefined;
    let bestDistance = PICK_RADIUS_PX;
    const projected = new Vector3();
    const inView = new Vector3();
    camera.updateMatrixWorld();
    for (const marker of this.markers) {
      inView.copy(marker.anchor).applyMatrix4(camera.matrixWorldInverse);
      if (inView.z >= 0) continue;
      projected.copy(marker.anchor).project(camera);
      const px = ((projected.x + 1) / 2) * width;
      const py = ((1 - projected.y) / 2) * height;
      const distance = Math.hypot(px - x, py - y);
      if (distance <= bestDistance) {
        best = marker;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Where a marker's pin is on a canvas `width` × `height` (CSS pixels); undefined behind the camera. */
  screenPosition(
    marker: Marker,
    camera: PerspectiveCamera,
    width: number,
    height: number,
  ): { x: number; y: number } | undefined {
    camera.updateMatrixWorld();
    if (marker.anchor.clone().applyMatrix4(camera.matrixWorldInverse).z >= 0) return undefined;
    const projected = marker.anchor.clone().project(camera);
    return { x: ((projected.x + 1) / 2) * width, y: ((1 - projected.y) / 2) * height };
  }

  /** Shows `marker` as the selected one (a yellow ring, a larger pin); undefined: none. */
  select(marker: Marker | undefined): void {
    for (const candidate of [this.selected, marker]) {
      if (!candidate) continue;
      const on = candidate === marker;
      candidate.pin.material.dispose();
      candidate.pin.material = this.pinMaterial(
        candidate.pin.userData.colour as string,
        on,
        candidate.layer.opacity,
      );
      candidate.pin.renderOrder = on ? 12 : 10;
    }
    this.selected = marker;
  }

  private pinMaterial(colour: string, selected: boolean, opacity: number): SpriteMaterial {
    const key = `${colour}|${selected}`;
    let texture = this.pinTextures.get(key);
    if (!texture) {
      texture = pinTexture(colour, selected);
      this.pinTextures.set(key, texture);
    }
    return new SpriteMaterial({
      map: texture,
      sizeAttenuation: false,
      depthTest: false,
      transparent: true,
      opacity,
    });
  }
}
