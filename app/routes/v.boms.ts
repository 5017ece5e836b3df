// A CycloneDX BOM sent from a supplier list on the answering page (decisions 253, 331). With
// JavaScript the page posts here with fetch and gets the draft rows as JSON to fill the table
// for review; without it, the file is still read and kept, and the toast says what was found.
// The BOM's own limits are checked once it is stored (bom-upload.server.ts).
import { type ActionFunctionArgs } from "@remix-run/node";
import { vendorQuestionUpload } from "~/assessments/vendor-upload.server";
import { importBomUpload } from "~/supply-chain/bom-upload.server";

export async function loader() {
  return Response.json(
    { message: "POST a CycloneDX JSON file here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  return vendorQuestionUpload(request, {
    noFile: "Choose a CycloneDX JSON file to upload.",
    store: (vendor, questionnaire, input) =>
      importBomUpload(vendor.db, vendor, questionnaire, input),
    success: (result) =>
      `${result.file.fileName} is kept with your answer. It lists ${result.rows.length} ${result.rows.length === 1 ? "supplier" : "suppliers"}; add them to the table (the page fills it for you when JavaScript is on).`,
  });
}
