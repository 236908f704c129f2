// Table tests for the evaluators behind the inventory checks: pass, fail, not-applicable, unknown.
import type { Datastore, TerraformStateFacts } from '../../../catalog/schema/facts.ts';
import { containerScanningEnabled } from '../../../src/lib/scoring/evaluators/container-scanning-enabled.ts';
import { backupsCrossRegion } from '../../../src/lib/scoring/evaluators/backups-cross-region.ts';
import { frameworkUpToDate } from '../../../src/lib/scoring/evaluators/framework-up-to-date.ts';
import { logsShippedToElk } from '../../../src/lib/scoring/evaluators/logs-shipped-to-elk.ts';
import { runsInProdVpc } from '../../../src/lib/scoring/evaluators/runs-in-prod-vpc.ts';
import { secretsInVault } from '../../../src/lib/scoring/evaluators/secrets-in-vault.ts';
import { usesApprovedSecurityGroups } from '../../../src/lib/scoring/evaluators/uses-approved-security-groups.ts';
import { encryptedInTransit } from '../../../src/lib/scoring/evaluators/encrypted-in-transit.ts';
import { encryptedAtRest } from '../../../src/lib/scoring/evaluators/encrypted-at-rest.ts';
import { backupsEnabled } from '../../../src/lib/scoring/evaluators/backups-enabled.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildK8s, buildRepoFiles, buildService, buildTerraform, buildWorkload } from '../../support/facts.ts';

const store = (overrides: Partial<Datastore>): Datastore => ({ address: 'aws_db_instance.a', type: 'aws_db_instance', file: 'inventory/s.tfstate', region: 'eu-west-1', backupsEnabled: true, encryptedAtRest: true, crossRegionCopy: false, encryptedInTransit: null, ...overrides });
const tf = (overrides: Partial<TerraformStateFacts>) => buildService({ facts: { 'terraform-state': buildTerraform(overrides) } });
const none = buildService();

