/** Rows per page of the assessments list (docs/decisions/384-assessments-list-pages.md). */
export const ASSESSMENTS_PER_PAGE = 50;
