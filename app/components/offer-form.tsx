import { COMMUNICATION_SUPPORT, COST_UNITS, DELIVERY_MODES, GRADE_THEMES, LANGUAGES, WEEKDAYS } from "@db/schema/offers";
import {
  ACCEPTING_LABELS,
  COMMUNICATION_SUPPORT_LABELS,
  COST_UNIT_LABELS,
  DELIVERY_MODE_LABELS,
  GRADE_LABELS,
  GRADE_THEME_LABELS,
  LANGUAGE_LABELS,
  WEEKDAY_LABELS,
} from "~/domain/offers/labels";
import { MAX_COST_OPTIONS, SUMMARY_MAX, SUMMARY_MIN } from "~/domain/offers/offers.schema";
import { Button, Checkboxes, DateInput, DsForm, Radios, Select, TextInput, Textarea, useFieldState } from "./ds";

type Item = { id: string; label: string; retired: boolean };
export type OfferFormOptions = {
  lots: { id: string; name: string; council: string }[];
  councils: { councilId: string; name: string; outcomes: Item[]; localities: Item[]; careGroups: Item[] }[];
};

type ListName = "outcomes" | "localities" | "careGroups";

/**
 * A council list's checkboxes. A provider on several councils' frameworks sees each council's list on its own,
 * the council named in the legend; the offer uses the list of its type of support's council. The field's error
 * is shown once, on the first.
 */
function CouncilListCheckboxes({ name, list, legend, hint, councils }: { name: string; list: ListName; legend: string; hint?: string; councils: OfferFormOptions["councils"] }) {
  if (councils.length <= 1) return <Checkboxes name={name} legend={legend} hint={hint} small options={itemOptions(councils[0]?.[list] ?? [])} />;
  return (
    <>
      {councils.map((council, index) => (
        <Checkboxes
          key={council.councilId}
          name={name}
          id={index === 0 ? name : `${name}-${index + 1}-council`}
          legend={`${legend}: ${council.name}`}
          hint={[hint, `Tick these only for a type of support on ${council.name}'s framework`].filter(Boolean).join(". ")}
          error={index === 0 ? undefined : ""}
          small
          options={itemOptions(council[list])}
        />
      ))}
    </>
  );
}

const itemOptions = (items: Item[]) => items.map((i) => ({ value: i.id, label: i.retired ? `${i.label} (no longer on the council's list)` : i.label }));

/** The saved cost option a row shows, so saving changes that option rather than adding another. */
function CostOptionId({ index }: { index: number }) {
  const { value } = useFieldState(`cost-${index}-id`);
  return typeof value === "string" && value ? <input type="hidden" name={`cost-${index}-id`} value={value} /> : null;
}

