import { type AssessmentStatus, STATUS_LABELS } from "~/assessments/status";

export function StatusTag({ status }: { status: AssessmentStatus }) {
  return <span className={`tag assessment-${status}`}>{STATUS_LABELS[status]}</span>;
}
