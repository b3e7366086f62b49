/** Records produced by the XPlanGML reader. Plain data: structured-clone safe (for workers). */
import type { XPlanGeometry } from './geometry.ts';

/** XPlanGML versions this reader knows (from the namespace `http://www.xplanung.de/xplangml/<major>/<minor>`). */
export type XPlanVersion = '4.0' | '4.1' | '5.0' | '5.1' | '5.2' | '5.3' | '5.4' | '6.0' | '6.1';

/** A link from a plan or feature to a document (PDF, scanned plan, web page), as written in the file. */
export interface XPlanDocumentReference {
  /** The property that held it, e.g. 'externeReferenz', 'refScan', 'refBegruendung'. */
  property: string;
  referenzName?: string;
  /** As written: an http(s) URL, or a name relative to the plan archive ('BPlan004_6-0.pdf'). Never fetched. */
  referenzURL?: string;
  /** World file of a scanned plan, relative to the archive. */
  georefURL?: string;
  /** Document type code (`typ`, XP_ExterneReferenzTyp) and kind (`art`: 'Dokument' | 'PlanMitGeoreferenz'). */
  typ?: string;
  art?: string;
  /** True when `referenzURL` is an absolute http: or https: URL (safe to show as a link). */
  isWebLink: boolean;
}

/** One height statement (`hoehenangabe` / XP_Hoehenangabe), metres. */
export interface XPlanHeightStatement {
  /** XP_ArtHoehenbezug code as text: 1000 absolute NHN, 1100 absolute NN, 1200 absolute DHHN, 2000+ relative. */
  hoehenbezug?: string;
  /** XP_ArtHoehenbezugspunkt code as text: 1000 TH, 2000 FH, 3000 OK, 5000 HBA, 6000 GBH, 6500 WH, … */
  bezugspunkt?: string;
  h?: number;
  hMin?: number;
  hMax?: number;
  hZwingend?: number;
}

/** One plan object (a feature inside gml:featureMember). */
export interface XPlanFeature {
  /** gml:id (or a generated 'feature-<n>' when missing). */
  id: string;
  /** Local element name, e.g. 'BP_BaugebietsTeilFlaeche', 'FP_Gruen', 'BP_Plan', 'XP_PPO'. */
  featureClass: string;
  /** gml:id of the plan the feature belongs to (via its Bereich), when the file says so. */
  planId?: string;
  /**
   * Simple property values: text kept as written (codes like '1000', AGS with leading zeros), numbers only for
   * measures (GRZ, GFZ, Z, heights, anything with a `uom`). Nested data types are flattened with dots
   * ('gemeinde.ags', 'hoehenangabe.h'); repeated values are joined with '; '. Never HTML: show as text.
   */
  properties: Record<string, string | number>;
  /** xlink:href values by property name (e.g. gehoertZuBereich → ['#GML_…']). */
  references: Record<string, string[]>;
  /** Height statements (`hoehenangabe`), in file order. */
  heights: XPlanHeightStatement[];
  /** Document references (externeReferenz, refScan, refBegruendung, …). */
  documents: XPlanDocumentReference[];
  /** Geometry in the source CRS (undefined for features without geometry such as BP_Bereich, XP_TextAbschnitt). */
  geometry?: XPlanGeometry;
  /** Property that held the geometry: 'position', 'raeumlicherGeltungsbereich', 'geltungsbereich', … */
  geometryProperty?: string;
  /** srsName of the geometry as written (nearest one: geometry, feature envelope, document envelope). */
  srsName?: string;
  /** Line of the feature's start tag (1-based). */
  line: number;
}

/** Metadata of one plan (BP_Plan, FP_Plan, SO_Plan, RP_Plan, LP_Plan). */
export interface XPlanPlanInfo {
  id: string;
  featureClass: string;
  name?: string;
  nummer?: string;
  gemeindeName?: string;
  ags?: string;
  /** Code as text (e.g. '3000' = in Kraft, BP_Rechtsstand). */
  rechtsstand?: string;
  planArt?: string;
  documents: XPlanDocumentReference[];
  line: number;
}

/** A problem in the input that did not stop reading. */
export interface XPlanWarning {
  file?: string;
  line: number;
  featureId?: string;
  message: string;
}

/** Everything read from one XPlanGML document. */
export interface XPlanDocument {
  version: XPlanVersion | 'unknown';
  namespace: string;
  /** The first srsName found in the document (usually the root envelope's). */
  srsName?: string;
  plans: XPlanPlanInfo[];
  features: XPlanFeature[];
  /** Number of features per feature class. */
  countsByClass: Record<string, number>;
  warnings: XPlanWarning[];
}
