// Housekeeping of sign-in state, run by the scheduler (app/jobs/jobs.server.ts): expired staff
// sessions and rate-limit counters whose window ended long ago are deleted. Nothing accepts
// them any more (a session is checked against its expiry, a counter against its window), so
// this only keeps the tables from growing for ever (decisions 004 and 005). Deleting is
// idempotent: every instance may run it, no claim is needed.
import { type Job } from "~/jobs/job";
import { pruneRateLimits, RATE_LIMIT_RETENTION_MS } from "./rate-limit.server";
import { pruneExpiredSessions } from "./session.server";

export const pruneSignInState: Job = {
  name: "prune-sessions-and-rate-limits",
  async run(db, asOf) {
    // Never later than the wall clock: the test clock runs the jobs "as of" a future date
    // (docs/decisions/092-test-clock.md), and that must not end the sessions in use today.
    const now = new Date(Math.min(asOf.getTime(), Date.now()));
    const sessions = await pruneExpiredSessions(db, now);
    const counters = await pruneRateLimits(db, new Date(now.getTime() - RATE_LIMIT_RETENTION_MS));
    return sessions + counters;
  },
};
