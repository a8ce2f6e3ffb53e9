import { Form, useActionData } from "@remix-run/react";
import { createContext, Fragment, useContext, useEffect, useRef, type ComponentProps, type MouseEvent, type ReactNode } from "react";
import { hasProblems, type FormProblems } from "~/lib/forms";

const FormStateContext = createContext<FormProblems | null>(null);

/** The state of the form on this page: the last action's problems and values, or the given defaults. */
export function useFieldState(name: string) {
  const state = useContext(FormStateContext);
  const value = state?.values[name];
  return { error: state?.fieldErrors[name], value };
}

/** The field a form names itself by, when a page has several: see `formId`. */
const FORM_ID = "formId";

/** Which form sent the answer: the `formId` it posted, or undefined for a page's only (unnamed) form. */
function sender(problems: FormProblems): string | undefined {
  const sent = problems.values[FORM_ID];
  return typeof sent === "string" ? sent : undefined;
}

type DsFormProps = Omit<ComponentProps<typeof Form>, "noValidate"> & {
  /**
   * Names the form on a page with several. It posts the name (as `formId`), and shows the problems and values of
   * an answer only when this form sent it, so fixing one form never clears or marks the others. A page's only form
   * needs no name.
   */
  formId?: string;
  /** Values to show before anything is submitted (editing an existing record). */
  defaults?: FormProblems["values"];
  /** Problems to show instead of the action's (a form handled by another route). */
  problems?: FormProblems | null;
  /** Put the error summary at the top of the form (default). Pages that show it above the h1 pass false. */
  summary?: boolean;
  children: ReactNode;
};

/**
 * A server-validated form following the GOV.UK pattern: noValidate, the error summary first, and every
 * field keeping what was typed. Fields inside it read their error and value by name.
 */
export function DsForm({ formId, defaults, problems, summary = true, children, method = "post", ...props }: DsFormProps) {
  const actionData = useActionData<unknown>();
  const anotherForms = hasProblems(actionData) && sender(actionData) !== formId;
  const fromAction = problems ?? (hasProblems(actionData) && !anotherForms ? actionData : null);
  const state: FormProblems = fromAction ?? { fieldErrors: {}, values: defaults ?? {} };
  // Each answer from the server re-creates the fields, so they show exactly what it sent back (as without
  // JavaScript): what was typed, and empty password fields. Another form's problems leave this one as it is.
  const answers = useRef({ last: undefined as unknown, count: 0 });
  if (answers.current.last !== actionData && !anotherForms) answers.current = { last: actionData, count: answers.current.count + 1 };
  return (
    <FormStateContext.Provider value={state}>
      <Form method={method} noValidate {...props}>
        {formId && <input type="hidden" name={FORM_ID} value={formId} />}
        {summary && <ErrorSummary problems={fromAction} />}
        <Fragment key={answers.current.count}>{children}</Fragment>
      </Form>
    </FormStateContext.Provider>
  );
}

/**
 * "There is a problem": a list of links to each field, focused when it appears. `href` links a problem elsewhere
 * than `#field` (a line of a long list on another page of it).
 */
export function ErrorSummary({ problems, href }: { problems: FormProblems | null | undefined; href?: (field: string) => string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(problems?.fieldErrors ?? {});
  const formError = problems?.formError;
  const show = entries.length > 0 || Boolean(formError);
  useEffect(() => {
    if (show) ref.current?.focus();
  }, [show, problems]);
  if (!show) return null;
  return (
    <div className="ds_error-summary" id="error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="ds_error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <ul className="ds_error-summary__list">
        {formError && <li>{formError}</li>}
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={href?.(field) ?? `#${field}`} onClick={(event) => focusField(event, field)}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Moves focus to the field itself, with its question (label or legend) in view, as GOV.UK's error summary does. */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field || !event.currentTarget.getAttribute("href")?.startsWith("#")) return;
  event.preventDefault();
  (field.closest(".ds_question") ?? field).scrollIntoView();
  field.focus({ preventScroll: true });
}
