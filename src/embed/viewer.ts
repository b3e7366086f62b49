/**
 * The embed's three.js scene: 3d-tiles-renderer's TilesRenderer per tileset (GLB tiles with KHR_mesh_quantization
 * and EXT_meshopt_compression, metadata read by its GLTF plugin), a globe camera in ECEF metres (the tiles' frame,
 * so a tile's own transform is all it needs), GlobeControls for mouse and touch, a sky colour, a ground disc under
 * the city, the sun at the main viewer's scene time with one shadow map (buildings onto buildings and the ground),
 * and frames drawn on demand.
 */
import {
  AmbientLight,
  Box3,
  CircleGeometry,
  Color,
  DirectionalLight,
  Group,
  HemisphereLight,
  Matrix4,
  Mesh,
  MeshLambertMaterial,
  PCFShadowMap,
  PerspectiveCamera,
  Raycaster,
  Scene,
  Vector2,
  Vector3,
  WebGLRenderer,
  MathUtils,
} from 'three';
import type { Object3D } from 'three';
import { GlobeControls, TilesRenderer, WGS84_ELLIPSOID } from '3d-tiles-renderer/three';
import { GLTFExtensionsPlugin } from '3d-tiles-renderer/three/plugins';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { solarPosition, sunDirectionEnu } from '../core/sun/solar-position.ts';
import { DEFAULT_SCENE_TIME } from '../app/viewer/scene-time.ts';
import type { CameraView } from '../core/view/camera-view.ts';
import { applyCameraView } from './camera.ts';
import type {} from './tiles-renderer-types.ts';

/** Set after the first frame that drew a building tile: the name the main viewer uses (bench/, e2e/). */
export const FIRST_FRAME_MARK = 'stadtmodell:first-building-frame';

/** Options of the embed scene. */
export interface EmbedViewerOptions {
  /** Screen-space error in drawing-buffer pixels above which a tile refines (the main viewer's buildings: 8). */
  errorTarget?: number;
  /** The sun's instant (ISO 8601 with zone): the main viewer's scene time when none is shared (`DEFAULT_SCENE_TIME`). */
  sunTime?: string;
  /** Where the sun is computed for (WGS84 degrees; the main viewer: the city's home view target); undefined: the view. */
  sunPlace?: { longitude: number; latitude: number };
  /** Shadow map edge in texels; undefined: 2048, 1024 on phones and software WebGL. */
  shadowMapSize?: number;
  /** No inertia, no animated zoom. */
  reducedMotion?: boolean;
  /** Drawing-buffer pixels per CSS pixel; undefined: the device's (at most 2), half of it on software WebGL. */
  pixelRatio?: number;
}

type Defaulted = Omit<EmbedViewerOptions, 'pixelRatio' | 'sunPlace' | 'shadowMapSize'>;

export const EMBED_VIEWER_DEFAULTS: Required<Defaulted> = {
  errorTarget: 8,
  sunTime: DEFAULT_SCENE_TIME,
  reducedMotion: false,
};

/** Sky and ground of the imagery-free look (light, calm colours behind the buildings). */
const SKY = new Color('#cfe3f3');
const GROUND = new Color('#d9d6c8');

/** Radius of the ground disc around the city, metres. */
const GROUND_RADIUS = 40_000;

/** Software WebGL implementations: every pixel costs CPU time there. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** The sun light's intensity (as bright as the main viewer's buildings). */
const SUN_INTENSITY = 2.2;

/** How far the light (and its shadow camera) stands from the ground it lights, metres: above any building. */
const SHADOW_LIGHT_DISTANCE = 3000;

const scratch = {
  origin: new Vector3(),
  up: new Vector3(),
  forward: new Vector3(),
  offset: new Vector3(),
  focus: new Vector3(),
};

/** What the page hears from the scene. */
export interface EmbedViewerEvents {
  /** A tile's model loaded (its scene, to look for a selected building in). */
  onTileLoad?: (scene: Object3D) => void;
  /** A tileset or tile could not be loaded. */
  onError?: (url: string) => void;
  /** The first frame with buildings was drawn. */
  onFirstFrame?: () => void;
  /** The camera came to rest after moving. */
  onCameraRest?: () => void;
}

