// The fact schema: what each collector may say about one service. Collectors and scoring meet only
// here. A namespace that is absent means its collector did not run (checks needing it are
// `unknown`); a `null` value means the collector looked and found nothing.
import { z } from 'zod';

/** Facts read from the service's own files in the monorepo. */
export const RepoFilesFacts = z
	.strictObject({
		hasReadme: z.boolean().meta({ description: 'A README file sits at the service root.' }),
		hasTests: z.boolean().meta({ description: 'Test files or test directories exist, by the conventions of its languages.' }),
		languages: z
			.array(
				z.strictObject({
					name: z.string().meta({ description: 'Language name as GitHub Linguist names it.' }),
					bytes: z.number().int().nonnegative().meta({ description: 'Bytes of source in this language.' }),
					share: z.number().min(0).max(1).meta({ description: 'Share of all source bytes, 0..1, rounded to 3 places.' }),
				}),
			)
			.meta({ description: 'Programming languages by bytes, largest first.' }),
		dockerfiles: z
			.array(
				z.strictObject({
					path: z.string().meta({ description: 'Dockerfile path relative to the monorepo root.' }),
					baseImagePinned: z.boolean().meta({ description: 'Every FROM names a digest or an explicit non-latest tag.' }),
					hasNonRootUser: z.boolean().meta({ description: 'The final stage sets a USER other than root/0.' }),
					hasHealthcheck: z.boolean().meta({ description: 'A HEALTHCHECK instruction is present.' }),
				}),
			)
			.meta({ description: 'Dockerfiles found under the service root.' }),
		ciWorkflows: z
			.array(
				z.strictObject({
					file: z.string().meta({ description: 'Workflow file, e.g. `.github/workflows/payments.yml`.' }),
					name: z.string().meta({ description: 'Workflow name.' }),
					via: z.enum(['paths filter', 'working directory', 'command']).meta({ description: 'How the workflow refers to the service.' }),
					runsTests: z.boolean().meta({ description: 'A step runs tests.' }),
					buildsImage: z.boolean().meta({ description: 'A step builds a container image.' }),
					scanners: z.array(z.string()).meta({ description: 'Container image scanners it runs (Trivy, Grype, Snyk Container, Docker Scout, Anchore).' }),
				}),
			)
			.meta({ description: 'GitHub Actions workflows that build or test the service, sorted by file.' }),
		frameworks: z
			.array(
				z.strictObject({
					name: z.string().meta({ description: 'Framework or runtime, e.g. "Spring Boot", "Node.js".' }),
					package: z.string().meta({ description: 'Package that carries it, e.g. "org.springframework.boot".' }),
					ecosystem: z.string().meta({ description: 'npm, go, maven, nuget, pypi, rubygems, cargo, packagist, hex, or runtime.' }),
					declared: z.string().nullable().meta({ description: 'Range or version as declared in the manifest.' }),
					resolved: z.string().nullable().meta({ description: 'Exact version pinned by a lockfile (or the manifest itself), or null.' }),
					file: z.string().meta({ description: 'Manifest it was read from.' }),
				}),
			)
			.meta({ description: 'Frameworks and runtimes the service declares, sorted by name.' }),
		packages: z
			.array(z.string())
			.meta({ description: 'Every dependency its manifests declare (package names as the ecosystem writes them), sorted.' }),
	})
	.meta({ description: 'Facts from the service directory (collector `repo-files`).' });
export type RepoFilesFacts = z.infer<typeof RepoFilesFacts>;

/** Facts declared by the service's descriptor file. */
export const DescriptorFacts = z
	.strictObject({
		format: z
			.enum(['service.yaml', 'catalog-info.yaml', 'opslevel.yml', 'shipshape.config.yaml'])
			.nullable()
			.meta({ description: 'Where the service is declared (a descriptor, or `discovery.roots` in the config); null when only inferred.' }),
		runbookUrl: z.string().nullable().meta({ description: 'Runbook link declared in the descriptor, or null.' }),
		storesPii: z.boolean().nullable().meta({ description: 'Whether the service stores PII, as declared; null when undeclared.' }),
	})
	.meta({ description: 'Facts declared in the descriptor (collector `descriptor`).' });
export type DescriptorFacts = z.infer<typeof DescriptorFacts>;

