import { Cartesian2, Color, HorizontalOrigin, LabelStyle, VerticalOrigin } from 'cesium';
import type { CustomDataSource, Entity } from 'cesium';

/** Background of a marker cluster's count (the e2e test looks for it). */
export const CLUSTER_COLOR = '#1f4e79';

/**
 * Markers closer than 24 px on screen merge into one badge with their count as text (Cesium's EntityCluster;
 * labels are not clustered: they fade out with distance before markers meet).
 */
export function clusterMarkers(dataSource: CustomDataSource, opacity: number): void {
  const clustering = dataSource.clustering;
  clustering.enabled = true;
  clustering.pixelRange = 24;
  clustering.minimumClusterSize = 2;
  clustering.clusterBillboards = false;
  clustering.clusterLabels = false;
  clustering.clusterPoints = true;
  const alpha = Math.max(0, Math.min(1, opacity));
  clustering.clusterEvent.addEventListener((members: Entity[], cluster) => {
    // One label with a filled background is the disc: a separate point would be drawn over the text.
    cluster.billboard.show = false;
    cluster.point.show = false;
    cluster.label.show = true;
    cluster.label.text = String(members.length);
    cluster.label.font = '700 16px system-ui, sans-serif';
    cluster.label.fillColor = Color.WHITE.withAlpha(alpha);
    cluster.label.style = LabelStyle.FILL;
    cluster.label.showBackground = true;
    cluster.label.backgroundColor = Color.fromCssColorString(CLUSTER_COLOR).withAlpha(alpha);
    cluster.label.backgroundPadding = new Cartesian2(11, 8);
    cluster.label.verticalOrigin = VerticalOrigin.CENTER;
    cluster.label.horizontalOrigin = HorizontalOrigin.CENTER;
    cluster.label.disableDepthTestDistance = Number.POSITIVE_INFINITY;
  });
}
