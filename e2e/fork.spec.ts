import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";

/**
 * Time travel in the browser: a run in the playground, "Fork from here" on its model node, the
 * booking call's slot edited, parent and fork side by side with the divergence marked; the run's
 * tape downloaded, uploaded from the home page and opened as a stored run.
 */
test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

test("fork a run from the inspector, see where it diverges, and carry its tape to a replay", async ({ page }) => {
  await page.goto("/?p=D");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("chat-input").fill("Book court B tomorrow at 3pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok");
  const runId = await page.getByTestId("run-graph").getAttribute("data-run-id");

  await page.getByTestId("tab-inspector").click();
  await page.locator('.react-flow__node[data-id="llm"]').click();
  await page.getByTestId("fork-open").click();
  const editor = page.getByTestId("fork-editor");
  await expect(editor).toBeVisible();
  // D's model calls: check availability, book, confirm. The second one asked for the booking.
  await editor.getByTestId("fork-call").selectOption({ index: 1 });
  await expect(editor.getByTestId("fork-output")).toHaveValue(/book_slot[\s\S]*2026-12-02_CourtB_1500/);
  await editor.getByTestId("fork-output").fill('[{"name": "book_slot", "args": {"slot_id": "2026-12-02_CourtD_1500"}}]');
  await editor.getByTestId("fork-run").click();

  const compare = page.getByTestId("fork-compare");
  await expect(compare).toBeVisible();
  const booking = compare.locator("tr", { hasText: "Booking 1" });
  await expect(booking).toHaveAttribute("data-diverged", "true");
  await expect(booking).toContainText("booked 2026-12-02_CourtB_1500");
  await expect(booking).toContainText("booked 2026-12-02_CourtD_1500");
  await expect(compare.locator("tr", { hasText: "Reply" })).toHaveAttribute("data-diverged", "true");
  await expect(compare.locator('tr[data-diverged="false"]').first()).toBeVisible();

  // The fork is a stored run of its own, its replay naming the parent.
  await compare.getByTestId("fork-replay-link").click();
  await expect(page.getByTestId("fork-lineage")).toContainText("at exchange #2");
  await expect(page.getByTestId("chat-message").filter({ hasText: "Court D" }).first()).toBeVisible();

  // The parent's tape: downloaded, then uploaded from the home page, it opens as a replayable run.
  await page.goto(`/runs/${runId}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-tape").click()]);
  expect(download.suggestedFilename()).toBe(`${runId}.tape.json`);
  const tape = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(tape).toMatchObject({ format: "csp-tape/1", run: { id: runId, pattern: "D" } });
  expect(tape.exchanges).toHaveLength(3);

  await page.goto("/");
  await page
    .getByTestId("tape-upload")
    .setInputFiles({ name: "parent.tape.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tape)) });
  await page.waitForURL(/\/runs\/run_/);
  expect(page.url()).not.toContain(runId!);
  await expect(page.getByTestId("chat-message").filter({ hasText: "Court B" }).first()).toBeVisible();
});
