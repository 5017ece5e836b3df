// Once per `vitest run`, on embedded PGlite only: one migrated database, dumped to a file that
// every test file's database starts from (app/test/database.ts). Creating a cluster and applying
// every migration costs each test file seconds; loading a copy costs about a quarter of that.
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../db/client";

declare module "vitest" {
  // Declaration merging with vitest's own interface needs an interface, not a type.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    /** A tarball of a migrated embedded database, or null on PostgreSQL. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide("pgliteTemplate", null);
    return;
  }
  const template = await openDatabase({ kind: "pglite" });
  let file: string;
  try {
    await migrateDatabase(template);
    if (!template.dump) throw new Error("An embedded database handle can always dump its files");
    const tarball = await template.dump();
    file = path.join(os.tmpdir(), `assay-pglite-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await template.close();
  }
  project.provide("pgliteTemplate", file);
  return async () => {
    await rm(file, { force: true });
  };
}
