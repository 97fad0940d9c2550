// CDK entry (cdk.json: "npx tsx infra/app.ts"). Synthesises offline; account/region come from the CLI.
import { App } from "aws-cdk-lib";
import { MonitorStack } from "./stack/monitor-stack.ts";

const app = new App();
new MonitorStack(app, "GovDisclosureMonitor", {
  description: "政府信息公开工作年度报告 compliance monitor",
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  registryKey: app.node.tryGetContext("registryKey"),
  alertFrom: app.node.tryGetContext("alertFrom"),
  smtpSecret: app.node.tryGetContext("smtpSecret"),
  apiAuth: app.node.tryGetContext("apiAuth"),
});
app.synth();
