/**
 * The access matrix, derived from the code: every page under app/(app) with the permission its
 * guardedPage names, every session route handler with its guardedRoute permissions, and every
 * server action (from the build's action manifest) with its guardedAction permission. A new page,
 * route or action is covered without editing the tests.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Permission } from "@/lib/auth/permissions";

const root = path.resolve(import.meta.dirname, "..");
const appDir = path.join(root, "app");

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : filesNamed(full, name);
    return entry.name === name ? [full] : [];
  });
}

/** "app/(app)/accounts/[id]/page.tsx" → "/accounts/[id]" (route groups dropped). */
export function routeOf(file: string): string {
  const parts = path.relative(appDir, path.dirname(file)).split(path.sep).filter((p) => p !== "" && !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

function stringsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isStringLiteral(e) ? [e.text] : []));
  return [];
}

/** The permissions named by the first call to `guard` in the file (its first argument). */
function firstGuardPermissions(file: string, guard: string): Permission[] {
  let found: Permission[] | null = null;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === guard && node.arguments[0]) {
      found = stringsOf(node.arguments[0]) as Permission[];
      return;
    }
    node.forEachChild(visit);
  };
  visit(parse(file));
  if (!found || (found as Permission[]).length === 0) throw new Error(`${path.relative(root, file)}: no ${guard}("permission", …) found`);
  return found;
}

export interface GuardedPage {
  route: string;
  permission: Permission;
}

export const appPages: GuardedPage[] = filesNamed(path.join(appDir, "(app)"), "page.tsx").map((file) => ({
  route: routeOf(file),
  permission: firstGuardPermissions(file, "guardedPage")[0]!,
}));

export interface GuardedRoute {
  route: string;
  method: string;
  permissions: Permission[];
}

/** Session route handlers (guardedRoute); API-key and public ones are left to their own tests. */
export const sessionRoutes: GuardedRoute[] = filesNamed(appDir, "route.ts").flatMap((file) => {
  const text = fs.readFileSync(file, "utf8");
  const methods = [...text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = guardedRoute\b/g)].map((m) => m[1]!);
  return methods.map((method) => ({ route: routeOf(file), method, permissions: firstGuardPermissions(file, "guardedRoute") }));
});

/** The property `name` of an object literal, looking into spreads of local consts (`...manageUsers`). */
function propertyOf(source: ts.SourceFile, literal: ts.ObjectLiteralExpression, name: string): ts.Expression | null {
  for (const property of literal.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText(source) === name) return property.initializer;
    if (ts.isSpreadAssignment(property) && ts.isIdentifier(property.expression)) {
      const target = property.expression.text;
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const d of statement.declarationList.declarations) {
          let init = d.initializer;
          while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
          if (ts.isIdentifier(d.name) && d.name.text === target && init && ts.isObjectLiteralExpression(init)) {
            const inner = propertyOf(source, init, name);
            if (inner) return inner;
          }
        }
      }
    }
  }
  return null;
}

/** The permission of an exported server action, or null for a publicAction. */
export function actionPermission(file: string, exportedName: string): Permission | null {
  const source = parse(path.join(root, file));
  const guardCall = (expression: ts.Expression | undefined): ts.CallExpression | null => {
    if (!expression || !ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression)) return null;
    const callee = expression.expression.text;
    if (["guardedAction", "guardedFormAction", "publicAction"].includes(callee)) return expression;
    // A local factory such as signalLog(…): the guard call it returns.
    for (const statement of source.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === callee && statement.body) {
        const returned = statement.body.statements.find(ts.isReturnStatement)?.expression;
        return guardCall(returned);
      }
    }
    return null;
  };
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== exportedName) continue;
      const call = guardCall(d.initializer);
      if (!call) throw new Error(`${file} ${exportedName}: not a guarded action`);
      if ((call.expression as ts.Identifier).text === "publicAction") return null;
      const spec = call.arguments[0];
      const permission = spec && ts.isObjectLiteralExpression(spec) ? propertyOf(source, spec, "permission") : null;
      if (!permission || !ts.isStringLiteral(permission)) throw new Error(`${file} ${exportedName}: its permission is not a literal`);
      return permission.text as Permission;
    }
  }
  throw new Error(`${file}: no export ${exportedName}`);
}

export interface ServerAction {
  id: string;
  file: string;
  name: string;
  /** A page the action is served from (a route with [segments] to fill). */
  route: string;
  permission: Permission | null;
}

/** Every server action of the build, with the page it is served from and its permission. */
export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((w) => w.endsWith("/page")) ?? Object.keys(entry.workers)[0]!;
    return {
      id,
      file: entry.filename,
      name: entry.exportedName,
      route: routeOf(path.join(root, `${worker}.tsx`)),
      permission: actionPermission(entry.filename, entry.exportedName),
    };
  });
}
