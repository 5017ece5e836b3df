// Every scheduled job, run in this order on each tick by runScheduledJobs (scheduler.server.ts).
// Add a job by appending a { name, run } object; each job claims its own work, so the order only
// decides which mail goes first when several fall due together.
import {
  dueDateReminders,
  expireAssessments,
  overdueNotices,
  pruneVendorSessions,
} from "~/assessments/assessment-jobs.server";
import { pruneSignInState } from "~/auth/auth-jobs.server";
import { FINDING_JOBS } from "~/findings/finding-jobs.server";
import { type Job } from "./job";

export const JOBS: Job[] = [
  dueDateReminders,
  overdueNotices,
  expireAssessments,
  ...FINDING_JOBS,
  pruneSignInState,
  pruneVendorSessions,
];
