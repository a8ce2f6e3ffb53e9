import { Link } from "@remix-run/react";

/** The title of the error page for a status: the same words as its heading. */
export function errorTitle(status: number): string {
  if (status === 404) return "Page not found";
  if (status === 403) return "You cannot see this page";
  if (status === 400 || status === 409) return "Sorry, we could not do that";
  return "Sorry, there is a problem with the service";
}

/** The error pages, worded as GOV.UK's: page not found, no permission, and a problem with the service. */
export function ErrorPage({ status, message }: { status: number; message?: string }) {
  if (status === 404) {
    return (
      <>
        <h1 className="ds_page-header__title">{errorTitle(status)}</h1>
        <p>If you typed the web address, check it is correct.</p>
        <p>If you pasted the web address, check you copied the entire address.</p>
        <p>
          If the web address is correct or you selected a link or button, <Link to="/">go to the home page</Link> or contact your council.
        </p>
      </>
    );
  }
  if (status === 403) {
    return (
      <>
        <h1 className="ds_page-header__title">{errorTitle(status)}</h1>
        <p>Your account does not have permission to see this page or do this.</p>
        <p>
          If you think you should have access, contact your council or organisation's administrator. <Link to="/">Go to the home page</Link>.
        </p>
      </>
    );
  }
  if (status === 400 || status === 409) {
    return (
      <>
        <h1 className="ds_page-header__title">{errorTitle(status)}</h1>
        <p>{message || "The request was not understood."}</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="ds_page-header__title">{errorTitle(status)}</h1>
      <p>Try again later.</p>
      <p>Nothing you have already saved has been lost. If you were part way through a form, you may need to enter your answers again.</p>
      <p>If the problem continues, contact your council.</p>
    </>
  );
}
