import { useId } from "react";
import type { SpendPoint } from "~/domain/ledger/figures";
import { formatDate } from "~/lib/dates";
import { formatPenceShort } from "~/lib/money";
import { Table } from "./ds";

const WIDTH = 640;
const HEIGHT = 300;
const PAD = { left: 76, right: 20, top: 20, bottom: 56 };

/** A round top for the money axis: 1, 2 or 5 times a power of ten, in pence, at or above the largest figure. */
function axisTop(largest: number): number {
  if (largest <= 0) return 10_000;
  const power = 10 ** Math.floor(Math.log10(largest));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= largest)!;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const pointLabel = (point: SpendPoint) =>
  point.kind === "start" ? `Start, ${formatDate(point.date)}` : point.kind === "today" ? `Today, ${formatDate(point.date)}` : `By ${formatDate(point.date)}`;

/** The chart's text alternative: what it shows, in a sentence or two. */
export function describeSpend(series: SpendPoint[], budget: number): string {
  const end = series.at(-1);
  const latest = series.filter((p) => p.actual !== null).at(-1);
  if (!end) return "No spending to show yet.";
  const plan = `The plan spends ${formatPenceShort(budget)} evenly by ${formatDate(end.date)}.`;
  if (!latest || !latest.actual) return `${plan} Nothing has been spent yet.`;
  const actual = latest.actual;
  const gap = actual - latest.planned;
  const comparison = gap === 0 ? "exactly on plan" : gap > 0 ? `${formatPenceShort(gap)} ahead of plan` : `${formatPenceShort(-gap)} behind plan`;
  return `${plan} By ${formatDate(latest.date)}, ${formatPenceShort(actual)} had been spent against ${formatPenceShort(latest.planned)} planned: ${comparison}.`;
}

/**
 * Spending against plan over the fund's period: an SVG line chart (planned as a dashed line, actual as a solid
 * line with markers, so colour is not the only difference) with a title and description for screen readers,
 * and the same figures in a table beside it. Colours come from classes in app.css (no inline styles).
 */
export function SpendChart({ series, budget, heading = "Spending against plan" }: { series: SpendPoint[]; budget: number; heading?: string }) {
  const id = useId();
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return null;
  const top = axisTop(Math.max(budget, ...series.map((p) => Math.max(p.planned, p.actual ?? 0))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, dayNumber(last.date) - dayNumber(first.date));
  const x = (date: string) => PAD.left + ((dayNumber(date) - dayNumber(first.date)) / span) * plotWidth;
  const y = (pence: number) => PAD.top + plotHeight - (pence / top) * plotHeight;
  const path = (points: { date: string; value: number }[]) => points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const planned = series.map((p) => ({ date: p.date, value: p.planned }));
  const actual = series.filter((p) => p.actual !== null).map((p) => ({ date: p.date, value: p.actual! }));
  const today = series.find((p) => p.kind === "today");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(top * share));

  return (
    <div className="app-spend-chart">
      <figure className="app-spend-chart__figure">
        <svg className="app-spend-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
          <title id={`${id}-title`}>{heading}</title>
          <desc id={`${id}-desc`}>{describeSpend(series, budget)}</desc>
          {ticks.map((tick) => (
            <g key={tick}>
              <line className="app-spend-chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text className="app-spend-chart__label" x={PAD.left - 8} y={y(tick) + 5} textAnchor="end">
                {formatPenceShort(tick)}
              </text>
            </g>
          ))}
          <line className="app-spend-chart__axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
          <text className="app-spend-chart__label" x={PAD.left} y={HEIGHT - PAD.bottom + 22} textAnchor="start">
            {formatDate(first.date)}
          </text>
          <text className="app-spend-chart__label" x={WIDTH - PAD.right} y={HEIGHT - PAD.bottom + 22} textAnchor="end">
            {formatDate(last.date)}
          </text>
          {today && (
            <g>
              <line className="app-spend-chart__today" x1={x(today.date)} x2={x(today.date)} y1={PAD.top} y2={y(0)} />
              <text className="app-spend-chart__label" x={x(today.date)} y={HEIGHT - PAD.bottom + 42} textAnchor="middle">
                Today
              </text>
            </g>
          )}
          <path className="app-spend-chart__planned" d={path(planned)} fill="none" />
          <path className="app-spend-chart__actual" d={path(actual)} fill="none" />
          {actual.map((p) => (
            <circle key={p.date} className="app-spend-chart__marker" cx={x(p.date)} cy={y(p.value)} r={4} />
          ))}
        </svg>
        <figcaption className="app-spend-chart__key">
          <span className="app-spend-chart__key-item app-spend-chart__key-item--actual">Spent (solid line)</span>
          <span className="app-spend-chart__key-item app-spend-chart__key-item--planned">Planned (dashed line)</span>
        </figcaption>
      </figure>
      <Table
        caption={`${heading}, in figures`}
        rows={series}
        rowKey={(p) => `${p.kind}-${p.date}`}
        columns={[
          { header: "Up to", cell: pointLabel },
          { header: "Planned spending", cell: (p) => formatPenceShort(p.planned), numeric: true },
          { header: "Spent", cell: (p) => (p.actual === null ? "Not yet" : formatPenceShort(p.actual)), numeric: true },
        ]}
      />
    </div>
  );
}
