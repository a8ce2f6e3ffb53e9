import { isProviderUser, type Actor } from "./permissions";

export type NavItem = { to: string; label: string };

/** The main navigation for each kind of user. Each area adds its pages here as it is built. */
export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor) return [{ to: "/", label: "Home" }, { to: "/frameworks", label: "Provider frameworks" }];
  const items: NavItem[] = [{ to: "/", label: "Home" }];
  if (actor.role === "practitioner") items.push({ to: "/people", label: "People" });
  if (actor.role === "supported_person" || actor.role === "representative") items.push({ to: "/my-support", label: "My support" });
  if (actor.role === "commissioner") items.push({ to: "/council/agreement-template", label: "Agreement template" });
  if (actor.role === "provider_admin") items.push({ to: "/provider/payments", label: "How you get paid" });
  if (actor.role === "commissioner") {
    items.push({ to: "/commissioning/dashboard", label: "Dashboard" }, { to: "/commissioning/frameworks", label: "Frameworks" }, { to: "/commissioning/applications", label: "Applications" }, { to: "/commissioning/compliance", label: "Compliance" });
  }
  if (actor.role === "practitioner" || actor.role === "commissioner") items.push({ to: "/reports/sds-return", label: "SDS return" });
  if (isProviderUser(actor)) items.push({ to: "/provider/frameworks", label: "Frameworks" }, { to: "/provider/organisation", label: "Your organisation" });
  items.push({ to: "/account", label: "Your account" });
  return items;
}
