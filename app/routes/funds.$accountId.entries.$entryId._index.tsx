import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { BackLink, ButtonLink, PageHeader, SummaryList, Tag } from "~/components/ds";
import { entryDetail } from "~/domain/ledger/entries.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { title: string }) => data.title };

/** One entry of a fund: what, when, who recorded it, and the reversal linked both ways. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const detail = entryDetail(database(), actor, params.accountId ?? "", params.entryId ?? "");
    return {
      ...detail,
      title: `Entry ${detail.entry.sequence}: ${detail.entry.kindLabel.toLowerCase()}`,
      recordedAt: formatDateTime(new Date(detail.entry.createdAt)),
    };
  });
}

export default function LedgerEntry() {
  const data = useLoaderData<typeof loader>();
  const { entry, account } = data;
  const link = (to: NonNullable<typeof data.reverses>) => (
    <Link to={`/funds/${account.id}/entries/${to.id}`}>
      Entry {to.sequence}: {to.kindLabel.toLowerCase()} of {formatDate(to.entryDate)}
    </Link>
  );
  return (
    <>
      <BackLink to={`/funds/${account.id}#statement`}>Back to the fund</BackLink>
      <PageHeader title={data.title} label="Individual Service Fund" />
      {data.reversedBy && <Tag colour="grey">Reversed</Tag>}
      <SummaryList
        rows={[
          { key: "What for", value: entry.description },
          { key: entry.amount > 0 ? "Money in" : "Money out", value: formatPence(Math.abs(entry.amount)) },
          { key: "Date", value: formatDate(entry.entryDate) },
          ...(entry.reference ? [{ key: "Reference", value: entry.reference }] : []),
          ...(entry.reason ? [{ key: "Reason", value: entry.reason }] : []),
          ...(data.reverses ? [{ key: "Reverses", value: link(data.reverses) }] : []),
          ...(data.reversedBy ? [{ key: "Reversed by", value: link(data.reversedBy) }] : []),
          { key: "Recorded by", value: data.recordedBy ?? "The service" },
          { key: "Recorded at", value: data.recordedAt },
        ]}
      />
      {data.canReverse && (
        <p>
          <ButtonLink to={`/funds/${account.id}/entries/${entry.id}/reverse`} variant="secondary">
            Reverse this entry
          </ButtonLink>
        </p>
      )}
      <p>
        <Link to={`/funds/${account.id}#statement`}>Back to the fund's statement</Link>
      </p>
    </>
  );
}
