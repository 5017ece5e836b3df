// The one storage interface for uploaded files. The default keeps them on disk in DATA_DIR,
// outside public/, under random keys; an S3-compatible store can implement the same three
// functions when Assay runs on several machines.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "~/env.server";

export type Storage = {
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
};

const KEY = /^\d{4}\/[0-9a-f-]{36}$/;

export function fileSystemStorage(root: string): Storage {
  const resolve = (key: string) => {
    // Keys are ours, but never let one escape the root.
    if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(bytes) {
      const key = `${new Date().getUTCFullYear()}/${randomUUID()}`;
      await mkdir(path.dirname(resolve(key)), { recursive: true });
      await writeFile(resolve(key), bytes, { flag: "wx", mode: 0o600 });
      return key;
    },
    async get(key) {
      return new Uint8Array(await readFile(resolve(key)));
    },
    async remove(key) {
      await rm(resolve(key), { force: true });
    },
  };
}

let storage: Storage | undefined;
export function getStorage(): Storage {
  storage ??= fileSystemStorage(path.resolve(getEnv().DATA_DIR, "evidence"));
  return storage;
}
