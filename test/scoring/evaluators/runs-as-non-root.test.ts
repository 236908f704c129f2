import { runsAsNonRoot } from '../../../src/lib/scoring/evaluators/runs-as-non-root.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildK8s, buildService, buildWorkload } from '../../support/facts.ts';

const k8s = (workloads: ReturnType<typeof buildWorkload>[]) => buildService({ facts: { 'k8s-manifests': buildK8s(workloads) } });

testEvaluator(runsAsNonRoot, [
	{ name: 'non-root', service: k8s([buildWorkload()]), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'root', service: k8s([buildWorkload({ kind: 'CronJob', name: 'nightly' }, { runsAsNonRoot: false })]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['CronJob/default/nightly'] },
	{ name: 'no workloads', service: k8s([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'manifests not collected', service: buildService(), outcome: 'unknown' },
]);
