import { useEffect, useState } from 'react';
import { LAYER_TEXTS, fill } from './texts.ts';

type Language = 'de' | 'en';

/** The shipped statistics file (written by `tools/demo-layers.ts` from the Breitbandatlas table). */
export interface BroadbandStatistics {
  attribution: string;
  unit: string;
  municipalities: Record<
    string,
    { name: string; classes: { label: string; percent?: number }[]; fibreGigabitPercent?: number }
  >;
}

const BAR_COLOURS = ['#d55e00', '#e69f00', '#56b4e9', '#0072b2'];

/**
 * Bar chart of the municipality's households by broadband speed class (Breitbandatlas, percent of private
 * households), as SVG with the values written out, plus the attribution.
 */
export function BroadbandChart({ url, ags, language }: { url: string; ags: string; language: Language }) {
  const texts = LAYER_TEXTS[language];
  const [statistics, setStatistics] = useState<BroadbandStatistics | undefined>();
  useEffect(() => {
    let cancelled = false;
    fetch(new URL(url, document.baseURI).href)
      .then((response) => (response.ok ? (response.json() as Promise<BroadbandStatistics>) : undefined))
      .then((data) => {
        if (!cancelled && data) setStatistics(data);
      })
      .catch(() => {
        // No statistics: the chart stays hidden.
      });
    return () => {
      cancelled = true;
    };
  }, [url]);
  const municipality = statistics?.municipalities[ags];
  if (!statistics || !municipality) return null;
  const rowHeight = 26;
  const labelWidth = 120;
  const barWidth = 150;
  const height = municipality.classes.length * rowHeight + 4;
  const title = fill(texts.broadbandChart, { name: municipality.name });
  return (
    <figure className="broadband-chart" data-testid="broadband-chart">
      <figcaption>
        <strong>{title}</strong>
        <br />
        {texts.broadbandCaption}
      </figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${municipality.classes.map((c) => `${c.label} ${formatPercent(c.percent, language)}`).join('; ')}`}
        viewBox={`0 0 ${labelWidth + barWidth + 70} ${height}`}
        width="100%"
      >
        {municipality.classes.map((speedClass, index) => {
          const y = index * rowHeight + 2;
          const width = ((speedClass.percent ?? 0) / 100) * barWidth;
          return (
            <g key={speedClass.label}>
              <text x={labelWidth - 6} y={y + 17} textAnchor="end" fontSize="13">
                {speedClass.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 8} fill="#e8e8e8" />
              <rect
                x={labelWidth}
                y={y + 3}
                width={Math.max(width, 1)}
                height={rowHeight - 8}
                fill={BAR_COLOURS[index] ?? '#555'}
              />
              <text x={labelWidth + barWidth + 6} y={y + 17} fontSize="13">
                {formatPercent(speedClass.percent, language)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="chart-attribution">
        {texts.source}: {statistics.attribution}
      </p>
    </figure>
  );
}

function formatPercent(percent: number | undefined, language: Language): string {
  if (percent === undefined) return '–';
  return `${percent.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 })} %`;
}
