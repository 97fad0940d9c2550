// Synthesises the stack for assertions with bundling skipped through the CDK's own switch
// ("aws:cdk:bundling-stacks": [], what `cdk synth --exclusively` uses): constructs, props and IAM are those
// of a real synth, only esbuild is not run. `npx cdk synth --quiet` does the real bundling.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { MonitorStack, type MonitorStackProps } from "../../infra/stack/monitor-stack.ts";

export type Json = Record<string, unknown>;

export function synthForTest(id: string, props: MonitorStackProps = {}, context: Json = {}) {
  // An outdir of our own, removed after: the CDK's default temp outdir is never cleaned up.
  const outdir = mkdtempSync(path.join(tmpdir(), "gdm-synth-"));
  try {
    const app = new App({ outdir, context: { "aws:cdk:bundling-stacks": [], ...context } });
    const stack = new MonitorStack(app, id, {
      env: { account: "123456789012", region: "cn-north-1" },
      ...props,
    });
    const template = Template.fromStack(stack);
    return { template, resources: template.toJSON().Resources as Record<string, Json> };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
