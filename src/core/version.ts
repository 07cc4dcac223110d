import { readFileSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** stateguard's own version, from its package.json (this file runs from src/core or from dist/src/core). */
export function packageVersion(): string {
  if (cached === undefined) {
    const compiled = fileURLToPath(import.meta.url).includes(`${sep}dist${sep}`);
    const url = new URL(compiled ? "../../../package.json" : "../../package.json", import.meta.url);
    cached = (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  }
  return cached;
}
