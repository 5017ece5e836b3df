import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { productionNodeFlags } from "./app-server";

describe("productionNodeFlags", () => {
  it("reads the Node options of package.json's serve script, which npm start uses too", () => {
    const packageJson = readFileSync("package.json", "utf8");
    const flags = productionNodeFlags(packageJson);
    expect(flags).toContain("--max-semi-space-size=64");
    const { scripts } = JSON.parse(packageJson) as { scripts: Record<string, string> };
    expect(scripts.start).toContain(`node ${flags.join(" ")} scripts/server.js`);
  });

  it("reads none, several, or refuses a serve script that does not run the server", () => {
    const serve = (command: string) => JSON.stringify({ scripts: { serve: command } });
    expect(productionNodeFlags(serve("NODE_ENV=production node scripts/server.js"))).toEqual([]);
    expect(
      productionNodeFlags(
        serve("node --max-semi-space-size=32 --max-old-space-size=2048 scripts/server.js"),
      ),
    ).toEqual(["--max-semi-space-size=32", "--max-old-space-size=2048"]);
    expect(() => productionNodeFlags(serve("node other.js"))).toThrow(/serve script/);
  });
});
