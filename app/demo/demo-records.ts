// The demo data's fixed records: one user per role, a few AI suppliers and their contacts.
// No I/O here, so the end-to-end tests can import the demo logins without the app's modules.
import type { NewVendor } from "./factories.server";

export const DEMO_PASSWORD = "assay-demo-password";

export const DEMO_USERS = [
  { email: "admin@assay.example", name: "Ada Admin", role: "admin" },
  { email: "procurement@assay.example", name: "Priya Procurement", role: "procurement" },
  { email: "risk@assay.example", name: "Rafael Risk", role: "risk_officer" },
] as const;

export const DEMO_CONTACTS: Record<string, { name: string; email: string; role: string }[]> = {
  "Northwind Models": [
    {
      name: "Nadia Okafor",
      email: "nadia.okafor@northwind-models.example",
      role: "Head of security",
    },
    { name: "Tom Reyes", email: "tom.reyes@northwind-models.example", role: "ML platform lead" },
  ],
  "Cirrus GPU Cloud": [
    { name: "Ines Moreau", email: "ines.moreau@cirrus-gpu.example", role: "Trust and compliance" },
  ],
  LabelWorks: [
    { name: "Sam Patel", email: "sam.patel@labelworks.example", role: "Operations director" },
  ],
  "Quill Translate API": [
    { name: "Lee Wong", email: "lee.wong@quill-translate.example", role: "CTO" },
  ],
  "Lumen Speech AI": [
    { name: "Mira Lindqvist", email: "mira.lindqvist@lumen-speech.example", role: "CISO" },
  ],
  "Tally Annotations": [
    { name: "Kofi Mensah", email: "kofi.mensah@tally-annotations.example", role: "Security lead" },
  ],
};

export const DEMO_VENDORS: (Partial<NewVendor> & { name: string })[] = [
  {
    name: "Northwind Models",
    website: "https://northwind-models.example",
    category: "model_api",
    dataAccess: "training_or_model",
    criticality: "high",
    notes: "Fine-tunes our support model on ticket history.",
  },
  {
    name: "Cirrus GPU Cloud",
    website: "https://cirrus-gpu.example",
    category: "cloud_infrastructure",
    dataAccess: "confidential",
    criticality: "high",
    notes: "Training cluster and inference endpoints, EU region.",
  },
  {
    name: "LabelWorks",
    website: "https://labelworks.example",
    category: "data_supplier",
    dataAccess: "training_or_model",
    criticality: "medium",
    notes: "Annotates customer-call transcripts for the speech model.",
  },
  {
    name: "Quill Translate API",
    website: "https://quill-translate.example",
    category: "model_api",
    dataAccess: "business",
    criticality: "low",
    notes: "Machine translation of marketing copy.",
  },
  {
    name: "Lumen Speech AI",
    website: "https://lumen-speech.example",
    category: "model_api",
    dataAccess: "confidential",
    criticality: "medium",
    notes: "Speech-to-text for recorded support calls.",
  },
  {
    name: "Tally Annotations",
    website: "https://tally-annotations.example",
    category: "data_supplier",
    dataAccess: "training_or_model",
    criticality: "medium",
    notes: "Labels images for the document-understanding model.",
  },
];

/** The demo's organisation, as an admin would set it at first sign-in. */
export const DEMO_ORGANISATION = {
  organisationName: "Assay Demo Bank",
  organisationContact: "procurement@assay.example",
};
