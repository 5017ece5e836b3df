// An assessment's progress by section: questions answered of those that apply.
import { type AssessmentPage } from "~/assessments/assessment-page.server";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";

export function ProgressTable({ page }: { page: AssessmentPage }) {
  const { summary, progress } = page;
  return (
    <section className="panel" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress by section</h2>
      <ExportLinks what="progress" path={`/tables/assessment-progress/${summary.id}`} />
      <ScrollRegion label="Progress by section">
        <table>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col" className="num">
                Answered
              </th>
              <th scope="col" className="num">
                Carried over, to confirm
              </th>
              <th scope="col" className="num">
                Questions
              </th>
            </tr>
          </thead>
          <tbody>
            {progress.map((s) => (
              <tr key={s.sectionId}>
                <th scope="row">{s.title}</th>
                <td className="num">{s.answered}</td>
                <td className="num">{s.toConfirm}</td>
                <td className="num">{s.applicable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
