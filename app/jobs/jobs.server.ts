// Every scheduled job, run in this order on each tick by runScheduledJobs (scheduler.server.ts).
// Add a job by appending a { name, run } object; each job claims its own work, so the order only
// decides which mail goes first when several fall due together.
import { dueDateReminders, expireAssessments, overdueNotices } from "~/assessments/assessment-jobs.server";
import { FINDING_JOBS } from "~/findings/finding-jobs.server";
import { type Job } from "./scheduler.server";

export const JOBS: Job[] = [dueDateReminders, overdueNotices, expireAssessments, ...FINDING_JOBS];
