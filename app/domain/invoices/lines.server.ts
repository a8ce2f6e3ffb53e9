/**
 * Lines typed by hand on a draft (or queried) invoice: added, or changed after they were pre-filled from the plan
 * or uploaded. Each is for one of the provider's agreements in force with the invoice's council, one of that
 * agreement's outcomes and days in the invoice's period (as uploaded rows are); the rules that need the whole
 * invoice are checked on submit.
 */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { invoiceLines } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { formatDate } from "~/lib/dates";
import { Conflict, NotFound, RuleBroken } from "~/lib/errors";
import type { LineForm } from "./invoices.schema";
import {
  addLines,
  agreementChoices,
  inPeriod,
  nextPosition,
  providerInvoice,
  updateLine,
  type Invoice,
  type InvoiceLine,
  type LineInput,
} from "./invoices.server";

/** The invoice if the actor works for its provider (anyone else is told it does not exist), and it can be changed. */
function editableInvoice(db: Tx, actor: Actor, invoiceId: string): Invoice {
  const invoice = providerInvoice(db, actor, invoiceId);
  if (invoice.status !== "draft" && invoice.status !== "queried")
    throw new Conflict(
      `Invoice ${invoice.reference} has been sent to the council: its lines can no longer be changed`
    );
  return invoice;
}

/**
 * The form's line (numbered `position` on the invoice) for one of the agreements this invoice can be for, one of
 * that agreement's outcomes, and days in the invoice's period.
 */
function lineFrom(db: Tx, actor: Actor, invoice: Invoice, position: number, form: LineForm): LineInput {
  const outside = [form.startOn, form.endOn].find((day) => !inPeriod(invoice, day));
  if (outside) {
    const message = `Line ${position}: ${formatDate(outside)} is outside the invoice's period, ${formatDate(invoice.periodStart)} to ${formatDate(invoice.periodEnd)}`;
    throw new RuleBroken(message, { [outside === form.startOn ? "startOn" : "endOn"]: message });
  }
  const choice = agreementChoices(db, actor, invoice.id).find((c) => c.agreementId === form.agreementId);
  if (!choice) throw new RuleBroken("Choose one of your agreements", { agreementId: "Choose one of your agreements" });
  if (!choice.outcomes.some((o) => o.id === form.outcomeId)) {
    const message = `Choose one of the outcomes in the plan of ${choice.label}`;
    throw new RuleBroken(message, { outcomeId: message });
  }
  return {
    personId: choice.personId,
    agreementId: choice.agreementId,
    outcomeId: form.outcomeId,
    startOn: form.startOn,
    endOn: form.endOn,
    description: form.description,
    unitKind: form.unitKind,
    units: form.units,
    ratePence: form.rate,
  };
}

export function addLineByHand(db: Db, actor: Actor, invoiceId: string, form: LineForm): void {
  const invoice = editableInvoice(db, actor, invoiceId);
  addLines(db, actor, invoice.id, [lineFrom(db, actor, invoice, nextPosition(db, invoice.id), form)]);
}

function lineOf(db: Tx, invoiceId: string, lineId: string): InvoiceLine {
  const line = db.select().from(invoiceLines).where(eq(invoiceLines.id, lineId)).get();
  if (!line || line.invoiceId !== invoiceId) throw new NotFound("Invoice line not found");
  return line;
}

/** A line of a draft or queried invoice to change, with what it can be changed to. */
export function lineToChange(db: Tx, actor: Actor, invoiceId: string, lineId: string) {
  const invoice = editableInvoice(db, actor, invoiceId);
  const line = lineOf(db, invoice.id, lineId);
  return { invoice, line, choices: agreementChoices(db, actor, invoice.id) };
}

/** Changes a line; it returns to the council's checks on the next submission (any rate flag is worked out again). */
export function changeLine(db: Db, actor: Actor, invoiceId: string, lineId: string, form: LineForm): InvoiceLine {
  const invoice = editableInvoice(db, actor, invoiceId);
  const line = lineOf(db, invoice.id, lineId);
  updateLine(db, actor, line.id, lineFrom(db, actor, invoice, line.position, form));
  return line;
}
