import { expect, test } from "vitest";
import { fontRuns } from "./pdf-fonts.server";

test("each character goes to the first font that has it; none of them, a question mark", () => {
  expect(fontRuns("Zürich → 北京 한국 🙂", "regular")).toEqual([
    { font: "chain-0", text: "Zürich " },
    { font: "chain-1", text: "→ 北京 " },
    { font: "chain-2", text: "한국 ?" },
  ]);
  expect(fontRuns("Łódź", "bold")).toEqual([{ font: "chain-0-bold", text: "Łódź" }]);
});
