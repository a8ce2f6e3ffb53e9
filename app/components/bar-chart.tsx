import { useId, type ReactNode } from "react";
import { Table } from "./ds";

export type Bar = { key: string; label: string; value: number };

const WIDTH = 640;
const ROW = 36;
const PAD = { left: 200, right: 70, top: 8, bottom: 8 };

/** The chart's text alternative: every bar in words, largest first. */
export function describeBars(bars: Bar[], format: (value: number) => string = String): string {
  if (bars.length === 0) return "Nothing to show yet.";
  return [...bars]
    .sort((a, b) => b.value - a.value)
    .map((bar) => `${bar.label}: ${format(bar.value)}`)
    .join("; ")
    .concat(".");
}

/**
 * A horizontal bar chart drawn on the server as SVG, with a title and a description in words for screen readers,
 * the value written at the end of each bar (so nothing depends on colour or length alone), and the same figures
 * in a table. Colours come from classes in app.css (no inline styles).
 */
export function BarChart({
  heading,
  bars,
  labelHeader,
  valueHeader,
  format = String,
  labelCell,
}: {
  heading: string;
  bars: Bar[];
  labelHeader: string;
  valueHeader: string;
  format?: (value: number) => string;
  /** The label in the table, e.g. a link to the list behind the figure. */
  labelCell?: (bar: Bar) => ReactNode;
}) {
  const id = useId();
  const height = PAD.top + PAD.bottom + Math.max(1, bars.length) * ROW;
  const largest = Math.max(1, ...bars.map((b) => b.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  return (
    <div className="app-bar-chart">
      <figure className="app-bar-chart__figure">
        <svg className="app-bar-chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
          <title id={`${id}-title`}>{heading}</title>
          <desc id={`${id}-desc`}>{describeBars(bars, format)}</desc>
          {bars.map((bar, index) => {
            const y = PAD.top + index * ROW;
            const width = (Math.max(0, bar.value) / largest) * plotWidth;
            return (
              <g key={bar.key}>
                <text className="app-bar-chart__label" x={PAD.left - 8} y={y + ROW / 2 + 5} textAnchor="end">
                  {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
                </text>
                <rect className="app-bar-chart__bar" x={PAD.left} y={y + 6} width={width.toFixed(1)} height={ROW - 12} />
                <text className="app-bar-chart__value" x={PAD.left + width + 6} y={y + ROW / 2 + 5} textAnchor="start">
                  {format(bar.value)}
                </text>
              </g>
            );
          })}
          <line className="app-bar-chart__axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={height - PAD.bottom} />
        </svg>
      </figure>
      <Table
        caption={`${heading}, in figures`}
        rows={bars}
        rowKey={(b) => b.key}
        columns={[
          { header: labelHeader, cell: (b) => (labelCell ? labelCell(b) : b.label) },
          { header: valueHeader, cell: (b) => format(b.value), numeric: true },
        ]}
      />
    </div>
  );
}
