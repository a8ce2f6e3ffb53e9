import type { Actor } from "./permissions";

export type NavItem = { to: string; label: string };

/** The main navigation for each kind of user. Each area adds its pages here as it is built. */
export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor) return [{ to: "/", label: "Home" }];
  const items: NavItem[] = [{ to: "/", label: "Home" }];
  if (actor.role === "commissioner") items.push({ to: "/council/agreement-template", label: "Agreement template" });
  if (actor.role === "practitioner") items.push({ to: "/people", label: "People" });
  if (actor.role === "supported_person" || actor.role === "representative") items.push({ to: "/my-support", label: "My support" }, { to: "/my-support/invoices", label: "Support charged" });
  if (actor.role === "finance") items.push({ to: "/council/invoices", label: "Invoices" }, { to: "/council/payment-runs", label: "Payment runs" });
  if (actor.role === "provider_admin" || actor.role === "provider_staff") items.push({ to: "/provider/invoices", label: "Invoices" });
  if (actor.role === "provider_admin") items.push({ to: "/provider/payments", label: "How you get paid" });
  items.push({ to: "/account", label: "Your account" });
  return items;
}
