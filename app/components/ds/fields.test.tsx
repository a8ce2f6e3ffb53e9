import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkboxes, Radios } from "./fields";

const ids = (html: string) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
const options = [
  { value: "a", label: "Ann Practitioner", hint: "ann@clydevale.example" },
  { value: "b", label: "Bob Practitioner", hint: "bob@clydevale.example" },
];

describe("choices with hints", () => {
  it("give the group's hint and each option's hint ids of their own", () => {
    for (const Choice of [Radios, Checkboxes]) {
      const html = renderToStaticMarkup(<Choice name="practitionerId" legend="Practitioner" hint="Who looks after the person" options={options} />);
      const found = ids(html);
      expect(new Set(found).size, html).toBe(found.length);
      expect(html).toContain('aria-describedby="practitionerId-hint"');
      expect(html).toMatch(/id="practitionerId" name="practitionerId" aria-describedby="practitionerId-item-hint"/);
    }
  });
});
