import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Cookies" };

export default function Cookies() {
  return (
    <>
      <h1 className="ds_page-header__title">Cookies</h1>
      <p>Cookies are small files saved on your phone, tablet or computer when you visit a website.</p>
      <p>
        This service uses only strictly necessary cookies. They are needed for the service to work, so they do not need your consent.
        We do not use analytics, advertising or any other kind of cookie, and we do not let anyone else set cookies through this service.
      </p>
      <div className="ds_table-wrapper">
        <table className="ds_table">
          <caption className="ds_table__caption">Strictly necessary cookies</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Purpose</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>session</td>
              <td>Keeps you signed in. It holds a random code, not your personal information.</td>
              <td>When you sign out or close your browser, and after 8 hours without using the service</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
