import { runNext } from './run-next';

await runNext('start', process.argv.slice(2));