/** The offer form, for creating and editing. Values are form strings (see `offerFormValues`). */
export function OfferForm({ options, defaults, submitLabel }: { options: OfferFormOptions; defaults: Record<string, string | string[]>; submitLabel: string }) {
  const councils = options.councils;
  return (
    <DsForm defaults={defaults}>
      <h2>About the offer</h2>
      <Select name="lotId" label="Type of support (framework lot)" hint="Only the lots your organisation is admitted to" placeholder="Choose a lot" options={options.lots.map((l) => ({ value: l.id, label: options.lots.length > 1 && new Set(options.lots.map((x) => x.council)).size > 1 ? `${l.name} (${l.council})` : l.name }))} />
      <TextInput name="title" label="Title" />
      <Textarea name="summary" label="Summary" hint={`In plain language, shown in search results: ${SUMMARY_MIN} to ${SUMMARY_MAX} characters.`} rows={3} />
      <Textarea name="description" label="What the support looks like day to day" rows={6} />
      <CouncilListCheckboxes name="outcomeIds" list="outcomes" legend="Personal outcomes it helps with" councils={councils} />
      <h2>Who it is for</h2>
      <CouncilListCheckboxes name="careGroupIds" list="careGroups" legend="Groups of people" hint="Leave empty if it is for anyone" councils={councils} />
      <TextInput name="minAge" label="Youngest age (years)" hint="Leave empty if there is no lower limit" width={3} inputMode="numeric" />
      <TextInput name="maxAge" label="Oldest age (years)" hint="Leave empty if there is no upper limit" width={3} inputMode="numeric" />
      <h2>Where and when</h2>
      <CouncilListCheckboxes name="localityIds" list="localities" legend="Areas where it is available" councils={councils} />
      <Checkboxes name="deliveryModes" legend="How it is delivered" small options={DELIVERY_MODES.map((m) => ({ value: m, label: DELIVERY_MODE_LABELS[m] }))} />
      <Radios
        name="flexible"
        legend="Are the days and times flexible?"
        small
        options={[
          { value: "yes", label: "Yes, agreed with each person" },
          { value: "no", label: "No, on set days and times" },
        ]}
      />
      <Checkboxes name="days" legend="Days (when not flexible)" small options={WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }))} />
      <TextInput name="opensAt" label="Start time" hint="For example, 09:00" width={5} />
      <TextInput name="closesAt" label="Finish time" hint="For example, 17:30" width={5} />
      <Textarea name="scheduleNotes" label="Anything else about when (optional)" rows={2} />
      <h2>Languages and access</h2>
      <Checkboxes name="languages" legend="Languages" small options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] }))} />
      <TextInput name="otherLanguages" label="Other languages (optional)" hint="Languages your staff speak that are not in the list, separated by commas, like Tigrinya, Farsi" />
      <Checkboxes name="communicationSupport" legend="Communication support" small options={COMMUNICATION_SUPPORT.map((c) => ({ value: c, label: COMMUNICATION_SUPPORT_LABELS[c] }))} />
      <Textarea name="accessibilityNotes" label="Accessibility (optional)" hint="For example: step-free access, accessible toilet, quiet room" rows={2} />
      <h2>Cost</h2>
      <p>Give at least one cost option. Leave the other rows empty.</p>
      {Array.from({ length: MAX_COST_OPTIONS }, (_, index) => (
        <fieldset key={index} className="ds_!_margin-bottom--4">
          <legend className="ds_label--medium">Cost option {index + 1}</legend>
          <CostOptionId index={index} />
          <TextInput name={`cost-${index}-amount`} label="Amount" prefix="£" width={5} inputMode="decimal" />
          <Select name={`cost-${index}-unit`} label="For" placeholder="Choose" options={COST_UNITS.map((u) => ({ value: u, label: COST_UNIT_LABELS[u] }))} />
          <TextInput name={`cost-${index}-label`} label="Name of this option (optional)" hint="For example: weekend rate" />
          <TextInput name={`cost-${index}-includes`} label="What it includes (optional)" hint="For example: travel time and bank holidays" />
          <DateInput name={`cost-${index}-from`} legend="Valid from (optional)" />
          <DateInput name={`cost-${index}-to`} legend="Valid to (optional)" />
        </fieldset>
      ))}
      <h2>Taking new people</h2>
      <Radios name="accepting" legend="Are you taking new people?" small options={(Object.keys(ACCEPTING_LABELS) as (keyof typeof ACCEPTING_LABELS)[]).map((a) => ({ value: a, label: ACCEPTING_LABELS[a] }))} />
      <TextInput name="places" label="Places available now (optional)" width={4} inputMode="numeric" />
      <h2>Contact</h2>
      <TextInput name="contactName" label="Contact name" />
      <TextInput name="contactEmail" label="Email address" type="email" />
      <TextInput name="contactPhone" label="Phone number" type="tel" />
      <Textarea name="contactNotes" label="How to get in touch (optional)" rows={2} />
      <h2>Care Inspectorate</h2>
      <TextInput name="careInspectorateNumber" label="Registration number of the service (optional)" hint="For example, CS2009123456" width={20} />
      {GRADE_THEMES.map((theme) => (
        <Select key={theme} name={`grade-${theme}`} label={`Latest grade: ${GRADE_THEME_LABELS[theme]}`} placeholder="Not graded" options={[1, 2, 3, 4, 5, 6].map((g) => ({ value: String(g), label: GRADE_LABELS[g]! }))} />
      ))}
      <DateInput name="gradedOn" legend="Date of the inspection report (optional)" />
      <Button>{submitLabel}</Button>
    </DsForm>
  );
}
