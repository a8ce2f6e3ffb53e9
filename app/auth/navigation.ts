import { isPersonUser, isProviderUser, type Actor } from "./permissions";

export type NavItem = { to: string; label: string };

/** The main navigation for each kind of user. Each area adds its pages here as it is built. */
export function navigationFor(actor: Actor | null): NavItem[] {
  const findSupport: NavItem = { to: "/offers", label: "Find support" };
  if (!actor) return [{ to: "/", label: "Home" }, findSupport];
  const items: NavItem[] = [{ to: "/", label: "Home" }, findSupport];
  if (isPersonUser(actor)) items.push({ to: "/shortlist", label: "Your shortlist" }, { to: "/enquiries", label: "Enquiries" });
  if (isProviderUser(actor)) items.push({ to: "/provider/offers", label: "Service offers" }, { to: "/enquiries", label: "Enquiries" });
  if (actor.role === "commissioner") items.push({ to: "/council/lists", label: "Council lists" });
  if (actor.role === "commissioner") items.push({ to: "/council/agreement-template", label: "Agreement template" });
  items.push({ to: "/account", label: "Your account" });
  return items;
}
