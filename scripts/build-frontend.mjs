// Copy the front-end libraries installed by `npm ci` into Jalon's static files.
// The list is explicit so that a reader sees every third-party file the pages load.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "jalon", "static", "vendor");
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
};

mkdirSync(vendor, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(vendor, to));
  console.log(`vendor/${to} <- ${from}`);
}
