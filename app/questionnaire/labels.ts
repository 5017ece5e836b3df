import { type Audience, type Severity } from "./definition";

export const AUDIENCE_LABELS: Record<Audience, string> = {
  model_api: "AI model / API vendors",
  cloud_infrastructure: "Cloud AI infrastructure providers",
  data_supplier: "Training-data / labelling suppliers",
  any: "Any supplier",
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};
