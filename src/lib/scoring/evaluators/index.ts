// The evaluator registry: explicit and alphabetical. `test/contracts/registry.test.ts` checks that it
// lists exactly the evaluator files on disk. An evaluator that serves one check has that check's
// name; a shared one would be named for what it judges.
import type { Evaluator } from '../model.ts';
import { backupsCrossRegion } from './backups-cross-region.ts';
import { backupsEnabled } from './backups-enabled.ts';
import { containerScanningEnabled } from './container-scanning-enabled.ts';
import { encryptedAtRest } from './encrypted-at-rest.ts';
import { encryptedInTransit } from './encrypted-in-transit.ts';
import { frameworkUpToDate } from './framework-up-to-date.ts';
import { hasHealthProbes } from './has-health-probes.ts';
import { hasResourceLimits } from './has-resource-limits.ts';
import { logsShippedToElk } from './logs-shipped-to-elk.ts';
import { pinnedBaseImage } from './pinned-base-image.ts';
import { runsAsNonRoot } from './runs-as-non-root.ts';
import { runsInProdVpc } from './runs-in-prod-vpc.ts';
import { secretsInVault } from './secrets-in-vault.ts';
import { usesApprovedSecurityGroups } from './uses-approved-security-groups.ts';

export const EVALUATORS: readonly Evaluator[] = [
	backupsCrossRegion,
	backupsEnabled,
	containerScanningEnabled,
	encryptedAtRest,
	encryptedInTransit,
	frameworkUpToDate,
	hasHealthProbes,
	hasResourceLimits,
	logsShippedToElk,
	pinnedBaseImage,
	runsAsNonRoot,
	runsInProdVpc,
	secretsInVault,
	usesApprovedSecurityGroups,
];

/**
 * The names these evaluators had before they were named after their checks. Users' own checks may
 * still say `evaluator: datastores-have-backups`; the old name finds the same evaluator, and a
 * plugin cannot take it.
 */
export const EVALUATOR_ALIASES: Readonly<Record<string, string>> = {
	'container-images-scanned': 'container-scanning-enabled',
	'containers-run-as-non-root': 'runs-as-non-root',
	'datastores-copied-cross-region': 'backups-cross-region',
	'datastores-encrypted': 'encrypted-at-rest',
	'datastores-have-backups': 'backups-enabled',
	'dockerfiles-pin-base-image': 'pinned-base-image',
	'frameworks-up-to-date': 'framework-up-to-date',
	'runs-in-production-vpc': 'runs-in-prod-vpc',
	'secrets-from-vault': 'secrets-in-vault',
	'security-groups-restrict-ingress': 'uses-approved-security-groups',
	'traffic-encrypted-in-transit': 'encrypted-in-transit',
	'workloads-have-probes': 'has-health-probes',
	'workloads-have-resources': 'has-resource-limits',
};

const byName = new Map(EVALUATORS.map((evaluator) => [evaluator.meta.name, evaluator]));

/** Evaluators by name, their former names included. */
export const EVALUATORS_BY_NAME: ReadonlyMap<string, Evaluator> = new Map([...byName, ...Object.entries(EVALUATOR_ALIASES).map(([alias, name]) => [alias, byName.get(name)!] as const)]);
