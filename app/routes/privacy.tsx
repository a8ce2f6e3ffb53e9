import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Privacy notice" };

export default function Privacy() {
  return (
    <>
      <h1 className="ds_page-header__title">Privacy notice</h1>
      <p>
        Your council is the data controller for the information this service holds about people who receive Self-directed Support.
        Providers you choose are data processors for the information they need to deliver and invoice for your support.
      </p>
      <h2>What we collect</h2>
      <ul>
        <li>your name, date of birth, address, contact preferences and communication needs</li>
        <li>your assessed individual budget, your personal outcomes and your choice of Self-directed Support option</li>
        <li>the details of anyone who represents you, and the legal authority they hold</li>
        <li>your agreements with providers, and every payment made from your Individual Service Fund</li>
        <li>a record of who has looked at or changed your information, and when</li>
      </ul>
      <h2>Why we collect it</h2>
      <p>
        To meet the council's duties under the Social Care (Self-directed Support) (Scotland) Act 2013: to arrange the support you
        choose, to pay providers for it, and to show you how your budget is being spent. The lawful basis is the performance of a task
        carried out in the public interest; health and care information is processed for the provision of social care.
      </p>
      <h2>Who can see it</h2>
      <p>
        Only you, the people you have authorised to act for you, the council staff working with you, and the provider of your
        agreement. Information about providers admitted to a council's framework is public. Individual agreements are never published.
      </p>
      <h2>How long we keep it</h2>
      <p>Records are kept for as long as the council's retention schedule for social care records requires, then deleted.</p>
      <h2>Your rights</h2>
      <p>
        You can ask to see the information held about you, to have mistakes corrected, and in some cases to have it deleted or its use
        restricted. Contact your council's data protection officer. You can also complain to the Information Commissioner's Office.
      </p>
    </>
  );
}
