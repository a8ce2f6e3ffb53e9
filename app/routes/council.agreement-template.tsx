import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FEE_FUNDING, PAYMENT_CADENCES, type TemplateClause } from "@db/schema";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { Button, DsForm, InsetText, Radios, Table, TextInput, Textarea } from "~/components/ds";
import { CADENCE_LABELS, PLACEHOLDERS } from "~/domain/agreements/template";
import { currentTemplate, saveTemplate, templateHistory } from "~/domain/agreements/templates.server";
import { formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";
import { choice, requiredText, wholeNumber } from "~/lib/validation";

export const handle: PageHandle = { title: "Agreement template" };

const MAX_CLAUSES = 30;

const TermsSchema = z.object({
  frameworkTermsName: requiredText("Enter the name of the framework terms", 300),
  noticeDays: wholeNumber("Enter the notice period in days", { min: 0, max: 365 }),
  paymentDays: wholeNumber("Enter the number of days within which invoices are paid", { min: 1, max: 90 }),
  statementWeeks: wholeNumber("Enter how often statements are sent, in weeks", { min: 1, max: 13 }),
  surplusWeeks: wholeNumber("Enter the surplus rule's weeks' worth of funds", { min: 1, max: 52 }),
  surplusHeldWeeks: wholeNumber("Enter the surplus rule's weeks held", { min: 1, max: 104 }),
  defaultCadence: choice(PAYMENT_CADENCES, "Select how often providers are paid"),
  feeFunding: choice(FEE_FUNDING, "Select how the management fee is paid"),
  contributionFirst: choice(["yes", "no"] as const, "Select whether the person's contribution is spent first").transform((v) => v === "yes"),
  changeNote: requiredText("Say what changed in this version", 500),
});

/** Clause pairs `clause-N-heading` / `clause-N-body` (and `easy-N-…`): empty pairs are dropped, half-filled ones refused. */
function clausesFrom(formData: FormData, prefix: string, errors: Record<string, string>): TemplateClause[] {
  const clauses: TemplateClause[] = [];
  for (let index = 0; index < MAX_CLAUSES; index++) {
    const heading = String(formData.get(`${prefix}-${index}-heading`) ?? "").trim();
    const body = String(formData.get(`${prefix}-${index}-body`) ?? "").trim();
    if (!heading && !body) continue;
    if (!heading) errors[`${prefix}-${index}-heading`] = "Enter a heading for this clause, or empty its wording to remove it";
    else if (!body) errors[`${prefix}-${index}-body`] = `Enter the wording of "${heading}", or empty its heading to remove it`;
    else if (heading.length > 200 || body.length > 10_000) errors[`${prefix}-${index}-body`] = `"${heading.slice(0, 40)}" is too long`;
    else clauses.push({ heading, body });
  }
  return clauses;
}

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const councilId = actor.councilId ?? "";
    authorise(actor, "council.commission", { councilId });
    const db = database();
    const template = currentTemplate(db, councilId);
    return {
      template: { version: template.version, clauses: template.clauses, easyReadClauses: template.easyReadClauses, terms: template.terms },
      history: templateHistory(db, councilId).map((h) => ({ ...h, createdAt: formatDateTime(h.createdAt) })),
    };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const councilId = session.actor.councilId ?? "";
    authorise(session.actor, "council.commission", { councilId });
    const formData = await readForm(request);
    const form = parseForm(TermsSchema, formData);
    const clauseErrors: Record<string, string> = {};
    const clauses = clausesFrom(formData, "clause", clauseErrors);
    const easyReadClauses = clausesFrom(formData, "easy", clauseErrors);
    if (clauses.length === 0) clauseErrors["clause-0-heading"] = "The agreement needs at least one clause";
    if (!form.ok || Object.keys(clauseErrors).length > 0) {
      return invalid({ fieldErrors: { ...(form.ok ? {} : form.fieldErrors), ...clauseErrors }, values: form.values });
    }
    const { changeNote, ...terms } = form.data;
    const saved = saveTemplate(database(), session.actor, councilId, { clauses, easyReadClauses, terms, changeNote });
    return redirectWithFlash(session, "/council/agreement-template", `Template saved as version ${saved.version}. New agreements will use this wording.`);
  });
}

