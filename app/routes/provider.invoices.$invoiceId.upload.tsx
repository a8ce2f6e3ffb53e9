import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, WarningText } from "~/components/ds";
import { CSV_COLUMNS, MAX_CSV_ROWS } from "~/domain/invoices/csv";
import { importCsv } from "~/domain/invoices/import.server";
import { findInvoice } from "~/domain/invoices/invoices.server";
import { database } from "~/lib/db.server";
import {
  badRequest,
  redirectWithFlash,
  withDomainErrors,
} from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Upload invoice lines" };

/** 5 MB: comfortably more than 10,000 lines of the template. */
const MAX_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const invoice = findInvoice(database(), actor, params.invoiceId ?? "");
    if (invoice.providerOrganisationId !== actor.organisationId)
      throw new Response("Not found", { status: 404 });
    return {
      invoice: {
        id: invoice.id,
        reference: invoice.reference,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withDomainErrors(async () => {
    const session = await requireSession(request);
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES })
      );
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) badRequest("The request was not a form sent from this service");
      return {
        problems: [
          {
            row: 0,
            message: "The file is too big: upload at most 5 MB at a time",
          },
        ],
        rows: 0,
      };
    }
    const file = form.get("file");
    if (!(file instanceof File)) badRequest();
    if (file.size === 0)
      return {
        problems: [{ row: 0, message: "Choose a CSV file to upload" }],
        rows: 0,
      };
    const result = importCsv(
      database(),
      session.actor,
      params.invoiceId ?? "",
      await file.text(),
      { keepValidOnly: form.get("keepValidOnly") === "yes" }
    );
    if (!result.saved) return { problems: result.problems, rows: 0 };
    const left = result.problems.length
      ? ` ${
          result.problems.length
        } rows with problems were left out: ${result.problems
          .map((p) => p.row)
          .slice(0, 20)
          .join(", ")}.`
      : "";
    return redirectWithFlash(
      session,
      `/provider/invoices/${params.invoiceId}`,
      `${result.added} lines uploaded.${left}`
    );
  });
}

export default function UploadLines() {
  const { invoice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems = result && "problems" in result ? result.problems : [];
  return (
    <>
      <BackLink to={`/provider/invoices/${invoice.id}`}>
        Back to invoice {invoice.reference}
      </BackLink>
      {problems.length > 0 && (
        <div
          className="ds_error-summary"
          id="error-summary"
          aria-labelledby="error-summary-title"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="ds_error-summary__title" id="error-summary-title">
            {problems.length === 1
              ? "There is a problem"
              : `There are ${problems.length} problems`}
            : nothing has been saved
          </h2>
          <ul className="ds_error-summary__list">
            {problems.slice(0, 200).map((p) => (
              <li key={p.row}>{p.message}</li>
            ))}
            {problems.length > 200 && (
              <li>and {problems.length - 200} more rows</li>
            )}
          </ul>
        </div>
      )}
      <h1 className="ds_page-header__title">Upload invoice lines</h1>
      <p>
        Upload a CSV file with one line per row and these columns, in this
        order, with this heading row: <strong>{CSV_COLUMNS.join(", ")}</strong>.
      </p>
      <ul className="ds_list">
        <li>
          Dates as 2026-11-03 or 3/11/2026, within the invoice's period ({invoice.periodStart} to {invoice.periodEnd}).
        </li>
        <li>
          Units as a number (2.5 for two and a half hours); the rate in pounds
          (21.50).
        </li>
        <li>The outcome as the council names it, or left empty.</li>
        <li>At most {MAX_CSV_ROWS.toLocaleString("en-GB")} rows.</li>
      </ul>
      <p>
        <a className="ds_link" href="/provider/invoices/template.csv" download>
          Download the template
        </a>
      </p>
      <WarningText>
        Every row is checked. If any row has a problem nothing is saved, unless
        you choose to keep only the rows without problems.
      </WarningText>
      <Form method="post" encType="multipart/form-data" noValidate>
        <div className="ds_question">
          <label className="ds_label" htmlFor="file">
            CSV file
          </label>
          <input
            className="ds_file-upload"
            type="file"
            id="file"
            name="file"
            accept=".csv,text/csv"
          />
        </div>
        <div className="ds_checkbox ds_checkbox--small">
          <input
            className="ds_checkbox__input"
            type="checkbox"
            id="keepValidOnly"
            name="keepValidOnly"
            value="yes"
          />
          <label className="ds_checkbox__label" htmlFor="keepValidOnly">
            Keep only the rows without problems, and list the others
          </label>
        </div>
        <Button>Upload</Button>
      </Form>
    </>
  );
}
