// dynalite in its own process (forked by infra/local/dynalite.ts): its request validation and LevelDB
// work then run on another core than the cycle's. Plain JS so the child needs no TypeScript loader.
//
// argv[2]: the LevelDB directory, or absent for an in-memory store.
// To the parent (IPC): { type: "ready", port } once listening on 127.0.0.1, or { type: "error", message }.
// From the parent: { type: "stop" }. The child also stops when the IPC channel closes (parent gone), so
// it never outlives the process that started it.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dynalitePath = require.resolve("dynalite");
const dynalite = require(dynalitePath);
const dbPath = process.argv[2] || undefined;

function tell(message) {
  if (process.connected) process.send(message);
}

function fail(message) {
  tell({ type: "error", message });
  process.exitCode = 1;
  process.disconnect?.();
}

// dynalite opens LevelDB lazily and would answer every request with a 500 if another instance holds
// the lock; probing first turns that into one clear message before the parent sends anything.
async function probe(location) {
  const { Level } = createRequire(dynalitePath)("level");
  const db = new Level(location);
  try {
    await db.open();
  } catch (error) {
    const locked = error?.code === "LEVEL_LOCKED" || error?.cause?.code === "LEVEL_LOCKED";
    const detail = error?.cause?.message ?? error?.message ?? String(error);
    return locked
      ? `the data directory ${location} is in use by another running instance (${detail})`
      : `could not open the local database under ${location}: ${detail}`;
  } finally {
    await db.close().catch(() => {});
  }
  return undefined;
}

async function main() {
  if (dbPath) {
    const problem = await probe(dbPath);
    if (problem) return fail(problem);
  }
  const server = dynalite({ path: dbPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Many concurrent SDK requests share few keep-alive sockets; keep them open between cycle phases.
  server.keepAliveTimeout = 60_000;

  let closing = false;
  function shutdown() {
    if (closing) return;
    closing = true;
    server.closeAllConnections();
    // dynalite's close() also closes LevelDB, waiting for pending writes.
    server.close((error) => {
      if (error && error.code !== "ERR_SERVER_NOT_RUNNING") {
        console.error(`dynalite: closing failed: ${error.message}`);
        process.exitCode = 1;
      }
      if (process.connected) process.disconnect();
      process.exit();
    });
  }
  process.on("message", (message) => {
    if (message?.type === "stop") shutdown();
  });
  process.on("disconnect", shutdown);
  process.on("SIGTERM", shutdown);
  // Ctrl-C reaches the whole process group: let the parent stop us in order (or its exit will).
  process.on("SIGINT", () => {});

  server.once("error", (error) => fail(`dynalite could not listen on 127.0.0.1: ${error.message}`));
  server.listen(0, "127.0.0.1", () => tell({ type: "ready", port: server.address().port }));
}

main().catch((error) => fail(`dynalite failed to start: ${error?.message ?? error}`));
