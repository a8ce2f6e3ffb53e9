import { Link } from "@remix-run/react";

export type HeatCell = {
  rowKey: string;
  columnKey: string;
  value: number;
  gap: boolean;
  /** Further figures in words, shown under the number: "3 offers: 1 waiting list, 1 full". */
  detail: string;
  href: string;
};

const shade = (cell: HeatCell) =>
  cell.gap ? "app-heat-table__cell--gap" : cell.value >= 3 ? "app-heat-table__cell--many" : cell.value === 2 ? "app-heat-table__cell--some" : "app-heat-table__cell--one";

/**
 * A heat table: a real table of rows × columns whose cells are shaded by their number, for a picture without a
 * map. Nothing depends on the shade: each cell says its number, the word "Gap" where there is one, and links to
 * the list behind it. Shades come from classes in app.css, chosen for contrast.
 */
export function HeatTable({
  caption,
  rowHeader,
  rows,
  columns,
  cells,
  valueLabel,
}: {
  caption: string;
  rowHeader: string;
  rows: { key: string; label: string }[];
  columns: { key: string; label: string }[];
  cells: HeatCell[];
  /** "2 providers accepting" */
  valueLabel: (value: number) => string;
}) {
  if (rows.length === 0 || columns.length === 0) return <p>Nothing to show yet: the council has no localities or no published framework lots.</p>;
  const byKey = new Map(cells.map((c) => [`${c.rowKey}|${c.columnKey}`, c]));
  return (
    <>
      <ul className="app-heat-table__key" aria-label="Key to the shading">
        <li>
          <span className="app-heat-table__swatch app-heat-table__cell--gap" aria-hidden="true" />
          Gap: no provider accepting new people
        </li>
        <li>
          <span className="app-heat-table__swatch app-heat-table__cell--one" aria-hidden="true" />1 provider
        </li>
        <li>
          <span className="app-heat-table__swatch app-heat-table__cell--some" aria-hidden="true" />2 providers
        </li>
        <li>
          <span className="app-heat-table__swatch app-heat-table__cell--many" aria-hidden="true" />3 or more
        </li>
      </ul>
      <div className="ds_table-wrapper">
        <table className="ds_table app-heat-table">
          <caption className="ds_table__caption">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {columns.map((column) => (
                <th scope="col" key={column.key}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {columns.map((column) => {
                  const cell = byKey.get(`${row.key}|${column.key}`);
                  if (!cell) return <td key={column.key}>Not counted</td>;
                  return (
                    <td key={column.key} className={shade(cell)}>
                      {cell.gap && <span className="app-heat-table__gap">Gap</span>}
                      <Link to={cell.href}>{valueLabel(cell.value)}</Link>
                      {cell.detail && <span className="app-heat-table__detail">{cell.detail}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
