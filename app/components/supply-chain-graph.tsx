// The supply-chain dependency graph (decisions 332, 429): buyer → vendors → providers, the edges
// styled by the most sensitive data that flows (colour, width and dash together, never colour
// alone, with a legend in words). `GraphSvg` is the drawing as an SVG document, made on the
// server once per map revision and filter and served as an image (/supply-chain/graph.svg);
// `SupplyChainGraph` is the page's figure: that image, named by a sentence that sums it up, and
// its legend. The dependency table beside it carries every flow, with links. It scrolls
// sideways in its region on a narrow screen.
import { type EdgeWeight, type Graph, NODE_WIDTH, ROW } from "~/supply-chain/graph";
import { ScrollRegion } from "./scroll-region";

const EDGE_STYLE: Record<EdgeWeight, { stroke: string; width: number; dash?: string }> = {
  critical: { stroke: "#991b1b", width: 3 },
  prompts: { stroke: "#b45309", width: 2 },
  metadata: { stroke: "#1d4ed8", width: 1.5, dash: "6 3" },
  none: { stroke: "#4b5563", width: 1, dash: "2 3" },
};

export const EDGE_LEGEND: { weight: EdgeWeight; text: string }[] = [
  { weight: "critical", text: "Thick red line: training data or model weights" },
  { weight: "prompts", text: "Orange line: prompts and outputs" },
  { weight: "metadata", text: "Blue dashed line: metadata" },
  { weight: "none", text: "Grey dotted line: no data of ours, or your use of the vendor" },
];

const NODE_HEIGHT = ROW - 8;

function clip(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A vendor's or provider's box, with its name clipped to fit. */
function Box({
  node,
  label,
  fill = "#ffffff",
  dash,
}: {
  node: { x: number; y: number };
  label: string;
  fill?: string;
  dash?: string;
}) {
  return (
    <g>
      <rect
        x={node.x}
        y={node.y}
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        rx={4}
        fill={fill}
        stroke="#4b5563"
        strokeDasharray={dash}
      />
      <text x={node.x + 8} y={node.y + 17} fontSize={12} fill="#111827">
        {clip(label)}
      </text>
    </g>
  );
}

/** The app's own font stack (app.css): an image does not inherit the page's. */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The drawing as a standalone SVG document (rendered to markup on the server). Presentation
 * attributes only, no `style` or script. Each edge has a title with what flows, for a person who
 * opens the image itself; on the page, the image's text alternative is `summary`.
 */
export function GraphSvg({ graph, summary }: { graph: Graph; summary: string }) {
  const at = new Map(
    [graph.buyer, ...graph.vendors, ...graph.providers].map((n) => [n.id, n] as const),
  );
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={graph.width}
      height={graph.height}
      viewBox={`0 0 ${graph.width} ${graph.height}`}
      fontFamily={FONT}
    >
      <title>{summary}</title>
      <text x={20} y={20} fontSize={13} fontWeight="bold" fill="#111827">
        You
      </text>
      <text x={250} y={20} fontSize={13} fontWeight="bold" fill="#111827">
        Vendors
      </text>
      <text x={520} y={20} fontSize={13} fontWeight="bold" fill="#111827">
        Their providers
      </text>
      {graph.edges.map((edge, index) => {
        const from = at.get(edge.from)!;
        const to = at.get(edge.to)!;
        const x1 = from.x + (edge.from === "buyer" ? 120 : NODE_WIDTH);
        const y1 = from.y + NODE_HEIGHT / 2;
        const x2 = to.x;
        const y2 = to.y + NODE_HEIGHT / 2;
        const mid = (x1 + x2) / 2;
        const style = EDGE_STYLE[edge.weight];
        return (
          <path
            key={index}
            d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
            fill="none"
            stroke={style.stroke}
            strokeWidth={style.width}
            strokeDasharray={style.dash}
          >
            <title>{edge.label}</title>
          </path>
        );
      })}
      <g>
        <rect
          x={graph.buyer.x}
          y={graph.buyer.y}
          width={120}
          height={NODE_HEIGHT}
          rx={4}
          fill="#eff6ff"
          stroke="#1d4ed8"
        />
        <text x={graph.buyer.x + 8} y={graph.buyer.y + 17} fontSize={12} fill="#111827">
          {clip(graph.buyer.label, 16)}
        </text>
      </g>
      {graph.vendors.map((node) => (
        <Box key={node.id} node={node} label={node.label} />
      ))}
      {graph.providers.map((node) => (
        <Box
          key={node.id}
          node={node}
          label={`${node.label} (${node.vendorCount})`}
          // A fourth party: a dashed box on amber.
          fill={node.fourthParty ? "#fffbeb" : undefined}
          dash={node.fourthParty ? "4 2" : undefined}
        />
      ))}
    </svg>
  );
}

/** What the page has of a drawing: its address (not its markup) and what it shows. */
export type GraphFigure = {
  src: string;
  /** The page's sentence about the graph: the image's text alternative. */
  summary: string;
  width: number;
  height: number;
  /** Vendors and providers drawn, and how many of each were left out. */
  vendors: number;
  providers: number;
  omittedProviders: number;
  omittedVendors: number;
};

export function SupplyChainGraph({ drawing }: { drawing: GraphFigure }) {
  return (
    <figure className="supply-graph">
      <ScrollRegion label="Dependency graph">
        <img
          src={drawing.src}
          alt={drawing.summary}
          width={drawing.width}
          height={drawing.height}
          decoding="async"
        />
      </ScrollRegion>
      <figcaption>
        <ul className="hint graph-legend">
          {EDGE_LEGEND.map((item) => (
            <li key={item.weight}>{item.text}</li>
          ))}
          <li>
            Dashed box: a fourth party (not in your vendor register); the number is how many vendors
            depend on it.
          </li>
        </ul>
        {drawing.omittedProviders > 0 || drawing.omittedVendors > 0 ? (
          <p className="hint">
            The drawing shows the {drawing.providers} most depended-on providers and{" "}
            {drawing.vendors} of their vendors; {drawing.omittedProviders} more providers and{" "}
            {drawing.omittedVendors} more vendors are in the dependency table. Filter the map to
            draw them.
          </p>
        ) : null}
      </figcaption>
    </figure>
  );
}
