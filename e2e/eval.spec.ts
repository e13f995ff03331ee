import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("evaluates patterns under faults: progress, heatmap, trade-off chart, and a cell's run in the replay", async ({ page }) => {
  test.setTimeout(120_000);
  // The playground's header is kept to a few Tab stops; the evaluation is one step on from compare.
  await page.goto("/compare");
  await page.getByTestId("eval-link").click();
  await expect(page).toHaveURL(/\/eval$/);

  // Two patterns, two faults, chosen from the keyboard: each chip takes the focus, Space toggles it.
  const toggle = async (testId: string, checked: boolean) => {
    await page.getByTestId(testId).focus();
    await page.keyboard.press("Space");
    await (checked ? expect(page.getByTestId(testId)).toBeChecked() : expect(page.getByTestId(testId)).not.toBeChecked());
  };
  for (const id of ["B", "C", "E", "F", "G", "H"]) await toggle(`eval-pattern-${id}`, false);
  await toggle("eval-fault-malformedJson", false);
  await toggle("eval-fault-serviceDown", false);
  await expect(page.getByTestId("eval-fault-vendor500")).toBeChecked();
  await page.getByTestId("eval-cases").fill("3");
  // A and D × no fault and 500 twice × 3 cases.
  await expect(page.getByTestId("eval-planned")).toHaveText(/^12 cases to play/);
  await page.getByTestId("eval-run").click();

  await expect(page.getByTestId("eval-progress")).toBeVisible();
  await expect(page.getByTestId("eval-progress")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await expect(page.getByTestId("eval-progress-text")).toHaveText("12 / 12 cases");
  await expect(page.getByTestId("eval-progress")).toHaveAttribute("aria-valuenow", "100");

  const heatmap = page.getByTestId("eval-heatmap");
  await expect(heatmap).toBeVisible();
  for (const cell of ["A-none", "A-vendor500", "D-none", "D-vendor500"]) {
    await expect(page.getByTestId(`eval-cell-${cell}`)).toHaveText(/^\d+%/);
    await expect(page.getByTestId(`eval-cell-${cell}`)).toHaveAttribute("data-wrong", "0");
  }
  await expect(page.getByTestId("eval-point-A")).toBeAttached();
  await expect(page.getByTestId("eval-point-D")).toBeAttached();
  await expect(page.getByTestId("eval-table").locator("tbody tr")).toHaveCount(4);
  expect(
    (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);

  // A cell opens its runs: each one replays on its own page.
  await page.getByTestId("eval-cell-D-vendor500").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("eval-cell-D-vendor500")).toHaveAttribute("aria-pressed", "true");
  const runs = page.getByTestId("eval-cell-runs").getByTestId("eval-cell-run");
  // One run per turn: the three cases hold 1 + 2 + 1 turns.
  await expect(runs).toHaveCount(4);
  await runs.first().click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]').first()).toBeVisible({ timeout: 30_000 });
});

test("an evaluation the server will not play is refused with its reason", async ({ page }) => {
  await page.goto("/eval");
  await page.getByTestId("eval-cases").fill("50");
  await page.getByTestId("eval-repeat").fill("5");
  await expect(page.getByTestId("eval-planned")).toContainText("at most");
  await expect(page.getByTestId("eval-run")).toBeDisabled();
});
