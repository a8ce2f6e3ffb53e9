import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DsForm, ErrorSummary, FileUpload, InsetText, Pagination, Table, WarningText } from "~/components/ds";
import { useUploadProgress } from "~/components/upload-progress";
import { CSV_COLUMNS, MAX_CSV_ROWS } from "~/domain/invoices/csv";
import { importCsv, uploadResult } from "~/domain/invoices/import.server";
import { providerInvoice } from "~/domain/invoices/invoices.server";
import { database } from "~/lib/db.server";
import { formValues, type FormProblems } from "~/lib/forms";
import { invalid, readUploadForm, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = {
  title: (data: { result: { saved: boolean } | null }) => `${data.result && !data.result.saved ? "Error: " : ""}Upload invoice lines`,
};

/** 5 MB: comfortably more than 10,000 lines of the template. */
const MAX_BYTES = 5 * 1024 * 1024;
/** Problems listed per page; every one is in the CSV download. */
const PER_PAGE = 100;
/** Problems the error summary names one by one before pointing to the list. */
const IN_SUMMARY = 5;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const db = database();
    const invoice = providerInvoice(db, actor, params.invoiceId ?? "");
    const query = new URL(request.url).searchParams;
    const uploadId = query.get("upload");
    let result = null;
    if (uploadId) {
      const { upload } = uploadResult(db, actor, invoice.id, uploadId);
      const pageCount = Math.max(1, Math.ceil(upload.problems.length / PER_PAGE));
      const page = Math.min(pageCount, Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1));
      result = {
        id: upload.id,
        fileName: upload.fileName,
        rows: upload.rows,
        added: upload.added,
        saved: upload.saved,
        problemCount: upload.problems.length,
        summary: upload.problems.slice(0, IN_SUMMARY),
        problems: upload.problems.slice((page - 1) * PER_PAGE, page * PER_PAGE),
        page,
        pageCount,
      };
    }
    return {
      invoice: { id: invoice.id, reference: invoice.reference, periodStart: invoice.periodStart, periodEnd: invoice.periodEnd },
      result,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    providerInvoice(database(), session.actor, params.invoiceId ?? "");
    const { formData, upload } = await readUploadForm(request, "file", MAX_BYTES);
    const refuse = (message: string) => invalid({ fieldErrors: { file: message }, values: formValues(formData) });
    if (!upload) return refuse("Choose a CSV file to upload");
    if ("tooLarge" in upload) return refuse("The file is too big: upload at most 5 MB at a time");
    if (upload.bytes.byteLength === 0) return refuse("The file is empty: choose the CSV file of your invoice lines");
    const invoiceId = params.invoiceId ?? "";
    const result = importCsv(database(), session.actor, invoiceId, new TextDecoder().decode(upload.bytes), {
      keepValidOnly: formData.get("keepValidOnly") === "yes",
      fileName: upload.fileName,
    });
    return redirect(`/provider/invoices/${invoiceId}/upload?upload=${result.uploadId}`, 303);
  });
}

type Result = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["result"]>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** The error summary of a refused file: the first problems by row, and a link to the list of all of them. */
function refusal(result: Result): FormProblems {
  const fieldErrors: Record<string, string> = {};
  for (const p of result.summary) fieldErrors[`row-${p.row}`] = `Row ${p.row}: ${p.message}`;
  if (result.problemCount > result.summary.length) fieldErrors.problems = `See all ${plural(result.problemCount, "row", "rows")} with problems`;
  return {
    fieldErrors,
    values: {},
    formError: `Nothing has been saved: ${plural(result.problemCount, "row has a problem", "rows have problems")}. Correct the file and upload it again.`,
  };
}

function Problems({ invoiceId, result }: { invoiceId: string; result: Result }) {
  const from = (result.page - 1) * PER_PAGE + 1;
  return (
    <section id="problems" tabIndex={-1} aria-labelledby="problems-title">
      <h2 id="problems-title">{result.saved ? "Rows left out" : "Rows with problems"}</h2>
      <p>
        <a className="ds_link" href={`/provider/invoices/${invoiceId}/uploads/${result.id}/problems.csv`} download>
          Download every problem as a CSV file ({plural(result.problemCount, "row", "rows")})
        </a>
      </p>
      <Table
        caption={`${result.fileName || "Your file"}: problems ${from.toLocaleString("en-GB")} to ${(from + result.problems.length - 1).toLocaleString("en-GB")} of ${result.problemCount.toLocaleString("en-GB")}`}
        rows={result.problems}
        rowKey={(p) => String(p.row)}
        columns={[
          { header: "Row", cell: (p) => <span id={`row-${p.row}`} tabIndex={-1}>{p.row}</span>, numeric: true },
          { header: "Problems", cell: (p) => p.message },
        ]}
      />
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => `?${new URLSearchParams({ upload: result.id, page: String(p) })}#problems`} />
    </section>
  );
}

export default function UploadLines() {
  const { invoice, result } = useLoaderData<typeof loader>();
  const { onSubmit, status } = useUploadProgress("file");
  const invoicePage = `/provider/invoices/${invoice.id}`;
  return (
    <>
      <BackLink to={invoicePage}>Back to invoice {invoice.reference}</BackLink>
      {result && !result.saved && <ErrorSummary problems={refusal(result)} />}
      <h1 className="ds_page-header__title">Upload invoice lines</h1>
      {result?.saved && (
        <InsetText>
          <p role="status">
            {plural(result.added, "line", "lines")} from {result.fileName || "your file"} added to invoice {invoice.reference}
            {result.problemCount > 0 && `; ${plural(result.problemCount, "row with problems was", "rows with problems were")} left out and listed below`}.
          </p>
          <p>
            <Link className="ds_link" to={invoicePage}>
              Check the lines of invoice {invoice.reference}
            </Link>
          </p>
        </InsetText>
      )}
      {result && result.problemCount > 0 && <Problems invoiceId={invoice.id} result={result} />}
      <h2>{result ? "Upload another file" : "Your file"}</h2>
      <p>
        Upload a CSV file with one line per row and these columns, in this order, with this heading row: <strong>{CSV_COLUMNS.join(", ")}</strong>.
      </p>
      <ul className="ds_list">
        <li>
          Dates as 2026-11-03 or 3/11/2026, within the invoice's period ({invoice.periodStart} to {invoice.periodEnd}).
        </li>
        <li>Units as a number (2.5 for two and a half hours); the rate in pounds (21.50).</li>
        <li>The outcome as the council names it, or left empty.</li>
        <li>At most {MAX_CSV_ROWS.toLocaleString("en-GB")} rows.</li>
      </ul>
      <p>
        <a className="ds_link" href="/provider/invoices/template.csv" download>
          Download the template
        </a>
      </p>
      <WarningText>Every row is checked. If any row has a problem nothing is saved, unless you choose to keep only the rows without problems.</WarningText>
      <DsForm encType="multipart/form-data" action={`/provider/invoices/${invoice.id}/upload`} onSubmit={onSubmit}>
        <FileUpload name="file" label="CSV file" accept=".csv,text/csv" />
        <Checkboxes
          name="keepValidOnly"
          legend="If some rows have problems"
          small
          options={[{ value: "yes", label: "Keep only the rows without problems, and list the others" }]}
        />
        {status}
        <Button>Upload</Button>
      </DsForm>
    </>
  );
}
