import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { AgreementClauses, AgreementSummary } from "~/components/agreements/agreement-view";
import { BackLink, Button, DsForm, PageHeader, SummaryList, Table, Tag, Textarea, WarningText } from "~/components/ds";
import { ApproveSchema, ReasonSchema } from "~/domain/agreements/agreements.schema";
import { agreementForForm, approvalReview, approveVersion, returnVersion } from "~/domain/agreements/agreements.server";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Review an agreement for approval" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const review = approvalReview(database(), actor, params.agreementId ?? "");
    const version = review.version;
    if (!version || version.status !== "awaiting_approval" || !version.content || !version.fingerprint) {
      throw new Response("This agreement is not waiting for approval", { status: 409 });
    }
    return {
      id: review.agreement.id,
      reference: review.agreement.reference,
      number: version.number,
      content: version.content,
      fingerprint: version.fingerprint,
      lot: review.lot,
      budget: review.budget,
      budgetProblem: review.budgetProblem,
      fund: review.fund,
      compliance: review.compliance,
      rates: review.rates,
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    agreementForForm(database(), session.actor, params.agreementId ?? "", "approve");
    const formData = await readForm(request);
    const agreementId = params.agreementId ?? "";
    const meta = { ipAddress: context.ipAddress ?? "unknown", userAgent: request.headers.get("user-agent") ?? "" };
    if (intentOf(formData, ["approve", "return"]) === "return") {
      const form = parseForm(ReasonSchema, formData);
      if (!form.ok) return invalid(form);
      returnVersion(database(), session.actor, agreementId, form.data, meta);
      return redirectWithFlash(session, `/agreements/${agreementId}`, "The agreement has been returned to draft with your reasons.");
    }
    const form = parseForm(ApproveSchema, formData);
    if (!form.ok) return invalid(form);
    await approveVersion(database(), session.actor, agreementId, form.data, meta);
    return redirectWithFlash(session, `/agreements/${agreementId}`, "The agreement is approved. Its Individual Service Fund is open and everyone has been sent the signed agreement.");
  });
}

export default function ApproveAgreement() {
  const data = useLoaderData<typeof loader>();
  const guide = data.lot.min !== null && data.lot.max !== null ? `${formatPence(data.lot.min)} to ${formatPence(data.lot.max)} ${data.lot.unit}` : "No guide rate";
  return (
    <div className="app-wide">
      <BackLink to={`/agreements/${data.id}`}>Back to the agreement</BackLink>
      <PageHeader title="Review an agreement for approval" label={`${data.reference}, version ${data.number}`} />
      <h2>Checks</h2>
      <SummaryList
        rows={[
          {
            key: "Person's Option 2 budget",
            value: data.budget
              ? `${formatPence(data.budget.option2Pence)} a ${data.budget.period}, from ${formatDate(data.budget.startsOn)}${data.budget.endsOn ? ` to ${formatDate(data.budget.endsOn)}` : ""}`
              : "None recorded",
          },
          { key: "Budget check", value: data.budgetProblem ? <Tag colour="red">{data.budgetProblem}</Tag> : <Tag colour="green">Within the Option 2 budget</Tag> },
          ...(data.fund
            ? [
                {
                  key: "Fund check",
                  value: data.fund.problem ? (
                    <Tag colour="red">{data.fund.problem}</Tag>
                  ) : (
                    <Tag colour="green">Covers the {formatPence(data.fund.paidOrCommitted)} the fund has paid or committed</Tag>
                  ),
                },
              ]
            : []),
          { key: "Provider compliance", value: data.compliance ? <Tag colour="red">{data.compliance}</Tag> : <Tag colour="green">Admitted, evidence up to date</Tag> },
          { key: `Guide rate (${data.lot.name})`, value: guide },
        ]}
      />
      <Table
        caption="Rates against the framework's guide rates"
        rows={data.rates}
        rowKey={(r) => `${r.support}-${r.costOption}`}
        columns={[
          { header: "Support", cell: (r) => r.support },
          { header: "Cost option", cell: (r) => r.costOption || "Not given" },
          { header: "Rate", cell: (r) => (r.ratePence === null ? "Not given" : `${formatPence(r.ratePence)} ${r.unit}`), numeric: true },
          { header: "Against the guide", cell: (r) => (r.flag ? <Tag colour="orange">{r.flag}</Tag> : <Tag colour="green">Within the guide rate</Tag>) },
        ]}
      />
      <AgreementSummary content={data.content} />
      <details className="ds_details">
        <summary className="ds_details__summary">What the agreement says</summary>
        <div className="ds_details__text">
          <AgreementClauses content={data.content} />
        </div>
      </details>
      {(data.budgetProblem || data.fund?.problem || data.compliance) && (
        <WarningText>This agreement cannot be approved until the problems above are resolved. You can return it with reasons.</WarningText>
      )}
      <h2>Approve</h2>
      <DsForm>
        <input type="hidden" name="fingerprint" value={data.fingerprint} />
        <p>Approving opens the person's Individual Service Fund with {formatPence(data.content.isfPence)} and sends the signed agreement to everyone.</p>
        <Button name="intent" value="approve">
          Approve the agreement
        </Button>
      </DsForm>
      <h2>Or return it</h2>
      <DsForm summary={false}>
        <input type="hidden" name="fingerprint" value={data.fingerprint} />
        <Textarea name="reason" label="Reasons for returning it" rows={3} />
        <Button name="intent" value="return" variant="secondary">
          Return the agreement
        </Button>
      </DsForm>
    </div>
  );
}
