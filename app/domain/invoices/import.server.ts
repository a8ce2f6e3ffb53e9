/**
 * Invoice lines uploaded as CSV (the template in `csv.ts`). Every row is checked and every problem listed with
 * its row number; nothing is saved unless the whole file is valid, or the provider chose to keep only the valid
 * rows. Lookups are prepared once and the rows saved in one transaction, so 5,000 rows take seconds.
 */
import { and, eq } from "drizzle-orm";
import { immediate, type Db } from "@db/client.server";
import {
  agreements,
  councilListItems,
  frameworkLots,
  invoiceUploads,
  people,
  type UploadProblem,
} from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { isIsoDate, todayIso, type IsoDate } from "~/lib/dates";
import { can } from "~/auth/permissions";
import { NotFound, RuleBroken } from "~/lib/errors";
import { parsePounds } from "~/lib/money";
import { toCsv } from "~/lib/csv";
import { CSV_COLUMNS, MAX_CSV_ROWS, parseCsv } from "./csv";
import {
  agreementsForInvoice,
  agreementStanding,
  datesProblem,
  findInvoice,
  inPeriod,
  inPlan,
  insertLinesFor,
  type Invoice,
  unitKindOf,
  type LineInput,
} from "./invoices.server";

export type RowProblem = UploadProblem;
export type ImportResult = {
  /** The upload's record, with every problem, for the page that lists them. */
  uploadId: string;
  added: number;
  problems: RowProblem[];
  saved: boolean;
};

