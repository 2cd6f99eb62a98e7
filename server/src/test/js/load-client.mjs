// Imports the browser client as the browser does: its ES modules, from a copy in a directory that Node reads as
// modules (the webapp serves them as plain .js files, which Node would otherwise take for CommonJS).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const webapp = fileURLToPath(new URL("../../main/webapp/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "switchboard-js-"));
writeFileSync(join(dir, "package.json"), '{"type":"module"}');
for (const file of ["switchboard.js", "switchboard-stream.js"]) copyFileSync(join(webapp, file), join(dir, file));
const client = await import(pathToFileURL(join(dir, "switchboard.js")).href);
const stream = await import(pathToFileURL(join(dir, "switchboard-stream.js")).href);
rmSync(dir, { recursive: true, force: true });

export const { connect, matches } = client;
export const { readEvents, resumeId } = stream;
