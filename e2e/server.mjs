// Starts the release build of pulse-server on a free port with a fresh SQLite file, the
// way scripts/run starts it, and stops it when the test is over. A server can also be
// stopped and started again on the same port and database, as after an outage.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = new URL("..", import.meta.url).pathname;
const BINARY = join(ROOT, "target/release/pulse-server");

/**
 * `options.dir` reuses the database folder of a stopped server, `options.port` its port;
 * `options.args` are more flags for pulse-server. `stop({ keepData: true })` leaves the
 * folder for the next start.
 */
export async function startServer({ dir = mkdtempSync(join(tmpdir(), "pulse-e2e-")), port = 0, args = [] } = {}) {
  const database = `sqlite:${join(dir, "pulse.db")}`;
  const server = spawn(BINARY, ["--addr", `127.0.0.1:${port}`, "--database-url", database, ...args], {
    cwd: ROOT,
    // Warnings and errors only, so that a failing test's output shows what went wrong.
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`pulse-server exited with ${code} before serving`)));
    createInterface({ input: server.stdout }).on("line", (line) => {
      const match = line.match(/open (http:\/\/\S+?)\/? /);
      if (match) resolve(match[1]);
    });
  });
  const addUser = (email, role, password) =>
    execFileSync(BINARY, ["user", "add", "--email", email, "--role", role, "--database-url", database], {
      cwd: ROOT,
      input: `${password}\n`,
    });
  /** A viewer's session cookie, made on first use, for reading what the server stored. */
  let viewer;
  const viewerCookie = async () => {
    if (viewer) return viewer;
    const [email, password] = ["stored-answers@example.com", "a long enough password"];
    addUser(email, "viewer", password);
    const response = await fetch(`${url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`signing the viewer in: ${response.status}`);
    viewer = response.headers.get("set-cookie").split(";")[0];
    return viewer;
  };
  return {
    url,
    dir,
    port: Number(new URL(url).port),
    /** Adds or replaces a survey: a SurveyConfig plus optional `allowed_origins`. */
    putSurvey(definition) {
      const file = join(dir, `${definition.id}.json`);
      writeFileSync(file, JSON.stringify(definition));
      execFileSync(BINARY, ["survey", "put", "--file", file, "--database-url", database], { cwd: ROOT });
    },
    /**
     * Imports past answers the way an operator moves a history in from another tool: each
     * an answer as the widget posts it plus `created_at` (RFC 3339). Returns what the
     * command printed.
     */
    importResponses(surveyId, answers) {
      const file = join(dir, `${surveyId}-history.jsonl`);
      writeFileSync(file, answers.map((answer) => JSON.stringify(answer)).join("\n"));
      return execFileSync(
        BINARY,
        ["responses", "import", "--survey", surveyId, "--file", file, "--database-url", database],
        { cwd: ROOT, encoding: "utf8" },
      );
    },
    /** Adds a marketer the way an operator does: the password goes in on stdin. */
    addUser,
    /** The answers stored for a survey (its first page, newest first), asked directly as a viewer. */
    async stored(surveyId) {
      const response = await fetch(`${url}/api/v1/admin/surveys/${surveyId}/responses`, {
        headers: { cookie: await viewerCookie() },
      });
      if (response.status !== 200) throw new Error(`listing the answers of ${surveyId}: ${response.status}`);
      return (await response.json()).responses;
    },
    async stop({ keepData = false } = {}) {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((resolve) => server.once("exit", resolve));
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
