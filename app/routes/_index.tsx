import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { taskGroupsFor } from "~/auth/navigation";
import { isProviderUser, ROLE_LABELS, type Actor } from "~/auth/permissions";
import { organisationNameOf } from "~/auth/profile.server";
import { getActor } from "~/auth/session.server";
import { ButtonLink, Tag, WarningText } from "~/components/ds";
import { providerEvidenceDue } from "~/domain/frameworks/compliance.server";
import { recentNotifications, unreadCount } from "~/domain/notifications/notifications.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Home" };

/** What each kind of user comes here to do, in a sentence. */
const ROLE_INTRO: Record<Actor["role"], string> = {
  supported_person: "See your budget and the outcomes you want, find providers, and follow your support and spending.",
  representative: "Act for the people who have given you authority: their budgets, choices, agreements and statements.",
  practitioner: "Record the people you work with, their budgets and outcomes, and invite them to choose their support.",
  commissioner: "Run your council's provider framework, approve Option 2 agreements and watch spending and outcomes.",
  finance: "Approve provider invoices against Individual Service Funds and pay providers on time.",
  provider_admin: "Apply to council frameworks, publish your service offers, agree support with people and invoice for it.",
  provider_staff: "Answer enquiries, agree support with people and invoice for it.",
  platform_admin: "Look after the councils that use this service.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const actor = await getActor(request);
    if (!actor) return { signedIn: false as const };
    const db = database();
    return {
      signedIn: true as const,
      name: actor.name,
      role: ROLE_LABELS[actor.role],
      intro: ROLE_INTRO[actor.role],
      organisation: organisationNameOf(db, actor),
      groups: taskGroupsFor(actor),
      notifications: recentNotifications(db, actor.id).map((n) => ({ id: n.id, message: n.message, link: n.link, at: formatDateTime(n.createdAt), unread: !n.readAt })),
      unread: unreadCount(db, actor.id),
      evidence: isProviderUser(actor) ? evidencePanel(providerEvidenceDue(db, actor)) : null,
    };
  });
}

/** A provider's evidence to renew, as its home page words it. */
function evidencePanel({ items, actionNeeded }: ReturnType<typeof providerEvidenceDue>) {
  return {
    actionNeeded,
    items: items.map((item) => ({
      key: `${item.applicationId}-${item.criterionId}`,
      text: `${item.criterion} for ${item.framework} ${
        item.expired ? `expired on ${formatDate(item.expiresOn)}` : item.daysLeft === 0 ? "expires today" : `expires on ${formatDate(item.expiresOn)}, in ${item.daysLeft === 1 ? "1 day" : `${item.daysLeft} days`}`
      }`,
      expired: item.expired,
      mandatory: item.mandatory,
      renew: `/provider/applications/${item.applicationId}/criteria/${item.criterionId}`,
      criterion: item.criterion,
    })),
  };
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, "-");

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (!data.signedIn) return <StartPage />;
  return (
    <>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">
          {data.role}
          {data.organisation && `, ${data.organisation}`}
        </span>
        <h1 className="ds_page-header__title">Hello, {data.name.split(" ")[0]}</h1>
      </header>
      <p className="ds_lead">{data.intro}</p>
      {data.evidence && data.evidence.items.length > 0 && (
        <section aria-labelledby="evidence-due">
          <h2 id="evidence-due">
            Evidence to renew {data.evidence.actionNeeded && <Tag colour="red">Action needed</Tag>}
          </h2>
          {data.evidence.actionNeeded && (
            <WarningText>Mandatory evidence has expired: until you upload the renewed evidence, your organisation cannot enter new agreements.</WarningText>
          )}
          <ul>
            {data.evidence.items.map((item) => (
              <li key={item.key}>
                {item.text}
                {item.expired && item.mandatory && " (mandatory)"}.{" "}
                <Link to={item.renew}>
                  Renew<span className="visually-hidden"> {item.criterion}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>What you can do</h2>
      {data.groups.map(({ group, items }) => (
        <section key={group} aria-labelledby={`tasks-${slug(group)}`}>
          <h3 id={`tasks-${slug(group)}`}>{group}</h3>
          <ul className="ds_no-bullets">
            {items.map((link) => (
              <li key={link.to}>
                <Link to={link.to}>{link.label}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Notifications</h2>
      {data.notifications.length === 0 ? (
        <p>You have no notifications.</p>
      ) : (
        <ul className="ds_no-bullets">
          {data.notifications.map((n) => (
            <li key={n.id}>
              {n.unread && (
                <>
                  <Tag colour="blue">New</Tag>{" "}
                </>
              )}
              {n.link ? <Link to={n.link}>{n.message}</Link> : n.message} <span className="ds_hint-text">{n.at}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/notifications">{data.unread > 0 ? `All your notifications (${data.unread} new)` : "All your notifications"}</Link>
      </p>
    </>
  );
}

function StartPage() {
  return (
    <>
      <h1 className="ds_page-header__title">Choose and direct your support</h1>
      <p className="ds_lead">
        If your council has agreed a budget for your social care, you can choose who provides your support and decide how the money
        is used, while the council or your provider looks after the paperwork. This is Self-directed Support Option 2.
      </p>
      <p>With this service you can:</p>
      <ul>
        <li>find and compare support providers that work with your council</li>
        <li>agree with a provider how your budget will be used to meet the outcomes that matter to you</li>
        <li>sign your agreement online, and see every penny spent from your budget</li>
      </ul>
      <p>Providers, social workers and council teams use it to do their part.</p>
      <ButtonLink to="/login">Sign in</ButtonLink>
      <h2>If you do not have an account</h2>
      <p>
        Ask your social worker to invite you. If you do not have a social worker, contact your council's social work department to ask
        for an assessment.
      </p>
    </>
  );
}
