import { hasResourceLimits } from '../../../src/lib/scoring/evaluators/has-resource-limits.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildK8s, buildService, buildWorkload } from '../../support/facts.ts';

const k8s = (workloads: ReturnType<typeof buildWorkload>[]) => buildService({ facts: { 'k8s-manifests': buildK8s(workloads) } });

testEvaluator(hasResourceLimits, [
	{ name: 'requests and limits set', service: k8s([buildWorkload()]), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'no memory limit', service: k8s([buildWorkload({}, { hasResourceLimits: false })]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['Deployment/default/svc'] },
	{ name: 'limits not required', service: k8s([buildWorkload({}, { hasResourceLimits: false })]), options: { limits: false }, outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'no workloads', service: k8s([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'manifests not collected', service: buildService(), outcome: 'unknown' },
]);
