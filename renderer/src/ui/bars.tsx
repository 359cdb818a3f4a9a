/** A plain horizontal bar chart in SVG: one labelled bar per row, an optional reference line. */
export interface Bar {
  label: string;
  value: number;
  /** What is written after the bar (defaults to the value). */
  text?: string;
  tone?: 'ok' | 'bad';
}

export function BarChart({ title, bars, max, mark, testId }: { title: string; bars: Bar[]; max: number; mark?: number; testId?: string }) {
  const rowH = 44;
  const labelW = 150;
  const barW = 300;
  const textW = 210;
  const width = labelW + barW + textW;
  const height = bars.length * rowH + 16;
  const scale = (v: number) => Math.round((barW * Math.max(0, Math.min(v, max))) / Math.max(1, max));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="chart-svg" role="img" aria-label={title}>
        {bars.map((b, i) => {
          const y = 8 + i * rowH;
          return (
            <g key={b.label + i}>
              <text x={labelW - 12} y={y + rowH / 2 + 7} textAnchor="end" className="chart-label">
                {b.label}
              </text>
              <rect x={labelW} y={y + 6} width={barW} height={rowH - 14} className="chart-track" />
              <rect x={labelW} y={y + 6} width={scale(b.value)} height={rowH - 14} className={`chart-bar ${b.tone === 'bad' ? 'chart-bar-bad' : ''}`} />
              <text x={labelW + barW + 12} y={y + rowH / 2 + 7} className="chart-text">
                {b.text ?? String(b.value)}
              </text>
            </g>
          );
        })}
        {mark !== undefined ? <line x1={labelW + scale(mark)} x2={labelW + scale(mark)} y1={2} y2={height - 2} className="chart-mark" /> : null}
      </svg>
    </figure>
  );
}
