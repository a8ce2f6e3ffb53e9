import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, describeBars } from "./bar-chart";

const bars = [
  { key: "1", label: "Option 1", value: 2 },
  { key: "2", label: "Option 2", value: 5 },
  { key: "3", label: "Option 3", value: 0 },
];

describe("the bar chart", () => {
  it("describes every bar in words, largest first", () => {
    expect(describeBars(bars)).toBe("Option 2: 5; Option 1: 2; Option 3: 0.");
    expect(describeBars([])).toBe("Nothing to show yet.");
  });

  it("is an image named by its title and description, with its figures in a table and no inline styles", () => {
    const html = renderToStaticMarkup(<BarChart heading="People by SDS option" labelHeader="SDS option" valueHeader="People" bars={bars} />);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/);
    expect(html).toContain("<title");
    expect(html).toContain("Option 2: 5; Option 1: 2; Option 3: 0.");
    expect(html).toContain("People by SDS option, in figures");
    expect(html).not.toContain("style=");
  });
});
