import { Button, Checkboxes, DateInput, DsForm, Radios, Select, Textarea, TextInput } from "~/components/ds";
import { ACCESSIBLE_FORMAT_LABELS, CONTACT_METHOD_LABELS, labelOptions } from "~/domain/people/labels";
import type { FormProblems } from "~/lib/forms";

/** The person's details, for recording a new person and changing an existing one. */
type ListOption = { id: string; label: string };

export function PersonForm({ localities, careGroups, defaults, submit }: { localities: ListOption[]; careGroups: ListOption[]; defaults?: FormProblems["values"]; submit: string }) {
  return (
    <DsForm defaults={defaults}>
      <TextInput name="name" label="Full name" autoComplete="off" />
      <TextInput name="reference" label="Council reference number" hint="For example, CV-100234" width={10} />
      <DateInput name="dateOfBirth" legend="Date of birth" hint="For example, 27 3 1950" />
      <Textarea name="address" label="Address" rows={3} />
      <TextInput name="postcode" label="Postcode" width={10} />
      <Select name="localityId" label="Locality" placeholder="Not recorded" options={localities.map((l) => ({ value: l.id, label: l.label }))} />
      <Select name="careGroupId" label="Care group" hint="The main reason the person needs support, as the council reports it" placeholder="Not recorded" options={careGroups.map((g) => ({ value: g.id, label: g.label }))} />
      <TextInput name="email" label="Email address" type="email" hint="Needed to invite the person to use this service" spellCheck={false} />
      <TextInput name="phone" label="Phone number" type="tel" width={20} />
      <Radios name="contactMethod" legend="How would the person like to be contacted?" options={labelOptions(CONTACT_METHOD_LABELS)} small />
      <Checkboxes name="accessibleFormats" legend="Accessible formats the person needs" hint="Select all that apply" options={labelOptions(ACCESSIBLE_FORMAT_LABELS)} small />
      <Textarea name="communicationNeeds" label="Communication needs" hint="For example, uses Makaton, needs an interpreter, or prefers a phone call before a visit" rows={3} />
      <Button>{submit}</Button>
    </DsForm>
  );
}

/** The amounts under each option, shared with the option choice page. */
export function OptionAmounts() {
  return (
    <fieldset>
      <legend className="ds_label">How the budget is split across the options</legend>
      <p className="ds_hint-text">The amounts must add up to the budget. Leave an option empty if none of the budget is under it. Option 4 is a mix of the others.</p>
      <TextInput name="option1Pence" label="Option 1: a direct payment" prefix="£" width={10} inputMode="decimal" />
      <TextInput name="option2Pence" label="Option 2: the person chooses, someone else holds the money" prefix="£" width={10} inputMode="decimal" />
      <TextInput name="option3Pence" label="Option 3: the council arranges support" prefix="£" width={10} inputMode="decimal" />
    </fieldset>
  );
}
