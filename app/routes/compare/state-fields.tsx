// The page's state as hidden fields, so a GET form on /compare (the picker's search, the
// question table's filter) keeps everything else its links keep (decisions 081 and 390).
import { compareHref, type PickerState } from "~/compare/compare-query";

export function StateFields({ state }: { state: PickerState }) {
  const params = [...new URLSearchParams(compareHref(state).split("?")[1] ?? "")];
  return (
    <>
      {params.map(([name, value]) => (
        <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
