// Autosave endpoint: one answer per request, as JSON, from the answering page.
import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { requireVendorSession, saveAnswer } from "~/assessments/respond.server";
import { getEnv } from "~/env.server";
import { parseInput } from "~/forms/parse";
import { type SupplierListValue } from "~/supply-chain/types";
import { requireSameOrigin } from "~/http/origin.server";

const MAX_BODY = 64 * 1024;

const SaveSchema = z.object({
  questionId: z.string().min(1).max(64),
  answer: z
    .union([
      z.object({
        kind: z.literal("value"),
        // The envelope only: the question's own answer schema judges the value, with its
        // messages (a supplier list is an object of rows, docs/decisions/240).
        value: z.union([
          z.string(),
          z.number(),
          z.array(z.string()),
          // Typed as the stored shape: saveAnswer parses it with the question's schema first.
          z
            .object({ suppliers: z.array(z.unknown()) })
            .strict() as unknown as z.ZodType<SupplierListValue>,
        ]),
      }),
      z.object({ kind: z.literal("na"), justification: z.string() }),
    ])
    .nullable(),
  comment: z.string().max(5_000, "Keep the comment under 5,000 characters").default(""),
  baseRevision: z.number().int().min(0),
});

export async function loader() {
  return Response.json(
    { message: "POST an answer here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) {
    return Response.json(
      { ok: false, kind: "invalid", message: "That answer is too long to save." },
      { status: 413 },
    );
  }
  // parseInput applies the edge rule first: a lone surrogate or NUL is a 400, not a 500.
  const body = parseInput(SaveSchema, await request.json().catch(() => null));
  if (!body.success) {
    return Response.json(
      { ok: false, kind: "invalid", message: Object.values(body.errors)[0] ?? "Invalid answer" },
      { status: 400 },
    );
  }
  // Only the pinned version is needed (cached: versions never change), not the workspace.
  const questionnaire = await getPinnedQuestionnaire(vendor.db, vendor.questionnaireVersionId);
  const result = await saveAnswer(vendor.db, vendor, questionnaire, body.data);
  const status = result.ok
    ? 200
    : result.kind === "conflict"
      ? 409
      : result.kind === "closed"
        ? 423
        : 422;
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}
