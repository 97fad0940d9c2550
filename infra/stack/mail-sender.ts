// How the mailing functions (alert dispatch, weekly digest) send: through SES as the sender's identity, or,
// where SES is not offered (the AWS China regions), through an SMTP relay whose settings are a Secrets
// Manager secret. Each function gets the environment and the one grant its way of sending needs.
import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export interface MailSenderProps {
  /** The sender address; with SES, it or its domain must be a verified identity. */
  from: string;
  /** Name or complete ARN of a secret holding the relay's settings: sends through SMTP instead of SES. */
  smtpSecret?: string;
}

export class MailSender extends Construct {
  readonly environment: Record<string, string>;
  private readonly secret: secretsmanager.ISecret | undefined;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MailSenderProps,
  ) {
    super(scope, id);
    const name = props.smtpSecret;
    this.secret =
      name === undefined
        ? undefined
        : name.startsWith("arn:")
          ? secretsmanager.Secret.fromSecretCompleteArn(this, "SmtpSecret", name)
          : secretsmanager.Secret.fromSecretNameV2(this, "SmtpSecret", name);
    this.environment = {
      MAIL_FROM: props.from,
      MAIL_TRANSPORT: this.secret ? "smtp" : "ses",
      ...(name ? { SMTP_SECRET: name } : {}),
    };
  }

  /** How messages leave, for descriptions. */
  get via(): string {
    return this.secret ? "an SMTP relay" : "SES";
  }

  grantSend(fn: lambda.IFunction): void {
    if (this.secret) {
      this.secret.grantRead(fn);
      return;
    }
    const { from } = this.props;
    const identity = (name: string) =>
      Stack.of(this).formatArn({
        service: "ses",
        resource: "identity",
        resourceName: name,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [identity(from), identity(from.split("@")[1] ?? from)],
        conditions: { StringEquals: { "ses:FromAddress": from } },
      }),
    );
  }
}
