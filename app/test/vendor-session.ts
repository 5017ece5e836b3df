// A vendor session for a test assessment, started the way the "Continue" page starts one.
import { issueLinks } from "~/assessments/assessments.server";
import { startVendorSession } from "~/assessments/respond.server";
import { type Db } from "~/db.server";
import { type SessionUser } from "~/auth/session.server";
import { type NewVendor } from "~/demo/factories.server";
import { sendTestAssessment, type TestAssessment } from "./assessment-factory";

/** The "name=value" of the vendor session cookie, for a Cookie header. */
export async function vendorSessionCookie(db: Db, a: TestAssessment): Promise<string> {
  const [link] = await db.transaction((tx) =>
    issueLinks(tx, [a.context.recipientId], new Date(Date.now() + 7 * 86_400_000), new Date()),
  );
  const started = await startVendorSession(db, link!.token);
  if (!started.ok) throw new Error("no vendor session");
  return started.cookie.split(";")[0]!;
}

/** A vendor with an assessment sent to it, and its contact signed in (the cookie). */
export async function signedInTestAssessment(
  db: Db,
  staff: SessionUser,
  questionnaireVersionId: string,
  vendor: Partial<NewVendor> & { name: string },
): Promise<TestAssessment & { cookie: string }> {
  const a = await sendTestAssessment(db, staff, questionnaireVersionId, vendor);
  return { ...a, cookie: await vendorSessionCookie(db, a) };
}
