import { isPersonUser, isProviderUser, type Actor } from "./permissions";

/** A page a user can go to: `header` ones are in the site header too; every one is listed on the home page under its group. */
export type NavItem = { to: string; label: string; group: string; header?: boolean };

const FIND_SUPPORT = "Find support";
const YOUR_SUPPORT = "Your support";
const PEOPLE = "People and agreements";
const COMMISSIONING = "Commissioning";
const SETTINGS = "Council settings";
const REPORTS = "Reports";
const PAYMENTS = "Invoices and payments";
const SERVICES = "Your services";
const ORGANISATION = "Your organisation";
const ACCOUNT = "Your account";

/** Every page each kind of user works with, grouped. Each area adds its pages here as it is built. */
export function tasksFor(actor: Actor | null): NavItem[] {
  const findSupport: NavItem = { to: "/offers", label: "Find support", group: FIND_SUPPORT, header: true };
  const frameworks: NavItem = { to: "/frameworks", label: "Provider frameworks", group: FIND_SUPPORT, header: true };
  if (!actor) return [{ to: "/", label: "Home", group: "", header: true }, findSupport, frameworks];
  const items: NavItem[] = [{ to: "/", label: "Home", group: "", header: true }];
  if (isPersonUser(actor)) {
    items.push(
      { to: "/my-support", label: "My support", group: YOUR_SUPPORT, header: true },
      { to: "/my-support/invoices", label: "Support charged", group: YOUR_SUPPORT },
      { to: "/agreements", label: "Agreements", group: YOUR_SUPPORT, header: true },
      { ...findSupport, group: FIND_SUPPORT },
      { to: "/shortlist", label: "Your shortlist", group: FIND_SUPPORT },
      { to: "/enquiries", label: "Enquiries", group: FIND_SUPPORT, header: true },
      frameworks,
    );
  }
  if (actor.role === "practitioner") {
    items.push(
      { to: "/people", label: "People", group: PEOPLE, header: true },
      { to: "/agreements", label: "Agreements", group: PEOPLE, header: true },
      { to: "/funds", label: "Funds", group: PEOPLE, header: true },
      { to: "/reports/sds-return", label: "SDS return", group: REPORTS },
      { ...findSupport, header: false },
    );
  }
  if (actor.role === "commissioner") {
    items.push(
      { to: "/commissioning/dashboard", label: "Dashboard", group: COMMISSIONING, header: true },
      { to: "/commissioning/frameworks", label: "Frameworks", group: COMMISSIONING, header: true },
      { to: "/commissioning/applications", label: "Applications", group: COMMISSIONING },
      { to: "/commissioning/compliance", label: "Compliance", group: COMMISSIONING },
      { to: "/agreements", label: "Agreements", group: PEOPLE, header: true },
      { to: "/agreements?status=awaiting_approval_any", label: "Agreements to approve", group: PEOPLE },
      { to: "/funds", label: "Funds", group: PEOPLE, header: true },
      { to: "/reports/sds-return", label: "SDS return", group: REPORTS },
      { to: "/council/lists", label: "Council lists", group: SETTINGS },
      { to: "/council/agreement-template", label: "Agreement template", group: SETTINGS },
      { ...findSupport, header: false },
    );
  }
  if (actor.role === "finance") {
    items.push(
      { to: "/council/invoices", label: "Invoices", group: PAYMENTS, header: true },
      { to: "/council/payment-runs", label: "Payment runs", group: PAYMENTS, header: true },
      { to: "/funds", label: "Funds", group: PEOPLE, header: true },
      { to: "/agreements", label: "Agreements", group: PEOPLE, header: true },
      { ...findSupport, header: false },
    );
  }
  if (isProviderUser(actor)) {
    items.push(
      { to: "/provider/offers", label: "Service offers", group: SERVICES, header: true },
      { to: "/enquiries", label: "Enquiries", group: SERVICES },
      { to: "/agreements", label: "Agreements", group: SERVICES, header: true },
      { to: "/funds", label: "Funds", group: PAYMENTS },
      { to: "/provider/invoices", label: "Invoices", group: PAYMENTS, header: true },
      { to: "/provider/frameworks", label: "Frameworks", group: ORGANISATION, header: true },
      { to: "/provider/organisation", label: "Your organisation", group: ORGANISATION },
    );
    if (actor.role === "provider_admin") items.push({ to: "/provider/payments", label: "How you get paid", group: PAYMENTS });
    items.push({ ...findSupport, header: false });
  }
  if (actor.role === "platform_admin") items.push(findSupport);
  items.push({ to: "/notifications", label: "Notifications", group: ACCOUNT }, { to: "/account", label: "Your account", group: ACCOUNT, header: true });
  return items;
}

/** The site header's navigation: the few pages each kind of user goes to most. */
export function navigationFor(actor: Actor | null): NavItem[] {
  return tasksFor(actor).filter((item) => item.header);
}

/** The home page's list: every page but home, grouped in the order the groups first appear. */
export function taskGroupsFor(actor: Actor): { group: string; items: NavItem[] }[] {
  const groups = new Map<string, NavItem[]>();
  for (const item of tasksFor(actor)) {
    if (item.to === "/") continue;
    groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}
