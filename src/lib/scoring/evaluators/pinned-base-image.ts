import { z } from 'zod';
import type { RepoFilesFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';

const DOCKERFILES_FACT = 'repo-files.dockerfiles';

export const pinnedBaseImage = defineEvaluator({
	meta: {
		name: 'pinned-base-image',
		description: 'Every Dockerfile of the service builds FROM a pinned base image (a digest or an explicit tag other than latest, after ARG defaults are substituted; a stage built from an earlier stage counts as that stage).',
		requires: [DOCKERFILES_FACT],
		options: z.strictObject({}),
		messages: {
			none: 'The service has no Dockerfile.',
			failing: '{{failing}} of {{total}} Dockerfiles use an unpinned base image: {{names}}.',
			undetermined: 'The base image of {{undetermined}} of {{total}} Dockerfiles could not be read: {{names}}.',
			passing: 'All {{total}} Dockerfiles pin their base image.',
		},
	},
	evaluate({ facts }) {
		const dockerfiles = facts.get(DOCKERFILES_FACT) as RepoFilesFacts['dockerfiles'];
		return judgeAll(
			dockerfiles.map((dockerfile) => ({
				ok: dockerfile.baseImagePinned,
				evidence: { file: dockerfile.path, detail: dockerfile.baseImagePinned ? 'base image pinned' : 'base image unpinned or :latest' },
			})),
		);
	},
});
