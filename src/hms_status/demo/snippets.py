"""Source templates of demo components ($-placeholders filled per component by demo.sources)."""

from __future__ import annotations

PY_INIT = '"""$id: $description."""\n\n__version__ = "$version"\n'
PY_CORE = (
    '"""$id core logic: $description."""\n\nfrom __future__ import annotations\n\n'
    'SERVICE = "$slug"\nVERSION = "$version"\n',
    '\n\ndef health() -> dict[str, str]:\n    """Report liveness for probes."""\n'
    '    return {"service": SERVICE, "status": "ok", "version": VERSION}\n',
    '\n\ndef double(value: int) -> int:\n    """The unit of business logic the tests exercise."""\n'
    "    return value * 2\n",
    '\n\ndef normalize_id(raw: str) -> str:\n    """Canonical form of an identifier."""\n'
    '    return raw.strip().upper().replace(" ", "-")\n',
    "\n\ndef batches(items: list[str], size: int) -> list[list[str]]:\n"
    '    """Split work into fixed-size batches."""\n'
    "    return [items[i : i + size] for i in range(0, len(items), size)]\n",
)
PY_TEST_HEADER = '"""Tests of $id core logic."""\n\nfrom $pkg.core import double\n'
PY_RUNNER = '''\
"""Run tests/test_*.py without pytest and write a JUnit XML report: run_tests.py [REPORT]."""

import importlib.util
import sys
import time
import traceback
from pathlib import Path
from xml.etree import ElementTree as ET


def run_module(path, suite):
    """Run every test_* function of one file, adding a testcase element for each."""
    failures = 0
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, test in vars(module).items():
        if not (name.startswith("test_") and callable(test)):
            continue
        case = ET.SubElement(suite, "testcase", classname=f"tests.{path.stem}", name=name)
        began = time.perf_counter()
        try:
            test()
        except AssertionError as exc:
            failures += 1
            failure = ET.SubElement(case, "failure", message=str(exc) or "assertion failed")
            failure.text = traceback.format_exc()
        case.set("time", f"{time.perf_counter() - began:.4f}")
    return failures


def main(report):
    """Run the suite, write the report, exit 1 when a test failed."""
    sys.path.insert(0, "src")
    root = ET.Element("testsuites")
    suite = ET.SubElement(root, "testsuite", name="tests")
    failures = sum(run_module(p, suite) for p in sorted(Path("tests").glob("test_*.py")))
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    out = Path(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    print(f"{len(suite)} tests, {failures} failed; report in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "reports/junit.xml"))
'''
JS_INDEX = (
    "'use strict';\n\nconst http = require('node:http');\n\nconst SERVICE = '$slug';\n",
    "\nexports.health = function health() {\n"
    "  return { service: SERVICE, status: 'ok', version: '$version' };\n};\n",
    "\nexports.double = function double(value) {\n  return value * 2;\n};\n",
    "\nif (require.main === module) {\n  const port = Number(process.env.PORT || 3000);\n"
    "  http\n    .createServer((req, res) => {\n"
    "      res.setHeader('content-type', 'application/json');\n"
    "      res.end(JSON.stringify(exports.health()));\n    })\n    .listen(port);\n}\n",
)
JS_TEST_HEADER = (
    "'use strict';\n\nconst test = require('node:test');\nconst assert = require('node:assert');\n"
    "const app = require('../src/index.js');\n"
)
JS_TEST = "\ntest('$name', () => {\n  assert.strictEqual(app.double(2), 4);\n});\n"
GO_MAIN = (
    'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os"\n)\n\n'
    '// Version is the release of $slug.\nconst Version = "$version"\n',
    "\n// Health reports liveness for probes.\nfunc Health() map[string]string {\n"
    '\treturn map[string]string{"service": "$slug", "status": "ok", "version": Version}\n}\n',
    "\n// Double is the unit of business logic the tests exercise.\n"
    "func Double(value int) int {\n\treturn value * 2\n}\n",
    '\nfunc main() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n'
    '\thttp.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {\n'
    '\t\tfmt.Fprintf(w, "{\\"status\\": %q}\\n", Health()["status"])\n\t})\n'
    '\t_ = http.ListenAndServe(":"+port, nil)\n}\n',
)
GO_TEST_HEADER = 'package main\n\nimport "testing"\n'
GO_TEST = (
    '\nfunc $name(t *testing.T) {\n\tif Double(2) != 4 {\n\t\tt.Fatal("Double(2) != 4")\n\t}\n}\n'
)
RS_MAIN = (
    '//! $id: $description.\n\npub const VERSION: &str = "$version";\n',
    '\n/// Report liveness for probes.\npub fn health() -> &\'static str {\n    "ok"\n}\n',
    "\n/// The unit of business logic the tests exercise.\n"
    "pub fn double(value: i64) -> i64 {\n    value * 2\n}\n",
    '\nfn main() {\n    println!("$slug {} is {}", VERSION, health());\n}\n',
)
RS_TEST = "\n#[test]\nfn $name() {\n    assert_eq!(2 * 2, 4);\n}\n"
RB_LIB = (
    "# frozen_string_literal: true\n\n# $id: $description.\n"
    'module $module\n  VERSION = "$version"\nend\n',
    "\nmodule $module\n  def self.health\n"
    '    { service: "$slug", status: "ok", version: VERSION }\n  end\nend\n',
    "\nmodule $module\n  def self.double(value)\n    value * 2\n  end\nend\n",
)
RB_RACKUP = (
    'require "json"\nrequire_relative "lib/$pkg"\n\n'
    'run ->(_env) { [200, { "content-type" => "application/json" }, [$module.health.to_json]] }\n'
)
RB_SPEC_HEADER = 'require_relative "../lib/$pkg"\n\nRSpec.describe $module do\n'
RB_SPEC = '  it "$name" do\n    expect($module.double(2)).to eq(4)\n  end\n'
