import { FRAMEWORK_STATUSES, type ApplicationStatus, type FrameworkStatus } from "@db/schema/frameworks";
import { APPLICATION_STATUS_LABELS, FRAMEWORK_STATUS_LABELS } from "~/domain/frameworks/labels";
import { DateInput, Radios, Tag, Textarea, TextInput, type TagColour } from "./ds";

const APPLICATION_COLOURS: Record<ApplicationStatus, TagColour> = {
  draft: "grey",
  submitted: "blue",
  under_review: "purple",
  clarification_requested: "orange",
  admitted: "green",
  rejected: "red",
  suspended: "orange",
  exited: "grey",
  lots_added: "green",
};

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  return <Tag colour={APPLICATION_COLOURS[status]}>{APPLICATION_STATUS_LABELS[status]}</Tag>;
}

/** One answer of an application as a summary list shows it: a question's answer, or the evidence file (to download) with its expiry. */
export function AnswerValue({ row }: { row: { value: string; document: { id: string; fileName: string } | null } }) {
  if (!row.document) return <>{row.value}</>;
  return (
    <>
      <a href={`/documents/${row.document.id}`} className="ds_link">
        {row.document.fileName}
      </a>
      {row.value}
    </>
  );
}

export function FrameworkStatusTag({ status }: { status: FrameworkStatus }) {
  return <Tag colour={status === "open" ? "green" : status === "draft" ? "grey" : "blue"}>{FRAMEWORK_STATUS_LABELS[status]}</Tag>;
}

export function FrameworkFields() {
  return (
    <>
      <TextInput name="name" label="Name" />
      <TextInput name="reference" label="Reference" width={20} hint="For example, the Public Contracts Scotland reference" />
      <Textarea name="description" label="Description" hint="Shown to providers and the public" />
      <DateInput name="startDate" legend="Start date" hint="For example, 1 4 2026" />
      <DateInput name="endDate" legend="End date" hint="For example, 31 3 2030" />
      <Radios name="status" legend="Status" options={FRAMEWORK_STATUSES.map((value) => ({ value, label: FRAMEWORK_STATUS_LABELS[value] }))} />
      <Radios
        name="rolling"
        legend="Does the framework re-open to new providers?"
        hint="Rolling admission: providers can apply while the framework runs"
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
        small
      />
    </>
  );
}

export function LotFields() {
  return (
    <>
      <TextInput name="name" label="Name of the lot" />
      <Textarea name="description" label="Description" rows={3} />
      <TextInput name="guideRateMin" label="Lowest guide rate (optional)" prefix="£" width={10} inputMode="decimal" />
      <TextInput name="guideRateMax" label="Highest guide rate (optional)" prefix="£" width={10} inputMode="decimal" />
      <TextInput name="guideRateUnit" label="What the guide rate is for" hint="For example, per hour, per night or per session" width={20} />
    </>
  );
}

export function CriterionFields() {
  const yesNo = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  return (
    <>
      <TextInput name="title" label="Criterion" hint="For example, Public liability insurance" />
      <Textarea name="guidance" label="Guidance for providers" rows={3} />
      <Radios
        name="kind"
        legend="What must the provider give?"
        options={[
          { value: "question", label: "An answer to a question" },
          { value: "document", label: "A document as evidence" },
        ]}
      />
      <Radios name="mandatory" legend="Is it mandatory?" options={yesNo} small />
      <Radios name="expires" legend="Does the evidence expire?" hint="For documents such as insurance certificates. The provider gives the expiry date and is reminded to renew it." options={yesNo} small />
    </>
  );
}
