import { Table, type Column } from "~/components/ds";
import type { OutcomesMet, OutcomeTally } from "~/domain/reporting/outcomes-met.server";

const wholePercent = (share: number) => `${Math.round(share * 100)}%`;
const figure = (count: number, share: number) => `${count} (${wholePercent(share)})`;

function columns(first: string): Column<OutcomeTally>[] {
  return [
    { header: first, cell: (t) => t.label },
    { header: "Outcomes assessed", cell: (t) => t.assessed, numeric: true },
    { header: "Met", cell: (t) => figure(t.met, t.share.met), numeric: true },
    { header: "Partly met", cell: (t) => figure(t.partlyMet, t.share.partlyMet), numeric: true },
    { header: "Not met", cell: (t) => figure(t.notMet, t.share.notMet), numeric: true },
  ];
}

/**
 * Outcomes met at the latest review of each agreement, by provider and by lot: the number of outcomes in each
 * result and its share of those assessed, with a total row.
 */
export function OutcomesMetTables({ report }: { report: OutcomesMet }) {
  const empty = "No outcome reviews have been recorded yet.";
  const total = (label: string) => ({ ...report.total, key: "total", label });
  return (
    <>
      <Table
        caption={`Outcomes met by provider, at the latest review of ${report.agreements === 1 ? "1 agreement" : `${report.agreements} agreements`}`}
        rows={report.byProvider.length ? [...report.byProvider, total("All providers")] : []}
        rowKey={(t) => t.key}
        columns={columns("Provider")}
        empty={empty}
      />
      <Table
        caption="Outcomes met by lot, at the latest review of each agreement"
        rows={report.byLot.length ? [...report.byLot, total("All lots")] : []}
        rowKey={(t) => t.key}
        columns={columns("Lot")}
        empty={empty}
      />
    </>
  );
}
