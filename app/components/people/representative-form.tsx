import { Button, DateInput, DsForm, Radios, Textarea, TextInput } from "~/components/ds";
import { AUTHORITY_HINTS, AUTHORITY_LABELS, labelOptions, REPRESENTATIVE_KIND_LABELS } from "~/domain/people/labels";
import type { FormProblems } from "~/lib/forms";

/**
 * A representative's record, for recording a new one and for correcting or changing one already recorded. Who the
 * representative is (a guardian, a family member…) is chosen once: a change asks for its reason instead.
 */
export function RepresentativeForm({ change = false, defaults, submit }: { change?: boolean; defaults?: FormProblems["values"]; submit: string }) {
  return (
    <DsForm defaults={defaults}>
      <TextInput name="name" label="Representative's full name" />
      {!change && <Radios name="kind" legend="Who is the representative?" options={labelOptions(REPRESENTATIVE_KIND_LABELS)} small />}
      <TextInput name="relationship" label="Relationship to the person (optional)" hint="For example, mother, son, friend" />
      <TextInput name="basis" label="Legal authority or basis" hint="For example, welfare power of attorney, guardianship order, or chosen by the person" />
      <TextInput name="documentReference" label="Document reference" hint="Needed for a guardian or an attorney: the reference of the order or the registered power of attorney" />
      <Radios name="authority" legend="What may the representative do?" options={labelOptions(AUTHORITY_LABELS, AUTHORITY_HINTS)} small />
      <DateInput name="startsOn" legend="Start date" hint="For example, 1 6 2026" />
      <DateInput name="endsOn" legend="End date (optional)" hint="The last day the representative acts for the person. Leave empty if there is no end date" />
      <TextInput name="email" label="Email address (optional)" type="email" hint="Needed to invite the representative to use this service" spellCheck={false} />
      <TextInput name="phone" label="Phone number (optional)" type="tel" width={20} />
      {change && <Textarea name="reason" label="Reason for the change" rows={3} />}
      <Button>{submit}</Button>
    </DsForm>
  );
}
