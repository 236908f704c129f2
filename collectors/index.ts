// The collector registry: explicit and alphabetical. `test/contracts/registry.test.ts` checks that it
// matches the collector folders on disk and that each has a README.
import { awsInventoryCollector } from './aws-inventory/index.ts';
import { descriptorCollector } from './descriptor/index.ts';
import { githubCollector } from './github/index.ts';
import { k8sManifestsCollector } from './k8s-manifests/index.ts';
import { repoFilesCollector } from './repo-files/index.ts';
import { terraformStateCollector } from './terraform-state/index.ts';
import type { Collector } from './types.ts';

export const COLLECTORS: readonly Collector[] = [
	awsInventoryCollector,
	descriptorCollector,
	githubCollector,
	k8sManifestsCollector,
	repoFilesCollector,
	terraformStateCollector,
] as Collector[];
