// The Dispatch Lambda as deployed where SES is not offered: bundled by the stack's own construct (local
// esbuild), run by plain Node from a directory with no node_modules, its table in dynalite, its relay's
// settings read from a secret (a Secrets Manager endpoint on 127.0.0.1) and its mail delivered to a real
// SMTP server that asks for a login.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { App, Stack } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, startDynalite } from "../../infra/local/dynalite.ts";
import { MonitorFunction } from "../../infra/stack/monitor-function.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { NANJING_TJJ } from "../support/nanjing.ts";
import { decodeMime } from "./helpers/mime-decode.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp-sink.ts";

const SECRET = "gdm/smtp-relay";
const LOGIN = { user: "gdm-monitor", pass: "correct horse battery staple" };
const registry: Registry = {
  offices: [{ id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] }],
  bureaus: [NANJING_TJJ],
};

const outdir = mkdtempSync(path.join(tmpdir(), "gdm-relay-"));
let bundleDir: string;
let dynamo: LocalDynamo;
let smtp: SmtpSink;
let secretsServer: Server;
/** What the secret holds right now (undefined: it does not exist), and every secret asked for. */
let secretText: string | undefined;
const asked: string[] = [];

function startSecretsManager(): Promise<number> {
  secretsServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      asked.push(`${target} ${SecretId}`);
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target !== "secretsmanager.GetSecretValue" || SecretId !== SECRET || secretText === undefined) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: "ResourceNotFoundException",
            message: "Secrets Manager can't find the specified secret.",
          }),
        );
        return;
      }
      res.end(JSON.stringify({ Name: SECRET, SecretString: secretText, VersionId: "v1" }));
    });
  });
  return new Promise((resolve) =>
    secretsServer.listen(0, "127.0.0.1", () => resolve((secretsServer.address() as AddressInfo).port)),
  );
}

/** The bundled handler in a process of its own; each `invoke()` is one invocation of the same instance. */
function startLambda(env: Record<string, string>) {
  writeFileSync(
    path.join(bundleDir, "invoke.mjs"),
    [
      'import { createInterface } from "node:readline";',
      'const { handler } = await import("./index.mjs");',
      "for await (const _ of createInterface({ input: process.stdin }))",
      '  process.stdout.write("RESULT " + JSON.stringify(await handler()) + "\\n");',
    ].join("\n"),
  );
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["invoke.mjs"], {
    cwd: bundleDir,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async invoke(): Promise<{ sent: number; failed: number; errors: string[] }> {
      child.stdin.write("go\n");
      // The function logs to stdout too, as Lambda functions do.
      for (;;) {
        const line = await lines.next();
        if (line.done) throw new Error(`the function's process ended: ${stderr}`);
        if (line.value.startsWith("RESULT ")) return JSON.parse(line.value.slice("RESULT ".length));
      }
    },
    stop: () => child.kill(),
  };
}

beforeAll(async () => {
  const app = new App({ outdir });
  new MonitorFunction(new Stack(app, "RelayBundle"), "Dispatch", {
    entry: "functions/dispatch/handler.ts",
    description: "bundling for the relay test",
  });
  const assembly = app.synth();
  const asset = readdirSync(assembly.directory).find((d) => d.startsWith("asset."));
  bundleDir = path.join(assembly.directory, asset!);
  [dynamo, smtp] = await Promise.all([startDynalite(), startSmtpSink({ login: LOGIN })]);
}, 180_000);

afterAll(async () => {
  secretsServer?.close();
  await Promise.all([dynamo?.stop(), smtp?.close()]);
  rmSync(outdir, { recursive: true, force: true });
});

describe("alerts through an SMTP relay named by a secret (no SES)", () => {
  it("a broken secret keeps the alert pending with a one-line reason; once fixed, it is sent, once", async () => {
    const repo = createRepository({ doc: dynamo.doc, tableName: dynamo.tableName });
    await repo.syncFindings({
      bureauId: "nj-tjj",
      officeId: "nj-zwgk",
      year: 2023,
      findings: [
        {
          rule: "report-missing",
          severity: "error",
          message: "截至2024-01-31未发现2023年度报告",
          key: "report-missing",
          year: 2023,
          evidence: {},
        },
      ],
      seenAt: "2024-02-01T08:00:00.000Z",
      scope: "report",
    });
    const secretsPort = await startSecretsManager();
    const lambda = startLambda({
      TABLE_NAME: dynamo.tableName,
      BUCKET_NAME: "unused-registry-is-inline",
      REGISTRY: JSON.stringify(registry),
      MAIL_FROM: "monitor@zwgk.example.gov.cn",
      MAIL_TRANSPORT: "smtp",
      SMTP_SECRET: SECRET,
      AWS_REGION: "cn-north-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${secretsPort}`,
    });
    try {
      // Not created yet, then a port that is no port: nothing is sent, the alert waits.
      const missing = await lambda.invoke();

      expect(missing).toMatchObject({ sent: 0, failed: 1 });
      expect(missing.errors[0]).toContain(`secret ${SECRET} could not be read`);
      secretText = JSON.stringify({ host: "127.0.0.1", port: "smtp", ...LOGIN });
      const invalid = await lambda.invoke();
      expect(invalid).toMatchObject({ sent: 0, failed: 1 });
      expect(invalid.errors[0]).toContain(`secret ${SECRET}: port: must be a port number, 1–65535`);
      expect(invalid.errors.join()).not.toContain(LOGIN.pass);
      expect(smtp.received).toHaveLength(0);

      // Fixed as the console stores key/value pairs (every value a string): the same instance sends.
      secretText = JSON.stringify({ host: "127.0.0.1", port: String(smtp.port), ...LOGIN });
      expect(await lambda.invoke()).toMatchObject({ sent: 1, failed: 0 });
      expect(await lambda.invoke()).toMatchObject({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail).toMatchObject({
        user: LOGIN.user,
        from: "monitor@zwgk.example.gov.cn",
        to: ["zwgk@example.gov.cn"],
      });
      expect(decodeMime(mail.raw).headers.get("subject")).toContain("南京市统计局");
      expect(asked.every((a) => a === `secretsmanager.GetSecretValue ${SECRET}`)).toBe(true);
    } finally {
      lambda.stop();
    }
  }, 60_000);
});
