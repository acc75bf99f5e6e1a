// Grade pages of a local front with the MDN HTTP Observatory's own retriever, tests and grader (the package's
// scan() takes no port or path, so this does what it does with them). Prints one JSON object per page.
//   NODE_EXTRA_CA_CERTS=ca.pem node scan.mjs <host> <http port> <https port> <path>...
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import { getGradeForScore, getScoreModifier } from "@mdn/mdn-http-observatory/src/grader/grader.js";

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// The package's install script downloads Chromium's HSTS preload list, which `npm ci --ignore-scripts` skips (and
// only package registries are reachable here). No test host is on that list, so an empty one grades the same.
const packageRoot = path.dirname(createRequire(import.meta.url).resolve("@mdn/mdn-http-observatory/package.json"));
const preload = path.join(packageRoot, "conf", "hsts-preload.json");
if (!fs.existsSync(preload)) fs.writeFileSync(preload, "{}");

const [host, httpPort, httpsPort, ...paths] = process.argv.slice(2);

for (const path of paths) {
  const requests = await retrieve(host, { httpPort, httpsPort, path });
  const status = requests.responses.auto?.status ?? null;
  let extra = 100;
  let uncurved = 100;
  const failed = [];
  for (const test of ALL_TESTS) {
    const result = test(requests);
    if (!result.result) continue;
    const modifier = getScoreModifier(result.result);
    extra += modifier;
    if (modifier < 0) uncurved += modifier;
    if (!result.pass) failed.push(result.result);
  }
  const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? extra : uncurved;
  const { grade } = getGradeForScore(score);
  console.log(JSON.stringify({ path, status, grade, score, failed }));
}
