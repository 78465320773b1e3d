import { execFileSync, spawnSync } from "node:child_process";
import { expect, test } from "./support";

// The contract test: Schemathesis reads the API's own OpenAPI document and calls every operation with the requests
// it allows (and some it does not). No answer may be a 5xx, and every answer must match the schema the document gives
// for its status and content type. It runs once, as the JavaScript project, against the release build the other
// specs use (the "nojs" project ignores *.api.spec.ts: it would run the same calls again).
const server = process.env.PITLANE_E2E_SERVER ?? "../target/release/server";
const scopes = [
  "vehicles:read", "vehicles:write", "service:write", "recalls:write", "bookings:read", "bookings:write", "cases:write",
  "leads:read", "leads:write", "loyalty:write", "callers:read", "events:read",
].join(",");

test("every operation answers as its OpenAPI document says, and never with a server error", async ({ baseURL }) => {
  test.setTimeout(600_000);
  const printed = execFileSync(server, ["api-key", "create", "--name", "contract test", "--scopes", scopes], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "sqlite://.data/e2e.db" },
  });
  const key = printed.trim().split(/\s+/).pop() ?? "";
  expect(key).toMatch(/^pl_[A-Za-z0-9]{40}$/);

  const run = spawnSync(
    "python3",
    [
      "-m", "schemathesis.cli", "run", `${baseURL}/api/v1/openapi.json`,
      "--header", `Authorization: Bearer ${key}`,
      "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
      "--phases", "examples,coverage,fuzzing",
      "--max-examples", "25",
      "--workers", "1",
      "--rate-limit", "auto",
      "--suppress-health-check", "all",
      "--seed", "2026",
      "--no-color",
    ],
    { encoding: "utf8", timeout: 540_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = `${run.stdout}\n${run.stderr}`;
  console.log(report.split("\n").slice(-40).join("\n"));
  expect(run.error, "schemathesis ran").toBeUndefined();
  expect(run.status, report).toBe(0);
});
