export const VENDOR_CATEGORIES = [
  "model_api",
  "cloud_infrastructure",
  "data_supplier",
  "other",
] as const;
export type VendorCategory = (typeof VENDOR_CATEGORIES)[number];

export const VENDOR_CATEGORY_LABELS: Record<VendorCategory, string> = {
  model_api: "AI model / API vendor",
  cloud_infrastructure: "Cloud AI infrastructure",
  data_supplier: "Training-data / labelling supplier",
  other: "Other",
};
