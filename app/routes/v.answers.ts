// Autosave endpoint: one answer per request, as JSON, from the answering page. The production
// server answers POST /v/answers itself, with the same code, before Remix's request handler
// (app/http/autosave-endpoint.server.ts, docs/decisions/400-lean-autosave.md), in development
// as in production; this action answers it wherever the app runs without scripts/server.js
// (the tests, another Remix adapter).
import { type ActionFunctionArgs } from "@remix-run/node";
import { autosaveAnswer, autosaveSession, SIGNED_OUT_REPLY } from "~/assessments/autosave.server";
import { getDb } from "~/db.server";
import { BODY_LIMITS } from "~/http/body-limit.server";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";

export async function loader() {
  return Response.json(
    { message: "POST an answer here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  if (Number(request.headers.get("content-length") ?? 0) > BODY_LIMITS.autosave) {
    return Response.json(
      { ok: false, kind: "invalid", message: "That answer is too long to save." },
      { status: 413, headers: { "Cache-Control": "no-store" } },
    );
  }
  // The session first: a request without one is refused before its body is read.
  const db = await getDb();
  const session = await autosaveSession(db, request.headers.get("cookie"));
  const reply = session
    ? await autosaveAnswer(db, session, await request.json().catch(() => null))
    : SIGNED_OUT_REPLY;
  return Response.json(reply.body, {
    status: reply.status,
    headers: { "Cache-Control": "no-store" },
  });
}