testEvaluator(backupsCrossRegion, [
	{ name: 'replica in another region', service: tf({ datastores: [store({ crossRegionCopy: true })] }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'bucket without replication', service: tf({ datastores: [store({ address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', crossRegionCopy: false })] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['aws_s3_bucket.b'] },
	{ name: 'region unknown', service: tf({ datastores: [store({ crossRegionCopy: null })] }), outcome: 'unknown', messageId: 'undetermined', data: { undetermined: 1, total: 1 } },
	{ name: 'only volumes (nothing to copy)', service: tf({ datastores: [store({ type: 'aws_ebs_volume', crossRegionCopy: null })] }), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'AWS Config items count too', service: buildService({ facts: { 'aws-inventory': { datastores: [store({ address: 'arn:aws:dynamodb:eu-west-1:1:table/t', type: 'AWS::DynamoDB::Table', crossRegionCopy: true })], securityGroups: [], registries: [], placements: [], resourceCount: 1 } } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'no inventory collected', service: none, outcome: 'unknown' },
]);

const ingress = (hosts: string[], tlsHosts: string[]) => ({ resource: 'Ingress/shop/web', file: 'k8s/i.yaml', line: 1, hosts, tlsHosts });
testEvaluator(encryptedInTransit, [
	{ name: 'ingress with TLS for every host', service: buildService({ facts: { 'k8s-manifests': buildK8s([], { ingresses: [ingress(['a.example'], ['a.example'])] }) } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'host without TLS', service: buildService({ facts: { 'k8s-manifests': buildK8s([], { ingresses: [ingress(['a.example', 'b.example'], ['a.example'])] }) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['Ingress/shop/web'] },
	{ name: 'a wildcard TLS host covers one label', service: buildService({ facts: { 'k8s-manifests': buildK8s([], { ingresses: [ingress(['api.example.com', 'Shop.Example.com'], ['*.example.com'])] }) } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'a wildcard does not cover two labels', service: buildService({ facts: { 'k8s-manifests': buildK8s([], { ingresses: [ingress(['a.b.example.com'], ['*.example.com'])] }) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'a wildcard does not cover the bare domain', service: buildService({ facts: { 'k8s-manifests': buildK8s([], { ingresses: [ingress(['example.com'], ['*.example.com'])] }) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'HTTP listener that only redirects', service: tf({ listeners: [{ address: 'aws_lb_listener.http', file: 'f', protocol: 'HTTP', port: 80, redirectsToHttps: true }] }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'plain HTTP listener', service: tf({ listeners: [{ address: 'aws_lb_listener.http', file: 'f', protocol: 'HTTP', port: 80, redirectsToHttps: false }] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['aws_lb_listener.http'] },
	{ name: 'cache without transit encryption', service: tf({ datastores: [store({ type: 'aws_elasticache_replication_group', encryptedInTransit: false })] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'nothing exposed', service: tf({}), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'no inventory collected', service: none, outcome: 'unknown' },
]);

const secrets = (overrides: Partial<ReturnType<typeof buildWorkload>['secrets']>) => buildWorkload({ secrets: { secretNames: [], literalSecretEnv: [], vaultAgent: false, csiProviderClasses: [], ...overrides } });
testEvaluator(secretsInVault, [
	{ name: 'Vault Agent injector', service: buildService({ facts: { 'k8s-manifests': buildK8s([secrets({ vaultAgent: true, secretNames: ['x'] })]) } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'Secret produced by an ExternalSecret from Vault', service: buildService({ facts: { 'k8s-manifests': buildK8s([secrets({ secretNames: ['db'] })], { vaultSecrets: ['db'] }) } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'plain Kubernetes Secret', service: buildService({ facts: { 'k8s-manifests': buildK8s([secrets({ secretNames: ['db'] })]) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['Deployment/default/svc'] },
	{ name: 'literal password even with Vault', service: buildService({ facts: { 'k8s-manifests': buildK8s([secrets({ vaultAgent: true, literalSecretEnv: ['DB_PASSWORD'] })]) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'no secrets used', service: buildService({ facts: { 'k8s-manifests': buildK8s([buildWorkload()]) } }), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'manifests not collected', service: none, outcome: 'unknown' },
]);

testEvaluator(logsShippedToElk, [
	{ name: 'Filebeat hint on', service: buildService({ facts: { 'k8s-manifests': buildK8s([buildWorkload({ logsEnabled: true })]) } }), outcome: 'pass', messageId: 'annotated', data: { names: 'svc' } },
	{ name: 'ECS library', service: buildService({ facts: { 'repo-files': buildRepoFiles({ packages: ['ecs-logging', 'flask'] }) } }), outcome: 'pass', messageId: 'library', data: { names: 'ecs-logging' } },
	{ name: 'library from options', service: buildService({ facts: { 'repo-files': buildRepoFiles({ packages: ['our-logger'] }) } }), options: { libraries: ['our-logger'] }, outcome: 'pass', messageId: 'library', data: { names: 'our-logger' } },
	{ name: 'explicit false wins', service: buildService({ facts: { 'k8s-manifests': buildK8s([buildWorkload({ logsEnabled: false })]), 'repo-files': buildRepoFiles({ packages: ['ecs-logging'] }) } }), outcome: 'fail', messageId: 'disabled', data: { names: 'svc' } },
	{ name: 'nothing configured', service: buildService({ facts: { 'k8s-manifests': buildK8s([buildWorkload()]) } }), outcome: 'fail', messageId: 'missing' },
	{ name: 'no workload, no dependencies', service: buildService({ facts: { 'k8s-manifests': buildK8s([]) } }), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'nothing collected', service: none, outcome: 'unknown' },
]);

const framework = (name: string, declared: string | null, resolved: string | null) => ({ name, package: name.toLowerCase(), ecosystem: 'npm', declared, resolved, file: 'svc/package.json', lockfile: resolved === null ? null : 'svc/package-lock.json' });
testEvaluator(frameworkUpToDate, [
	{ name: 'resolved version above minimum', service: buildService({ facts: { 'repo-files': buildRepoFiles({ frameworks: [framework('Express', '^4.0.0', '4.19.2')] }) } }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'lowest allowed version below minimum', service: buildService({ facts: { 'repo-files': buildRepoFiles({ frameworks: [framework('Flask', '>=2.2', null)] }) } }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['svc/package.json'] },
	{ name: 'custom minimum', service: buildService({ facts: { 'repo-files': buildRepoFiles({ frameworks: [framework('Express', null, '4.19.2')] }) } }), options: { minimums: { Express: '5.0.0' } }, outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'version cannot be told', service: buildService({ facts: { 'repo-files': buildRepoFiles({ frameworks: [framework('Express', null, null)] }) } }), outcome: 'unknown', messageId: 'undetermined', data: { undetermined: 1, total: 1 } },
	{ name: 'no framework with a minimum', service: buildService({ facts: { 'repo-files': buildRepoFiles({ frameworks: [framework('Koa', '^2', null)] }) } }), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'files not collected', service: none, outcome: 'unknown' },
]);

const placement = (overrides: Partial<TerraformStateFacts['placements'][number]>) => ({ address: 'aws_instance.a', file: 'f', type: 'aws_instance', vpcId: 'vpc-1', vpcIsDefault: false, vpcTags: { env: 'production' }, ...overrides });
testEvaluator(runsInProdVpc, [
	{ name: 'production VPC', service: tf({ placements: [placement({})] }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'staging VPC', service: tf({ placements: [placement({ vpcTags: { env: 'staging' } })] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['aws_instance.a'] },
	{ name: 'default VPC', service: tf({ placements: [placement({ vpcIsDefault: true, vpcTags: { env: 'production' } })] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'custom tag', service: tf({ placements: [placement({ vpcTags: { stage: 'live' } })] }), options: { tagKeys: ['stage'], productionValues: ['live'] }, outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'VPC unresolved', service: tf({ placements: [placement({ vpcId: null, vpcIsDefault: null, vpcTags: {} })] }), outcome: 'unknown', messageId: 'undetermined', data: { undetermined: 1, total: 1 } },
	{ name: 'nothing placed', service: tf({}), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'no inventory collected', service: none, outcome: 'unknown' },
]);

const group = (openIngress: TerraformStateFacts['securityGroups'][number]['openIngress'], overrides: Partial<TerraformStateFacts['securityGroups'][number]> = {}) => ({ address: 'aws_security_group.g', file: 'f', id: 'sg-1', name: 'web', openIngress, ...overrides });
testEvaluator(usesApprovedSecurityGroups, [
	{ name: 'internet on 443 only', service: tf({ securityGroups: [group([{ cidr: '0.0.0.0/0', fromPort: 443, toPort: 443, protocol: 'tcp' }])] }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'database port open', service: tf({ securityGroups: [group([{ cidr: '0.0.0.0/0', fromPort: 5432, toPort: 5432, protocol: 'tcp' }])] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['aws_security_group.g'] },
	{ name: 'all ports over IPv6', service: tf({ securityGroups: [group([{ cidr: '::/0', fromPort: 0, toPort: 65535, protocol: '-1' }])] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'not an approved group', service: tf({ securityGroups: [group([])] }), options: { approvedGroups: ['sg-approved'] }, outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
	{ name: 'no group', service: tf({}), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'no inventory collected', service: none, outcome: 'unknown' },
]);

const workflow = (scanners: string[]) => ({ file: '.github/workflows/ci.yml', name: 'ci', via: 'paths filter' as const, runsTests: true, buildsImage: true, scanners });
const dockerfile = { path: 'svc/Dockerfile', baseImagePinned: true, hasNonRootUser: true, hasHealthcheck: false };
testEvaluator(containerScanningEnabled, [
	{ name: 'scanner in CI', service: buildService({ facts: { 'repo-files': buildRepoFiles({ dockerfiles: [dockerfile], ciWorkflows: [workflow(['Trivy'])] }) } }), outcome: 'pass', messageId: 'ci', data: { names: 'ci', scanners: 'Trivy' } },
	{ name: 'ECR scans on push', service: buildService({ facts: { 'repo-files': buildRepoFiles({ dockerfiles: [dockerfile] }), 'terraform-state': buildTerraform({ registries: [{ address: 'aws_ecr_repository.r', file: 'f', name: 'svc', scanOnPush: true }] }) } }), outcome: 'pass', messageId: 'registry', data: { names: 'svc' } },
	{ name: 'neither', service: buildService({ facts: { 'repo-files': buildRepoFiles({ dockerfiles: [dockerfile], ciWorkflows: [workflow([])] }), 'terraform-state': buildTerraform({}) } }), outcome: 'fail', messageId: 'unscanned' },
	{ name: 'no image', service: buildService({ facts: { 'repo-files': buildRepoFiles() } }), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'registries not collected', service: buildService({ facts: { 'repo-files': buildRepoFiles({ dockerfiles: [dockerfile] }) } }), outcome: 'unknown', messageId: 'undetermined' },
]);

const volume = (address: string, encryptedAtRest: boolean | null) => store({ address, type: 'aws_instance_volume', encryptedAtRest, backupsEnabled: null, crossRegionCopy: null });
testEvaluator(encryptedAtRest, [
	{ name: 'an unencrypted root volume fails', service: tf({ datastores: [store({}), volume('aws_instance.web.root_block_device', false)] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 2 }, evidence: ['aws_instance.web.root_block_device'] },
	{ name: 'encrypted volumes pass', service: tf({ datastores: [volume('aws_instance.web.root_block_device', true), volume('aws_instance.web.ebs_block_device["/dev/sdf"]', true)] }), outcome: 'pass', messageId: 'passing', data: { total: 2 } },
	{ name: 'a root volume the state does not describe is unknown', service: tf({ datastores: [volume('aws_instance.web.root_block_device', null)] }), outcome: 'unknown', messageId: 'undetermined', data: { undetermined: 1, total: 1 } },
	{ name: 'no datastore', service: tf({ datastores: [] }), outcome: 'not-applicable', messageId: 'none' },
]);

testEvaluator(backupsEnabled, [
	{ name: 'instance volumes are not judged for backups', service: tf({ datastores: [store({}), volume('aws_instance.web.root_block_device', true)] }), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'a database without backups fails', service: tf({ datastores: [store({ backupsEnabled: false })] }), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 } },
]);
