import { hasHealthProbes } from '../../../src/lib/scoring/evaluators/has-health-probes.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildK8s, buildService, buildWorkload } from '../../support/facts.ts';

const k8s = (workloads: ReturnType<typeof buildWorkload>[]) => buildService({ facts: { 'k8s-manifests': buildK8s(workloads) } });

testEvaluator(hasHealthProbes, [
	{ name: 'every container has both probes', service: k8s([buildWorkload()]), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{
		name: 'one container lacks liveness',
		service: k8s([buildWorkload(), buildWorkload({ name: 'worker' }, { hasLivenessProbe: false })]),
		outcome: 'fail',
		messageId: 'failing',
		data: { failing: 1, total: 2 },
		evidence: ['Deployment/default/worker'],
	},
	{ name: 'only readiness required', service: k8s([buildWorkload({}, { hasLivenessProbe: false })]), options: { probes: ['readiness'] }, outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'no workloads', service: k8s([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'manifests not collected', service: buildService(), outcome: 'unknown' },
]);
