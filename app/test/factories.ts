// The seed's factories, with test defaults (passwords hash cheaply under NODE_ENV=test).
import { createUser as createUserRow, createVendor, type NewUser } from "~/demo/factories.server";
import { type Db } from "~/db.server";
import { getQuestionnaireVersion } from "~/library/sync.server";

export { createVendor };
export const PASSWORD = "a-long-test-password";

export function createUser(db: Db, input: Partial<NewUser> & Pick<NewUser, "role">) {
  return createUserRow(db, {
    email: `${input.role}-${Math.random().toString(36).slice(2, 10)}@test.example`,
    password: PASSWORD,
    ...input,
  });
}

/** A request as a same-origin browser form post would send it. */
export function formRequest(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
}

/** The id of a library questionnaire version (after syncQuestionnaireLibrary). */
export async function libraryVersionId(db: Db, slug: string, version: string): Promise<string> {
  const row = await getQuestionnaireVersion(db, slug, version);
  if (!row) throw new Error(`No questionnaire ${slug}@${version} in the library`);
  return row.id;
}
