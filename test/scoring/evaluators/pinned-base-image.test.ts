import { pinnedBaseImage } from '../../../src/lib/scoring/evaluators/pinned-base-image.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildRepoFiles, buildService } from '../../support/facts.ts';

const repo = (dockerfiles: { path: string; baseImagePinned: boolean }[]) =>
	buildService({ facts: { 'repo-files': buildRepoFiles({ dockerfiles: dockerfiles.map((file) => ({ ...file, hasNonRootUser: true, hasHealthcheck: false })) }) } });

testEvaluator(pinnedBaseImage, [
	{ name: 'pinned', service: repo([{ path: 'svc/Dockerfile', baseImagePinned: true }]), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'floating tag', service: repo([{ path: 'svc/Dockerfile', baseImagePinned: false }]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['svc/Dockerfile'] },
	{ name: 'no Dockerfile', service: repo([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'files not collected', service: buildService(), outcome: 'unknown' },
]);
