import { CSV_TEMPLATE } from "~/domain/invoices/csv";

/** The invoice-line upload template, with one example row. */
export async function loader() {
  return new Response(CSV_TEMPLATE, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition":
        'attachment; filename="invoice-lines-template.csv"',
    },
  });
}
