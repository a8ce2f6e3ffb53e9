import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export function PageHeader({ title, label, children }: { title: ReactNode; label?: ReactNode; children?: ReactNode }) {
  return (
    <header className="ds_page-header">
      {label && <span className="ds_page-header__label ds_content-label">{label}</span>}
      <h1 className="ds_page-header__title">{title}</h1>
      {children}
    </header>
  );
}

export function Button({
  children,
  variant,
  name,
  value,
  type = "submit",
}: {
  children: ReactNode;
  variant?: "secondary" | "cancel" | "small";
  name?: string;
  value?: string;
  type?: "submit" | "button";
}) {
  return (
    <button className={`ds_button${variant ? ` ds_button--${variant}` : ""}`} type={type} name={name} value={value}>
      {children}
    </button>
  );
}

export function ButtonLink({ to, children, variant }: { to: string; children: ReactNode; variant?: "secondary" }) {
  return (
    <Link className={`ds_button${variant ? ` ds_button--${variant}` : ""}`} to={to}>
      {children}
    </Link>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link className="ds_back-link" to={to}>
      {children}
    </Link>
  );
}

export type SummaryRow = { key: ReactNode; value: ReactNode; action?: { to: string; label: string; hiddenLabel: string } };

export function SummaryList({ rows }: { rows: SummaryRow[] }) {
  return (
    <dl className="ds_summary-list">
      {rows.map((row, index) => (
        <div className="ds_summary-list__item" key={index}>
          <dt className="ds_summary-list__key">{row.key}</dt>
          <dd className="ds_summary-list__value">{row.value}</dd>
          {row.action && (
            <dd className="ds_summary-list__actions">
              <Link to={row.action.to} className="ds_link">
                {row.action.label}
                <span className="visually-hidden"> {row.action.hiddenLabel}</span>
              </Link>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

export type Column<T> = { header: ReactNode; cell: (row: T) => ReactNode; numeric?: boolean };

export function Table<T>({ caption, columns, rows, rowKey, empty = "Nothing to show" }: { caption: ReactNode; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; empty?: ReactNode }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div className="ds_table-wrapper">
      <table className="ds_table">
        <caption className="ds_table__caption">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th scope="col" key={index} className={column.numeric ? "ds_table__cell--numeric" : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, index) => (
                <td key={index} className={column.numeric ? "ds_table__cell--numeric" : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type TagColour = "grey" | "green" | "teal" | "blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export function Tag({ children, colour }: { children: ReactNode; colour?: TagColour }) {
  return <strong className={`ds_tag${colour ? ` ds_tag--${colour}` : ""}`}>{children}</strong>;
}

export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="ds_inset-text">
      <div className="ds_inset-text__text">{children}</div>
    </div>
  );
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="ds_warning-text">
      <strong className="ds_warning-text__icon" aria-hidden="true" />
      <strong className="visually-hidden">Warning</strong>
      <div className="ds_warning-text__text">{children}</div>
    </div>
  );
}

/** The confirmation after an important action: what happened, the reference, and what happens next. */
export function ConfirmationPanel({ title, reference, children }: { title: ReactNode; reference?: ReactNode; children?: ReactNode }) {
  return (
    <div className="ds_notification-panel ds_notification-panel--success">
      <h1 className="ds_notification-panel__title">{title}</h1>
      {(reference || children) && (
        <div className="ds_notification-panel__content">
          {reference && (
            <p>
              Your reference number is <br />
              <strong className="ds_notification-panel__reference">{reference}</strong>
            </p>
          )}
          {children}
        </div>
      )}
    </div>
  );
}

/** A message about something that just happened, shown at the top of the next page. */
export function SuccessBanner({ children }: { children: ReactNode }) {
  return (
    <div className="ds_notification ds_notification--success" role="status" aria-live="polite">
      <div className="ds_wrapper">
        <div className="ds_notification__content">
          <h2 className="visually-hidden">Success</h2>
          <p className="ds_notification__text">{children}</p>
        </div>
      </div>
    </div>
  );
}

/** Previous / numbered / next links. `href(page)` builds each page's URL so filters stay in it. */
export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  const pages = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="ds_pagination" aria-label="Pages">
      <ul className="ds_pagination__list">
        {page > 1 && (
          <li className="ds_pagination__item">
            <Link className="ds_pagination__link ds_pagination__link--text" to={href(page - 1)} rel="prev">
              <span className="ds_pagination__link-label">Previous</span>
            </Link>
          </li>
        )}
        {pages.map((p, index) => (
          <PaginationItem key={p} p={p} current={p === page} gapBefore={index > 0 && p - (pages[index - 1] ?? p) > 1} href={href} />
        ))}
        {page < pageCount && (
          <li className="ds_pagination__item">
            <Link className="ds_pagination__link ds_pagination__link--text" to={href(page + 1)} rel="next">
              <span className="ds_pagination__link-label">Next</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

function PaginationItem({ p, current, gapBefore, href }: { p: number; current: boolean; gapBefore: boolean; href: (page: number) => string }) {
  return (
    <>
      {gapBefore && (
        <li className="ds_pagination__item" aria-hidden="true">
          <span className="ds_pagination__link ds_pagination__link--ellipsis">&hellip;</span>
        </li>
      )}
      <li className="ds_pagination__item">
        <Link className={`ds_pagination__link${current ? " ds_current" : ""}`} to={href(p)} aria-label={`Page ${p}`} aria-current={current ? "page" : undefined}>
          <span className="ds_pagination__link-label">{p}</span>
        </Link>
      </li>
    </>
  );
}

/** A task of a task list: without `to`, its title is not a link (someone else does it; say who in `hint`). */
export type Task = { title: string; to?: string; status: "complete" | "in_progress" | "not_started" | "cannot_start"; hint?: string };

const TASK_STATUS_LABEL: Record<Task["status"], string> = {
  complete: "Completed",
  in_progress: "In progress",
  not_started: "Not started",
  cannot_start: "Cannot start yet",
};

export function TaskList({ tasks, heading }: { tasks: Task[]; heading?: string }) {
  return (
    <ul className="ds_task-list">
      {heading && <li className="visually-hidden">{heading}</li>}
      {tasks.map((task, index) => {
        const id = `task-${index}`;
        return (
          <li className="ds_task-list__task" key={task.to ?? task.title} id={id}>
            <div className="ds_task-list__task-details">
              <h3 className="ds_task-list__task-heading">
                {task.status === "cannot_start" || !task.to ? (
                  task.title
                ) : (
                  <Link to={task.to} className="ds_task-list__task-link" aria-describedby={`${id}-status`}>
                    {task.title}
                  </Link>
                )}
              </h3>
              {task.hint && <p className="ds_task-list__task-summary">{task.hint}</p>}
            </div>
            <div className={`ds_task-list__task-status${task.status === "complete" ? " ds_task-list__task-status--complete" : ""}`} id={`${id}-status`}>
              {TASK_STATUS_LABEL[task.status]}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
