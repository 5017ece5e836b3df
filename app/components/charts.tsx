// Charts drawn by Chart.js on a <canvas> (docs/decisions/060-charting-library.md). Only the
// staff routes that show a chart import this file, so Chart.js never reaches the vendor pages.
// Each chart is an image with a one-sentence summary as its name; the numbers themselves are
// always in a table beside it (the text alternative), which the callers render.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  type ChartData,
  type ChartOptions,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { Chart } from "react-chartjs-2";

ChartJS.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

// The colours live in chart-colours.ts, which the server-drawn SVG charts share.
export { BRAND, MUTED, TIER_COLOURS } from "./chart-colours";

type Common = {
  /** One sentence for screen readers: what the chart shows and its main message. */
  summary: string;
  /** The id of the table with the same numbers, for aria-describedby. */
  tableId: string;
  className?: string;
};

export function BarChart({
  summary,
  tableId,
  labels,
  values,
  colours,
  datasetLabel,
  horizontal = false,
  max,
  className = "chart",
}: Common & {
  labels: string[];
  values: (number | null)[];
  colours: string | string[];
  datasetLabel: string;
  horizontal?: boolean;
  max?: number;
}) {
  const data: ChartData<"bar", (number | null)[], string> = {
    labels,
    datasets: [{ label: datasetLabel, data: values, backgroundColor: colours, borderWidth: 0 }],
  };
  const valueAxis = { beginAtZero: true, max, ticks: { precision: 0 } };
  const options: ChartOptions<"bar"> = {
    indexAxis: horizontal ? "y" : "x",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false } },
    scales: horizontal ? { x: valueAxis } : { y: valueAxis },
  };
  return (
    <div className={className}>
      <Chart
        type="bar"
        data={data}
        options={options}
        aria-label={summary}
        aria-describedby={tableId}
        fallbackContent={<p>{summary}</p>}
      />
    </div>
  );
}

export function LineChart({
  summary,
  tableId,
  labels,
  series,
  max = 100,
  className = "chart",
}: Common & {
  labels: string[];
  series: { label: string; values: (number | null)[]; colour: string; dashed?: boolean }[];
  max?: number;
}) {
  const data: ChartData<"line", (number | null)[], string> = {
    labels,
    datasets: series.map((s) => ({
      label: s.label,
      data: s.values,
      borderColor: s.colour,
      backgroundColor: s.colour,
      borderDash: s.dashed ? [6, 4] : undefined,
      pointRadius: 4,
      spanGaps: true,
    })),
  };
  const options: ChartOptions<"line"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true, max } },
  };
  return (
    <div className={className}>
      <Chart
        type="line"
        data={data}
        options={options}
        aria-label={summary}
        aria-describedby={tableId}
        fallbackContent={<p>{summary}</p>}
      />
    </div>
  );
}
