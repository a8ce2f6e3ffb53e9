import { Link } from "@remix-run/react";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "You have signed out" };

export default function SignedOut() {
  return (
    <>
      <h1 className="ds_page-header__title">You have signed out</h1>
      <p>You have been signed out of Choice and Control on this device.</p>
      <p>
        <Link to="/login">Sign in again</Link>
      </p>
    </>
  );
}
