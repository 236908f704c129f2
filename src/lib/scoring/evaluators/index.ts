// The evaluator registry: explicit and alphabetical. `test/contracts/registry.test.ts` checks that it
// lists exactly the evaluator files on disk.
import type { Evaluator } from '../model.ts';
import { containerImagesScanned } from './container-images-scanned.ts';
import { containersRunAsNonRoot } from './containers-run-as-non-root.ts';
import { datastoresCopiedCrossRegion } from './datastores-copied-cross-region.ts';
import { datastoresEncrypted } from './datastores-encrypted.ts';
import { datastoresHaveBackups } from './datastores-have-backups.ts';
import { dockerfilesPinBaseImage } from './dockerfiles-pin-base-image.ts';
import { frameworksUpToDate } from './frameworks-up-to-date.ts';
import { logsShippedToElk } from './logs-shipped-to-elk.ts';
import { runsInProductionVpc } from './runs-in-production-vpc.ts';
import { secretsFromVault } from './secrets-from-vault.ts';
import { securityGroupsRestrictIngress } from './security-groups-restrict-ingress.ts';
import { trafficEncryptedInTransit } from './traffic-encrypted-in-transit.ts';
import { workloadsHaveProbes } from './workloads-have-probes.ts';
import { workloadsHaveResources } from './workloads-have-resources.ts';

export const EVALUATORS: readonly Evaluator[] = [
	containerImagesScanned,
	containersRunAsNonRoot,
	datastoresCopiedCrossRegion,
	datastoresEncrypted,
	datastoresHaveBackups,
	dockerfilesPinBaseImage,
	frameworksUpToDate,
	logsShippedToElk,
	runsInProductionVpc,
	secretsFromVault,
	securityGroupsRestrictIngress,
	trafficEncryptedInTransit,
	workloadsHaveProbes,
	workloadsHaveResources,
];

export const EVALUATORS_BY_NAME: ReadonlyMap<string, Evaluator> = new Map(
	EVALUATORS.map((evaluator) => [evaluator.meta.name, evaluator]),
);
