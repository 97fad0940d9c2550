// `gdm serve` on the embedded stack: a persisted table under a data dir, tokens issued once, and the API
// answering with them; a restart keeps the same tokens.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeLocalApi, startLocalApi } from "../../infra/local/serve.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { bureaus, offices } from "../unit/api/api-fixtures.ts";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gdm-serve-"));
  // What a cycle leaves behind: the registry mirror and a finding, in the persisted table.
  const stack = await startLocalStack({ dataDir });
  try {
    for (const b of bureaus) await stack.repo.putBureau(b);
    await stack.repo.syncFindings({
      bureauId: "gz-tjj",
      officeId: "gz-zwgk",
      year: 2023,
      scope: "report",
      seenAt: "2024-02-01T00:00:00.000Z",
      findings: [
        { rule: "late-publication", severity: "error", key: "2023", message: "逾期发布", evidence: {} },
      ],
    });
  } finally {
    await stack.stop();
  }
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("startLocalApi", () => {
  it("issues and shows tokens once, serves the stored findings with them, and keeps them across restarts", async () => {
    const first = await startLocalApi({ dataDir, offices, port: 0, demo: true });
    let token: string;
    try {
      const shown = describeLocalApi(first);
      expect(first.tokens.issued.map((i) => i.office)).toEqual(offices.map((o) => o.id));
      for (const { token } of first.tokens.issued) expect(shown).toContain(token);
      expect(shown).toContain(first.url);
      token = first.tokens.issued.find((i) => i.office === "gz-zwgk")!.token;
      const res = await fetch(`${first.url}/findings`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { findings: { bureauId: string; rule: string }[] };
      expect(body.findings.map((f) => [f.bureauId, f.rule])).toEqual([["gz-tjj", "late-publication"]]);
    } finally {
      await first.close();
    }

    const second = await startLocalApi({ dataDir, offices, port: 0, demo: true });
    try {
      expect(second.tokens.issued).toEqual([]);
      const shown = describeLocalApi(second);
      expect(shown).not.toContain(token);
      const res = await fetch(`${second.url}/bureaus/gz-tjj`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
