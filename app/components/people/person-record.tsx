import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { SummaryList, Table, Tag, type SummaryRow } from "~/components/ds";
import {
  ACCESSIBLE_FORMAT_LABELS,
  AUTHORITY_LABELS,
  BUDGET_BASIS_LABELS,
  BUDGET_PERIOD_LABELS,
  CONTACT_METHOD_LABELS,
  OPTION_LABELS,
  REPRESENTATIVE_KIND_LABELS,
} from "~/domain/people/labels";
import { optionChoiceOf } from "~/domain/people/budget";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import type { AccessibleFormat, Authority, BudgetBasis, BudgetPeriod, ContactMethod, RepresentativeKind } from "@db/schema/people";

type Budget = {
  version: number;
  amountPence: number;
  period: BudgetPeriod;
  startsOn: string;
  endsOn: string | null;
  basis: BudgetBasis;
  basisDetail: string;
  contributionPence: number;
  option1Pence: number;
  option2Pence: number;
  option3Pence: number;
  reason: string;
  createdAt: Date | string;
};

const edit = (to: string | undefined, what: string, label = "Change"): SummaryRow["action"] => (to ? { to, label, hiddenLabel: what } : undefined);

/** The budget and how it is split across the options. Practitioners get change links. */
export function BudgetSummary({ budget, budgetLink, optionsLink }: { budget: Budget | null; budgetLink?: string; optionsLink?: string }) {
  if (!budget) return <p>No budget has been recorded yet.</p>;
  const per = BUDGET_PERIOD_LABELS[budget.period];
  const choice = optionChoiceOf(budget);
  const rows: SummaryRow[] = [
    { key: "Individual budget", value: `${formatPence(budget.amountPence)} ${per}`, action: edit(budgetLink, "the budget") },
    { key: "From", value: `${formatDate(budget.startsOn)}${budget.endsOn ? ` to ${formatDate(budget.endsOn)}` : ""}` },
    { key: "How it was set", value: `${BUDGET_BASIS_LABELS[budget.basis]}${budget.basisDetail ? `: ${budget.basisDetail}` : ""}` },
    { key: "Assessed contribution", value: budget.contributionPence > 0 ? `${formatPence(budget.contributionPence)} ${per}` : "None" },
    { key: "Option chosen", value: choice ? OPTION_LABELS[choice] : "Not chosen yet", action: edit(optionsLink, "the option choice") },
  ];
  for (const n of [1, 2, 3] as const) {
    if (budget[`option${n}Pence`] > 0) rows.push({ key: `Under Option ${n}`, value: `${formatPence(budget[`option${n}Pence`])} ${per}` });
  }
  return <SummaryList rows={rows} />;
}

export function BudgetHistory({ history }: { history: Budget[] }) {
  return (
    <Table
      caption="Budget history"
      rows={history}
      rowKey={(v) => String(v.version)}
      columns={[
        { header: "Version", cell: (v) => v.version, numeric: true },
        { header: "Budget", cell: (v) => `${formatPence(v.amountPence)} ${BUDGET_PERIOD_LABELS[v.period]}` },
        { header: "Option 2", cell: (v) => formatPence(v.option2Pence), numeric: true },
        { header: "From", cell: (v) => formatDate(v.startsOn) },
        { header: "Reason", cell: (v) => v.reason },
        { header: "Recorded", cell: (v) => formatDate(new Date(v.createdAt).toISOString().slice(0, 10)) },
      ]}
    />
  );
}

export function OutcomesList({ outcomes, empty = "No outcomes have been recorded yet." }: { outcomes: { id: string; outcome: string; ownWords: string }[]; empty?: ReactNode }) {
  if (outcomes.length === 0) return <p>{empty}</p>;
  return (
    <ul className="ds_no-bullets">
      {outcomes.map((o) => (
        <li key={o.id} className="ds_!_margin-bottom--2">
          <strong>{o.outcome}</strong>
          <br />
          <q>{o.ownWords}</q>
        </li>
      ))}
    </ul>
  );
}

type PersonDetails = {
  name: string;
  reference: string;
  dateOfBirth: string;
  address: string;
  postcode: string;
  email: string;
  phone: string;
  contactMethod: ContactMethod;
  accessibleFormats: AccessibleFormat[];
  communicationNeeds: string;
};

export function PersonDetailsSummary({ person, locality, careGroup, changeLink }: { person: PersonDetails; locality: string; careGroup: string; changeLink?: string }) {
  return (
    <SummaryList
      rows={[
        { key: "Name", value: person.name, action: edit(changeLink, "the person's details") },
        { key: "Council reference", value: person.reference },
        { key: "Date of birth", value: formatDate(person.dateOfBirth) },
        { key: "Address", value: <span className="app-pre-line">{[person.address, person.postcode].filter(Boolean).join("\n") || "Not recorded"}</span> },
        { key: "Locality", value: locality || "Not recorded" },
        { key: "Care group", value: careGroup || "Not recorded" },
        { key: "Email", value: person.email || "Not recorded" },
        { key: "Phone", value: person.phone || "Not recorded" },
        { key: "Contact by", value: CONTACT_METHOD_LABELS[person.contactMethod] },
        { key: "Accessible formats", value: person.accessibleFormats.map((f) => ACCESSIBLE_FORMAT_LABELS[f]).join(", ") || "None" },
        { key: "Communication needs", value: person.communicationNeeds || "None recorded" },
      ]}
    />
  );
}

type Rep = {
  id: string;
  name: string;
  kind: RepresentativeKind;
  relationship: string;
  basis: string;
  documentReference: string;
  authority: Authority;
  startsOn: string;
  endsOn: string | null;
  active: boolean;
};

/** The representatives and their authority. With `changeLink`, each row links to the page that changes or ends it. */
export function RepresentativesTable({ representatives, changeLink }: { representatives: Rep[]; changeLink?: (id: string) => string }) {
  return (
    <Table
      caption="Representatives"
      rows={representatives}
      rowKey={(r) => r.id}
      empty="No representatives have been recorded."
      columns={[
        { header: "Name", cell: (r) => `${r.name}${r.relationship ? ` (${r.relationship})` : ""}` },
        { header: "Who", cell: (r) => REPRESENTATIVE_KIND_LABELS[r.kind] },
        { header: "Authority or basis", cell: (r) => `${r.basis}${r.documentReference ? `, document ${r.documentReference}` : ""}` },
        { header: "May", cell: (r) => AUTHORITY_LABELS[r.authority] },
        { header: "Dates", cell: (r) => `${formatDate(r.startsOn)}${r.endsOn ? ` to ${formatDate(r.endsOn)}` : " onwards"}` },
        { header: "Status", cell: (r) => (r.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Not active</Tag>) },
        ...(changeLink
          ? [
              {
                header: <span className="visually-hidden">Actions</span>,
                cell: (r: Rep) => (
                  <Link to={changeLink(r.id)}>
                    Change<span className="visually-hidden"> {r.name}</span>
                  </Link>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
