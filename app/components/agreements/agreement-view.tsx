import { SummaryList, Table, Tag, type TagColour } from "~/components/ds";
import type { AgreementStatus } from "@db/schema/agreements";
import type { AgreementContent } from "~/domain/agreements/document";
import { feeDescription } from "~/domain/agreements/document";
import { AGREEMENT_STATUS_LABELS } from "~/domain/agreements/lifecycle";
import { CADENCE_LABELS } from "~/domain/agreements/template";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";

const STATUS_COLOURS: Record<AgreementStatus, TagColour> = {
  draft: "grey",
  issued: "blue",
  awaiting_approval: "purple",
  active: "green",
  ending: "orange",
  ended: "grey",
  withdrawn: "grey",
};

/** The agreement's status; an approved agreement whose start date is still to come (`startsLater`) says when it starts. */
export function AgreementStatusTag({ status, startsLater }: { status: AgreementStatus; startsLater?: string | null }) {
  if (status === "active" && startsLater) return <Tag colour="blue">Approved, starts on {formatDate(startsLater)}</Tag>;
  return <Tag colour={STATUS_COLOURS[status]}>{AGREEMENT_STATUS_LABELS[status]}</Tag>;
}

/** What a version says, as the parties read it before signing: parties, dates, money and the plan. */
export function AgreementSummary({ content }: { content: AgreementContent }) {
  const planned = content.plan.reduce((sum, line) => sum + line.amountPence, 0);
  return (
    <>
      <h2>The parties</h2>
      <SummaryList
        rows={[
          { key: "The council", value: content.council },
          { key: "The provider", value: content.provider },
          { key: "The supported person", value: content.person },
          {
            key: "Who may sign for the person",
            value: content.personSignatories ? (
              <ul className="ds_no-bullets">
                {content.personSignatories.map((s) => (
                  <li key={`${s.name}: ${s.authority}`}>
                    {s.name}: {s.authority}
                  </li>
                ))}
              </ul>
            ) : (
              content.personSignatory
            ),
          },
          { key: "Framework terms", value: content.frameworkTerms },
        ]}
      />
      <h2>Dates</h2>
      <SummaryList
        rows={[
          { key: "Starts", value: content.start ? formatDate(content.start) : "Not set" },
          { key: "Ends", value: content.end ? formatDate(content.end) : "Not set" },
          { key: "Review by", value: content.review ? formatDate(content.review) : "Not set" },
        ]}
      />
      <h2>The money</h2>
      <SummaryList
        rows={[
          { key: "Individual Service Fund", value: formatPence(content.isfPence) },
          { key: "Payment to the provider", value: CADENCE_LABELS[content.cadence] },
          { key: "Management fee", value: feeDescription(content.fee, content.isfPence) },
          { key: "Contingency", value: content.contingencyPence > 0 ? formatPence(content.contingencyPence) : "None" },
          { key: "Other providers or community resources", value: content.otherProvidersAllowed ? "Part of the fund may be used for them" : "Not from this fund" },
        ]}
      />
      <Table
        caption="Outcomes and how the fund will meet them"
        rowKey={(line) => `${line.outcome}-${line.support}`}
        rows={content.plan}
        empty="No money has been set aside for any outcome yet."
        columns={[
          {
            header: "Outcome",
            cell: (line) => (
              <>
                {line.outcome}
                <br />
                <q>{line.ownWords}</q>
              </>
            ),
          },
          { header: "Support", cell: (line) => line.support },
          { header: "How much", cell: (line) => [line.quantity, line.costOption].filter(Boolean).join(", ") },
          { header: "Set aside", cell: (line) => formatPence(line.amountPence), numeric: true },
        ]}
      />
      <p>
        Total planned: <strong>{formatPence(planned)}</strong> of {formatPence(content.isfPence)}
      </p>
    </>
  );
}

/** The agreement's clauses, worded from the council's template. */
export function AgreementClauses({ content }: { content: AgreementContent }) {
  return (
    <>
      {content.clauses.map((clause) => (
        <section key={clause.heading}>
          <h3>{clause.heading}</h3>
          {clause.body.split("\n").map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </section>
      ))}
    </>
  );
}
