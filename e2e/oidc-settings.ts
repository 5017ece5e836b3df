// What the end-to-end provider and the app are both told (playwright.config.ts).
export const E2E_OIDC = {
  clientId: "assay-e2e",
  clientSecret: "assay-e2e-client-secret-0123456789",
  displayName: "Test IdP",
  roleMap: { "assay-risk-officers": "risk_officer", "assay-admins": "admin" },
  accounts: {
    "nadia.sub": {
      email: "nadia.newstaff@sso.example",
      emailVerified: true,
      name: "Nadia Newstaff",
      groups: ["all-staff", "assay-risk-officers"],
    },
  },
};
