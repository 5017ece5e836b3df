// A vendor session for a test assessment, started the way the "Continue" page starts one.
import { issueLinks } from "~/assessments/assessments.server";
import { startVendorSession } from "~/assessments/respond.server";
import { type Db } from "~/db.server";
import { type TestAssessment } from "./assessment-factory";

/** The "name=value" of the vendor session cookie, for a Cookie header. */
export async function vendorSessionCookie(db: Db, a: TestAssessment): Promise<string> {
  const [link] = await db.transaction((tx) =>
    issueLinks(tx, [a.context.recipientId], new Date(Date.now() + 7 * 86_400_000), new Date()),
  );
  const started = await startVendorSession(db, link!.token);
  if (!started.ok) throw new Error("no vendor session");
  return started.cookie.split(";")[0]!;
}
