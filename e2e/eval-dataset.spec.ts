import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

/**
 * A dataset of one's own on /eval: written against another day and zone than the server's clock
 * (the e2e server runs on 2026-12-01 in Amsterdam), one expectation wrong on purpose. Dropped on
 * the page, run, and the failing case followed from its cell to its run.
 */
const HEADER = { name: "e2e members", clock: { now: "2026-12-10T16:30:00", timeZone: "Europe/London" } };
const CASES = [
  { id: "right", turns: ["book court c tmrw at 6pm"], expect: { bookings: ["2026-12-11_CourtC_1800"] } },
  { id: "wrong-hour", turns: ["book court a on saturday at 11am"], expect: { bookings: ["2026-12-12_CourtA_1000"] } },
];
const JSONL = [HEADER, ...CASES].map((line) => JSON.stringify(line)).join("\n");

test("a dataset dropped on /eval runs, says what it measured, opens a failing cell and follows a failure to its run", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/eval");
  for (const id of ["B", "C", "E", "F", "G", "H"]) await page.getByTestId(`eval-pattern-${id}`).uncheck({ force: true });
  for (const f of ["malformedJson", "vendor500", "serviceDown"]) await page.getByTestId(`eval-fault-${f}`).uncheck({ force: true });

  // A malformed file is refused on the page, naming the problem, before anything runs.
  await page.getByTestId("eval-dataset-file").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ ...HEADER, cases: [{ id: "x", turns: [], expect: {} }] })),
  });
  await expect(page.getByTestId("eval-error")).toContainText("dataset.cases.0.turns");

  // The right one, dropped on the page as JSON Lines.
  const dropped = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "e2e-members.jsonl", { type: "application/json" }));
    return transfer;
  }, JSONL);
  await page.getByTestId("eval-dataset-drop").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByTestId("eval-dataset-name")).toContainText("e2e members (e2e-members.jsonl): 2 cases");
  await expect(page.getByTestId("eval-error")).toHaveCount(0);
  await expect(page.getByTestId("eval-planned")).toHaveText(/^4 cases to play/);
  await page.getByTestId("eval-run").click();
  await expect(page.getByTestId("eval-progress")).toHaveAttribute("data-status", "done", { timeout: 90_000 });

  await expect(page.getByTestId("eval-measured-dataset")).toHaveText("Dataset e2e members");
  await expect(page.getByTestId("eval-measured-cases")).toHaveText("Cases 2");
  await expect(page.getByTestId("eval-measured-vendors")).toHaveText("Vendors simulated");
  await expect(page.getByTestId("eval-measured-clock")).toHaveText("Clock 2026-12-10T16:30:00 Europe/London");

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("eval-download-json").click()]);
  expect(json.suggestedFilename()).toMatch(/^eval_.*\.json$/);
  const saved = JSON.parse(readFileSync((await json.path())!, "utf8"));
  expect(saved.plan.dataset.name).toBe("e2e members");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("eval-download-csv").click()]);
  const rows = readFileSync((await csv.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(rows[0]).toMatch(/^pattern,fault,applicable,cases,succeeded,successRate,wrongBookings/);
  expect(rows).toHaveLength(3);

  // The cell fails exactly the case whose expectation is wrong: a misread time, with its exchange.
  await expect(page.getByTestId("eval-cell-D-none")).toHaveAttribute("data-success", "0.5");
  await page.getByTestId("eval-cell-D-none").click();
  const group = page.getByTestId("eval-failure-group");
  await expect(group).toHaveCount(1);
  await expect(group).toHaveAttribute("data-kind", "misread time");
  const failure = group.getByTestId("eval-failure");
  await expect(failure).toContainText("wrong-hour");
  await expect(failure).toContainText("missing bookings: 2026-12-12_CourtA_1000");
  await expect(failure).toContainText("book court a on saturday at 11am");
  const forkHref = await failure.getByTestId("eval-failure-fork").getAttribute("href");
  expect(forkHref).toMatch(/^\/runs\/run_.*\?fork$/);

  await failure.getByTestId("eval-failure-run").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]').first()).toContainText("book court a on saturday at 11am", {
    timeout: 30_000,
  });

  // Its fork link opens the run as it ended with its last model call in the inspector, ready to fork.
  await page.goto(forkHref!);
  await expect(page.getByTestId("fork-open")).toBeVisible({ timeout: 30_000 });
});
