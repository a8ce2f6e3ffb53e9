import { DateInput, Select, TextInput } from "~/components/ds";
import { UNIT_KINDS } from "@db/schema";

export type AgreementChoice = {
  agreementId: string;
  label: string;
  outcomes: { id: string; label: string }[];
};

/** The fields of an invoice line typed by hand (adding one, or changing one): its values come from the form's state. */
export function LineFields({ choices }: { choices: AgreementChoice[] }) {
  return (
    <>
      <Select
        name="agreementId"
        label="Agreement"
        options={choices.map((c) => ({ value: c.agreementId, label: c.label }))}
        placeholder="Choose an agreement"
      />
      <Select
        name="outcomeId"
        label="Outcome"
        hint="The outcome in the agreement's plan that the support was for"
        groups={choices.map((c) => ({
          label: c.label,
          options: c.outcomes.map((o) => ({ value: o.id, label: o.label })),
        }))}
        placeholder="Choose an outcome"
      />
      <DateInput name="startOn" legend="First day" hint="For example, 3 11 2026" />
      <DateInput name="endOn" legend="Last day" hint="The same as the first day for one day's support" />
      <TextInput name="description" label="Support given" />
      <Select name="unitKind" label="Units are" options={UNIT_KINDS.map((k) => ({ value: k, label: k }))} />
      <TextInput name="units" label="Units" width={5} inputMode="decimal" />
      <TextInput name="rate" label="Rate per unit" prefix="£" width={5} inputMode="decimal" />
    </>
  );
}
