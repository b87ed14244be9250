/**
 * Prints a markdown table of every API route, method and the role it needs, read from the `role`
 * property each app/**\/route.ts (the API and /metrics) passes to route({...}) (lib/auth/routeRoles.ts).
 *   npx tsx scripts/route-roles.ts [repository root]
 * Exits 1 when some route's role could not be read.
 */
import fs from "node:fs";
import path from "node:path";
import { parseRouteRoles, routePathOf, routeRolesTable, type RouteRoleRow } from "../lib/auth/routeRoles";

function routeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

const root = path.resolve(process.argv[2] ?? process.cwd());
const rows: RouteRoleRow[] = routeFiles(path.join(root, "app")).flatMap((file) => {
  const rel = path.relative(root, file);
  return parseRouteRoles(fs.readFileSync(file, "utf8")).map((r) => ({ ...r, route: routePathOf(rel) }));
});
if (rows.length === 0) {
  console.error(`no app/**/route.ts under ${root}`);
  process.exit(1);
}
console.log(routeRolesTable(rows));
const unreadable = rows.filter((r) => r.source === "unreadable").length;
if (unreadable > 0) {
  console.error(`\n${unreadable} route method(s) with a role that could not be read`);
  process.exit(1);
}
