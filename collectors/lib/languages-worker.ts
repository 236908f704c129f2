// The worker thread of `classifyRepositoryFilesInBackground`: classifies the files it is given and
// hands the arrays back without copying them.
import { parentPort, workerData } from 'node:worker_threads';
import { classifyRepositoryFiles } from './languages.ts';

const { root, files } = workerData as { root: string; files: string[] };
const result = await classifyRepositoryFiles(root, files);
parentPort!.postMessage(result, [result.language.buffer, result.size.buffer, result.binary.buffer]);