function ClauseFields({ prefix, clauses, legend }: { prefix: string; clauses: TemplateClause[]; legend: string }) {
  return (
    <fieldset>
      <legend className="ds_label--medium">{legend}</legend>
      {[...clauses, { heading: "", body: "" }].map((clause, index) => (
        <div key={index} className="ds_!_margin-bottom--4">
          <TextInput name={`${prefix}-${index}-heading`} label={clause.heading ? `Clause ${index + 1} heading` : "Add a clause: heading"} />
          <Textarea name={`${prefix}-${index}-body`} label={clause.heading ? `Clause ${index + 1} wording` : "Add a clause: wording"} rows={clause.heading ? 6 : 3} />
        </div>
      ))}
    </fieldset>
  );
}

export default function AgreementTemplate() {
  const { template, history } = useLoaderData<typeof loader>();
  const defaults: Record<string, string> = {
    ...Object.fromEntries(Object.entries(template.terms).map(([key, value]) => [key, typeof value === "boolean" ? (value ? "yes" : "no") : String(value)])),
  };
  template.clauses.forEach((c, i) => Object.assign(defaults, { [`clause-${i}-heading`]: c.heading, [`clause-${i}-body`]: c.body }));
  template.easyReadClauses.forEach((c, i) => Object.assign(defaults, { [`easy-${i}-heading`]: c.heading, [`easy-${i}-body`]: c.body }));
  return (
    <>
      <h1 className="ds_page-header__title">Agreement template</h1>
      <p className="ds_lead">
        The wording and terms of your council's Option 2 agreements. This is version {template.version}. Saving creates a new version; agreements already issued keep the
        wording they were made with.
      </p>
      <InsetText>
        <p>You can use these placeholders in the wording. Each is replaced by the agreement's own details.</p>
        <ul>
          {Object.entries(PLACEHOLDERS).map(([key, meaning]) => (
            <li key={key}>
              <code>{`{{${key}}}`}</code>: {meaning}
            </li>
          ))}
        </ul>
      </InsetText>
      <DsForm defaults={defaults}>
        <h2>Terms</h2>
        <TextInput name="frameworkTermsName" label="Name of the framework terms the agreements sit under" />
        <TextInput name="noticeDays" label="Notice period to end an agreement, in days" width={4} inputMode="numeric" />
        <TextInput name="paymentDays" label="Days within which the council pays a valid invoice" width={4} inputMode="numeric" />
        <TextInput name="statementWeeks" label="How often people get a statement, in weeks" width={4} inputMode="numeric" />
        <TextInput name="surplusWeeks" label="Surplus rule: more than this many weeks' worth of the fund unspent…" width={4} inputMode="numeric" />
        <TextInput name="surplusHeldWeeks" label="…for more than this many weeks raises a review" width={4} inputMode="numeric" />
        <Radios name="defaultCadence" legend="How often providers are paid, unless an agreement says otherwise" options={PAYMENT_CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c] }))} />
        <Radios
          name="feeFunding"
          legend="How a provider's management fee is paid"
          options={[
            { value: "from_fund", label: "From the person's fund" },
            { value: "on_top", label: "By the council, on top of the fund" },
          ]}
        />
        <Radios
          name="contributionFirst"
          legend="Is the person's own contribution spent before the council's money?"
          options={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]}
        />
        <h2>Wording</h2>
        <ClauseFields prefix="clause" clauses={template.clauses} legend="Clauses of the agreement" />
        <ClauseFields prefix="easy" clauses={template.easyReadClauses} legend="Easy Read summary" />
        <Textarea name="changeNote" label="What changed in this version" hint="For example: notice period agreed with the provider forum in October." rows={2} />
        <Button>Save as a new version</Button>
      </DsForm>
      <h2>Versions</h2>
      <Table
        caption="Earlier versions of the template"
        rowKey={(row) => row.id}
        rows={history}
        columns={[
          { header: "Version", cell: (row) => row.version, numeric: true },
          { header: "Saved", cell: (row) => row.createdAt },
          { header: "What changed", cell: (row) => row.changeNote },
        ]}
      />
    </>
  );
}
