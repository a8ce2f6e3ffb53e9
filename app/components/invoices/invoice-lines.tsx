import type { ReactNode } from "react";
import { Pagination, Tag, type TagColour } from "~/components/ds";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import type { InvoiceStatus, LineStatus } from "@db/schema";
import {
  INVOICE_STATUS_LABELS,
  LINE_PAGE_SIZE,
  PAYMENT_TARGET_DAYS,
} from "~/domain/invoices/lifecycle";

export type LineRow = {
  line: {
    id: string;
    position: number;
    startOn: string;
    endOn: string;
    description: string;
    units: number;
    unitKind: string;
    ratePence: number;
    amountPence: number;
    status: LineStatus;
    rateFlagged: boolean;
    decisionReason: string | null;
    flaggedAt: string | Date | null;
    flagResolvedAt: string | Date | null;
    flagReason: string | null;
  };
  personName: string;
  agreementReference: string;
  outcome: string | null;
};

const STATUS_COLOURS: Record<InvoiceStatus, TagColour> = {
  draft: "grey",
  submitted: "blue",
  queried: "orange",
  approved: "teal",
  rejected: "red",
  paid: "green",
  credited: "purple",
};

export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  return (
    <Tag colour={STATUS_COLOURS[status]}>{INVOICE_STATUS_LABELS[status]}</Tag>
  );
}

export const lineDates = (l: { startOn: string; endOn: string }) =>
  l.startOn === l.endOn
    ? formatDate(l.startOn)
    : `${formatDate(l.startOn)} to ${formatDate(l.endOn)}`;

/**
 * Days outstanding against the 28-day target, highlighted once over it, and how many of them the invoice waited for
 * the provider's answers to questions ("12 days (5 waiting for the provider)"), when it did.
 */
export function DaysToPay({ days, waiting, waitingFor = "the provider" }: { days: number | null; waiting?: number | null; waitingFor?: string }) {
  if (days === null) return <>Not submitted</>;
  const shown =
    days > PAYMENT_TARGET_DAYS ? (
      <Tag colour="red">{`${days} days (over ${PAYMENT_TARGET_DAYS})`}</Tag>
    ) : (
      <>{`${days} days`}</>
    );
  return waiting ? (
    <>
      {shown} {`(${waiting} waiting for ${waitingFor})`}
    </>
  ) : (
    shown
  );
}

/** Where one page of an invoice's lines sits among all of them. */
export type LinePaging = { page: number; pageCount: number; lineCount: number };

/**
 * A link to a line of the invoice: its anchor on this page, or the page of the lines it is on. Lines (like every
 * record) are keyed by a random UUID; an error summary's other problems are about fields of this page.
 */
export function lineHref(
  field: string,
  shown: readonly { line: { id: string } }[]
): string {
  const elsewhere =
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      field
    ) && !shown.some((row) => row.line.id === field);
  return elsewhere
    ? `?${new URLSearchParams({ line: field })}#${field}`
    : `#${field}`;
}

/**
 * The lines of an invoice, a page at a time; each row has the line's id as its anchor, so an error summary can link
 * to it. The caption says which lines of how many the page shows.
 */
export function InvoiceLines({
  lines,
  caption,
  action,
  paging,
}: {
  lines: LineRow[];
  caption: string;
  action?: (row: LineRow) => ReactNode;
  paging: LinePaging;
}) {
  if (lines.length === 0) return <p>This invoice has no lines yet.</p>;
  const first = (paging.page - 1) * LINE_PAGE_SIZE + 1;
  return (
    <>
      <div className="ds_table-wrapper" id="lines">
        <table className="ds_table">
          <caption className="ds_table__caption">
            {paging.pageCount > 1
              ? `${caption}: ${first.toLocaleString("en-GB")} to ${(
                  first +
                  lines.length -
                  1
                ).toLocaleString("en-GB")} of ${paging.lineCount.toLocaleString(
                  "en-GB"
                )}`
              : caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Person and agreement</th>
              <th scope="col">Dates</th>
              <th scope="col">Support</th>
              <th scope="col" className="ds_table__cell--numeric">
                Units
              </th>
              <th scope="col" className="ds_table__cell--numeric">
                Rate
              </th>
              <th scope="col" className="ds_table__cell--numeric">
                Amount
              </th>
              <th scope="col">Status</th>
              {action && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {lines.map((row) => (
              <tr key={row.line.id} id={row.line.id}>
                <td>{row.line.position}</td>
                <td>
                  {row.personName}
                  <br />
                  {row.agreementReference}
                </td>
                <td>{lineDates(row.line)}</td>
                <td>
                  {row.line.description}
                  {row.outcome && (
                    <>
                      <br />
                      Outcome: {row.outcome}
                    </>
                  )}
                </td>
                <td className="ds_table__cell--numeric">
                  {row.line.units} {row.line.unitKind}
                </td>
                <td className="ds_table__cell--numeric">
                  {formatPence(row.line.ratePence)}
                </td>
                <td className="ds_table__cell--numeric">
                  {formatPence(row.line.amountPence)}
                </td>
                <td>
                  {row.line.status === "rejected" ? (
                    <Tag colour="red">Rejected</Tag>
                  ) : row.line.status === "credited" ? (
                    <Tag colour="purple">Credited</Tag>
                  ) : row.line.status === "approved" ? (
                    <Tag colour="green">Approved</Tag>
                  ) : (
                    <Tag colour="grey">Pending</Tag>
                  )}
                  {row.line.rateFlagged && (
                    <>
                      {" "}
                      <Tag colour="orange">Rate above the agreement</Tag>
                    </>
                  )}
                  {row.line.flaggedAt && !row.line.flagResolvedAt && (
                    <>
                      {" "}
                      <Tag colour="red">{`Held: the person says "${
                        row.line.flagReason ?? ""
                      }"`}</Tag>
                    </>
                  )}
                  {row.line.decisionReason && <p>{row.line.decisionReason}</p>}
                </td>
                {action && <td>{action(row)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={paging.page}
        pageCount={paging.pageCount}
        href={(p) => `?page=${p}#lines`}
      />
    </>
  );
}
