import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { isPersonUser } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, Pagination, Tag } from "~/components/ds";
import { InvoiceStatusTag, lineDates } from "~/components/invoices/invoice-lines";
import { flagLine, linesForPerson, SUPPORT_NOT_GIVEN } from "~/domain/invoices/invoices.server";
import { database } from "~/lib/db.server";
import {
  intentOf,
  readForm,
  redirectWithFlash,
  withDomainErrors,
  withFormErrors,
} from "~/lib/http.server";
import { Forbidden } from "~/lib/errors";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: "Support you have been charged for",
};

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    if (!isPersonUser(actor)) throw new Forbidden();
    const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
    return { lines: linesForPerson(database(), actor, page) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    if (!isPersonUser(session.actor)) throw new Forbidden();
    const form = await readForm(request);
    intentOf(form, ["flag"] as const);
    flagLine(
      database(),
      session.actor,
      String(form.get("lineId") ?? ""),
      SUPPORT_NOT_GIVEN
    );
    const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
    return redirectWithFlash(
      session,
      `/my-support/invoices${page > 1 ? `?page=${Math.trunc(page)}` : ""}`,
      "Thank you. We have told the provider and the council; they will look into it."
    );
  });
}

export default function SupportCharged() {
  const { lines } = useLoaderData<typeof loader>();
  return (
    <div className="app-wide">
      <h1 className="ds_page-header__title">
        Support you have been charged for
      </h1>
      <p className="ds_lead">
        Each line is support a provider has invoiced. If you did not get it,
        tell us and it will be checked. A line that has not been paid yet is
        held until it has been checked.
      </p>
      {lines.total === 0 ? (
        <p>Nothing has been invoiced yet.</p>
      ) : (
        <div className="ds_table-wrapper">
          <table className="ds_table">
            <caption className="ds_table__caption">
              {lines.pageCount > 1
                ? `Invoiced support, page ${lines.page} of ${lines.pageCount} (${lines.total.toLocaleString("en-GB")} lines)`
                : "Invoiced support"}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Support</th>
                <th scope="col">Provider</th>
                <th scope="col">Invoice status</th>
                <th scope="col" className="ds_table__cell--numeric">
                  Amount
                </th>
                <th scope="col">Tell us</th>
              </tr>
            </thead>
            <tbody>
              {lines.rows.map((row) => (
                <tr key={row.line.id}>
                  <td>{lineDates(row.line)}</td>
                  <td>
                    {row.line.description} ({row.line.units} {row.line.unitKind}
                    )
                  </td>
                  <td>{row.providerName}</td>
                  <td>
                    <InvoiceStatusTag status={row.invoiceStatus} />
                  </td>
                  <td className="ds_table__cell--numeric">
                    {formatPence(row.line.amountPence)}
                  </td>
                  <td>
                    {row.line.flaggedAt && !row.line.flagResolvedAt ? (
                      <Tag colour="orange">
                        You told us you did not get this
                      </Tag>
                    ) : !row.mayFlag ? (
                      <p>{row.personName} or someone who may choose support for them can tell us.</p>
                    ) : (
                      <Form method="post">
                        {row.line.flagResolvedAt && (
                          <p>
                            You told us you did not get this. The council
                            looked into it: {row.line.flagResolution}
                          </p>
                        )}
                        <input
                          type="hidden"
                          name="lineId"
                          value={row.line.id}
                        />
                        <Button name="intent" value="flag" variant="secondary">
                          I did not get this support
                          <span className="visually-hidden">
                            : {row.line.description}, {lineDates(row.line)},{" "}
                            {row.providerName}
                          </span>
                        </Button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={lines.page}
        pageCount={lines.pageCount}
        href={(p) => `/my-support/invoices?page=${p}`}
      />
    </div>
  );
}
