import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requireSession } from "~/auth/session.server";
import { AgreementStatusTag } from "~/components/agreements/agreement-view";
import { BackLink, Button, ButtonLink, DsForm, ErrorSummary, PageHeader, Radios, SummaryList, Table, Tag, Textarea, type TagColour } from "~/components/ds";
import { SafeguardingDecisionSchema, VariationSchema } from "~/domain/agreements/agreements.schema";
import { agreementDetail, agreementForForm, decideSafeguardingEnd, startVariation } from "~/domain/agreements/agreements.server";
import { PARTY_LABELS, VERSION_STATUS_LABELS } from "~/domain/agreements/lifecycle";
import { OUTCOME_RESULT_LABELS } from "~/domain/agreements/reviews.schema";
import { reviewsOf } from "~/domain/agreements/reviews.server";
import { auditTrail } from "~/domain/audit/audit.server";
import { PARTIES } from "@db/schema/agreements";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { hasProblems, parseForm } from "~/lib/forms";
import { intentOf, invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Agreement" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await requireActor(request);
    const db = database();
    const detail = agreementDetail(db, actor, params.agreementId ?? "");
    const history = auditTrail(db, { subjectType: "agreement", subjectId: detail.agreement.id }, 50).map((event) => ({
      id: String(event.id),
      at: formatDateTime(event.at),
      action: event.action.replace(/^agreement\./, "").replace(/_/g, " "),
      detail: event.detail,
    }));
    const outcomeReviews = reviewsOf(db, actor, detail.agreement.id);
    const signed = new Map(detail.workingSignatures.map((s) => [s.party, `${s.name} (${s.role}), ${formatDateTime(s.signedAt)}`]));
    return {
      agreement: { id: detail.agreement.id, reference: detail.agreement.reference, status: detail.agreement.status, offerId: detail.agreement.offerId, noticeEndsOn: detail.agreement.noticeEndsOn, noticeReason: detail.agreement.noticeReason, endedOn: detail.agreement.endedOn, startsLater: detail.startsLater },
      person: detail.person,
      provider: detail.provider,
      council: detail.council,
      lot: detail.lot.name,
      inForce: detail.inForce && { number: detail.inForce.number, startOn: detail.inForce.startOn, endOn: detail.inForce.endOn, isfPence: detail.inForce.isfPence },
      working: detail.working && { number: detail.working.number, status: detail.working.status, changeReason: detail.working.changeReason },
      signatures: detail.working?.status === "issued" || detail.working?.status === "awaiting_approval" ? PARTIES.map((party) => ({ party: PARTY_LABELS[party], signed: signed.get(party) ?? null })) : [],
      versions: detail.versions.map((v) => ({ number: v.number, status: VERSION_STATUS_LABELS[v.status], fingerprint: v.fingerprint, issued: Boolean(v.content) })),
      decisions: detail.decisions
        .filter((d) => d.kind !== "approved")
        .map((d) => ({ id: d.id, kind: d.kind, party: PARTY_LABELS[d.party], name: d.name, reason: d.reason, at: formatDateTime(d.decidedAt) })),
      safeguardingRequest: detail.safeguardingRequest && { ...detail.safeguardingRequest, at: formatDateTime(detail.safeguardingRequest.at) },
      hasAccount: Boolean(detail.account),
      may: detail.may,
      reviews: {
        mayRecord: outcomeReviews.mayRecord,
        nextReviewBy: outcomeReviews.nextReviewBy,
        list: outcomeReviews.reviews.map((r) => ({ id: r.id, reviewedOn: r.reviewedOn, summary: r.summary, recordedBy: r.recordedBy, recordedAt: formatDateTime(r.createdAt), answers: r.answers })),
      },
      history,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const formData = await readForm(request);
    const agreementId = params.agreementId ?? "";
    // Deciding on a safeguarding request is the commissioning team's; starting a variation is the co-producers'.
    agreementForForm(database(), session.actor, agreementId, formData.get("intent") === "safeguarding" ? "approve" : "coProduce");
    const intent = intentOf(formData, ["vary", "safeguarding"]);
    if (intent === "safeguarding") {
      const form = parseForm(SafeguardingDecisionSchema, formData);
      if (!form.ok) return invalid(form);
      decideSafeguardingEnd(database(), session.actor, agreementId, { end: form.data.decision, reason: form.data.decisionReason });
      return redirectWithFlash(session, `/agreements/${agreementId}`, form.data.decision ? "The agreement has ended. Invoices for support already given can still be paid for 90 days; then its fund closes." : "The agreement carries on. The person who asked has been told why.");
    }
    const form = parseForm(VariationSchema, formData);
    if (!form.ok) return invalid(form);
    startVariation(database(), session.actor, agreementId, form.data.reason);
    return redirectWithFlash(session, `/agreements/${agreementId}/draft`, "A change has been started as a new version. The current agreement stays in force until the change is approved.");
  });
}

