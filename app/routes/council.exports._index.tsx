import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { Button, DateInput, DsForm, SummaryList } from "~/components/ds";
import { financeExportSummary } from "~/domain/reporting/finance-exports.server";
import { periodFromRequest } from "~/domain/reporting/period.server";
import { periodQuery } from "~/domain/reporting/reporting.schema";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: (data: { problems: unknown }) => (data?.problems ? "Error: Exports for the council's ledger" : "Exports for the council's ledger"),
};

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    authorise(actor, "finance.export", { councilId: actor.councilId ?? "" });
    const chosen = periodFromRequest(request);
    if (!chosen.ok) return { problems: chosen.problems, summary: null, query: "" };
    return { problems: null, summary: financeExportSummary(database(), actor, chosen.period), query: periodQuery(chosen.period), values: chosen.values };
  });
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function FinanceExports() {
  const data = useLoaderData<typeof loader>();
  const summary = data.summary;
  return (
    <>
      <h1 className="ds_page-header__title">Exports for the council's ledger</h1>
      <p className="ds_lead">Download the invoices you approved and the payments made in a period, as CSV files for the council's finance system.</p>
      <p>
        Choose the period by date of approval (for invoices) and date of payment (for payments). Amounts are net, in pounds with two decimals; credit notes are
        negative. People appear only by their case reference, never by name: keep the files as you would any record of people's support.
      </p>
      <DsForm method="get" problems={data.problems} defaults={"values" in data ? data.values : undefined}>
        <DateInput name="from" legend="First day of the period" hint="For example, 1 4 2026" />
        <DateInput name="to" legend="Last day of the period" hint="For example, 30 4 2026" />
        <Button>Show the exports</Button>
      </DsForm>
      {summary && (
        <>
          <h2>
            {formatDate(summary.period.from)} to {formatDate(summary.period.to)}
          </h2>
          <SummaryList
            rows={[
              {
                key: "Approved",
                value: `${count(summary.approved.lines, "line", "lines")} of ${count(summary.approved.invoices, "invoice or credit note", "invoices and credit notes")}: ${formatPence(summary.approved.netPence)}`,
              },
              { key: "Paid", value: `${count(summary.payments.invoices, "invoice", "invoices")}: ${formatPence(summary.payments.netPence)}` },
            ]}
          />
          <ul className="ds_no-bullets">
            <li>
              <a href={`/council/exports/approved-invoices.csv?${data.query}`} download>
                Download approved invoices as CSV
              </a>
            </li>
            <li>
              <a href={`/council/exports/payments.csv?${data.query}`} download>
                Download payments as CSV
              </a>
            </li>
          </ul>
        </>
      )}
      <p>
        <Link to="/council/invoices">Invoices to approve</Link>
      </p>
    </>
  );
}
