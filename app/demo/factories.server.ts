// Row factories shared by the demo seed and the tests, so both build data the same way.
import { hashPassword } from "~/auth/password.server";
import { type Database, schema } from "~/db.server";

type Db = Pick<Database, "insert" | "select">;

export type NewUser = {
  email: string;
  name?: string;
  role: (typeof schema.roleEnum.enumValues)[number];
  password?: string;
  status?: (typeof schema.userStatusEnum.enumValues)[number];
};

export async function createUser(db: Db, input: NewUser) {
  const status = input.status ?? (input.password ? "active" : "invited");
  const [user] = await db
    .insert(schema.users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name ?? input.email.split("@")[0]!,
      role: input.role,
      status,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    })
    .returning();
  return user!;
}

export type NewVendor = Omit<typeof schema.vendors.$inferInsert, "id" | "createdAt" | "updatedAt">;

export async function createVendor(db: Db, input: Partial<NewVendor> & { name: string }) {
  const [vendor] = await db
    .insert(schema.vendors)
    .values({ category: "model_api", dataAccess: "business", criticality: "medium", ...input })
    .returning();
  return vendor!;
}
