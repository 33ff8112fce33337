// Starts the release build of pulse-server on a free port with a fresh SQLite file, the
// way scripts/run starts it, and stops it when the test is over.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = new URL("..", import.meta.url).pathname;

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "pulse-e2e-"));
  const server = spawn(
    join(ROOT, "target/release/pulse-server"),
    ["--addr", "127.0.0.1:0", "--database-url", `sqlite:${join(dir, "pulse.db")}`],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`pulse-server exited with ${code} before serving`)));
    createInterface({ input: server.stdout }).on("line", (line) => {
      const match = line.match(/open (http:\/\/\S+?)\/? /);
      if (match) resolve(match[1]);
    });
  });
  return {
    url,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
