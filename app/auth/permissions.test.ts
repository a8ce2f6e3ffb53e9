import { describe, expect, it } from "vitest";
import { Forbidden, NotFound } from "~/lib/errors";
import { authorise, can, type Actor } from "./permissions";

const actor = (role: Actor["role"], councilId: string | null, organisationId: string | null = null): Actor => ({
  id: `${role}-1`,
  name: "Test",
  email: "t@example.test",
  role,
  councilId,
  organisationId,
});

const clydevale = { councilId: "clydevale" };
const eastmuir = { councilId: "eastmuir" };

describe("permissions", () => {
  it("lets council staff work only in their own council", () => {
    expect(can(actor("practitioner", "clydevale"), "council.work", clydevale)).toBe(true);
    expect(can(actor("practitioner", "clydevale"), "council.work", eastmuir)).toBe(false);
    expect(can(actor("supported_person", "clydevale"), "council.work", clydevale)).toBe(false);
    expect(can(actor("provider_admin", null, "riverbank"), "council.work", clydevale)).toBe(false);
  });

  it("gives each council role its own powers", () => {
    expect(can(actor("commissioner", "clydevale"), "council.commission", clydevale)).toBe(true);
    expect(can(actor("finance", "clydevale"), "council.commission", clydevale)).toBe(false);
    expect(can(actor("finance", "clydevale"), "council.finance", clydevale)).toBe(true);
    expect(can(actor("commissioner", "eastmuir"), "council.commission", clydevale)).toBe(false);
  });

  it("lets only the finance team of a fund's council record ledger entries", () => {
    expect(can(actor("finance", "clydevale"), "ledger.record", clydevale)).toBe(true);
    expect(can(actor("finance", "eastmuir"), "ledger.record", clydevale)).toBe(false);
    for (const role of ["commissioner", "practitioner", "supported_person", "representative"] as const) {
      expect(can(actor(role, "clydevale"), "ledger.record", clydevale)).toBe(false);
    }
    expect(can(actor("provider_admin", null, "riverbank"), "ledger.record", clydevale)).toBe(false);
  });

  it("lets provider users act only for their own organisation, and only admins administer it", () => {
    expect(can(actor("provider_staff", null, "riverbank"), "provider.work", { organisationId: "riverbank" })).toBe(true);
    expect(can(actor("provider_staff", null, "riverbank"), "provider.administer", { organisationId: "riverbank" })).toBe(false);
    expect(can(actor("provider_admin", null, "riverbank"), "provider.administer", { organisationId: "riverbank" })).toBe(true);
    expect(can(actor("provider_admin", null, "riverbank"), "provider.work", { organisationId: "horizons" })).toBe(false);
  });

  it("lets only the framework council's commissioners manage and decide, and a document be read by its organisation or them", () => {
    expect(can(actor("commissioner", "clydevale"), "framework.manage", clydevale)).toBe(true);
    expect(can(actor("commissioner", "eastmuir"), "application.decide", clydevale)).toBe(false);
    expect(can(actor("practitioner", "clydevale"), "application.decide", clydevale)).toBe(false);
    expect(can(actor("provider_staff", null, "riverbank"), "application.edit", { organisationId: "riverbank" })).toBe(true);
    const document = { councilId: "clydevale", organisationId: "riverbank" };
    expect(can(actor("commissioner", "clydevale"), "document.read", document)).toBe(true);
    expect(can(actor("provider_staff", null, "riverbank"), "document.read", document)).toBe(true);
    expect(can(actor("provider_admin", null, "horizons"), "document.read", document)).toBe(false);
    expect(can(actor("commissioner", "eastmuir"), "document.read", document)).toBe(false);
    expect(can(actor("finance", "clydevale"), "document.read", document)).toBe(false);
  });

  it("refuses anonymous visitors everything that needs permission", () => {
    expect(can(null, "account.manage", {})).toBe(false);
  });

  it("refuses with Forbidden, or with NotFound when existence must not be confirmed", () => {
    expect(() => authorise(actor("practitioner", "eastmuir"), "council.work", clydevale)).toThrow(Forbidden);
    expect(() => authorise(actor("practitioner", "eastmuir"), "council.work", clydevale, { hide: true })).toThrow(NotFound);
    expect(() => authorise(actor("practitioner", "clydevale"), "council.work", clydevale)).not.toThrow();
  });
});
