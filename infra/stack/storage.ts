// The table (from shared/store/table-schema.ts, the definition the local bootstrap uses too) and the
// snapshot bucket.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { DEFAULT_TABLE_NAME, GLOBAL_INDEXES, PK, SK } from "../../shared/store/table-schema.ts";

const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

export interface StorageProps {
  tableName?: string;
  /** Keep data when the stack is deleted (default true: findings are a record of supervision). */
  retain?: boolean;
}

export class Storage extends Construct {
  readonly table: dynamodb.TableV2;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    // Encryption: AWS-owned → AWS-managed key (aws/dynamodb). The data is derived from public reports,
    // the managed key is rotated by AWS and its use is logged in CloudTrail; a customer-managed key would
    // add a key policy to maintain and KMS grants to every reader without protecting anything secret.
    this.table = new dynamodb.TableV2(this, "Table", {
      tableName: props.tableName ?? DEFAULT_TABLE_NAME,
      partitionKey: string(PK),
      sortKey: string(SK),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.retain !== false,
      removalPolicy,
      globalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });

    // Snapshots are content-addressed and never overwritten; versioning still guards against deletion.
    this.bucket = new s3.Bucket(this, "Snapshots", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
    });
  }
}
