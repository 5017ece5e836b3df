// The peer page: the benchmark questionnaire rendered by SurveyJS (survey-core +
// survey-react-ui) with its default theme, as a production build. The document carries the
// survey JSON inline, as Assay's page carries its loader data.
import { createRoot } from "react-dom/client";
import { Model } from "survey-core";
import "survey-core/survey-core.min.css";
import { Survey } from "survey-react-ui";

const json: unknown = JSON.parse(document.getElementById("survey-json")?.textContent ?? "{}");
const model = new Model(json);
createRoot(document.getElementById("root")!).render(<Survey model={model} />);
