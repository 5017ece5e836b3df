// `npm run bench [-- --scale tiny|small|large]`: builds the app and the SurveyJS peer page,
// loads data into a database of its own, measures, prints a table and writes
// bench/results/<timestamp>.json. See docs/decisions/080-benchmark-harness.md.
//
// Options:
//   --scale tiny|small|large   data size and run lengths (default small; tiny is for CI)
//   --skip-build               use the existing build/ (e.g. right after `npm run build`)
//   --pglite                   use embedded PGlite even when PostgreSQL is available
//   --routes /a,/b             staff GET routes to load (default below; {assessmentId} is
//                              replaced by a half-answered assessment's id, {compareQuery}
//                              by questionnaire=<slug>&vendor=<id>×3 of vendors with
//                              submitted, scored assessments on it, {compareQuery10} the same
//                              with 10 vendors). A route that does not answer 200 is
//                              reported as "not built".
//
// Every run also measures the floors the budgets are ratios to (decision 261): the sign-in
// page under the same load, a bare upsert on the same PostgreSQL at the same 20 connections,
// and the JavaScript of a minimal Remix 2 + React 18 page built beside the app.
//   --no-browser               skip the browser comparison
//   --authoring-only           load the data and start the app, then measure only the
//                              300-question draft (made, opened, saved, published; decision
//                              313) and print those figures
//   --keep-data                load the data, print how to reach it, measure nothing and
//                              leave the database (and a throwaway cluster) running — for
//                              profiling by hand (the details go to bench/results/kept.json)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp, staffLogin, startApp, vendorSession, type AppServer } from "./app-server";
import {
  DISABLED_FEATURES,
  keepOffBrowserCore,
  launchBrowser,
  measurePage,
  type PageTargets,
  type RunFigures,
  summarise,
} from "./browser";
import { type AuthoringFigures, measureAuthoring } from "./authoring";
import { type BenchDatabase, chooseDatabase } from "./database";
import { type Fixtures, loadData } from "./data";
import { explainAll, type ExplainFigures, queryContext } from "./explain";
import { type QueryContext } from "./queries";
import { buildFrameworkFloor, measureBareHttpUpsert, measureRawUpsert, pageScripts } from "./floor";
import { type AutosaveTarget, loadAutosave, loadGet, type LoadFigures, notMeasured } from "./load";
import { lighthouseMedian } from "./lighthouse";
import { measureMirrors, type MirrorFigures } from "./mirror";
import { loadAverageNow, waitForQuiet, withLoadAverage } from "./machine-load";
import { buildPeer, type PeerSite, servePeer } from "./peer";
import {
  BENCH_SECTION_ID,
  benchQuestionnaire,
  interactionTargets,
  toSurveyJson,
} from "./questionnaire";
import {
  authoringLines,
  formatResults,
  judgeBudgets,
  type Results,
  SIGN_IN_FLOOR_AGAIN,
} from "./report";
import { type ScaleName, SCALES } from "./scales";
import { measureScoring } from "./scoring";
import { type ProfileFigures, profileLoad } from "./profile-pass";

const DEFAULT_ROUTES = [
  "/vendors",
  "/assessments",
  "/assessments/{assessmentId}",
  "/findings",
  "/dashboard",
  "/compare?{compareQuery}",
  "/compare?{compareQuery10}",
  // The supply-chain map (decision 332): every vendor's latest declared suppliers.
  "/supply-chain",
  "/supply-chain/locations",
  "/supply-chain/providers/domain%3Aprovider-0.example",
];

/** The vendor section page's route in Remix's manifest (for its JavaScript). */
const VENDOR_ROUTE_ID = "routes/v.sections.$sectionId";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "small" },
    "skip-build": { type: "boolean", default: false },
    pglite: { type: "boolean", default: false },
    routes: { type: "string" },
    "no-browser": { type: "boolean", default: false },
    "keep-data": { type: "boolean", default: false },
    "authoring-only": { type: "boolean", default: false },
  },
});
if (!(values.scale! in SCALES)) {
  console.error(`--scale must be tiny, small or large (got ${values.scale})`);
  process.exit(2);
}
const scale = SCALES[values.scale as ScaleName];
const routes =
  (values.routes ?? process.env.BENCH_STAFF_ROUTES)?.split(",").filter(Boolean) ?? DEFAULT_ROUTES;

