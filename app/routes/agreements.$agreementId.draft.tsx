import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { PAYMENT_CADENCES } from "@db/schema";
import { requireActor, requireSession } from "~/auth/session.server";
import { BackLink, Button, DateInput, DsForm, InsetText, PageHeader, Radios, Select, Textarea, TextInput } from "~/components/ds";
import { DraftSchema, planFrom } from "~/domain/agreements/agreements.schema";
import { agreementForForm, draftForEditing, moneyOf, onlyOfferPrices, updateDraft } from "~/domain/agreements/agreements.server";
import { CADENCE_LABELS } from "~/domain/agreements/template";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { onlyWhileDraft } from "~/lib/agreement-routes.server";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence, parsePounds, penceToInput } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Plan the support" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const draft = onlyWhileDraft(params.agreementId ?? "", () => draftForEditing(database(), actor, params.agreementId ?? ""));
    const { version } = draft;
    return {
      agreement: { id: draft.agreement.id, reference: draft.agreement.reference },
      person: draft.person,
      provider: draft.provider,
      lot: draft.lot,
      number: version.number,
      feeFunding: version.feeFunding,
      available: draft.available,
      fundFloor: draft.fundFloor,
      money: moneyOf(version),
      isfPence: version.isfPence,
      outcomes: draft.outcomes.map((o) => ({ id: o.id, outcome: o.outcome, ownWords: o.ownWords })),
      costChoices: draft.costChoices.map((c) => ({ value: c.id, label: c.text })),
      onlyChoices: onlyOfferPrices(draft.agreement, draft.costChoices),
      defaults: {
        startOn: version.startOn ?? "",
        endOn: version.endOn ?? "",
        reviewOn: version.reviewOn ?? "",
        isfPence: version.isfPence ? penceToInput(version.isfPence) : "",
        cadence: version.cadence,
        feeKind: version.feeKind,
        feeBasisPoints: version.feeBasisPoints ? String(version.feeBasisPoints / 100) : "",
        feePence: version.feePence ? penceToInput(version.feePence) : "",
        contingencyPence: version.contingencyPence ? penceToInput(version.contingencyPence) : "",
        otherProvidersAllowed: version.otherProvidersAllowed ? "yes" : "no",
        changeReason: version.changeReason,
        ...Object.fromEntries(
          draft.outcomes.flatMap((outcome, index) => {
            const line = version.plan.find((l) => l.personOutcomeId === outcome.id);
            return [
              [`plan-${index}-support`, line?.support ?? ""],
              [`plan-${index}-quantity`, line?.quantity ?? ""],
              [`plan-${index}-costOption`, line?.costOption ?? ""],
              [`plan-${index}-costOptionId`, line?.costOptionId ?? ""],
              [`plan-${index}-rate`, line?.ratePence != null ? penceToInput(line.ratePence) : ""],
              [`plan-${index}-amount`, line?.amountPence ? penceToInput(line.amountPence) : ""],
            ];
          }),
        ),
      } as Record<string, string>,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    agreementForForm(database(), session.actor, params.agreementId ?? "", "coProduce");
    const formData = await readForm(request);
    const intent = intentOf(formData, ["save", "check"]);
    const agreementId = params.agreementId ?? "";
    const form = parseForm(DraftSchema, formData);
    const planErrors: Record<string, string> = {};
    const plan = planFrom(formData, planErrors);
    if (!form.ok || Object.keys(planErrors).length > 0) {
      return invalid({ fieldErrors: { ...(form.ok ? {} : form.fieldErrors), ...planErrors }, values: form.values });
    }
    updateDraft(database(), session.actor, agreementId, { ...form.data, plan });
    if (intent === "check") return redirectWithFlash(session, `/agreements/${agreementId}/check`, "The draft has been saved. Check it before issuing it for signature.");
    return redirectWithFlash(session, `/agreements/${agreementId}/draft`, "The draft has been saved");
  });
}

type Totals = { planned: number; fee: number; isf: number };

/** Recomputes the totals from what is typed, so the page shows them as the plan changes. */
function totalsOf(form: HTMLFormElement, lines: number): Totals {
  const data = new FormData(form);
  const pounds = (name: string) => parsePounds(String(data.get(name) ?? "")) ?? 0;
  let planned = 0;
  for (let index = 0; index < lines; index++) planned += pounds(`plan-${index}-amount`);
  const isf = pounds("isfPence");
  const kind = data.get("feeKind");
  const percent = Number.parseFloat(String(data.get("feeBasisPoints") ?? "")) || 0;
  const fee = kind === "percent" ? Math.round((isf * Math.round(percent * 100)) / 10_000) : kind === "fixed" ? pounds("feePence") : 0;
  return { planned, fee, isf };
}

