// A bar chart drawn as SVG on the server (docs/decisions/262-dashboard-svg-charts.md): nothing
// runs in the browser, so the chart is on screen with the HTML and costs the main thread no
// script. Like the Chart.js charts (decision 060) it is an image whose name is a one-sentence
// summary, described by the table that carries every number; each bar also has its value
// written above it, so colour never carries a value alone. Presentation attributes only (no
// `style`), as the CSP requires.

export type SvgBarChartProps = {
  /** One sentence for screen readers: what the chart shows and its main message. */
  summary: string;
  /** The id of the table with the same numbers, for aria-describedby. */
  tableId: string;
  labels: string[];
  values: number[];
  /** One colour for every bar, or one per bar. */
  colours: string | string[];
  className?: string;
  /** The drawing's own size (it scales to the box; text keeps its proportions). */
  width?: number;
  height?: number;
};

/** A round axis maximum and step (1, 2 or 5 × a power of ten) with at most 5 steps. */
export function axisScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const whole = Math.max(1, Math.round(step));
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

export function SvgBarChart({
  summary,
  tableId,
  labels,
  values,
  colours,
  className = "chart",
  width = 640,
  height = 256,
}: SvgBarChartProps) {
  const { top, step } = axisScale(Math.max(0, ...values));
  const left = 40;
  const right = 8;
  const above = 20;
  const below = 28;
  const plotWidth = width - left - right;
  const plotHeight = height - above - below;
  const y = (value: number) => above + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(1, labels.length);
  const bar = Math.min(band * 0.7, 64);
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  return (
    <div className={`${className} chart--svg`}>
      <svg
        role="img"
        aria-label={summary}
        aria-describedby={tableId}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="xMidYMid meet"
        fontSize="12"
      >
        <g aria-hidden="true">
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={left}
                x2={width - right}
                y1={y(tick)}
                y2={y(tick)}
                stroke={tick === 0 ? "#6b7280" : "#e5e7eb"}
              />
              <text x={left - 6} y={y(tick) + 4} textAnchor="end" fill="#4b5563">
                {tick}
              </text>
            </g>
          ))}
          {values.map((value, i) => {
            const x = left + band * i + (band - bar) / 2;
            const colour = Array.isArray(colours) ? (colours[i] ?? colours[0]!) : colours;
            return (
              <g key={labels[i] ?? i}>
                <rect
                  x={x}
                  y={y(value)}
                  width={bar}
                  height={Math.max(0, y(0) - y(value))}
                  fill={colour}
                />
                <text x={x + bar / 2} y={y(value) - 5} textAnchor="middle" fill="#111827">
                  {value}
                </text>
                <text
                  x={left + band * i + band / 2}
                  y={height - below + 18}
                  textAnchor="middle"
                  fill="#374151"
                >
                  {labels[i]}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
