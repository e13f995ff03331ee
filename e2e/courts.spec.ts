import { expect, test } from "@playwright/test";

test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

test("books a free cell in the courts view and sees it turn yours", async ({ page }) => {
  await page.goto("/");
  const grid = page.getByTestId("courts-grid");
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute("data-date", "2026-12-01");

  const seeded = grid.locator('[data-slot-id="2026-12-01_CourtA_1800"]');
  await expect(seeded).toHaveAttribute("data-state", "taken");
  await expect(grid.locator('[data-slot-id="2026-12-01_CourtA_0900"]')).toHaveAttribute("data-state", "past");

  const cell = grid.locator('[data-slot-id="2026-12-01_CourtB_1500"]');
  await expect(cell).toHaveAttribute("data-state", "free");
  await cell.click();
  await page.getByTestId("confirm-yes").click();
  await expect(cell).toHaveAttribute("data-state", "yours");
  await expect(cell).toHaveText("Yours");

  await page.reload();
  await expect(page.getByTestId("courts-grid").locator('[data-slot-id="2026-12-01_CourtB_1500"]')).toHaveAttribute("data-state", "yours");
});

test("a refused booking says why and stays readable while the grid refreshes", async ({ page }) => {
  await page.goto("/");
  const grid = page.getByTestId("courts-grid");
  await grid.locator('[data-slot-id="2026-12-01_CourtB_1500"]').click();
  await page.getByTestId("confirm-yes").click();
  await expect(grid.locator('[data-slot-id="2026-12-01_CourtB_1500"]')).toHaveAttribute("data-state", "yours");
  await grid.locator('[data-slot-id="2026-12-01_CourtB_1600"]').click();
  await page.getByTestId("confirm-yes").click();
  await expect(grid.locator('[data-slot-id="2026-12-01_CourtB_1600"]')).toHaveAttribute("data-state", "yours");

  const third = grid.locator('[data-slot-id="2026-12-01_CourtB_1700"]');
  const refreshed = page.waitForResponse((res) => res.url().includes("/api/schedule"));
  await third.click();
  await page.getByTestId("confirm-yes").click();
  await refreshed;
  await expect(page.getByTestId("courts-error")).toContainText(/daily limit/);
  await expect(third).toHaveAttribute("data-state", "free");
});