export const K8sContainer = z.strictObject({
	name: z.string().meta({ description: 'Container name.' }),
	image: z.string().meta({ description: 'Image reference.' }),
	hasLivenessProbe: z.boolean().meta({ description: 'A livenessProbe is set.' }),
	hasReadinessProbe: z.boolean().meta({ description: 'A readinessProbe is set.' }),
	hasResourceRequests: z.boolean().meta({ description: 'CPU and memory requests are set.' }),
	hasResourceLimits: z.boolean().meta({ description: 'A memory limit is set.' }),
	runsAsNonRoot: z.boolean().meta({ description: 'runAsNonRoot or a non-zero runAsUser applies (pod or container level).' }),
});

export const K8sWorkload = z.strictObject({
	kind: z.string().meta({ description: 'Deployment, StatefulSet, DaemonSet, CronJob or Job.' }),
	namespace: z.string().meta({ description: 'Namespace (`default` when unset).' }),
	name: z.string().meta({ description: 'metadata.name.' }),
	file: z.string().meta({ description: 'Manifest file relative to its root.' }),
	line: z.number().int().positive().meta({ description: 'Line where the object starts.' }),
	replicas: z.number().int().nonnegative().nullable().meta({ description: 'spec.replicas (null for kinds without it).' }),
	containers: z.array(K8sContainer).meta({ description: 'Containers (init containers excluded).' }),
	logsEnabled: z
		.boolean()
		.nullable()
		.meta({ description: 'The Filebeat hint annotation `co.elastic.logs/enabled` (true/false), or null when absent.' }),
	secrets: z
		.strictObject({
			secretNames: z.array(z.string()).meta({ description: 'Kubernetes Secrets the pod reads (env, envFrom, volumes).' }),
			literalSecretEnv: z.array(z.string()).meta({ description: 'Env vars with secret-looking names set to a literal value (names only, never values).' }),
			vaultAgent: z.boolean().meta({ description: 'The Vault Agent injector annotation is on.' }),
			csiProviderClasses: z.array(z.string()).meta({ description: 'SecretProviderClasses mounted through the Secrets Store CSI driver.' }),
		})
		.meta({ description: 'How the pod gets its secrets.' }),
});
export type K8sWorkload = z.infer<typeof K8sWorkload>;

/** Facts from Kubernetes manifests. */
export const K8sManifestsFacts = z
	.strictObject({
		workloads: z.array(K8sWorkload).meta({ description: 'Workloads labelled for this service, sorted by kind/namespace/name.' }),
		minReplicas: z
			.number()
			.int()
			.nonnegative()
			.nullable()
			.meta({ description: 'Smallest replica count across Deployments/StatefulSets; null when none.' }),
		hasPodDisruptionBudget: z.boolean().meta({ description: 'A PodDisruptionBudget selects the service.' }),
		ingresses: z
			.array(
				z.strictObject({
					resource: z.string().meta({ description: 'Ingress/namespace/name.' }),
					file: z.string().meta({ description: 'Manifest file.' }),
					line: z.number().int().positive().meta({ description: 'Line where it starts.' }),
					hosts: z.array(z.string()).meta({ description: 'Hosts it serves.' }),
					tlsHosts: z.array(z.string()).meta({ description: 'Hosts covered by its TLS section.' }),
				}),
			)
			.meta({ description: 'Ingresses that route to the service.' }),
		vaultSecrets: z
			.array(z.string())
			.meta({ description: 'Kubernetes Secrets of the service produced from Vault (ExternalSecret with a Vault store, or a Vault SecretProviderClass).' }),
	})
	.meta({ description: 'Facts from Kubernetes manifests (collector `k8s-manifests`).' });
export type K8sManifestsFacts = z.infer<typeof K8sManifestsFacts>;

export const Datastore = z.strictObject({
	address: z.string().meta({ description: 'Terraform address or ARN, e.g. `module.db.aws_db_instance.main`.' }),
	type: z.string().meta({ description: 'Resource type, e.g. `aws_db_instance` (Terraform) or `AWS::RDS::DBInstance` (AWS Config).' }),
	file: z.string().meta({ description: 'State or export file relative to the inventory root.' }),
	region: z.string().nullable().meta({ description: 'AWS region, when known.' }),
	backupsEnabled: z.boolean().nullable().meta({ description: 'Backups configured; null when the attributes needed are missing.' }),
	encryptedAtRest: z.boolean().nullable().meta({ description: 'Encryption at rest configured; null when unknown.' }),
	crossRegionCopy: z.boolean().nullable().meta({ description: 'A copy lives in another region (replica, replication); null when unknown.' }),
	encryptedInTransit: z.boolean().nullable().meta({ description: 'In-transit encryption (caches speaking a network protocol); null when not applicable.' }),
});
export type Datastore = z.infer<typeof Datastore>;

