// The HTTP status a loader or action answers with, whether it returns or throws it: a returned
// Response's status (200 for plain data), a thrown Response's, or a thrown `data(…, { status })`.
export async function statusOf(run: () => unknown): Promise<number> {
  try {
    const value = await run();
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    if (thrown && typeof thrown === "object" && "init" in thrown)
      return (thrown as { init?: { status?: number } }).init?.status ?? 500;
    throw thrown;
  }
}