/** "3/11/2026" or "2026-11-03" → "2026-11-03". */
function isoFrom(value: string): string | null {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

export function importCsv(
  db: Db,
  actor: Actor,
  invoiceId: string,
  text: string,
  options: { keepValidOnly?: boolean; fileName?: string; today?: IsoDate } = {}
): ImportResult {
  const invoice = findInvoice(db, actor, invoiceId);
  if (
    !actor.organisationId ||
    actor.organisationId !== invoice.providerOrganisationId
  )
    throw new NotFound("Invoice not found");
  if (invoice.status !== "draft" && invoice.status !== "queried")
    throw new RuleBroken("Only a draft or queried invoice can be changed");
  const { valid, problems, rows, whole } = checkRows(db, invoice, text, options.today ?? todayIso());
  const saved = !whole && (problems.length === 0 || !!options.keepValidOnly);
  return immediate(db, (tx) => {
    if (saved) {
      insertLinesFor(tx, invoice.id, valid);
      recordAudit(tx, {
        actor,
        councilId: invoice.councilId,
        action: "invoice.csv_upload",
        subjectType: "invoice",
        subjectId: invoice.id,
        detail: `${valid.length} lines uploaded${
          problems.length ? `, ${problems.length} rows left out` : ""
        }`,
      });
    }
    const upload = tx
      .insert(invoiceUploads)
      .values({
        invoiceId: invoice.id,
        uploadedBy: actor.id,
        fileName: (options.fileName ?? "").slice(0, 200),
        rows,
        added: saved ? valid.length : 0,
        saved,
        problems,
      })
      .returning({ id: invoiceUploads.id })
      .get();
    return {
      uploadId: upload.id,
      added: saved ? valid.length : 0,
      problems,
      saved,
    };
  });
}

/**
 * Every row checked, with lookups prepared once: the valid lines and every problem. A row is checked as a line is
 * on submit: the agreement in force on its date (an ended one for support before its end, during the run-off), the
 * person the agreement's, the outcome in the agreement's plan, the date in the invoice's period.
 */
function checkRows(
  db: Db,
  invoice: Invoice,
  text: string,
  today: IsoDate
): { valid: LineInput[]; problems: RowProblem[]; rows: number; whole: boolean } {
  const rows = parseCsv(text);
  const header = (rows[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  if (CSV_COLUMNS.some((column, i) => header[i] !== column)) {
    return {
      valid: [],
      rows: 0,
      whole: true,
      problems: [
        {
          row: 1,
          message: `The first row must be the template's headings: ${CSV_COLUMNS.join(
            ", "
          )}`,
        },
      ],
    };
  }
  const body = rows.slice(1);
  if (body.length === 0)
    return {
      valid: [],
      rows: 0,
      whole: true,
      problems: [{ row: 2, message: "The file has no lines" }],
    };
  if (body.length > MAX_CSV_ROWS)
    return {
      valid: [],
      rows: 0,
      whole: true,
      problems: [
        {
          row: MAX_CSV_ROWS + 2,
          message: `Upload at most ${MAX_CSV_ROWS.toLocaleString(
            "en-GB"
          )} lines at a time`,
        },
      ],
    };

  const personByReference = new Map(
    db
      .select({ id: people.id, reference: people.reference })
      .from(people)
      .where(eq(people.councilId, invoice.councilId))
      .all()
      .map((p) => [p.reference.toUpperCase(), p.id])
  );
  const agreementByReference = new Map(
    db
      .select({
        id: agreements.id,
        reference: agreements.reference,
        personId: agreements.personId,
        unit: frameworkLots.guideRateUnit,
      })
      .from(agreements)
      .innerJoin(frameworkLots, eq(frameworkLots.id, agreements.lotId))
      .where(
        and(
          eq(agreements.councilId, invoice.councilId),
          eq(agreements.providerOrganisationId, invoice.providerOrganisationId)
        )
      )
      .all()
      .map((a) => [a.reference.toUpperCase(), a])
  );
  const inForce = new Map(agreementsForInvoice(db, invoice).map((terms) => [terms.agreement.id, terms]));
  const outcomeByLabel = new Map(
    db
      .select({ id: councilListItems.id, label: councilListItems.label })
      .from(councilListItems)
      .where(
        and(
          eq(councilListItems.councilId, invoice.councilId),
          eq(councilListItems.kind, "outcome")
        )
      )
      .all()
      .map((o) => [o.label.trim().toLowerCase(), o.id])
  );

  const problems: RowProblem[] = [];
  const valid: LineInput[] = [];
  body.forEach(({ line: row, cells }) => {
    const [
      personRef = "",
      agreementRef = "",
      date = "",
      units = "",
      rate = "",
      description = "",
      outcome = "",
    ] = cells.map((c) => c.trim());
    const mine: string[] = [];
    const personId = personByReference.get(personRef.toUpperCase());
    if (!personRef) mine.push("the person reference is missing");
    else if (!personId) mine.push(`no person has the reference ${personRef}`);
    const agreement = agreementByReference.get(agreementRef.toUpperCase());
    const terms = agreement ? inForce.get(agreement.id) : undefined;
    const standing = agreement
      ? agreementStanding(terms, agreementRef, {
          today,
          newClaims: invoice.status === "draft",
        })
      : null;
    if (!agreementRef) mine.push("the agreement reference is missing");
    else if (!agreement) mine.push(`you have no agreement ${agreementRef}`);
    else if (standing) mine.push(standing);
    else if (personId && agreement.personId !== personId)
      mine.push(`${personRef} is not the person in agreement ${agreementRef}`);
    const on = isoFrom(date);
    if (!on) mine.push(`"${date}" is not a date (use 2026-11-03 or 3/11/2026)`);
    else if (!inPeriod(invoice, on))
      mine.push(
        `${on} is outside the invoice's period (${invoice.periodStart} to ${invoice.periodEnd})`
      );
    else if (terms && !standing) {
      const dates = datesProblem(terms, agreementRef, { startOn: on, endOn: on });
      if (dates) mine.push(dates);
    }
    const count = Number(units);
    if (!units || !Number.isFinite(count) || count <= 0)
      mine.push(`the units must be a number above zero, not "${units}"`);
    const ratePence = parsePounds(rate);
    if (ratePence === null)
      mine.push(
        `the rate must be an amount in pounds such as 21.50, not "${rate}"`
      );
    if (!description) mine.push("the description is missing");
    else if (description.length > 500)
      mine.push("the description must be 500 characters or fewer");
    const outcomeId = outcome
      ? outcomeByLabel.get(outcome.toLowerCase())
      : null;
    if (outcome && !outcomeId)
      mine.push(`"${outcome}" is not one of the council's outcomes`);
    else if (outcomeId && terms && !standing && !inPlan(terms, outcomeId))
      mine.push(`"${outcome}" is not an outcome in the plan of agreement ${agreementRef}`);
    if (mine.length > 0) {
      const message = mine.join("; ");
      problems.push({
        row,
        message: message[0]!.toUpperCase() + message.slice(1),
      });
      return;
    }
    valid.push({
      personId: personId!,
      agreementId: agreement!.id,
      startOn: on!,
      endOn: on!,
      outcomeId: outcomeId ?? null,
      description,
      unitKind: unitKindOf(agreement!.unit),
      units: count,
      ratePence: ratePence!,
    });
  });

  return { valid, problems, rows: body.length, whole: false };
}

/** An upload of lines to one of the provider's invoices, with every problem found; anyone else is told it does not exist. */
export function uploadResult(
  db: Db,
  actor: Actor,
  invoiceId: string,
  uploadId: string
) {
  const invoice = findInvoice(db, actor, invoiceId);
  const upload = db
    .select()
    .from(invoiceUploads)
    .where(eq(invoiceUploads.id, uploadId))
    .get();
  if (
    !upload ||
    upload.invoiceId !== invoice.id ||
    !can(actor, "provider.work", {
      organisationId: invoice.providerOrganisationId,
    })
  )
    throw new NotFound("Upload not found");
  return { invoice, upload };
}

/** The problems of an upload as a CSV file: the row of the uploaded file and what is wrong with it. */
export function problemsCsv(problems: RowProblem[]): string {
  return toCsv(["row", "problem"], problems.map((p) => [p.row, p.message]));
}