const log = (line: string) => console.log(line);
const durations: Record<string, number> = {};
async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  log(`\n==> ${name}`);
  try {
    return await fn();
  } finally {
    durations[name] = Math.round((performance.now() - start) / 100) / 10;
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.warn(`Clean-up step failed: ${String(error)}`);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`Assay benchmark, scale ${scale.name}`);
  const loadBefore = os.loadavg()[0]!;
  if (loadBefore > os.cpus().length / 2) {
    log(
      `Note: the machine is busy (load average ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs); figures will be slower than on an idle machine.`,
    );
  }
  const { questionnaire } = benchQuestionnaire();
  const targets = interactionTargets(questionnaire);

  if (!values["skip-build"]) await phase("build the app", () => buildApp(log));
  const framework = await phase("build the framework floor (minimal Remix 2 + React 18 page)", () =>
    buildFrameworkFloor(),
  );
  const vendorScripts = pageScripts(path.resolve("build/client"), VENDOR_ROUTE_ID);
  const dashboardScripts = pageScripts(path.resolve("build/client"), "routes/dashboard");
  log(
    `  framework floor JS ${(framework.gzipBytes / 1024).toFixed(1)} KB gzip; vendor page ${(vendorScripts.gzipBytes / 1024).toFixed(1)} KB; dashboard ${(dashboardScripts.gzipBytes / 1024).toFixed(1)} KB`,
  );
  const peerDir =
    values["no-browser"] || values["authoring-only"]
      ? null
      : await phase("build the SurveyJS peer page (Vite, production)", buildPeer);

  const database: BenchDatabase = await phase("database", () =>
    chooseDatabase({ forcePglite: values.pglite, log }),
  );
  if (!values["keep-data"]) cleanups.push(() => database.cleanup());

  let fixtures: Fixtures;
  let queries: ExplainFigures[];
  let context: QueryContext;
  {
    const client = await database.open();
    try {
      fixtures = await phase("load data", () => loadData(client, database.kind, scale, log));
      context = await queryContext(client, fixtures.sectionAssessmentId);
      log(
        `Compare: ${context.compare.slug}, ${context.compare.vendorIds.length} vendors with submitted, scored assessments.`,
      );
      queries = await phase("EXPLAIN the queries in bench/queries.ts", () =>
        explainAll(client, context),
      );
    } finally {
      // PGlite allows one connection: the app server opens it next.
      await client.close();
    }
  }

  if (values["keep-data"]) {
    const file = path.resolve("bench/results/kept.json");
    mkdirSync(path.dirname(file), { recursive: true });
    const { poolAnswered: _answered, ...kept } = fixtures;
    writeFileSync(
      file,
      `${JSON.stringify({ database: database.label, env: database.serverEnv, compare: context.compare, ...kept }, null, 1)}\n`,
    );
    log(
      `\nKept the data (${database.label}): ${JSON.stringify(database.serverEnv)}\n` +
        `Details in ${path.relative(process.cwd(), file)}; drop the database (or stop the cluster) when done.`,
    );
    return;
  }

  if (values["authoring-only"]) {
    const app = await phase("start the app server", () => startApp(database.serverEnv));
    cleanups.push(() => app.stop());
    const cookie = await staffLogin(app.origin, fixtures.staff.email, fixtures.staff.password);
    const authoring = await measureAuthoringPhase(app.origin, cookie);
    await cleanUp();
    const dir = path.resolve("bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `authoring-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
    const loadAverage = { start: loadBefore, end: os.loadavg()[0]! };
    writeFileSync(
      file,
      `${JSON.stringify({ scale: scale.name, database: database.label, commit: gitCommit(), loadAverage, authoring }, null, 1)}\n`,
    );
    log(
      `\nScale ${scale.name}, ${database.label}, load average ${loadAverage.start.toFixed(1)} → ${loadAverage.end.toFixed(1)} on ${os.cpus().length} CPUs\n${authoringLines(authoring).join("\n")}\nWritten ${path.relative(process.cwd(), file)}`,
    );
    return;
  }

  const scoring = await phase("scoring", () =>
    measureScoring(scale.scoreRuns, scale.rescoreAssessments),
  );

  // The profile pass (decision 386) signals this server to profile itself: its hook is
  // preloaded and idle until then.
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "assay-bench-profiles-"));
  cleanups.push(() => rmSync(profileDir, { recursive: true, force: true }));
  const app: AppServer = await phase("start the app server", () =>
    startApp(database.serverEnv, { profileDir }),
  );
  cleanups.push(() => app.stop());
  const staffCookie = await staffLogin(app.origin, fixtures.staff.email, fixtures.staff.password);

  let browser: Results["browser"] = null;
  // Loading the data keeps both cores busy: the browser runs wait for the machine to settle
  // like every other measurement, or their budgets could not be judged.
  if (peerDir) await waitForQuiet(scale.settleSeconds, log);
  const browserLoadBefore = loadAverageNow();
  let browserMeta: Results["meta"]["browser"] = { version: "not run", pinning: "not run", runs: 0 };
  if (peerDir) {
    const peer: PeerSite = await servePeer(peerDir, toSurveyJson(questionnaire));
    cleanups.push(() => peer.close());
    browser = await phase("browser: Assay vs SurveyJS", async () => {
      const launched = await launchBrowser();
      cleanups.push(async () => {
        await launched.browser.close();
        launched.cleanup();
      });
      // Released in the cleanups and again right after the runs, before the load tests.
      const isolation = keepOffBrowserCore([app.pid, process.pid]);
      cleanups.push(() => isolation.release());
      browserMeta = {
        version: launched.version,
        pinning: [launched.pinning.method, isolation.method].filter(Boolean).join("; "),
        disabledFeatures: DISABLED_FEATURES,
        runs: scale.browserRuns,
      };
      log(
        `Chromium ${launched.version}; CPU: ${browserMeta.pinning}; features off: ${DISABLED_FEATURES}`,
      );
      const assayTargets = async (token: string): Promise<PageTargets> => {
        const cookie = await vendorSession(app.origin, token);
        const [name, value] = cookie.split("=") as [string, string];
        return {
          url: `${app.origin}/v/sections/${BENCH_SECTION_ID}`,
          first: `#q-${targets.firstId}`,
          typed: `#q-${targets.typedId}`,
          radios: targets.radios.map(
            (r) => `label:has(> input[name="q:${r.questionId}"][value="${r.value}"])`,
          ),
          reach: `nav[aria-label="Parts of this section"] a:text-is("${targets.typedPart}")`,
          waitForHydration: true,
          saved: { path: "/v/answers", status: ".save-status", text: "All changes saved." },
          cookies: [{ name, value, url: app.origin }],
        };
      };
      const surveyTargets: PageTargets = {
        url: `${peer.origin}/`,
        first: `[data-name="${targets.firstId}"] input`,
        typed: `[data-name="${targets.typedId}"] input`,
        radios: targets.radios.map(
          (r) => `[data-name="${r.questionId}"] label:has(input[value="${r.value}"])`,
        ),
        waitForHydration: false,
      };
      // Warm the app server (its first renders compile and cache) and the static server,
      // outside the measured runs; every measured run is a cold browser context.
      const [warmToken, ...tokens] = fixtures.browserTokens;
      const warm = await assayTargets(warmToken!);
      for (let i = 0; i < 3; i++) {
        const cookie = `${warm.cookies![0]!.name}=${warm.cookies![0]!.value}`;
        await (await fetch(warm.url, { headers: { cookie } })).arrayBuffer();
      }
      await (await fetch(surveyTargets.url)).arrayBuffer();
      // The interaction floor (decision 424): q250's part as the server renders it, its scripts
      // removed, in the warm-up's session (nothing is saved without JavaScript).
      const floorTargets: PageTargets = {
        url: `${app.origin}/v/sections/${BENCH_SECTION_ID}?part=${targets.typedPart}`,
        first: `#q-${targets.typedId}`,
        typed: `#q-${targets.typedId}`,
        radios: warm.radios,
        waitForHydration: false,
        cookies: warm.cookies,
        withoutScripts: true,
      };
      const assay: RunFigures[] = [];
      const surveyjs: RunFigures[] = [];
      const floor: RunFigures[] = [];
      // A run that times out (a stalled page on a busy machine) is retried once, said so.
      const measure = async (label: string, targets: () => Promise<PageTargets>) => {
        try {
          return await measurePage(launched.browser, launched.pinning, await targets());
        } catch (error) {
          log(`  ${label} failed (${String(error).split("\n")[0]}); retrying once`);
          return measurePage(launched.browser, launched.pinning, await targets());
        }
      };
      for (let run = 0; run < scale.browserRuns; run++) {
        assay.push(await measure(`Assay run ${run + 1}`, () => assayTargets(tokens[run]!)));
        surveyjs.push(await measure(`SurveyJS run ${run + 1}`, async () => surveyTargets));
        floor.push(await measure(`floor run ${run + 1}`, async () => floorTargets));
        const [a, f] = [assay.at(-1)!, floor.at(-1)!];
        log(
          `  run ${run + 1}: Assay ready ${a.readyMs.toFixed(0)} ms, SurveyJS ready ${surveyjs.at(-1)!.readyMs.toFixed(0)} ms; q250 p75/max Assay ${a.inpP75Ms}/${a.inpMaxMs} ms, without scripts ${f.inpP75Ms}/${f.inpMaxMs} ms`,
        );
      }
      isolation.release();
      return { assay: summarise(assay), surveyjs: summarise(surveyjs), floor: summarise(floor) };
    });
  }
  const browserLoad = {
    before: browserLoadBefore,
    after: loadAverageNow(),
  };

  let rawUpsert: Results["floors"]["rawUpsert"] = null;
  let bareHttpUpsert: Results["floors"]["bareHttpUpsert"] = null;
  // Kept for the cluster-mode pass: its autosaves go on from the revisions this pass left.
  let sectionCookie = "";
  let autosaveTargets: AutosaveTarget[] = [];
  let poolCookies: string[] = [];
  // What the profile pass loads again, one kind of request at a time (decision 386).
  const profileTargets: {
    name: string;
    path: string;
    /** GET pages: the Cookie header they are loaded with (their mirror is captured with it). */
    cookie?: string;
    load: (seconds: number) => Promise<LoadFigures>;
  }[] = [];
  const load: LoadFigures[] = await phase("server under load (autocannon)", async () => {
    const figures: LoadFigures[] = [];
    const seconds = scale.loadSeconds;
    profileTargets.push({
      name: "sign-in page (floor)",
      path: "/login",
      cookie: "",
      load: (s) => loadGet("sign-in page (floor)", app.origin, "/login", "", s),
    });
    const measured = <T extends object>(measure: () => Promise<T>) =>
      withLoadAverage(scale.settleSeconds, measure, log);

    // The floors first: the smallest page there is, and the smallest write PostgreSQL takes.
    figures.push(
      await measured(() => loadGet("sign-in page (floor)", app.origin, "/login", "", seconds)),
    );
    log(
      `  /login (floor): p95 ${figures.at(-1)!.p95Ms.toFixed(0)} ms, p99 ${figures.at(-1)!.p99Ms.toFixed(0)} ms`,
    );
    const databaseUrl = database.serverEnv.DATABASE_URL;
    if (database.kind === "postgres" && databaseUrl) {
      rawUpsert = await measured(() => measureRawUpsert(databaseUrl, seconds));
      log(
        `  raw upsert (floor): p99 ${rawUpsert.p99Ms.toFixed(1)} ms at ${rawUpsert.throughputPerSecond.toFixed(0)}/s`,
      );
      bareHttpUpsert = await measured(() => measureBareHttpUpsert(databaseUrl, seconds));
      log(
        `  bare HTTP upsert (floor): p99 ${bareHttpUpsert.p99Ms.toFixed(1)} ms at ${bareHttpUpsert.throughputPerSecond.toFixed(0)}/s, ${bareHttpUpsert.cpuMsPerRequest?.toFixed(2) ?? "?"} ms of CPU per request`,
      );
    } else {
      log("  raw upsert (floor): not measured on PGlite (one connection, inside the app)");
    }

    sectionCookie = await vendorSession(app.origin, fixtures.sectionToken);
    const sectionPath = `/v/sections/${BENCH_SECTION_ID}`;
    const document = await fetch(`${app.origin}${sectionPath}`, {
      headers: { cookie: sectionCookie, accept: "text/html" },
    });
    const documentBytes = (await document.arrayBuffer()).byteLength;
    figures.push({
      ...(await measured(() =>
        loadGet("vendor section page", app.origin, sectionPath, sectionCookie, seconds),
      )),
      documentBytes,
    });
    log(
      `  ${sectionPath}: p50 ${figures.at(-1)!.p50Ms.toFixed(0)} ms, document ${(documentBytes / 1024).toFixed(1)} KB`,
    );
    profileTargets.push({
      name: "vendor section page",
      path: sectionPath,
      cookie: sectionCookie,
      load: (s) => loadGet("vendor section page", app.origin, sectionPath, sectionCookie, s),
    });

    // Autosave targets: every answerable question of every pool assessment, interleaved so
    // that consecutive writes go to different assessments, each with its current revision.
    const cookies = await Promise.all(fixtures.poolTokens.map((t) => vendorSession(app.origin, t)));
    poolCookies = cookies;
    const answerable = questionnaire.sections[0]!.questions.filter((q) => q.type !== "evidence");
    autosaveTargets = [];
    answerable.forEach((question, q) => {
      fixtures.poolAssessmentIds.forEach((assessmentId, a) => {
        autosaveTargets.push({
          cookie: cookies[a]!,
          assessmentId,
          questionId: question.id,
          revision: fixtures.poolAnswered.has(`${assessmentId}/${question.id}`) ? 1 : 0,
          answer:
            question.type === "single_choice"
              ? { kind: "value", value: question.options[(q + a) % question.options.length]!.value }
              : question.type === "multiple_choice"
                ? { kind: "value", value: ["policy", "audit"] }
                : {
                    kind: "value",
                    value: `Autosaved answer ${q}-${a}: reviewed by the security team.`,
                  },
        });
      });
    });
    figures.push(await measured(() => loadAutosave(app.origin, autosaveTargets, seconds)));
    profileTargets.push({
      name: "autosave (POST /v/answers)",
      path: "/v/answers",
      load: (s) => loadAutosave(app.origin, autosaveTargets, s),
    });
    log(
      `  /v/answers: p99 ${figures.at(-1)!.p99Ms.toFixed(0)} ms, ${figures.at(-1)!.errors} errors`,
    );

    for (const template of routes) {
      const compareQuery = new URLSearchParams([
        ["questionnaire", context.compare.slug],
        ...context.compare.vendorIds.map((id) => ["vendor", id]),
      ]).toString();
      const compareQuery10 = new URLSearchParams([
        ["questionnaire", context.compare.slug],
        ...context.compare.tenVendorIds.map((id) => ["vendor", id]),
      ]).toString();
      const route = template
        .replace("{assessmentId}", fixtures.sectionAssessmentId)
        .replace("{compareQuery10}", compareQuery10)
        .replace("{compareQuery}", compareQuery);
      const probe = await fetch(`${app.origin}${route}`, {
        headers: { cookie: staffCookie },
        redirect: "manual",
      });
      await probe.arrayBuffer();
      if (probe.status !== 200) {
        const why =
          probe.status === 404 ? "not built (404)" : `not measured (answered ${probe.status})`;
        figures.push(notMeasured(`staff ${template}`, "GET", route, why));
        log(`  ${route}: ${why}`);
        continue;
      }
      figures.push(
        await measured(() => loadGet(`staff ${template}`, app.origin, route, staffCookie, seconds)),
      );
      profileTargets.push({
        name: `staff ${template}`,
        path: route,
        cookie: staffCookie,
        load: (s) => loadGet(`staff ${template}`, app.origin, route, staffCookie, s),
      });
      log(`  ${route}: p95 ${figures.at(-1)!.p95Ms.toFixed(0)} ms`);
    }
    // The floor once more, after the pages: this machine's speed changes from minute to minute,
    // and the budgets divide by the faster of the two sign-in measurements, so a floor measured
    // in a slow minute cannot flatter every ratio (decision 412).
    figures.push(
      await measured(() => loadGet(SIGN_IN_FLOOR_AGAIN, app.origin, "/login", "", seconds)),
    );
    log(
      `  /login (floor, again): p95 ${figures.at(-1)!.p95Ms.toFixed(0)} ms, p99 ${figures.at(-1)!.p99Ms.toFixed(0)} ms`,
    );
    return figures;
  });

  // Where each request's server time goes (decision 386): the same loads again, each under a
  // CPU profile of the server, after the timed runs so that profiling slows none of them.
  const profiles: ProfileFigures[] = await phase(
    `CPU profiles of the server (${profileTargets.length} × ${scale.profileSeconds} s)`,
    async () => {
      const out: ProfileFigures[] = [];
      for (const target of profileTargets) {
        const figures = await profileLoad(app.pid, profileDir, () =>
          target.load(scale.profileSeconds),
        );
        out.push({ name: target.name, path: target.path, ...figures });
        log(
          `  ${target.path.slice(0, 60)}: ${figures.busyMsPerRequest.toFixed(2)} ms of server CPU per request (${figures.requests} requests)`,
        );
      }
      return out;
    },
  );

  // Each page's framework floor (decision 433): its own document and data from a minimal Remix 2
  // + React 18 app, loaded back to back with the page.
  const mirrorTargets = profileTargets.flatMap((t) =>
    t.cookie === undefined ? [] : [{ name: t.name, path: t.path, cookie: t.cookie }],
  );
  const mirrors: MirrorFigures[] = await phase(
    `each page's framework floor: its document from a minimal Remix app (${mirrorTargets.length} × 2 × ${scale.mirrorSeconds} s)`,
    () => measureMirrors(app, mirrorTargets, scale.mirrorSeconds, log),
  );

  // After the load runs, so its browser and writes do not disturb them.
  const authoring = await measureAuthoringPhase(app.origin, staffCookie);

  // The dashboard on a phone (decision 322): Lighthouse's mobile audit after the load, the
  // median of a few (decision 404).
  const lighthouse = await phase("Lighthouse mobile audit of /dashboard", async () => {
    try {
      // Three times the usual wait: the audits' own Chromium lifts the 1-minute load average
      // to ~4 on two CPUs, which takes ~45 s to fall below 2, so a busy first run's re-run
      // would start busy too (the large run at f706a36 waited 30 s and started at 2.43).
      const figures = await withLoadAverage(
        scale.settleSeconds * 3,
        () => lighthouseMedian(`${app.origin}/dashboard`, staffCookie, scale.lighthouseRuns),
        log,
      );
      log(
        `  /dashboard: performance ${figures.performance} (runs ${figures.runs?.map((r) => r.performance).join(", ")}), TBT ${figures.totalBlockingTimeMs} ms, LCP ${figures.largestContentfulPaintMs} ms`,
      );
      return figures;
    } catch (error) {
      log(`  Lighthouse failed: ${String(error).split("\n")[0]}`);
      return null;
    }
  });

  // Cluster mode (decision 321): one worker process per CPU on the same port, PostgreSQL only.
  const workers = os.availableParallelism();
  const cluster: Results["cluster"] =
    database.kind === "postgres" && workers > 1
      ? await phase(`server under load, ${workers} worker processes (WEB_CONCURRENCY=auto)`, () =>
          measureCluster(workers),
        )
      : null;

  async function measureCluster(count: number) {
    await app.stop();
    const clustered = await startApp({ ...database.serverEnv, WEB_CONCURRENCY: "auto" });
    cleanups.push(() => clustered.stop());
    // startApp waited for one worker's /healthz; every worker must have its database ready.
    for (let ok = 0, tries = 0; ok < 10 && tries < 240; tries++) {
      const status = await fetch(`${clustered.origin}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      ok = status === 200 ? ok + 1 : 0;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    // Another server, another SESSION_SECRET (startApp makes one): new vendor sessions, and
    // each autosave target keeps its assessment and the revision the first pass left.
    const clusterSection = await vendorSession(clustered.origin, fixtures.sectionToken);
    const renewed = new Map<string, string>();
    for (const [i, token] of fixtures.poolTokens.entries())
      renewed.set(poolCookies[i]!, await vendorSession(clustered.origin, token));
    for (const target of autosaveTargets) target.cookie = renewed.get(target.cookie)!;
    // The first pass stopped with writes in flight: the server saved them, but autocannon
    // dropped their replies, so those targets' revisions are stale and would each conflict
    // (409) here. Start from the revisions the database holds, as a reloaded page would.
    const client = await database.open();
    try {
      const stored = await client.query<{
        assessment_id: string;
        question_id: string;
        revision: number;
      }>(
        "select assessment_id, question_id, revision from answers where assessment_id = any($1::uuid[])",
        [fixtures.poolAssessmentIds],
      );
      const revisions = new Map(
        stored.map((r) => [`${r.assessment_id}/${r.question_id}`, r.revision]),
      );
      for (const target of autosaveTargets)
        target.revision = revisions.get(`${target.assessmentId}/${target.questionId}`) ?? 0;
    } finally {
      await client.close();
    }
    const seconds = scale.loadSeconds;
    const measured = <T extends object>(measure: () => Promise<T>) =>
      withLoadAverage(scale.settleSeconds, measure, log);
    const figures: LoadFigures[] = [];
    figures.push(
      await measured(() => loadGet("sign-in page", clustered.origin, "/login", "", seconds)),
    );
    const sectionPath = `/v/sections/${BENCH_SECTION_ID}`;
    figures.push(
      await measured(() =>
        loadGet("vendor section page", clustered.origin, sectionPath, clusterSection, seconds),
      ),
    );
    figures.push(await measured(() => loadAutosave(clustered.origin, autosaveTargets, seconds)));
    for (const l of figures)
      log(
        `  ${l.method} ${l.path}: p50 ${l.p50Ms.toFixed(0)} ms, p99 ${l.p99Ms.toFixed(0)} ms, ${l.throughputPerSecond.toFixed(0)}/s`,
      );
    await clustered.stop();
    return { workers: count, load: figures };
  }

  await cleanUp();

  const partial: Omit<Results, "budgets"> = {
    meta: {
      startedAt: startedAt.toISOString(),
      wallSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      scale: scale.name,
      database: { kind: database.kind, label: database.label },
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        loadAverage: {
          start: Math.round(loadBefore * 10) / 10,
          end: Math.round(os.loadavg()[0]! * 10) / 10,
        },
      },
      browser: browserMeta,
      commit: gitCommit(),
      counts: fixtures.counts,
      settled: fixtures.settled,
      durations: { ...durations, "load data (s)": Math.round(fixtures.loadSeconds * 10) / 10 },
    },
    browser,
    browserLoadAverage: browserMeta.runs ? browserLoad : null,
    floors: { framework, vendorScripts, dashboardScripts, rawUpsert, bareHttpUpsert },
    load,
    cluster,
    profiles,
    mirrors,
    lighthouse,
    scoring,
    authoring,
    queries,
  };
  const results: Results = { ...partial, budgets: judgeBudgets(partial) };
  const dir = path.resolve("bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
  log(`\n${formatResults(results)}\n\nWritten ${path.relative(process.cwd(), file)}`);
}

async function measureAuthoringPhase(
  origin: string,
  staffCookie: string,
): Promise<AuthoringFigures> {
  return phase(`authoring: a 300-question draft (${scale.authoringRuns} runs)`, async () => {
    const launched = values["no-browser"] ? null : await launchBrowser();
    try {
      const figures = await measureAuthoring({
        origin,
        cookie: staffCookie,
        drafts: 3,
        saves: scale.authoringRuns,
        browser: launched?.browser ?? null,
        browserRuns: scale.authoringRuns,
        log,
      });
      log(
        `  builder GET median ${figures.builderGet.medianMs} ms; save median ${figures.save.medianMs} ms; publish ${figures.publishMs.join(", ")} ms${figures.browser ? `; open in Chromium median ${figures.browser.openMedianMs} ms` : ""}`,
      );
      return figures;
    } finally {
      if (launched) {
        await launched.browser.close();
        launched.cleanup();
      }
    }
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  },
);