export default function DraftPage() {
  const data = useLoaderData<typeof loader>();
  const [totals, setTotals] = useState<Totals>({ planned: data.money.planned, fee: data.money.fee, isf: data.isfPence });
  const fromFund = totals.planned + (data.feeFunding === "from_fund" ? totals.fee : 0);
  const left = totals.isf - fromFund;
  const guide =
    data.lot.min !== null && data.lot.max !== null ? `The framework's guide rate for ${data.lot.name.toLowerCase()} is ${formatPence(data.lot.min)} to ${formatPence(data.lot.max)} ${data.lot.unit}.` : "";
  return (
    <div className="app-wide">
      <BackLink to={`/agreements/${data.agreement.id}`}>Back to the agreement</BackLink>
      <PageHeader title="Plan the support" label={`${data.agreement.reference}, version ${data.number}: ${data.person.name} and ${data.provider}`} />
      <p>
        {data.person.name}, {data.provider} and the practitioner can all change this draft. Nothing is agreed until it is issued and signed by everyone.
      </p>
      {(data.available || data.fundFloor) && (
        <InsetText>
          {data.available && (
            <p>
              {data.person.name}'s Option 2 budget is {data.available.budget}. For this agreement's dates, {formatDate(data.available.start)} to {formatDate(data.available.end)},
              that comes to {formatPence(data.available.limit)}. After any other agreements for those dates, up to <strong>{formatPence(data.available.available)}</strong> is available for this one.
            </p>
          )}
          {data.fundFloor && <p>{data.fundFloor}</p>}
        </InsetText>
      )}
      <DsForm defaults={data.defaults} onInput={(event: FormEvent<HTMLFormElement>) => setTotals(totalsOf(event.currentTarget, data.outcomes.length))}>
        <h2>Dates</h2>
        <DateInput name="startOn" legend="Start date" hint="For example, 4 1 2027" />
        <DateInput name="endOn" legend="End date" />
        <DateInput name="reviewOn" legend="Review date" hint="When the council will review the arrangement with the person" />

        <h2>The money</h2>
        <TextInput name="isfPence" label="Individual Service Fund (ISF) amount" hint="All of the Option 2 budget, or part of it when several providers share it" prefix="£" width={10} inputMode="decimal" />
        <Radios name="cadence" legend="How often the provider is paid" options={PAYMENT_CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c] }))} />
        <Radios
          name="feeKind"
          legend="Management fee"
          hint={data.feeFunding === "from_fund" ? "This council pays management fees from the person's fund." : "This council pays management fees on top of the fund."}
          options={[
            { value: "none", label: "No management fee" },
            { value: "percent", label: "A percentage of the fund" },
            { value: "fixed", label: "A fixed amount" },
          ]}
        />
        <TextInput name="feeBasisPoints" label="Percentage fee (if a percentage)" hint="For example, 5 or 4.5" width={4} inputMode="decimal" />
        <TextInput name="feePence" label="Fixed fee (if a fixed amount)" prefix="£" width={10} inputMode="decimal" />
        <TextInput name="contingencyPence" label="Contingency (optional)" hint="How far the fund may go below zero for unexpected needs, agreed in advance" prefix="£" width={10} inputMode="decimal" />
        <Radios
          name="otherProvidersAllowed"
          legend="May part of the fund be used with other providers or community resources?"
          options={[
            { value: "yes", label: "Yes, as the plan says" },
            { value: "no", label: "No" },
          ]}
        />
        <Textarea name="changeReason" label="Reason for this version (for a change to an agreement)" rows={2} />

        <h2>How the money will meet each outcome</h2>
        {guide && <p>{guide}</p>}
        {data.outcomes.map((outcome, index) => (
          <fieldset key={outcome.id} className="ds_!_margin-bottom--6">
            <legend className="ds_label--medium">
              {outcome.outcome}: <q>{outcome.ownWords}</q>
            </legend>
            <input type="hidden" name={`plan-${index}-personOutcomeId`} value={outcome.id} />
            <Textarea name={`plan-${index}-support`} label="What support" rows={2} />
            <TextInput name={`plan-${index}-quantity`} label="Roughly how many hours or sessions" hint="For example, 4 hours a week" />
            {data.costChoices.length > 0 && (
              <Select
                name={`plan-${index}-costOptionId`}
                label="Cost option"
                hint={`From ${data.provider}'s ${data.onlyChoices ? "offer" : "published offers"}: the rate is the offer's price`}
                options={data.costChoices}
                placeholder={data.onlyChoices ? "Select a cost option" : "Another cost option, described below"}
              />
            )}
            {!data.onlyChoices && (
              <>
                <TextInput
                  name={`plan-${index}-costOption`}
                  label={data.costChoices.length > 0 ? "Another cost option (if none in the list fits)" : "Cost option"}
                  hint="For example, weekday daytime"
                />
                <TextInput name={`plan-${index}-rate`} label={`Rate (${data.lot.unit || "per unit"})`} prefix="£" width={5} inputMode="decimal" />
              </>
            )}
            <TextInput name={`plan-${index}-amount`} label="Amount set aside for this outcome" prefix="£" width={10} inputMode="decimal" />
          </fieldset>
        ))}

        <div className="ds_inset-text" aria-live="polite">
          <div className="ds_inset-text__text">
            <p>
              Planned: <strong>{formatPence(totals.planned)}</strong>
              {totals.fee > 0 && (
                <>
                  . Management fee: <strong>{formatPence(totals.fee)}</strong> {data.feeFunding === "from_fund" ? "(from the fund)" : "(paid on top)"}
                </>
              )}
              .
            </p>
            <p>
              {left >= 0 ? (
                <>
                  Left of the ISF amount of {formatPence(totals.isf)}: <strong>{formatPence(left)}</strong>
                </>
              ) : (
                <strong>The plan is {formatPence(-left)} more than the ISF amount of {formatPence(totals.isf)}</strong>
              )}
            </p>
          </div>
        </div>

        <div className="ds_button-group">
          <Button name="intent" value="check">
            Save and check
          </Button>
          <Button name="intent" value="save" variant="secondary">
            Save draft
          </Button>
        </div>
      </DsForm>
      <p className="ds_hint-text">Dates are shown as day, month and year{data.defaults.startOn ? `; the draft starts on ${formatDate(data.defaults.startOn)}` : ""}.</p>
    </div>
  );
}
