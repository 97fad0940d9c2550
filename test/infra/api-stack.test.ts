// The findings API in the synthesised template: routes, throttling, access logs, and a read-only role.
// Bundling is skipped as in stack.test.ts ("aws:cdk:bundling-stacks": []).
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES, API_TABLE_ACTIONS, API_THROTTLE } from "../../infra/stack/findings-api.ts";
import { type Json, synthForTest } from "./synth-for-test.ts";

let template: Template;
let resources: Record<string, Json>;

beforeAll(() => {
  ({ template, resources } = synthForTest("TestMonitorApi", { apiTokensKey: "config/office-tokens.json" }));
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const props = (r: Json) => r.Properties as Json;

function apiFunction(): [string, Json] {
  const found = ofType("AWS::Lambda::Function").find(
    ([, r]) => "TOKENS" in (((props(r).Environment as Json | undefined)?.Variables ?? {}) as Json),
  );
  if (!found) throw new Error("no API function");
  return found;
}
function statementsOf(fn: Json): Json[] {
  const roleId = ((props(fn).Role as Json)["Fn::GetAtt"] as string[])[0];
  return ofType("AWS::IAM::Policy")
    .filter(([, p]) => (props(p).Roles as Json[]).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, p]) => (props(p).PolicyDocument as Json).Statement as Json[]);
}
const actionsOf = (s: Json) => ([] as string[]).concat(s.Action as string | string[]);

describe("findings API", () => {
  it("routes every API path, GET and HEAD only, to the API function over payload v2", () => {
    const routes = ofType("AWS::ApiGatewayV2::Route").map(([, r]) => props(r).RouteKey as string);
    const expected = API_ROUTES.flatMap((p) => [`GET ${p}`, `HEAD ${p}`]);
    expect(routes.sort()).toEqual(expected.sort());
    const [fnId] = apiFunction();
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [fnId, "Arn"] },
    });
  });

  it("has a throttled, auto-deployed default stage with access logs", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue(), Format: Match.anyValue() }),
    });
  });

  it("the API function may only read the table (and its indexes) and the tokens file", () => {
    const [, fn] = apiFunction();
    expect(((props(fn).Environment as Json).Variables as Json).TOKENS).toBe("config/office-tokens.json");
    const statements = statementsOf(fn);
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    const granted = new Set(dynamo.flatMap(actionsOf));
    expect([...granted].sort()).toEqual([...API_TABLE_ACTIONS].sort());
    for (const action of granted) expect(action).toMatch(/^dynamodb:(Get|Query|BatchGet|Describe|Scan)/);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).toContain("/index/*");

    const others = statements.filter((s) => !dynamo.includes(s));
    const s3 = others.filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap(actionsOf)).toEqual(["s3:GetObject"]);
    expect(JSON.stringify(s3.map((s) => s.Resource))).toContain("/config/office-tokens.json");
    // Whatever else the role holds is the construct's tracing, nothing that writes data.
    for (const s of others.filter((s) => !s3.includes(s)))
      for (const a of actionsOf(s)) expect(a).toMatch(/^xray:/);
    for (const s of statements) expect(s.Effect).toBe("Allow");
  });

  it("publishes the API's URL", () => {
    expect(Object.keys(template.toJSON().Outputs as Json)).toContain("ApiUrl");
  });
});

describe("findings API authorised by IAM (-c apiAuth=iam: no ICP licence needed in the China regions)", () => {
  const iamApi = synthForTest("IamMonitorApi", { apiAuth: "iam" });
  const iamOfType = (type: string) => Object.values(iamApi.resources).filter((r) => r.Type === type);

  it("authorises every route with IAM, and token mode none", () => {
    const routes = iamOfType("AWS::ApiGatewayV2::Route").map(props);
    expect(routes).toHaveLength(API_ROUTES.length * 2);
    for (const route of routes) expect(route.AuthorizationType).toBe("AWS_IAM");
    for (const [, route] of ofType("AWS::ApiGatewayV2::Route"))
      expect(props(route).AuthorizationType ?? "NONE").toBe("NONE");
  });

  it("tells the function to take the office from the caller's principal", () => {
    const fn = iamOfType("AWS::Lambda::Function").find(
      (r) => "TOKENS" in (((props(r).Environment as Json | undefined)?.Variables ?? {}) as Json),
    )!;
    expect(((props(fn).Environment as Json).Variables as Json).API_AUTH).toBe("iam");
    expect(((props(apiFunction()[1]).Environment as Json).Variables as Json).API_AUTH).toBe("token");
  });

  it("offers a policy for offices' principals that may only call the API's read routes", () => {
    const policies = iamOfType("AWS::IAM::ManagedPolicy");
    expect(policies).toHaveLength(1);
    const statements = (props(policies[0]!).PolicyDocument as Json).Statement as Json[];
    expect(statements.flatMap(actionsOf)).toEqual(["execute-api:Invoke"]);
    const arns = JSON.stringify(statements.map((s) => s.Resource));
    expect(arns).toContain(":execute-api:cn-north-1:123456789012:");
    expect(arns).toContain("/*/GET/*");
    expect(arns).toContain("/*/HEAD/*");
    expect(arns).not.toMatch(/POST|PUT|DELETE|\/\*\/\*\//);
    expect(Object.keys(iamApi.template.toJSON().Outputs as Json)).toContain("ApiReadersPolicyArn");
    expect(ofType("AWS::IAM::ManagedPolicy")).toEqual([]);
  });

  it("refuses an unknown mode with a clear error", () => {
    expect(() => synthForTest("BadAuth", { apiAuth: "cognito" })).toThrow(/apiAuth must be "token" or "iam"/);
  });
});