export const Listener = z.strictObject({
	address: z.string().meta({ description: 'Listener address.' }),
	file: z.string().meta({ description: 'State file.' }),
	protocol: z.string().meta({ description: 'HTTP, HTTPS, TCP, TLS, …' }),
	port: z.number().nullable().meta({ description: 'Port.' }),
	redirectsToHttps: z.boolean().meta({ description: 'The default action only redirects to HTTPS.' }),
});

export const Placement = z.strictObject({
	address: z.string().meta({ description: 'Compute or database resource address.' }),
	file: z.string().meta({ description: 'State file.' }),
	type: z.string().meta({ description: 'Resource type.' }),
	vpcId: z.string().nullable().meta({ description: 'VPC it runs in, when it can be resolved.' }),
	vpcIsDefault: z.boolean().nullable().meta({ description: 'The VPC is the account default VPC.' }),
	vpcTags: z.record(z.string(), z.string()).meta({ description: 'Tags of the VPC (to tell production from the rest).' }),
});

export const SecurityGroup = z.strictObject({
	address: z.string().meta({ description: 'Security group address.' }),
	file: z.string().meta({ description: 'State file.' }),
	id: z.string().meta({ description: 'Security group id.' }),
	name: z.string().meta({ description: 'Security group name.' }),
	openIngress: z
		.array(z.strictObject({ cidr: z.string(), fromPort: z.number(), toPort: z.number(), protocol: z.string() }))
		.nullable()
		.meta({ description: 'Ingress rules open to 0.0.0.0/0 or ::/0; null when the inventory holds no ingress rules for the group at all (they could not be read).' }),
});

export const Registry = z.strictObject({
	address: z.string().meta({ description: 'Container registry (ECR repository) address.' }),
	file: z.string().meta({ description: 'State file.' }),
	name: z.string().meta({ description: 'Repository name.' }),
	scanOnPush: z.boolean().nullable().meta({ description: 'Images are scanned on push.' }),
});

/** Facts from Terraform state files. */
export const TerraformStateFacts = z
	.strictObject({
		datastores: z.array(Datastore).meta({ description: 'Datastores tagged for the service, sorted by address.' }),
		listeners: z.array(Listener).meta({ description: 'Load balancer listeners of the service\'s load balancers.' }),
		placements: z.array(Placement).meta({ description: 'Compute and database resources with the VPC they run in.' }),
		securityGroups: z.array(SecurityGroup).meta({ description: 'Security groups attached to the service\'s resources or tagged for it.' }),
		registries: z.array(Registry).meta({ description: 'ECR repositories tagged for or named after the service.' }),
	})
	.meta({ description: 'Facts from Terraform state (collector `terraform-state`).' });
export type TerraformStateFacts = z.infer<typeof TerraformStateFacts>;

/** Facts from AWS exports (Resource Groups Tagging API, AWS Config). */
export const AwsInventoryFacts = z
	.strictObject({
		datastores: z.array(Datastore).meta({ description: 'Datastores (RDS, DynamoDB, S3, EBS, EFS, ElastiCache) from AWS Config, by ARN.' }),
		placements: z.array(Placement).meta({ description: 'Instances, databases, functions and ECS services with their VPC.' }),
		securityGroups: z.array(SecurityGroup).meta({ description: 'Security groups tagged for the service or related to its resources.' }),
		registries: z.array(Registry).meta({ description: 'ECR repositories with scan on push.' }),
		resourceCount: z.number().int().nonnegative().meta({ description: 'Resources (ARNs) in the exports that belong to the service.' }),
	})
	.meta({ description: 'Facts from AWS inventory exports (collector `aws-inventory`).' });
export type AwsInventoryFacts = z.infer<typeof AwsInventoryFacts>;

