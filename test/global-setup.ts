import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../db/tooling/migrate';
import { createThrowawayDatabase } from '../db/tooling/throwaway-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createThrowawayDatabase();
  await migrateDatabase(database.url);
  project.provide('databaseUrl', database.url);
  return () => database.drop();
}
