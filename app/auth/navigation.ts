import { isCouncilStaff, isPersonUser, isProviderUser, type Actor } from "./permissions";

export type NavItem = { to: string; label: string };

/** The main navigation for each kind of user. Each area adds its pages here as it is built. */
export function navigationFor(actor: Actor | null): NavItem[] {
  const findSupport: NavItem = { to: "/offers", label: "Find support" };
  if (!actor) return [{ to: "/", label: "Home" }, findSupport, { to: "/frameworks", label: "Provider frameworks" }];
  const items: NavItem[] = [{ to: "/", label: "Home" }, findSupport];
  if (actor.role === "practitioner") items.push({ to: "/people", label: "People" });
  if (actor.role !== "platform_admin") items.push({ to: "/agreements", label: "Agreements" });
  if (isCouncilStaff(actor) || isProviderUser(actor)) items.push({ to: "/funds", label: "Funds" });
  if (isPersonUser(actor)) {
    items.push(
      { to: "/my-support", label: "My support" },
      { to: "/my-support/invoices", label: "Support charged" },
      { to: "/shortlist", label: "Your shortlist" },
      { to: "/enquiries", label: "Enquiries" },
    );
  }
  if (actor.role === "finance") items.push({ to: "/council/invoices", label: "Invoices" }, { to: "/council/payment-runs", label: "Payment runs" });
  if (actor.role === "commissioner") {
    items.push(
      { to: "/commissioning/dashboard", label: "Dashboard" },
      { to: "/commissioning/frameworks", label: "Frameworks" },
      { to: "/commissioning/applications", label: "Applications" },
      { to: "/commissioning/compliance", label: "Compliance" },
      { to: "/agreements?status=awaiting_approval_any", label: "Agreements to approve" },
      { to: "/council/lists", label: "Council lists" },
      { to: "/council/agreement-template", label: "Agreement template" },
    );
  }
  if (actor.role === "practitioner" || actor.role === "commissioner") items.push({ to: "/reports/sds-return", label: "SDS return" });
  if (isProviderUser(actor)) {
    items.push(
      { to: "/provider/offers", label: "Service offers" },
      { to: "/provider/invoices", label: "Invoices" },
      { to: "/enquiries", label: "Enquiries" },
      { to: "/provider/frameworks", label: "Frameworks" },
      { to: "/provider/organisation", label: "Your organisation" },
    );
  }
  if (actor.role === "provider_admin") items.push({ to: "/provider/payments", label: "How you get paid" });
  items.push({ to: "/account", label: "Your account" });
  return items;
}
