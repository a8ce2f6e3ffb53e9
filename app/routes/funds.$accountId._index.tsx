import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { BackLink, Button, ButtonLink, DateInput, DsForm, ErrorSummary, InsetText, PageHeader, Pagination, SummaryList, Table, Tag } from "~/components/ds";
import { FlagTags } from "~/components/funds/flags";
import { SpendChart } from "~/components/spend-chart";
import { StatementRangeSchema } from "~/domain/ledger/funds.schema";
import { fundsAccountPage } from "~/domain/ledger/funds.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm, type FormProblems } from "~/lib/forms";
import { queryForm, withDomainErrors } from "~/lib/http.server";
import { formatPence, formatPenceShort } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

type Data = { title: string; problems: FormProblems };

export const handle: PageHandle = { title: (data: Data) => `${Object.keys(data.problems.fieldErrors).length > 0 ? "Error: " : ""}${data.title}` };

/** One Individual Service Fund: balance, spending against plan and per outcome, and the statement for a date range. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const parsed = parseForm(StatementRangeSchema, queryForm(request));
    const range = parsed.ok ? { from: parsed.data.from || undefined, to: parsed.data.to || undefined } : {};
    const page = parsed.ok ? parsed.data.page : 1;
    const view = fundsAccountPage(database(), actor, params.accountId ?? "", { range, page });
    const name = view.person?.name ?? "";
    return {
      ...view,
      title: view.self ? "Your Individual Service Fund" : `Individual Service Fund of ${name}`,
      range,
      problems: { fieldErrors: parsed.ok ? {} : parsed.fieldErrors, values: parsed.values } satisfies FormProblems,
    };
  });
}

const money = (pence: number) => formatPence(pence);

export default function FundAccount() {
  const data = useLoaderData<typeof loader>();
  const { summary, statement, self } = data;
  const { account, figures } = summary;
  const rangeQuery = (extra: Record<string, string>) =>
    new URLSearchParams({ ...(data.range.from ? { from: data.range.from } : {}), ...(data.range.to ? { to: data.range.to } : {}), ...extra }).toString();
  const periodEnd = formatDate(account.periodEnd);
  const back = data.viewer === "person" ? { to: `/my-support/${account.personId}`, label: self ? "My support" : `Support for ${data.person?.name ?? ""}` } : { to: "/funds", label: "All Individual Service Funds" };
  const rangeText =
    data.range.from || data.range.to
      ? `${data.range.from ? formatDate(data.range.from) : formatDate(account.periodStart)} to ${data.range.to ? formatDate(data.range.to) : "today"}`
      : "the whole period";

  return (
    <div className="app-wide">
      <BackLink to={back.to}>{back.label}</BackLink>
      <ErrorSummary problems={data.problems} />
      <PageHeader title={data.title} label={`Support from ${data.provider}`} />
      <p className="ds_lead">{summary.sentence}</p>
      {account.closedAt && <Tag colour="grey">Closed</Tag>}
      {data.standing && <InsetText>{data.standing}</InsetText>}

      <SummaryList
        rows={[
          { key: "Period", value: `${formatDate(account.periodStart)} to ${periodEnd}` },
          { key: "Budget", value: money(figures.funding) },
          { key: "Spent so far", value: money(figures.spent) },
          ...(figures.committed > 0 ? [{ key: "Invoiced, waiting for approval", value: money(figures.committed) }] : []),
          { key: "Left", value: money(figures.balance) },
          ...(figures.contributions > 0
            ? [
                {
                  key: self ? "Your contribution" : "The person's contribution",
                  value: `${money(figures.contributions)} received. It is spent ${account.contributionFirst ? "before" : "after"} the council's money: ${money(figures.bySource.contributionLeft)} of it is left.`,
                },
              ]
            : []),
          ...(data.fee
            ? [
                {
                  key: "Management fee from the fund",
                  value: `${data.fee.fee.kind === "percent" ? `${data.fee.fee.basisPoints / 100}% of each approved invoice` : "A fixed fee, recorded by council finance"}: ${money(data.fee.taken)} of ${money(data.fee.agreed)} taken`,
                },
              ]
            : []),
          {
            key: "Forecast",
            value: `At the rate of the last 8 weeks, about ${formatPenceShort(figures.forecast.forecastSpend)} will be spent by ${periodEnd}${
              figures.forecast.forecastVariance > 0
                ? `: ${formatPenceShort(figures.forecast.forecastVariance)} more than the budget.`
                : figures.forecast.forecastVariance < 0
                  ? `, leaving ${formatPenceShort(-figures.forecast.forecastVariance)}.`
                  : "."
            }`,
          },
          ...(data.surplus ? [{ key: "Unspent (banked) money", value: data.surplus }] : []),
          ...(data.viewer === "person" ? [] : [{ key: "Flags", value: <FlagTags flags={figures.flags} /> }]),
          ...(data.viewer === "person" ? [] : [{ key: "Supported person", value: data.person ? `${data.person.name} (${data.person.reference})` : "Not recorded" }]),
        ]}
      />

      {data.canRecord && (
        <p>
          <ButtonLink to={`/funds/${account.id}/entries/new`} variant="secondary">
            Record money received, a fee or an adjustment
          </ButtonLink>
        </p>
      )}

      <h2>Spending against plan</h2>
      <SpendChart series={summary.series} budget={figures.funding} />

      <h2>Spending on each outcome</h2>
      <Table
        caption={self ? "What your money was spent on" : "What the money was spent on"}
        rows={data.outcomes}
        rowKey={(o) => o.outcomeId ?? "none"}
        empty="Nothing has been planned or spent yet."
        columns={[
          { header: "Outcome", cell: (o) => o.label },
          { header: "Planned", cell: (o) => (o.planned === null ? "Not in the plan" : money(o.planned)), numeric: true },
          { header: "Spent", cell: (o) => money(o.spent), numeric: true },
        ]}
      />

      <h2 id="statement">Statement</h2>
      <DsForm method="get" problems={data.problems} summary={false}>
        <DateInput name="from" legend="From" hint="For example, 1 5 2026" />
        <DateInput name="to" legend="To" hint="For example, 31 5 2026" />
        <Button variant="secondary">Show entries</Button>
      </DsForm>
      <SummaryList
        rows={[
          { key: "Statement for", value: rangeText },
          { key: "Balance at the start", value: money(statement.openingBalance) },
          { key: "Money in", value: money(statement.moneyIn) },
          { key: "Money out", value: money(statement.moneyOut) },
          { key: "Balance at the end", value: money(statement.closingBalance) },
        ]}
      />
      <p role="status">
        {statement.count === 1 ? "1 entry" : `${statement.count} entries`}
        {statement.pageCount > 1 && `, page ${statement.page} of ${statement.pageCount}`}
      </p>
      {data.viewer === "person" && <p>If you did not get the support a payment was for, open the payment to tell us.</p>}
      <Table
        caption={`Statement entries, ${rangeText}`}
        rows={statement.lines}
        rowKey={(line) => line.id}
        empty="There are no entries in these dates."
        columns={[
          { header: "Date", cell: (line) => formatDate(line.entryDate) },
          {
            header: "What for",
            cell: (line) => (
              <>
                <Link to={`/funds/${account.id}/entries/${line.id}`}>
                  {line.kindLabel}: {line.description}
                </Link>
                {line.outcome && <span className="ds_hint-text"> ({line.outcome})</span>}
                {line.reversed && (
                  <>
                    {" "}
                    <Tag colour="grey">Reversed</Tag>
                  </>
                )}
              </>
            ),
          },
          { header: "Money in", cell: (line) => (line.amount > 0 ? money(line.amount) : ""), numeric: true },
          { header: "Money out", cell: (line) => (line.amount < 0 ? money(-line.amount) : ""), numeric: true },
          { header: "Balance", cell: (line) => money(line.balance), numeric: true },
        ]}
      />
      <Pagination page={statement.page} pageCount={statement.pageCount} href={(p) => `?${rangeQuery({ page: String(p) })}#statement`} />

      <h3>Download the statement</h3>
      <ul>
        <li>
          <Link to={`/funds/${account.id}/statement.pdf?${rangeQuery({})}`} reloadDocument>
            Download the statement for {rangeText} (PDF)
          </Link>
        </li>
        <li>
          <Link to={`/funds/${account.id}/statement.pdf?${rangeQuery({ format: "easy-read" })}`} reloadDocument>
            Download the Easy Read statement for {rangeText} (PDF)
          </Link>
        </li>
      </ul>

      {data.viewer === "council" && (
        <>
          <h2>Who has looked at this account</h2>
          <Table
            caption="Recent views and downloads by council staff"
            rows={data.views}
            rowKey={(v) => String(v.id)}
            columns={[
              { header: "When", cell: (v) => formatDateTime(new Date(v.at)) },
              { header: "Who", cell: (v) => v.name ?? "Unknown" },
              { header: "Role", cell: (v) => (v.role ? ROLE_LABELS[v.role] : "") },
            ]}
          />
        </>
      )}
    </div>
  );
}
