import { describe, expect, it } from "vitest";
import { navigationFor, taskGroupsFor, tasksFor } from "./navigation";
import { ROLE_LABELS, type Actor } from "./permissions";

type Role = Actor["role"];

const actorWith = (role: Role): Actor => ({ id: "u1", name: "Test User", email: "t@example.test", role, councilId: "c1", organisationId: "o1" });
const roles = Object.keys(ROLE_LABELS) as Role[];

describe("navigation", () => {
  it.each(roles)("keeps the header short for a %s and lists every page on the home page", (role) => {
    const actor = actorWith(role);
    const header = navigationFor(actor);
    expect(header.length).toBeLessThanOrEqual(7);
    expect(header[0]?.to).toBe("/");
    expect(header.at(-1)?.to).toBe("/account");
    const listed = taskGroupsFor(actor).flatMap((g) => g.items.map((i) => i.to));
    for (const item of tasksFor(actor).filter((i) => i.to !== "/")) expect(listed).toContain(item.to);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("gives commissioners the dashboard in the header and the council settings on the home page", () => {
    const actor = actorWith("commissioner");
    expect(navigationFor(actor).map((i) => i.label)).toContain("Dashboard");
    const settings = taskGroupsFor(actor).find((g) => g.group === "Council settings");
    expect(settings?.items.map((i) => i.label)).toEqual(["Council lists", "Agreement template"]);
  });

  it.each(["supported_person", "representative"] as const)("gives a %s the provider frameworks beside finding support", (role) => {
    const header = navigationFor(actorWith(role)).map((i) => i.to);
    expect(header).toContain("/offers");
    expect(header).toContain("/frameworks");
    expect(taskGroupsFor(actorWith(role)).find((g) => g.group === "Find support")?.items.map((i) => i.label)).toContain("Provider frameworks");
  });

  it("shows visitors who are not signed in the public pages only", () => {
    expect(navigationFor(null).map((i) => i.to)).toEqual(["/", "/offers", "/frameworks"]);
  });
});
