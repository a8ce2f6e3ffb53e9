import type { ReactNode } from "react";
import { useFieldState } from "./form";

type FieldBase = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Overrides the error from the form state. */
  error?: string;
  /** Make the label the page's heading (one question per page). */
  asHeading?: boolean;
};

const describedBy = (name: string, hint: unknown, error: unknown) =>
  [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

function Label({ name, label, asHeading }: Pick<FieldBase, "name" | "label" | "asHeading">) {
  const labelElement = (
    <label className={asHeading ? "ds_label ds_label--large" : "ds_label"} htmlFor={name}>
      {label}
    </label>
  );
  return asHeading ? <h1 className="ds_page-header__title ds_!_margin-bottom--2">{labelElement}</h1> : labelElement;
}

function HintAndError({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p className="ds_hint-text" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="ds_question__error-message" id={`${name}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
    </>
  );
}

const asString = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

export function TextInput({
  name,
  label,
  hint,
  error: errorProp,
  asHeading,
  type = "text",
  width,
  autoComplete,
  inputMode,
  spellCheck,
  prefix,
  maxLength,
}: FieldBase & {
  type?: "text" | "email" | "password" | "tel" | "search";
  /** Fixed character width: 2, 3, 4, 5, 10, 20. Fluid otherwise. */
  width?: 2 | 3 | 4 | 5 | 10 | 20;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "email" | "tel" | "text";
  spellCheck?: boolean;
  /** Shown before the input, such as "£". */
  prefix?: string;
  /** Only where extra characters would be ignored anyway, such as a search box; elsewhere the server says what is too long. */
  maxLength?: number;
}) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  const input = (
    <input
      className={`ds_input${width ? ` ds_input--fixed-${width}` : ""}${error ? " ds_input--error" : ""}`}
      type={type}
      id={name}
      name={name}
      defaultValue={type === "password" ? undefined : asString(state.value)}
      aria-describedby={describedBy(name, hint, error)}
      aria-invalid={error ? true : undefined}
      autoComplete={autoComplete}
      inputMode={inputMode}
      spellCheck={spellCheck}
      maxLength={maxLength}
    />
  );
  return (
    <div className={`ds_question${error ? " ds_question--error" : ""}`}>
      <Label name={name} label={label} asHeading={asHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      {prefix ? (
        <div className="ds_currency-wrapper" data-symbol={prefix}>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function Textarea({ name, label, hint, error: errorProp, asHeading, rows = 5 }: FieldBase & { rows?: number }) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  return (
    <div className={`ds_question${error ? " ds_question--error" : ""}`}>
      <Label name={name} label={label} asHeading={asHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      <textarea
        className={`ds_input${error ? " ds_input--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        defaultValue={asString(state.value)}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export type Option = { value: string; label: ReactNode; hint?: ReactNode };

type ChoiceProps = Omit<FieldBase, "label"> & {
  legend: ReactNode;
  options: Option[];
  small?: boolean;
  /** The ids' stem when the field's name is shared by several groups of options (the name by default). */
  id?: string;
};

function Fieldset({ name, id = name, legend, hint, error, asHeading, children }: Omit<ChoiceProps, "options"> & { children: ReactNode }) {
  return (
    <div className={`ds_question${error ? " ds_question--error" : ""}`}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend className={asHeading ? "ds_label--large" : undefined}>{asHeading ? <h1 className="ds_page-header__title">{legend}</h1> : legend}</legend>
        <HintAndError name={id} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

/** The first option's input has the field's name as its id, so error summary links land on it. */
const optionId = (name: string, index: number) => (index === 0 ? name : `${name}-${index + 1}`);
/** An option's own hint: never the same id as the group's hint (`name-hint`). */
const optionHintId = (name: string, index: number) => `${optionId(name, index)}-item-hint`;

export function Radios({ name, legend, hint, error: errorProp, asHeading, options, small }: ChoiceProps) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  const selected = asString(state.value);
  return (
    <Fieldset name={name} legend={legend} hint={hint} error={error} asHeading={asHeading}>
      <div className="ds_field-group">
        {options.map((option, index) => (
          <div className={`ds_radio${small ? " ds_radio--small" : ""}`} key={option.value}>
            <input
              className="ds_radio__input"
              type="radio"
              id={optionId(name, index)}
              name={name}
              value={option.value}
              defaultChecked={selected === option.value}
              aria-describedby={option.hint ? optionHintId(name, index) : undefined}
            />
            <label className="ds_radio__label" htmlFor={optionId(name, index)}>
              {option.label}
            </label>
            {option.hint && (
              <p className="ds_hint-text" id={optionHintId(name, index)}>
                {option.hint}
              </p>
            )}
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

export function Checkboxes({ name, id = name, legend, hint, error: errorProp, asHeading, options, small }: ChoiceProps) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  const ticked = new Set(Array.isArray(state.value) ? state.value : state.value ? [state.value] : []);
  return (
    <Fieldset name={name} id={id} legend={legend} hint={hint} error={error} asHeading={asHeading}>
      <div className="ds_field-group">
        {options.map((option, index) => (
          <div className={`ds_checkbox${small ? " ds_checkbox--small" : ""}`} key={option.value}>
            <input
              className="ds_checkbox__input"
              type="checkbox"
              id={optionId(id, index)}
              name={name}
              value={option.value}
              defaultChecked={ticked.has(option.value)}
              aria-describedby={option.hint ? optionHintId(id, index) : undefined}
            />
            <label className="ds_checkbox__label" htmlFor={optionId(id, index)}>
              {option.label}
            </label>
            {option.hint && (
              <p className="ds_hint-text" id={optionHintId(id, index)}>
                {option.hint}
              </p>
            )}
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

/** A select of `options`, or of `groups` of options (each an optgroup with its label). */
export function Select({
  name,
  label,
  hint,
  error: errorProp,
  options = [],
  groups = [],
  placeholder,
}: FieldBase & { options?: Option[]; groups?: { label: string; options: Option[] }[]; placeholder?: string }) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  return (
    <div className={`ds_question${error ? " ds_question--error" : ""}`}>
      <Label name={name} label={label} />
      <HintAndError name={name} hint={hint} error={error} />
      <div className="ds_select-wrapper">
        <select
          className={`ds_select${error ? " ds_input--error" : ""}`}
          id={name}
          name={name}
          defaultValue={asString(state.value)}
          aria-describedby={describedBy(name, hint, error)}
          aria-invalid={error ? true : undefined}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <span className="ds_select-arrow" aria-hidden="true" />
      </div>
    </div>
  );
}

/** Day, month and year as three inputs (GOV.UK's date pattern). Submitted as `name-day`, `name-month`, `name-year`. */
export function DateInput({ name, legend, hint, error: errorProp, asHeading }: Omit<FieldBase, "label"> & { legend: ReactNode }) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  const joined = asString(state.value);
  const [year = "", month = "", day = ""] = /^\d{4}-\d{2}-\d{2}$/.test(joined) ? joined.split("-") : [];
  const part = (suffix: "day" | "month" | "year", fallback: string) => {
    const typed = useFieldState(`${name}-${suffix}`).value;
    return typed === undefined ? fallback.replace(/^0(?=\d)/, "") : asString(typed);
  };
  const parts = [
    { suffix: "day", label: "Day", width: 2, value: part("day", day), id: name },
    { suffix: "month", label: "Month", width: 2, value: part("month", month), id: `${name}-month` },
    { suffix: "year", label: "Year", width: 4, value: part("year", year), id: `${name}-year` },
  ] as const;
  return (
    <Fieldset name={name} legend={legend} hint={hint} error={error} asHeading={asHeading}>
      <div className="ds_datepicker">
        <div className="ds_datepicker__input-wrapper">
          {parts.map((p) => (
            <div key={p.suffix}>
              <label className="ds_label" htmlFor={p.id}>
                {p.label}
              </label>
              <input
                className={`ds_input ds_input--fixed-${p.width}${error ? " ds_input--error" : ""}`}
                id={p.id}
                name={`${name}-${p.suffix}`}
                inputMode="numeric"
                defaultValue={p.value}
                aria-invalid={error ? true : undefined}
              />
            </div>
          ))}
        </div>
      </div>
    </Fieldset>
  );
}

/** A file picker. Its form must be sent with `encType="multipart/form-data"`; a chosen file is never kept after an error. */
export function FileUpload({ name, label, hint, error: errorProp, accept }: FieldBase & { accept?: string }) {
  const state = useFieldState(name);
  const error = errorProp ?? state.error;
  return (
    <div className={`ds_question${error ? " ds_question--error" : ""}`}>
      <Label name={name} label={label} />
      <HintAndError name={name} hint={hint} error={error} />
      <input
        className={error ? "ds_input--error" : undefined}
        type="file"
        id={name}
        name={name}
        accept={accept}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
