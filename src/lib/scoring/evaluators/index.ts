// The evaluator registry: explicit and alphabetical. `test/contracts/registry.test.ts` checks that it
// lists exactly the evaluator files on disk.
import type { Evaluator } from '../model.ts';
import { containersRunAsNonRoot } from './containers-run-as-non-root.ts';
import { datastoresEncrypted } from './datastores-encrypted.ts';
import { datastoresHaveBackups } from './datastores-have-backups.ts';
import { dockerfilesPinBaseImage } from './dockerfiles-pin-base-image.ts';
import { workloadsHaveProbes } from './workloads-have-probes.ts';
import { workloadsHaveResources } from './workloads-have-resources.ts';

export const EVALUATORS: readonly Evaluator[] = [
	containersRunAsNonRoot,
	datastoresEncrypted,
	datastoresHaveBackups,
	dockerfilesPinBaseImage,
	workloadsHaveProbes,
	workloadsHaveResources,
];

export const EVALUATORS_BY_NAME: ReadonlyMap<string, Evaluator> = new Map(
	EVALUATORS.map((evaluator) => [evaluator.meta.name, evaluator]),
);