const PullRequest = z.strictObject({
	number: z.number().int().meta({ description: 'Pull request number.' }),
	title: z.string().meta({ description: 'Title (shown as text).' }),
	author: z.string().nullable().meta({ description: 'Login of the author.' }),
	createdAt: z.string().meta({ description: 'When it was opened (ISO 8601).' }),
	draft: z.boolean().meta({ description: 'Whether it is a draft.' }),
	url: z.string().meta({ description: 'Its page on the code host.' }),
});

const Issue = z.strictObject({
	number: z.number().int().meta({ description: 'Issue number.' }),
	title: z.string().meta({ description: 'Title (shown as text).' }),
	author: z.string().nullable().meta({ description: 'Login of the author.' }),
	createdAt: z.string().meta({ description: 'When it was opened (ISO 8601).' }),
	url: z.string().meta({ description: 'Its page on the code host.' }),
});

/**
 * Facts from the code host. Every field but `repository` and `unavailable` may be absent: a field
 * GitHub would not give (no token, a missing permission, a timeout, the request budget) is left out
 * and its reason recorded in `unavailable` (`*` for all), so checks on it are `unknown`, never `fail`.
 */
export const GitHubFacts = z
	.strictObject({
		repository: z.string().meta({ description: 'owner/name of the repository the service lives in.' }),
		defaultBranch: z.string().optional().meta({ description: 'Default branch.' }),
		isBranchProtected: z.boolean().optional().meta({ description: 'The default branch has branch protection or a ruleset.' }),
		requiredReviews: z.number().int().nonnegative().optional().meta({ description: 'Approving reviews required to merge into the default branch (0 when none).' }),
		codeOwnerReviews: z.boolean().optional().meta({ description: 'Code owners must review.' }),
		requiredStatusChecks: z.array(z.string()).optional().meta({ description: 'Status checks required before merging.' }),
		forcePushBlocked: z.boolean().optional().meta({ description: 'Force pushes to the default branch are blocked.' }),
		deletionBlocked: z.boolean().optional().meta({ description: 'Deleting the default branch is blocked.' }),
		signedCommits: z.boolean().optional().meta({ description: 'Signed commits are required.' }),
		secretScanning: z.boolean().nullable().optional().meta({ description: 'Secret scanning is on (null when the API does not say).' }),
		dependabotAlerts: z.boolean().optional().meta({ description: 'Dependabot alerts are on.' }),
		dependabotSecurityUpdates: z.boolean().nullable().optional().meta({ description: 'Dependabot security updates are on.' }),
		codeScanningAlerts: z
			.strictObject({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() })
			.optional()
			.meta({ description: 'Open code scanning alerts by severity.' }),
		openPullRequests: z.array(PullRequest).optional().meta({ description: 'Open pull requests touching the service path, newest first.' }),
		openIssues: z.array(Issue).optional().meta({ description: 'Open issues labelled for the service, newest first.' }),
		lastMergedAt: z.string().nullable().optional().meta({ description: 'Last change merged to the default branch under the service path (ISO 8601).' }),
		lastDeployAt: z.string().nullable().optional().meta({ description: 'Last successful production deployment (or release, when the repository has no deployments).' }),
		deploysLast30Days: z.number().int().nonnegative().optional().meta({ description: 'Successful production deployments (or releases) in the 30 days before the build.' }),
		unavailable: z.record(z.string(), z.string()).meta({ description: 'Why a fact is missing, by fact name (`*` for every fact).' }),
	})
	.meta({ description: 'Facts from GitHub (collector `github`).' });
export type GitHubFacts = z.infer<typeof GitHubFacts>;

/** Every namespace, keyed by collector id. Each is optional: absent means "not collected". */
export const Facts = z
	.strictObject({
		'aws-inventory': AwsInventoryFacts.optional(),
		descriptor: DescriptorFacts.optional(),
		github: GitHubFacts.optional(),
		'k8s-manifests': K8sManifestsFacts.optional(),
		'repo-files': RepoFilesFacts.optional(),
		'terraform-state': TerraformStateFacts.optional(),
	})
	// The user's plugin collectors add namespaces of their own; each is validated by the plugin's
	// facts schema when it is collected.
	.catchall(z.record(z.string(), z.unknown()))
	.meta({ description: 'Facts about one service, namespaced by collector id (plugins add their own namespaces).' });
export type Facts = z.infer<typeof Facts>;
