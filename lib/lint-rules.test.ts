/**
 * The layer rules of .config/eslint.config.mjs (docs/architecture.md, "Layers") catch what they are
 * for: each case lints a small file placed in a layer and expects the rule's error, so a config
 * change that loses a rule, or stops resolving the `@/` alias, fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const overrideConfigFile = path.join(root, ".config/eslint.config.mjs");
const eslint = new ESLint({ cwd: root, overrideConfigFile });
// import/no-cycle cannot follow a file that is not on disk (it throws), so the in-memory snippets are
// linted without it; the cycle case below writes real files.
const snippets = new ESLint({ cwd: root, overrideConfigFile, overrideConfig: { rules: { "import/no-cycle": "off" } } });

const ZONES = "import/no-restricted-paths";
const CYCLE = "import/no-cycle";

/** The messages of `rule` for `code`, linted as if it were the file at `file` (relative to the root). */
async function lint(code: string, file: string, rule: string): Promise<Linter.LintMessage[]> {
  const [result] = await snippets.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === rule);
}

describe("layer zones", () => {
  it("refuses db/ in components/, through the @/ alias and relative paths alike", async () => {
    const alias = await lint(`import { users } from "@/db/schema";\nexport const x = users;\n`, "components/ui/probe.ts", ZONES);
    expect(alias).toHaveLength(1);
    expect(alias[0]!.message).toMatch(/components\/ never import db\//);
    const relative = await lint(`import { users } from "../../db/schema";\nexport const x = users;\n`, "components/ui/probe.ts", ZONES);
    expect(relative).toHaveLength(1);
  });

  it("keeps lib/metrics/ pure: no db/, and no lib/ beyond metrics and domain", async () => {
    const db = await lint(`import { users } from "@/db/schema";\nexport const x = users;\n`, "lib/metrics/probe.ts", ZONES);
    expect(db.map((m) => m.message)).toEqual([expect.stringMatching(/lib\/metrics\/ is pure/)]);
    const env = await lint(`import { env } from "@/lib/env";\nexport const x = env;\n`, "lib/metrics/probe.ts", ZONES);
    expect(env).toHaveLength(1);
    const domain = await lint(`import { channels } from "@/lib/domain/channels";\nexport const x = channels;\n`, "lib/metrics/probe.ts", ZONES);
    expect(domain).toEqual([]);
  });

  it("refuses app/ and components/ in db/", async () => {
    const messages = await lint(`import { Badge } from "../components/ui/card";\nexport const x = Badge;\n`, "db/probe.ts", ZONES);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/db\/ never imports app\/ or components\//);
  });
});

describe("import cycles", () => {
  it("are an error", async () => {
    // Cycles are found by reading the files the imports name, so these two must exist on disk.
    const dir = fs.mkdtempSync(path.join(root, "lib", "__cycle_probe_"));
    try {
      const a = path.join(dir, "a.ts");
      const b = path.join(dir, "b.ts");
      fs.writeFileSync(a, `import { b } from "./b";\nexport const a = () => b;\n`);
      fs.writeFileSync(b, `import { a } from "@/lib/${path.basename(dir)}/a";\nexport const b = () => a;\n`);
      const results = await eslint.lintFiles([a, b]);
      for (const result of results) {
        expect(result.messages.filter((m) => m.ruleId === CYCLE).map((m) => m.message)).toEqual(["Dependency cycle detected."]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
