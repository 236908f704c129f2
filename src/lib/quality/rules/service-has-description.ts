// A service nobody can describe in one line is hard to page for.
import { missingField } from '../missing-field.ts';

export const serviceHasDescription = missingField('service-has-description', 'description', (service) => service.description === null || service.description.trim() === '', 'Add a one-line `description:` to its descriptor.');
