import type { Datastore } from '../../../catalog/schema/facts.ts';
import { encryptedAtRest } from '../../../src/lib/scoring/evaluators/encrypted-at-rest.ts';
import { backupsEnabled } from '../../../src/lib/scoring/evaluators/backups-enabled.ts';
import { testEvaluator } from '../../support/check-tester.ts';
import { buildService, buildTerraform } from '../../support/facts.ts';

const store = (address: string, backupsEnabled: boolean | null, encryptedAtRest: boolean | null): Datastore => ({ address, type: 'aws_db_instance', file: 'inventory/prod.tfstate', region: 'eu-west-1', backupsEnabled, encryptedAtRest, crossRegionCopy: false, encryptedInTransit: null });
const tf = (datastores: Datastore[]) => buildService({ facts: { 'terraform-state': buildTerraform({ datastores }) } });

testEvaluator(backupsEnabled, [
	{ name: 'all backed up', service: tf([store('aws_db_instance.a', true, true)]), outcome: 'pass', messageId: 'passing', data: { total: 1 }, evidence: ['aws_db_instance.a'] },
	{ name: 'one without backups', service: tf([store('aws_db_instance.a', true, true), store('aws_db_instance.b', false, true)]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 2 }, evidence: ['aws_db_instance.b'] },
	{ name: 'unreadable attribute is unknown, never a silent pass', service: tf([store('aws_db_instance.a', true, true), store('aws_db_instance.c', null, true)]), outcome: 'unknown', messageId: 'undetermined', data: { undetermined: 1, total: 2 } },
	{ name: 'a failure wins over unknown', service: tf([store('aws_db_instance.b', false, true), store('aws_db_instance.c', null, true)]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 2 } },
	{ name: 'no datastore', service: tf([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'state not collected', service: buildService(), outcome: 'unknown' },
]);

testEvaluator(encryptedAtRest, [
	{ name: 'encrypted', service: tf([store('aws_db_instance.a', true, true)]), outcome: 'pass', messageId: 'passing', data: { total: 1 } },
	{ name: 'not encrypted', service: tf([store('aws_db_instance.a', true, false)]), outcome: 'fail', messageId: 'failing', data: { failing: 1, total: 1 }, evidence: ['aws_db_instance.a'] },
	{ name: 'no datastore', service: tf([]), outcome: 'not-applicable', messageId: 'none' },
	{ name: 'state not collected', service: buildService(), outcome: 'unknown' },
]);