export default function AgreementPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { agreement, may, working, inForce } = data;
  const base = `/agreements/${agreement.id}`;
  return (
    <div className="app-wide">
      <BackLink to="/agreements">Back to agreements</BackLink>
      <ErrorSummary problems={hasProblems(actionData) ? actionData : null} />
      <PageHeader title={`Agreement ${agreement.reference}`} label={`${data.person.name} and ${data.provider}`}>
        <AgreementStatusTag status={agreement.status} startsLater={agreement.startsLater} />
      </PageHeader>
      <SummaryList
        rows={[
          { key: "Supported person", value: data.person.name },
          { key: "Provider", value: `${data.provider} (${data.lot})` },
          { key: "Council", value: data.council },
          ...(inForce
            ? [
                { key: "In force", value: `Version ${inForce.number}: ${inForce.startOn ? formatDate(inForce.startOn) : ""} to ${inForce.endOn ? formatDate(inForce.endOn) : ""}` },
                { key: "ISF amount", value: formatPence(inForce.isfPence) },
              ]
            : []),
          ...(agreement.noticeEndsOn ? [{ key: agreement.endedOn ? "Ended" : "Ends (notice given)", value: `${formatDate(agreement.endedOn ?? agreement.noticeEndsOn)}: ${agreement.noticeReason ?? ""}` }] : []),
          ...(agreement.offerId ? [{ key: "Chosen from offer", value: agreement.offerId }] : []),
        ]}
      />

      {data.safeguardingRequest && (
        <section aria-labelledby="safeguarding-heading">
          <h2 id="safeguarding-heading">Request to end this agreement today for safeguarding</h2>
          <SummaryList
            rows={[
              { key: "Asked by", value: `${data.safeguardingRequest.by}, ${data.safeguardingRequest.at}` },
              { key: "Reason", value: data.safeguardingRequest.reason },
            ]}
          />
          {may.decideSafeguarding ? (
            <DsForm summary={false}>
              <Radios
                name="decision"
                legend="Does the agreement end today?"
                options={[
                  { value: "end", label: "Yes, end it today: its fund closes after 90 days for invoices already due, and unspent money is returned" },
                  { value: "carry_on", label: "No, it carries on" },
                ]}
              />
              <Textarea name="decisionReason" label="Your reasons" hint="Needed when the agreement carries on: the person who asked is told them." rows={3} />
              <Button name="intent" value="safeguarding">
                Decide
              </Button>
            </DsForm>
          ) : (
            <p>The council's commissioning team decides. Until then the agreement carries on.</p>
          )}
        </section>
      )}

      {working && (
        <>
          <h2>{inForce ? `Change in progress: version ${working.number}` : `Version ${working.number}`}</h2>
          <p>
            {VERSION_STATUS_LABELS[working.status]}
            {working.changeReason && `. Reason for the change: ${working.changeReason}`}
          </p>
          {data.signatures.length > 0 && (
            <SummaryList rows={data.signatures.map((s) => ({ key: s.party, value: s.signed ? `Signed by ${s.signed}` : "Not signed yet" }))} />
          )}
          <div className="ds_button-group">
            {may.edit && <ButtonLink to={`${base}/draft`}>Plan the support</ButtonLink>}
            {may.edit && (
              <ButtonLink to={`${base}/check`} variant="secondary">
                Check and issue for signature
              </ButtonLink>
            )}
            {may.sign && <ButtonLink to={`${base}/sign`}>Read and sign</ButtonLink>}
            {may.approve && <ButtonLink to={`${base}/approve`}>Review for approval</ButtonLink>}
          </div>
        </>
      )}

      <h2>Documents</h2>
      <ul>
        <li>
          <a href={`${base}/pdf`}>Download the agreement (PDF){inForce ? ", signed and approved" : ""}</a>
        </li>
        <li>
          <a href={`${base}/easy-read`}>Download the Easy Read summary (PDF)</a>
        </li>
      </ul>

      <OutcomeReviews base={base} reviews={data.reviews} />

      {may.giveNotice && (
        <p>
          <Link to={`${base}/notice`}>Give notice to end this agreement</Link>
        </p>
      )}

      {may.vary && (
        <>
          <h2>Change this agreement</h2>
          <p>A change to the amount, dates, plan or fee is made as a new version, signed by everyone and approved by the council. This version stays in force until then.</p>
          <DsForm summary={false}>
            <Textarea name="reason" label="What needs to change, and why" rows={3} />
            <Button name="intent" value="vary" variant="secondary">
              Start a change
            </Button>
          </DsForm>
        </>
      )}

      {data.decisions.length > 0 && (
        <Table
          caption="Declined and returned versions"
          rows={data.decisions}
          rowKey={(d) => d.id}
          columns={[
            { header: "When", cell: (d) => d.at },
            { header: "Who", cell: (d) => `${d.name} (${d.party.toLowerCase()})` },
            { header: "What", cell: (d) => (d.kind === "declined" ? "Declined to sign" : "Returned by the council") },
            { header: "Reason", cell: (d) => d.reason },
          ]}
        />
      )}

      <Table
        caption="Versions"
        rows={data.versions}
        rowKey={(v) => String(v.number)}
        columns={[
          { header: "Version", cell: (v) => v.number, numeric: true },
          { header: "Status", cell: (v) => v.status },
          { header: "Fingerprint (SHA-256)", cell: (v) => (v.fingerprint ? <code className="app-break">{v.fingerprint.slice(0, 16)}…</code> : "Not issued yet") },
          { header: "Document", cell: (v) => <a href={`${base}/pdf?version=${v.number}`}>Version {v.number} (PDF)</a> },
        ]}
      />

      <Table
        caption="History"
        rows={data.history}
        rowKey={(h) => h.id}
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "What happened", cell: (h) => h.action },
          { header: "Details", cell: (h) => h.detail },
        ]}
      />
    </div>
  );
}

