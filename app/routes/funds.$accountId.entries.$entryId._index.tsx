import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, ButtonLink, DsForm, ErrorSummary, InsetText, PageHeader, SummaryList, Tag } from "~/components/ds";
import { flagLine, SUPPORT_NOT_GIVEN } from "~/domain/invoices/invoices.server";
import { entryDetail, lineToFlag } from "~/domain/ledger/entries.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems } from "~/lib/forms";
import { intentOf, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { title: string }) => data.title };

/** One entry of a fund: what, when, who recorded it, the reversal linked both ways, and for a payment for support the person's say. */
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

/** The person, or someone acting for them, says they did not get the support this payment was for. */
export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const accountId = params.accountId ?? "";
    const entryId = params.entryId ?? "";
    const line = lineToFlag(database(), session.actor, accountId, entryId);
    intentOf(await readForm(request), ["flag"] as const);
    flagLine(database(), session.actor, line.id, SUPPORT_NOT_GIVEN);
    return redirectWithFlash(session, `/funds/${accountId}/entries/${entryId}`, "Thank you. We have told the provider and the council; they will look into it.");
  });
}

export default function LedgerEntry() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { entry, account } = data;
  const link = (to: NonNullable<typeof data.reverses>) => (
    <Link to={`/funds/${account.id}/entries/${to.id}`}>
      Entry {to.sequence}: {to.kindLabel.toLowerCase()} of {formatDate(to.entryDate)}
    </Link>
  );
  return (
    <>
      <BackLink to={`/funds/${account.id}#statement`}>Back to the fund</BackLink>
      <ErrorSummary problems={hasProblems(answer) ? answer : null} />
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
      {data.flag && (
        <>
          <h2 id="flag">Did you get this support?</h2>
          {data.flag.open ? (
            <InsetText>You told us you did not get this support. The provider and the council are looking into it.</InsetText>
          ) : (
            <>
              {data.flag.resolution && <InsetText>You told us you did not get this support. The council looked into it: {data.flag.resolution}</InsetText>}
              <p>If you did not get the support this payment was for, tell us. The provider and the council will look into it, and if it has not been paid yet it will not be paid until they have.</p>
              <DsForm summary={false}>
                <Button name="intent" value="flag" variant="secondary">
                  I did not get this support
                </Button>
              </DsForm>
            </>
          )}
          <p>
            <Link to="/my-support/invoices">See all the support you have been charged for</Link>
          </p>
        </>
      )}
      <p>
        <Link to={`/funds/${account.id}#statement`}>Back to the fund's statement</Link>
      </p>
    </>
  );
}
