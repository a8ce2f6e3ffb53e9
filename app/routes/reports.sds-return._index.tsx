import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { Button, DateInput, DsForm, Table } from "~/components/ds";
import { periodFromRequest } from "~/domain/reporting/period.server";
import { periodQuery } from "~/domain/reporting/reporting.schema";
import { OPTION_COLUMN_LABELS, OPTION_KEYS } from "~/domain/reporting/labels";
import { sdsReturn, type CountRow } from "~/domain/reporting/sds-return.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: (data: { problems: unknown }) => (data?.problems ? "Error: SDS return" : "SDS return"),
};

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const chosen = periodFromRequest(request);
    if (!chosen.ok) {
      authorise(actor, "reporting.people", { councilId: actor.councilId ?? "" });
      return { problems: chosen.problems, report: null, query: "" };
    }
    return { problems: null, report: sdsReturn(database(), actor, chosen.period), query: periodQuery(chosen.period), values: chosen.values };
  });
}

function Breakdown({ caption, header, rows }: { caption: string; header: string; rows: CountRow[] }) {
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key || "not-recorded"}
      columns={[
        { header, cell: (r) => r.label },
        ...OPTION_KEYS.map((key) => ({ header: OPTION_COLUMN_LABELS[key], cell: (r: CountRow) => r.counts[key], numeric: true })),
        { header: "Total", cell: (r) => r.counts.total, numeric: true },
      ]}
    />
  );
}

export default function SdsReturnPage() {
  const data = useLoaderData<typeof loader>();
  const report = data.report;
  return (
    <>
      <h1 className="ds_page-header__title">SDS return</h1>
      <p className="ds_lead">How many people had an individual budget in a period, by Self-directed Support option, for the council's statutory returns.</p>
      <p>
        A person counts once when any version of their budget covers part of the period, under the option of their latest budget in it: Option 4 when the money
        is under more than one option. A closed record counts only for the days before it was closed. Ages are on the last day of the period. Only numbers are shown: no one can be named from this page or its download.
      </p>
      <DsForm method="get" problems={data.problems} defaults={"values" in data ? data.values : undefined}>
        <DateInput name="from" legend="First day of the period" hint="For example, 1 4 2026" />
        <DateInput name="to" legend="Last day of the period" hint="For example, 31 3 2027" />
        <Button>Show the return</Button>
      </DsForm>
      {report && (
        <>
          <h2>
            {formatDate(report.period.from)} to {formatDate(report.period.to)}: {report.totals.total} {report.totals.total === 1 ? "person" : "people"}
          </h2>
          <p>
            <a href={`/reports/sds-return.csv?${data.query}`} download>
              Download the return as CSV
            </a>
          </p>
          <Table
            caption="People by SDS option"
            rows={[report.totals]}
            rowKey={() => "totals"}
            columns={[
              ...OPTION_KEYS.map((key) => ({ header: OPTION_COLUMN_LABELS[key], cell: (t: typeof report.totals) => t[key], numeric: true })),
              { header: "Total", cell: (t) => t.total, numeric: true },
            ]}
          />
          <Breakdown caption="People by age band and SDS option" header="Age band" rows={report.byAgeBand} />
          <Breakdown caption="People by care group and SDS option" header="Care group" rows={report.byCareGroup} />
          <p className="ds_hint-text">People whose record has no care group are counted as "Not recorded".</p>
          <Breakdown caption="People by locality and SDS option" header="Locality" rows={report.byLocality} />
        </>
      )}
    </>
  );
}
