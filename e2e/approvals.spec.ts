import { expect, test, type Page } from "@playwright/test";

/**
 * Approval mode through the chat's card, as a member does it: switch it on in the run options, ask
 * for a booking, see the run stop (the node that holds the paused state says where it lives), reload
 * (the card comes back), then approve or reject with the card's buttons or the keyboard. B pauses in
 * its workflow code, E in the Agents SDK.
 */
async function askWithApproval(page: Page, pattern: string, message: string) {
  await page.goto(`/?p=${pattern}&demo=0`);
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("option-approval").check();
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("chat-input").fill(message);
  await page.getByTestId("chat-input").press("Enter");
  const card = page.getByTestId("approval-card");
  await expect(card).toBeVisible();
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "paused");
  await expect(page.locator('.react-flow__node[data-state="paused"]')).toHaveCount(1);
  await expect(page.getByTestId("node-held")).toContainText(/waiting for you — state held in/);
  return card;
}

async function courtState(page: Page, slotId: string) {
  await page.getByTestId("tab-courts").click();
  await page.getByTestId("courts-date").fill(slotId.slice(0, 10));
  const cell = page.locator(`[data-slot-id="${slotId}"]`);
  await expect(cell).toBeVisible();
  return cell;
}

for (const [pattern, court, held] of [
  ["B", "C", /workflow/],
  ["E", "D", /RunState/],
] as const) {
  test(`pattern ${pattern}: approve through the card, after a reload`, async ({ page }) => {
    const card = await askWithApproval(page, pattern, `Book court ${court} tomorrow at 7am`);
    await expect(card).toContainText(`Court ${court}`);
    await expect(card).toContainText(held);
    await page.reload();
    await expect(page.getByTestId("approval-card")).toBeVisible();
    await expect(page.locator('.react-flow__node[data-state="paused"]')).toHaveCount(1);
    await page.getByTestId("approval-approve").click();
    await expect(page.getByTestId("approval-card")).toHaveAttribute("data-decided", "true");
    await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok");
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText(`Court ${court}`);
    await expect(await courtState(page, `2026-12-02_Court${court}_0700`)).toHaveAttribute("data-state", "yours");
  });

  test(`pattern ${pattern}: reject with a reason, by keyboard`, async ({ page }) => {
    await askWithApproval(page, pattern, `Book court ${court} tomorrow at 8am`);
    await page.getByTestId("approval-reason").fill("found a partner for Friday instead");
    await page.getByTestId("approval-reason").press("Tab");
    await expect(page.getByTestId("approval-approve")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("approval-reject")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok");
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText(
      /nothing was booked|couldn't book/i,
    );
    await expect(await courtState(page, `2026-12-02_Court${court}_0800`)).toHaveAttribute("data-state", "free");
  });
}