const RESULT_COLOURS: Record<keyof typeof OUTCOME_RESULT_LABELS, TagColour> = { met: "green", partly_met: "yellow", not_met: "red" };

type ReviewsData = ReturnType<typeof useLoaderData<typeof loader>>["reviews"];

/** The review step: when the next review is due, the provider's button to record one, and every review, latest first. */
function OutcomeReviews({ base, reviews }: { base: string; reviews: ReviewsData }) {
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Outcome reviews</h2>
      {reviews.nextReviewBy && (
        <SummaryList rows={[{ key: reviews.list.length > 0 ? "Next review by" : "First review by", value: formatDate(reviews.nextReviewBy) }]} />
      )}
      {reviews.mayRecord && <ButtonLink to={`${base}/review`}>Record a review</ButtonLink>}
      {reviews.list.length === 0 && <p>No review has been recorded yet.</p>}
      {reviews.list.map((review) => (
        <div key={review.id}>
          <h3>Review on {formatDate(review.reviewedOn)}</h3>
          <p className="ds_hint-text">
            Recorded by {review.recordedBy}, {review.recordedAt}
          </p>
          {review.summary && <p className="app-pre-line">{review.summary}</p>}
          <Table
            caption={`Outcomes at the review on ${formatDate(review.reviewedOn)}`}
            rows={review.answers}
            rowKey={(a) => a.personOutcomeId}
            columns={[
              { header: "Outcome", cell: (a) => a.outcome },
              { header: "Result", cell: (a) => <Tag colour={RESULT_COLOURS[a.result]}>{OUTCOME_RESULT_LABELS[a.result]}</Tag> },
              { header: "Comment", cell: (a) => a.comment || "None" },
            ]}
          />
        </div>
      ))}
    </section>
  );
}