export class EmbedViewer {
  readonly renderer: WebGLRenderer;
  readonly camera = new PerspectiveCamera(40, 1, 1, 1e7);
  readonly scene = new Scene();
  /** The tilesets' groups: what picking and the controls look at. */
  readonly tilesRoot = new Group();
  readonly tilesets: TilesRenderer[] = [];
  private readonly controls: GlobeControls;
  private readonly sun = new DirectionalLight(0xffffff, SUN_INTENSITY);
  private readonly options: Required<Defaulted> & Pick<EmbedViewerOptions, 'sunPlace'>;
  /** Unit vector towards the sun (ECEF), once placed. */
  private readonly toSun = new Vector3();
  /** The sun's geometric elevation over the place, degrees (NOAA); NaN until placed. */
  sunElevation = Number.NaN;
  private sunPlaced = false;
  private frame = 0;
  private firstFrameDone = false;
  private moving = false;
  private ground: Mesh | undefined;
  /** Ellipsoidal height of the ground disc (metres), once the first tileset's root has loaded. */
  groundHeight: number | undefined;
  private readonly resizeObserver: ResizeObserver;
  /** Called before each frame is drawn (screen-sized overlays follow the camera here). */
  private readonly beforeDraw: (() => void)[] = [];
  private readonly events: EmbedViewerEvents;

