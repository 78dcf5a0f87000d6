/**
 * Every way into the app goes through the guard: each page's default export is guardedPage (or a
 * publicPage saying why), each server action is a guardedAction / guardedFormAction (or a
 * publicAction), each route handler a guardedRoute / apiKeyRoute (or a publicRoute). Read from the
 * source, so a new page, action or route is checked without editing this test.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const appDir = path.join(root, "app");

const pageGuards = new Set(["guardedPage", "publicPage"]);
const actionGuards = new Set(["guardedAction", "guardedFormAction", "publicAction"]);
const routeGuards = new Set(["guardedRoute", "apiKeyRoute", "publicRoute"]);
const httpMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** What reads the database directly; a page may use it only inside its guarded render function. */
const databaseHandles = new Set(["getDb", "getDatabase"]);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(root, file);
const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const hasExport = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const calleeName = (node: ts.Expression | undefined): string | null =>
  node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : null;

function isUseServer(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && statement.expression.text === "use server";
}

/** Local functions that return a call to one of `guards` (a factory such as signals' signalLog). */
function guardFactories(source: ts.SourceFile, guards: Set<string>): Set<string> {
  const factories = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isFunctionDeclaration(statement) || !statement.name || !statement.body) continue;
    const returns = statement.body.statements.filter(ts.isReturnStatement);
    if (returns.length > 0 && returns.every((r) => guards.has(calleeName(r.expression) ?? ""))) factories.add(statement.name.text);
  }
  return factories;
}

interface Export {
  name: string;
  guard: string | null;
  node: ts.Node;
}

/** The file's exports: `export const X = f(…)` (with f's name), `export function X` / `export default …`. */
function exportsOf(source: ts.SourceFile): Export[] {
  const found: Export[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && hasExport(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) found.push({ name: d.name.text, guard: calleeName(d.initializer), node: d });
        else found.push({ name: d.name.getText(source), guard: null, node: d });
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasExport(statement)) {
      const isDefault = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      found.push({ name: isDefault ? "default" : (statement.name?.text ?? "?"), guard: null, node: statement });
    } else if (ts.isExportAssignment(statement)) {
      found.push({ name: "default", guard: calleeName(statement.expression), node: statement });
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      found.push({ name: statement.getText(source), guard: null, node: statement });
    }
  }
  return found;
}

function visit(node: ts.Node, each: (node: ts.Node) => void) {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

const files = filesUnder(appDir).filter((f) => !f.includes(`${path.sep}_guard${path.sep}`));
const pages = files.filter((f) => path.basename(f) === "page.tsx");
const routes = files.filter((f) => path.basename(f) === "route.ts");
const actionFiles = files.filter((f) => parse(f).statements.some(isUseServer));

describe("every entry point goes through the guard", () => {
  it("finds the app's pages, actions and routes", () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(actionFiles.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of pages) {
    it(`page ${rel(file)}: guardedPage first, no database outside it`, () => {
      const source = parse(file);
      const exported = exportsOf(source).find((e) => e.name === "default");
      expect(exported?.guard, "the default export must be guardedPage(…) (or publicPage(…) saying why)").toSatisfy((g: string | null) => pageGuards.has(g ?? ""));
      const guarded = (exported!.node as ts.ExportAssignment).expression;
      visit(source, (node) => {
        if (ts.isIdentifier(node) && databaseHandles.has(node.text) && !ts.isImportSpecifier(node.parent)) {
          const inside = node.getStart() >= guarded.getStart() && node.getEnd() <= guarded.getEnd();
          expect(inside, `${node.text} at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} runs outside the guard`).toBe(true);
        }
      });
    });
  }

  for (const file of files.filter((f) => path.basename(f) === "layout.tsx")) {
    it(`layout ${rel(file)} reads no data (a layout's check does not protect its page)`, () => {
      const source = parse(file);
      visit(source, (node) => {
        if (ts.isIdentifier(node) && databaseHandles.has(node.text)) expect.fail(`${node.text} in a layout`);
        if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
          expect((node.moduleSpecifier as ts.StringLiteral).text, "a layout imports no queries").not.toMatch(/^@\/db\//);
        }
      });
    });
  }

  for (const file of actionFiles) {
    const source = parse(file);
    const factories = guardFactories(source, actionGuards);
    for (const action of exportsOf(source)) {
      it(`action ${rel(file)} ${action.name} is guarded`, () => {
        const guard = action.guard !== null && factories.has(action.guard) ? "guardedAction" : action.guard;
        expect(guard, "export each action as guardedAction(…) / guardedFormAction(…) (or publicAction(…) saying why)").toSatisfy((g: string | null) => actionGuards.has(g ?? ""));
      });
    }
  }

  for (const file of routes) {
    const source = parse(file);
    for (const handler of exportsOf(source).filter((e) => httpMethods.has(e.name) || e.name === "default" || e.name.includes("{"))) {
      it(`route ${rel(file)} ${handler.name} is guarded`, () => {
        expect(handler.guard, "export each method as guardedRoute(…) / apiKeyRoute(…) (or publicRoute(…) saying why)").toSatisfy((g: string | null) => routeGuards.has(g ?? ""));
      });
    }
  }

  it("no server action is declared inline, outside an actions file", () => {
    for (const file of files) {
      const source = parse(file);
      visit(source, (node) => {
        if (ts.isBlock(node) && node.statements.some(isUseServer)) expect.fail(`an inline "use server" function in ${rel(file)}: put it in an actions file through the guard`);
      });
    }
  });
});