  constructor(
    private readonly container: HTMLElement,
    options: EmbedViewerOptions = {},
    events: EmbedViewerEvents = {},
  ) {
    this.options = { ...EMBED_VIEWER_DEFAULTS, ...definedOnly(options) };
    this.events = events;
    this.renderer = new WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
    const software = SOFTWARE_RENDERER.test(rendererName(this.renderer));
    const devicePixels = Math.min(2, window.devicePixelRatio || 1);
    this.renderer.setPixelRatio(options.pixelRatio ?? (software ? devicePixels / 2 : devicePixels));
    this.renderer.setClearColor(SKY);
    // One shadow map for the sun: PCF (4 taps) is the cheap soft edge; phones and software WebGL get a smaller map.
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = PCFShadowMap;
    const small = software || window.matchMedia?.('(pointer: coarse)').matches === true;
    const mapSize = options.shadowMapSize ?? (small ? 1024 : 2048);
    this.sun.shadow.mapSize.set(mapSize, mapSize);
    // Metres along the surface normal: the tiles' world positions are float32 in the shader (about 0.25-0.5 m
    // steps at ECEF magnitudes), so the lookup is pushed off the surface by more than that to avoid acne.
    this.sun.shadow.normalBias = 0.6;
    this.sun.shadow.bias = -0.0003;
    if (options.sunPlace) this.placeSun(options.sunPlace.longitude, options.sunPlace.latitude);
    const canvas = this.renderer.domElement;
    canvas.className = 'embed-canvas';
    container.append(canvas);

    this.scene.background = SKY;
    this.scene.add(this.tilesRoot);
    this.scene.add(new HemisphereLight(0xffffff, 0xb0a890, 1.1));
    this.scene.add(new AmbientLight(0xffffff, 0.35));
    this.scene.add(this.sun, this.sun.target);

    this.controls = new GlobeControls(this.tilesRoot, this.camera, canvas);
    this.controls.setEllipsoid(WGS84_ELLIPSOID, this.tilesRoot);
    this.controls.enableDamping = !this.options.reducedMotion;
    this.controls.enableDoubleTapZoom = !this.options.reducedMotion;
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.addEventListener('start', () => {
      this.moving = true;
    });
    this.controls.addEventListener('end', () => this.requestRender());

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  /** Starts loading a tileset.json (an absolute URL that was checked against the allowed origins). */
  addTileset(url: string): TilesRenderer {
    const tiles = new TilesRenderer(url);
    tiles.registerPlugin(new GLTFExtensionsPlugin({ meshoptDecoder: MeshoptDecoder, metadata: true }));
    tiles.errorTarget = this.options.errorTarget;
    tiles.setCamera(this.camera);
    tiles.setResolutionFromRenderer(this.camera, this.renderer);
    tiles.addEventListener('needs-update', () => this.requestRender());
    tiles.addEventListener('load-model', (event: { scene: Object3D }) => {
      event.scene.traverse((object) => {
        if ((object as Mesh).isMesh) {
          object.castShadow = true;
          object.receiveShadow = true;
        }
      });
      this.events.onTileLoad?.(event.scene);
      this.requestRender();
    });
    tiles.addEventListener('load-root-tileset', () => {
      this.placeGround(tiles);
      this.requestRender();
    });
    tiles.addEventListener('load-error', () => this.events.onError?.(url));
    this.tilesets.push(tiles);
    this.tilesRoot.add(tiles.group);
    this.requestRender();
    return tiles;
  }

  /** Puts the camera at `view` (degrees, ellipsoidal metres) and lights the scene for that place. */
  setView(view: CameraView): void {
    applyCameraView(this.camera, view);
    if (!this.sunPlaced) this.placeSun(view.longitude, view.latitude);
    this.requestRender();
  }

  /** Calls `callback` before each frame is drawn. */
  onBeforeDraw(callback: () => void): void {
    this.beforeDraw.push(callback);
    this.requestRender();
  }

  /** Draws a frame soon (at most one per animation frame). */
  requestRender(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The building under a point of the canvas (CSS pixels from its top left), nearest first. */
  raycast(x: number, y: number) {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const pointer = new Vector2(
      ((x - rect.left) / rect.width) * 2 - 1,
      -((y - rect.top) / rect.height) * 2 + 1,
    );
    const raycaster = new Raycaster();
    raycaster.setFromCamera(pointer, this.camera);
    return raycaster.intersectObject(this.tilesRoot, true);
  }

  /** The scene of the tile `object` belongs to (the child of its tileset's group). */
  tileSceneOf(object: Object3D): Object3D {
    let scene = object;
    while (scene.parent && !this.tilesets.some((tiles) => tiles.group === scene.parent)) scene = scene.parent;
    return scene;
  }

  /** Bytes of geometry and textures the loaded tiles hold (3d-tiles-renderer's estimate), all tilesets. */
  gpuBytes(): number {
    return this.tilesets.reduce((sum, tiles) => sum + tiles.lruCache.cachedBytes, 0);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    for (const tiles of this.tilesets) tiles.dispose();
    this.renderer.dispose();
  }

  private draw(): void {
    this.frame = 0;
    this.controls.update();
    this.camera.updateMatrixWorld();
    for (const tiles of this.tilesets) tiles.update();
    if (this.sun.castShadow) this.fitShadow();
    for (const callback of this.beforeDraw) callback();
    this.renderer.render(this.scene, this.camera);
    const loading = this.tilesets.some((tiles) => tiles.loadProgress < 1);
    if (!this.firstFrameDone && this.drewBuildings()) {
      this.firstFrameDone = true;
      performance.mark(FIRST_FRAME_MARK);
      this.events.onFirstFrame?.();
    }
    // Inertia and loading go on by themselves: keep drawing while either does.
    if (loading || this.controls.enableDamping) {
      if (loading || this.moving) this.requestRender();
    }
    if (this.moving && !loading && this.renderer.info.render.frame > 0) {
      this.moving = false;
      this.events.onCameraRest?.();
    }
  }

  /** Whether the last frame drew a tile with geometry. */
  private drewBuildings(): boolean {
    return this.tilesets.some((tiles) => tiles.visibleTiles.size > 0 && tiles.group.children.length > 0);
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    // Cesium's 60° field of view applies to the wider side; three.js' fov is vertical.
    const half = MathUtils.degToRad(30);
    this.camera.fov = MathUtils.radToDeg(2 * Math.atan(Math.tan(half) / Math.max(1, this.camera.aspect)));
    this.camera.updateProjectionMatrix();
    for (const tiles of this.tilesets) tiles.setResolutionFromRenderer(this.camera, this.renderer);
    this.requestRender();
  }

  /** A ground disc at the lowest point of the tileset's bounding volume, tangent to the ellipsoid there. */
  private placeGround(tiles: TilesRenderer): void {
    if (this.ground) return;
    const box = new Box3();
    const obb = new Matrix4();
    if (!tiles.getOrientedBoundingBox(box, obb)) return;
    const corners: Vector3[] = [];
    for (const x of [box.min.x, box.max.x])
      for (const y of [box.min.y, box.max.y])
        for (const z of [box.min.z, box.max.z]) corners.push(new Vector3(x, y, z).applyMatrix4(obb));
    const centre = new Vector3().setFromMatrixPosition(obb);
    const geodetic = WGS84_ELLIPSOID.getPositionToCartographic(centre, { lat: 0, lon: 0, height: 0 });
    const lowest = Math.min(
      ...corners.map(
        (corner) => WGS84_ELLIPSOID.getPositionToCartographic(corner, { lat: 0, lon: 0, height: 0 }).height,
      ),
    );
    const frame = WGS84_ELLIPSOID.getEastNorthUpFrame(
      geodetic.lat,
      geodetic.lon,
      lowest - 0.5,
      new Matrix4(),
    );
    const ground = new Mesh(
      new CircleGeometry(GROUND_RADIUS, 96),
      new MeshLambertMaterial({
        color: GROUND,
        polygonOffset: true,
        polygonOffsetFactor: 1,
        polygonOffsetUnits: 4,
      }),
    );
    this.groundHeight = lowest - 0.5;
    ground.name = 'embed-ground';
    ground.matrixAutoUpdate = false;
    ground.matrix.copy(frame);
    ground.raycast = () => {};
    ground.receiveShadow = true;
    this.ground = ground;
    this.scene.add(ground);
  }

  /**
   * The sun's direction at the configured time over the given place (NOAA, geometric elevation): the light's
   * direction everywhere in the city. Below the horizon the sun gives no light and casts no shadow.
   */
  private placeSun(longitude: number, latitude: number): void {
    const position = solarPosition(Date.parse(this.options.sunTime), longitude, latitude);
    const enu = sunDirectionEnu(position);
    const frame = WGS84_ELLIPSOID.getEastNorthUpFrame(
      MathUtils.degToRad(latitude),
      MathUtils.degToRad(longitude),
      0,
      new Matrix4(),
    );
    this.toSun.set(enu.x, enu.y, enu.z).transformDirection(frame);
    this.sunElevation = position.elevation;
    const up = position.elevation > 0;
    this.sun.intensity = up ? SUN_INTENSITY : 0;
    this.sun.castShadow = up;
    // The shadow camera looks along the light: north as its up never lines up with a sun above the horizon here.
    this.sun.shadow.camera.up.set(0, 1, 0).transformDirection(frame);
    const origin = new Vector3().setFromMatrixPosition(frame);
    this.sun.target.position.copy(origin);
    this.sun.position.copy(origin).addScaledVector(this.toSun, SHADOW_LIGHT_DISTANCE);
    this.sunPlaced = true;
  }

  /**
   * Fits the one shadow map to what the camera looks at: a square on the ground around the point the view's centre
   * meets the ground disc, about as wide as the camera is far from it (150 m to 4 km), so a near view gets fine
   * shadows and a far one still has them.
   */
  private fitShadow(): void {
    const ground = this.ground;
    if (!ground) return;
    const origin = scratch.origin.setFromMatrixPosition(ground.matrix);
    const up = scratch.up.setFromMatrixColumn(ground.matrix, 2).normalize();
    const eye = this.camera.position;
    const forward = this.camera.getWorldDirection(scratch.forward);
    const above = up.dot(scratch.offset.subVectors(eye, origin));
    const limit = Math.max(500, 4 * Math.abs(above));
    const down = -up.dot(forward);
    const along = down > 1e-3 ? Math.min(above / down, limit) : limit;
    const focus = scratch.focus.copy(eye).addScaledVector(forward, Math.max(0, along));
    focus.addScaledVector(up, -up.dot(scratch.offset.subVectors(focus, origin)));
    const half = MathUtils.clamp(eye.distanceTo(focus), 150, 2000);
    const shadowCamera = this.sun.shadow.camera;
    shadowCamera.left = -half;
    shadowCamera.right = half;
    shadowCamera.top = half;
    shadowCamera.bottom = -half;
    shadowCamera.near = 1;
    shadowCamera.far = SHADOW_LIGHT_DISTANCE + 2 * half;
    shadowCamera.updateProjectionMatrix();
    this.sun.target.position.copy(focus);
    this.sun.position.copy(focus).addScaledVector(this.toSun, SHADOW_LIGHT_DISTANCE);
  }
}

function rendererName(renderer: WebGLRenderer): string {
  const gl = renderer.getContext();
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
